"""A learner's side of the modules: the catalogue, reading sections, completing and rating.

A refresher (a section assigned to read again, from the team knowledge map) is done when the section is marked
read after it was assigned, having been open for its least time since: opening it with a refresher pending starts
that time afresh.
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from lms.domain import course_time, progress
from lms.extensions import db
from lms.models import (
    Assignment,
    Module,
    ModuleProgress,
    ModuleRating,
    ModuleSection,
    SectionOpen,
    SectionRead,
    Series,
    User,
)
from lms.services import quizzes, review_cards
from lms.services.transaction import commit_keeping_loaded
from lms.timeutil import utcnow

STATUSES = (progress.LearningStatus.NOT_STARTED, progress.LearningStatus.IN_PROGRESS, progress.LearningStatus.DONE)


def active_module(slug: str) -> Module | None:
    """The module with this id, unless it was retired."""
    return db.session.scalar(_ACTIVE_MODULE, {"slug": slug})


# Built once, with bound parameters (a built statement keeps its cache key).
_ACTIVE_MODULE = sa.select(Module).where(Module.slug == sa.bindparam("slug"), Module.active.is_(True))
_READ_TITLES = sa.select(SectionRead.section_title).where(
    SectionRead.user_id == sa.bindparam("user_id"), SectionRead.module_id == sa.bindparam("module_id")
)
_PROGRESS = sa.select(ModuleProgress).where(
    ModuleProgress.user_id == sa.bindparam("user_id"), ModuleProgress.module_id == sa.bindparam("module_id")
)
_OPEN_ROW = sa.select(SectionOpen).where(
    SectionOpen.user_id == sa.bindparam("user_id"),
    SectionOpen.module_id == sa.bindparam("module_id"),
    SectionOpen.section_title == sa.bindparam("title"),
)
_PENDING_REFRESHER = sa.select(Assignment).where(
    Assignment.user_id == sa.bindparam("user_id"),
    Assignment.section_id == sa.bindparam("section_id"),
    Assignment.refreshed_at.is_(None),
)


def catalogue_query(
    user: User, search: str = "", series: str = "", level: str = "", status: str = ""
) -> tuple[sa.Select, dict]:
    """Active modules matching the filters (status is the user's), standalone first, then by series and order, with
    the parameters to run it with.

    Rows of what the catalogue shows (no module loaded): the module, its series' title, the user's progress, how many
    sections it has and how many of them the user has read. Without filters, the statement built once.
    """
    query = _CATALOGUE
    if search:
        query = query.where(Module.title.contains(search.strip(), autoescape=True))
    if series:
        query = query.where(Series.slug == series)
    if level:
        query = query.where(Module.level == level)
    if status == progress.LearningStatus.DONE:
        query = query.where(ModuleProgress.completed_at.is_not(None))
    elif status == progress.LearningStatus.IN_PROGRESS:
        query = query.where(ModuleProgress.id.is_not(None), ModuleProgress.completed_at.is_(None))
    elif status == progress.LearningStatus.NOT_STARTED:
        query = query.where(ModuleProgress.id.is_(None))
    return query, {"user_id": user.id}


def series_choices() -> Sequence[sa.Row]:
    """Every series' code and title, for the catalogue's filter."""
    return db.session.connection().execute(_SERIES).all()


def section_count() -> sa.ScalarSelect:
    """How many sections the outer query's module has (correlated with it however deep it is used)."""
    return sa.select(sa.func.count()).where(ModuleSection.module_id == Module.id).correlate(Module).scalar_subquery()


def read_count(user_id: int | sa.BindParameter) -> sa.ScalarSelect:
    """How many of the outer query's module's current sections the user has read (an id, or a bound parameter)."""
    return (
        sa.select(sa.func.count())
        .select_from(SectionRead)
        .join(
            ModuleSection,
            sa.and_(ModuleSection.module_id == SectionRead.module_id, ModuleSection.title == SectionRead.section_title),
        )
        .where(SectionRead.user_id == user_id, SectionRead.module_id == Module.id)
        .correlate(Module)
        .scalar_subquery()
    )


# Built once, with the user bound, and run as plain Core (rows of the columns the catalogue shows).
_CATALOGUE = (
    sa.select(
        Module.id,
        Module.slug,
        Module.title,
        Module.series_order,
        Module.level,
        Module.total_minutes,
        Series.title.label("series_title"),
        ModuleProgress.id.label("progress_id"),
        ModuleProgress.completed_at,
        section_count().label("sections"),
        read_count(sa.bindparam("user_id")).label("read"),
    )
    .outerjoin(
        ModuleProgress,
        sa.and_(ModuleProgress.module_id == Module.id, ModuleProgress.user_id == sa.bindparam("user_id")),
    )
    .outerjoin(Module.series)
    .where(Module.active.is_(True))
    .order_by(Series.slug.is_not(None), Series.slug, Module.series_order, Module.slug)
)
_SERIES = sa.select(Series.slug, Series.title).order_by(Series.slug)


def read_titles(user: User, module: Module) -> set[str]:
    """Titles of the sections of ``module`` the user has read."""
    return set(db.session.scalars(_READ_TITLES, {"user_id": user.id, "module_id": module.id}))


def progress_of(user: User, module: Module) -> ModuleProgress | None:
    """The user's progress row for ``module``, if they have started it."""
    return db.session.scalar(_PROGRESS, {"user_id": user.id, "module_id": module.id})


class TooSoon(Exception):
    """A section cannot be marked read yet: it has not been open for its least time."""

    def __init__(self, section: ModuleSection, seconds_left: int):
        super().__init__(f"{seconds_left} s left")
        self.section, self.seconds_left = section, seconds_left
        self.minimum_seconds = course_time.minimum_seconds(section.reading_seconds)


def open_section(user: User, module: Module, position: int, at: datetime | None = None) -> Assignment | None:
    """Note that the user opened section ``position``: "continue" will bring them back here. Returns the section's
    refresher not done yet, if there is one (which the section's page shows).

    The first opening of each section is kept: it may be marked read only a while after. ``at`` is when
    it happened (now unless given: the demo data tells of learning done in the past). The rows are written as
    plain Core (no progress or opening row is loaded: loading and flushing them was most of this page's own
    CPU); a caller holding a loaded progress or opening row must refresh it.
    """
    at = at or utcnow()
    keys = {"user": user.id, "module": module.id}
    title = module.sections[position - 1].title
    refresher = pending_refresher(user, module.sections[position - 1])
    try:
        touched: sa.CursorResult = db.session.execute(_TOUCH_PROGRESS, {**keys, "position": position, "at": at})  # type: ignore[assignment]
        if not touched.rowcount:
            db.session.execute(_START_PROGRESS, {**keys, "position": position, "at": at})
        opened = db.session.execute(_OPENING, {**keys, "title": title}).first()
        if opened is None:
            db.session.execute(_FIRST_OPENING, {**keys, "title": title, "at": at})
        elif refresher is not None and opened.opened_at < refresher.created_at:  # read again: its least time anew
            db.session.execute(_OPENED_AGAIN, {"opening": opened.id, "at": at})
        commit_keeping_loaded()  # the section page shows the module and its sections read above
    except IntegrityError:  # the same learner opened it twice at once: the other request wrote the rows
        db.session.rollback()
        if progress_of(user, module) is None or opened_at(user, module, title) is None:  # something else
            raise
    return refresher


_PROGRESS_ROWS, _OPENINGS = ModuleProgress.__table__, SectionOpen.__table__
_TOUCH_PROGRESS = (
    sa.update(_PROGRESS_ROWS)
    .where(_PROGRESS_ROWS.c.user_id == sa.bindparam("user"), _PROGRESS_ROWS.c.module_id == sa.bindparam("module"))
    .values(last_position=sa.bindparam("position"), last_opened_at=sa.bindparam("at"))
)
_START_PROGRESS = sa.insert(_PROGRESS_ROWS).values(
    user_id=sa.bindparam("user"),
    module_id=sa.bindparam("module"),
    started_at=sa.bindparam("at"),
    last_position=sa.bindparam("position"),
    last_opened_at=sa.bindparam("at"),
)
_OPENING = sa.select(_OPENINGS.c.id, _OPENINGS.c.opened_at).where(
    _OPENINGS.c.user_id == sa.bindparam("user"),
    _OPENINGS.c.module_id == sa.bindparam("module"),
    _OPENINGS.c.section_title == sa.bindparam("title"),
)
_FIRST_OPENING = sa.insert(_OPENINGS).values(
    user_id=sa.bindparam("user"),
    module_id=sa.bindparam("module"),
    section_title=sa.bindparam("title"),
    opened_at=sa.bindparam("at"),
)
_OPENED_AGAIN = (
    sa.update(_OPENINGS).where(_OPENINGS.c.id == sa.bindparam("opening")).values(opened_at=sa.bindparam("at"))
)


def _open_row(user: User, module: Module, title: str) -> SectionOpen | None:
    """The record of the user's opening of the section titled ``title`` of ``module``, if ever."""
    return db.session.scalar(_OPEN_ROW, {"user_id": user.id, "module_id": module.id, "title": title})


def opened_at(user: User, module: Module, title: str) -> datetime | None:
    """When the user first opened the section titled ``title`` of ``module`` (or since a refresher), if ever."""
    row = _open_row(user, module, title)
    return row.opened_at if row is not None else None


def pending_refresher(user: User, section: ModuleSection) -> Assignment | None:
    """The user's refresher of ``section`` not done yet, if there is one."""
    return db.session.scalar(_PENDING_REFRESHER, {"user_id": user.id, "section_id": section.id})


def seconds_left(user: User, module: Module, section: ModuleSection, since: datetime | None = None) -> int:
    """How long the user must still keep ``section`` open before marking it read (0: now); opened before ``since``
    counts as not opened."""
    opened = opened_at(user, module, section.title)
    if opened is not None and since is not None and opened < since:
        opened = None
    open_for = (utcnow() - opened).total_seconds() if opened is not None else None
    return course_time.seconds_left(section.reading_seconds, open_for)


def quiz_passed(user: User, module: Module) -> bool | None:
    """The end-of-module quiz rule: None if the module has no quiz, else whether the user passed it."""
    quiz = quizzes.quiz_of(module)
    return None if quiz is None else quizzes.has_passed(user, quiz)


def mark_read(user: User, module: Module, section: ModuleSection) -> bool:
    """Record that the user read ``section`` to its end, and did a pending refresher of it; True if that completed
    the module.

    Raises TooSoon, writing nothing, while the section has not been open for its least time (since the refresher
    was assigned, for a refresher).
    """
    refresher = pending_refresher(user, section)
    unread = section.title not in read_titles(user, module)
    if unread or refresher is not None:
        left = seconds_left(user, module, section, refresher.created_at if refresher is not None else None)
        if left:
            raise TooSoon(section, left)
    if unread:
        db.session.add(SectionRead(user_id=user.id, module_id=module.id, section_title=section.title))
        try:
            db.session.flush()
        except IntegrityError:  # a double click: already recorded
            db.session.rollback()
        if read_titles(user, module) >= {s.title for s in module.sections}:  # read to the end: its facts to review
            review_cards.module_read(user.id, module, utcnow())
    if refresher is not None:
        refresher.refreshed_at = utcnow()
    if progress_of(user, module) is None:
        open_section(user, module, section.position)
    completed_now = complete_if_done(user, module)
    db.session.commit()
    return completed_now


def complete_if_done(user: User, module: Module) -> bool:
    """In the caller's transaction: mark the module complete if it is read and its quiz passed; True if it just was."""
    row = progress_of(user, module)
    titles = [s.title for s in module.sections]
    if (
        row is None
        or row.completed_at is not None
        or not progress.is_complete(titles, read_titles(user, module), quiz_passed(user, module))
    ):
        return False
    row.completed_at, row.completed_version = utcnow(), module.version
    db.session.flush()
    return True


def module_state(user: User, module: Module) -> progress.ModuleState:
    """Where the user is with ``module``: sections read of the current ones, the quiz, and whether it is complete."""
    row = progress_of(user, module)
    titles = [s.title for s in module.sections]
    read = len(set(titles) & read_titles(user, module))
    return progress.ModuleState(
        read, len(titles), quiz_passed(user, module), row is not None and row.completed_at is not None
    )


def rating_of(user: User, module: Module) -> ModuleRating | None:
    """The user's rating of ``module``, if any."""
    return db.session.scalar(
        sa.select(ModuleRating).where(ModuleRating.user_id == user.id, ModuleRating.module_id == module.id)
    )


def rate(user: User, module: Module, content: int, usefulness: int, clarity: int, comment: str) -> ModuleRating:
    """Save (or replace) the user's rating of a module they completed."""
    row = progress_of(user, module)
    if row is None or row.completed_at is None:
        raise PermissionError("only a completed module can be rated")
    rating = rating_of(user, module) or ModuleRating(user_id=user.id, module_id=module.id)
    rating.content, rating.usefulness, rating.clarity, rating.comment = content, usefulness, clarity, comment.strip()
    db.session.add(rating)
    db.session.commit()
    return rating
