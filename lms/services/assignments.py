"""Supervisors assign modules; learners see what is due; supervisors follow progress and readiness."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from lms.domain import progress, satisfaction
from lms.extensions import db
from lms.models import (
    Assignment,
    Module,
    ModuleProgress,
    ModuleRating,
    ModuleSection,
    User,
)
from lms.services import audit, scope
from lms.services.learning import read_count, section_count


class ModuleLink(NamedTuple):
    """What a list of assignments shows of a module."""

    slug: str
    title: str
    total_minutes: int


class SectionLink(NamedTuple):
    """What a list of assignments shows of a refresher's section."""

    position: int
    title: str
    minutes: int


@dataclass(frozen=True)
class Item:
    """One assignment as the learner sees it: a module, or a refresher (one section to read again)."""

    assignment_id: int
    due_date: date
    module: ModuleLink
    #: A refresher's section (None for a module).
    section: SectionLink | None
    status: progress.LearningStatus
    percent: int


def assign(
    supervisor: User, modules: list[Module], user_ids: list[int], due: date, ip: str | None = None
) -> tuple[int, int]:
    """Assign every module to every user (all people the supervisor may see) by ``due``; (created, updated)."""
    if not scope.all_visible(supervisor, user_ids):
        raise PermissionError("users outside the supervisor's teams")
    existing = {
        (a.user_id, a.module_id): a
        for a in db.session.scalars(
            sa.select(Assignment).where(
                Assignment.user_id.in_(user_ids),
                Assignment.module_id.in_([m.id for m in modules]),
                Assignment.section_id.is_(None),
            )
        )
    }
    created = updated = 0
    for module in modules:
        for user_id in user_ids:
            row = existing.get((user_id, module.id))
            if row is None:
                db.session.add(
                    Assignment(user_id=user_id, module_id=module.id, due_date=due, assigned_by_id=supervisor.id)
                )
                created += 1
            elif row.due_date != due:
                row.due_date, row.assigned_by_id = due, supervisor.id
                updated += 1
    audit.record(
        "assignment.create",
        supervisor,
        detail={
            "modules": [m.slug for m in modules],
            "users": sorted(user_ids),
            "due": due.isoformat(),
            "created": created,
            "updated": updated,
        },
        ip=ip,
    )
    db.session.commit()
    return created, updated


_refreshed = aliased(ModuleSection)
#: The learner's assignments on active modules with what a row shows: the module, a refresher's section, the
#: module's progress, its sections and those of them read (built once, with the user as a bound parameter).
_ITEMS = (
    sa.select(
        Assignment.id,
        Assignment.due_date,
        Assignment.section_id,
        Assignment.refreshed_at,
        Module.slug,
        Module.title,
        Module.total_minutes,
        ModuleProgress.id.label("progress_id"),
        ModuleProgress.completed_at,
        section_count().label("sections"),
        read_count(sa.bindparam("user_id")).label("read"),
        _refreshed.position,
        _refreshed.title.label("section_title"),
        _refreshed.minutes,
    )
    .join(Module, Module.id == Assignment.module_id)
    .outerjoin(
        ModuleProgress,
        sa.and_(ModuleProgress.module_id == Module.id, ModuleProgress.user_id == sa.bindparam("user_id")),
    )
    .outerjoin(_refreshed, _refreshed.id == Assignment.section_id)
    .where(Assignment.user_id == sa.bindparam("user_id"), Module.active.is_(True))
)
_RANK = {
    progress.LearningStatus.OVERDUE: 0,
    progress.LearningStatus.IN_PROGRESS: 1,
    progress.LearningStatus.NOT_STARTED: 1,
    progress.LearningStatus.DONE: 2,
}


def items_for(user: User, today: date) -> list[Item]:
    """The user's assignments on active modules: overdue first, then by due date (one query).

    A refresher is done once its section is read again; until then it is not started (or overdue).
    """
    items = []
    for row in db.session.connection().execute(_ITEMS, {"user_id": user.id}):
        module = ModuleLink(row.slug, row.title, row.total_minutes)
        if row.section_id is not None:
            done = row.refreshed_at is not None
            section = SectionLink(row.position, row.section_title, row.minutes)
            state = progress.status(done, False, row.due_date, today)
            items.append(Item(row.id, row.due_date, module, section, state, 100 * done))
            continue
        state = progress.status(row.completed_at is not None, row.progress_id is not None, row.due_date, today)
        percent = progress.percent(row.read, row.sections)
        items.append(Item(row.id, row.due_date, module, None, state, percent))
    return sorted(items, key=lambda i: (_RANK[i.status], i.due_date, i.module.slug, i.assignment_id))


def due_today(user: User, today: date) -> list[Item]:
    """Pre-shift learning (班前学习): what is due today or overdue and not done."""
    return [
        item
        for item in items_for(user, today)
        if item.status != progress.LearningStatus.DONE and item.due_date <= today
    ]


@dataclass(frozen=True)
class Matrix:
    """Team members × assigned modules, each cell a status (None: not assigned)."""

    #: Each module's id, slug and title.
    modules: list[sa.Row]
    #: Each member (a ``User``, or a row of ``matrix_members``) with their cells.
    rows: list[tuple[User | sa.Row, list[progress.LearningStatus | None]]]


def matrix_members(viewer: User) -> sa.Select:
    """The people ``viewer`` may see, as ``scope.visible_users`` orders them, as rows of what the matrix shows of
    them (id, name, employee number): loading whole ``User`` rows cost as much as the page's three other reads."""
    return _matrix_members(scope.people_filter(viewer))


@lru_cache(maxsize=512)
def _matrix_members(mine: sa.ColumnElement[bool]) -> sa.Select:
    """``matrix_members`` of the viewer whose ``people_filter`` is ``mine``, built once."""
    return sa.select(User.id, User.name, User.employee_no).where(mine).order_by(User.employee_no)


@lru_cache(maxsize=512)
def _matrix_modules(mine: sa.ColumnElement[bool]) -> sa.Select:
    """Active modules assigned (not as refreshers) to anyone ``mine`` keeps, in series order, as rows of their id,
    slug and title: built once per viewer (keyed on the filter ``scope.people_filter`` keeps)."""
    assigned = sa.select(Assignment.module_id).where(mine, Assignment.section_id.is_(None))
    return (
        sa.select(Module.id, Module.slug, Module.title)
        .where(Module.active.is_(True), Module.id.in_(assigned))
        .order_by(Module.series_id.is_not(None), Module.series_id, Module.series_order, Module.slug)
    )


#: The due date of each module assignment (not refreshers) of the people ``ids``; built once.
_DUE = sa.select(Assignment.user_id, Assignment.module_id, Assignment.due_date).where(
    Assignment.user_id.in_(sa.bindparam("ids", expanding=True)), Assignment.section_id.is_(None)
)
#: Whether each module the people ``ids`` opened is complete; built once.
_COMPLETE = sa.select(ModuleProgress.user_id, ModuleProgress.module_id, ModuleProgress.completed_at.is_not(None)).where(
    ModuleProgress.user_id.in_(sa.bindparam("ids", expanding=True))
)


def matrix(viewer: User, members: Sequence[User | sa.Row], today: date) -> Matrix:
    """The progress matrix for ``members`` (one page of them) over every module assigned to anyone ``viewer`` sees.

    Its three statements run as plain Core (rows of columns): the ORM's execution cost more than the statements."""
    connection = db.session.connection()
    modules = list(connection.execute(_matrix_modules(scope.people_filter(viewer, Assignment.user_id))))
    ids = {"ids": [member.id for member in members]}
    due = {(user_id, module_id): due_date for user_id, module_id, due_date in connection.execute(_DUE, ids)}
    state = {(user_id, module_id): done for user_id, module_id, done in connection.execute(_COMPLETE, ids)}
    rows = []
    for member in members:
        cells: list[progress.LearningStatus | None] = []
        for module in modules:
            key = (member.id, module.id)
            if key not in due and key not in state:
                cells.append(None)
            else:
                cells.append(progress.status(state.get(key, False), key in state, due.get(key), today))
        rows.append((member, cells))
    return Matrix(modules, rows)


#: The onboarding path's modules, in order, with what lists of it show (built once: readiness reads it on each page).
_ONBOARDING = (
    sa.select(Module.id, Module.slug, Module.title, Module.total_minutes)
    .where(Module.onboarding_position.is_not(None), Module.active.is_(True))
    .order_by(Module.onboarding_position)
)


def onboarding_modules() -> list[sa.Row]:
    """The onboarding path, in order, as rows of what lists of it show (id, slug, title, minutes), read as plain Core:
    loading them as ``Module`` objects cost twice as much, on every page that shows readiness."""
    return list(db.session.connection().execute(_ONBOARDING))


#: Every active module by slug (id, slug, title) with its ratings' count, sum per question and answers of 4 or 5,
#: totalled by the database in one statement built once.
_RATED = (
    sa.select(
        Module.id,
        Module.slug,
        Module.title,
        sa.func.count(ModuleRating.id),
        *[sa.func.sum(getattr(ModuleRating, q)) for q in satisfaction.QUESTIONS],
        sa.func.sum(sum(sa.case((getattr(ModuleRating, q) >= 4, 1), else_=0) for q in satisfaction.QUESTIONS)),
    )
    .outerjoin(ModuleRating, ModuleRating.module_id == Module.id)
    .where(Module.active.is_(True))
    .group_by(Module.id, Module.slug, Module.title)
    .order_by(Module.slug)
)


def rating_summaries() -> list[tuple[sa.Row, satisfaction.Summary]]:
    """Every active module (``id``, ``slug``, ``title``) with the summary of its ratings, totalled by the database."""
    summaries = []
    for row in db.session.connection().execute(_RATED):
        count, *sums, high_count = row[3:]
        sums_by_question = dict(zip(satisfaction.QUESTIONS, sums, strict=True))
        summaries.append((row, satisfaction.summarise(count, sums_by_question, high_count or 0)))
    return summaries
