"""The supervisor's team overview: every figure over the people scope lets them see, in a fixed number of queries.

Each figure is defined where its rule lives (readiness, levels, certificates, drill progress); this module only
counts them for a team. The lists behind the figures are in ``dashboard_lists``.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import load_only

from lms.domain import levels, satisfaction, sparkline
from lms.extensions import db
from lms.models import (
    Assignment,
    Module,
    ModuleProgress,
    ModuleRating,
    ReplySession,
    Role,
    Team,
    TypingResult,
    User,
    Violation,
)
from lms.services import certificates, directory, drill_progress, exam_reports, readiness, scope, typing_drills
from lms.services import levels as level_service
from lms.services.level_facts import gather

#: Comments shown per module on the overview (the rest are behind the count).
COMMENTS = 3
#: Results drawn in each drill trend.
TREND_POINTS = 12
#: Drill batches shown on the overview.
BATCHES = 5


def members(viewer: User) -> list[User]:
    """The people ``viewer`` may see, by employee number."""
    return list(db.session.scalars(scope.visible_users(viewer)))


def standings(people: list[User], today: date) -> dict[int, levels.Evaluation]:
    """Where each person stands on the levels (a fixed number of queries for any number of people)."""
    return level_service.evaluate_many(people, today)


@dataclass(frozen=True)
class ModuleCompletion:
    """One module assigned in the team: to how many people, how many finished it, how many are overdue."""

    module: Module
    assigned: int
    done: int
    overdue: int

    @property
    def percent(self) -> int:
        """Share finished, in whole percent rounded down."""
        return 100 * self.done // self.assigned if self.assigned else 0


@dataclass(frozen=True)
class ModuleRatings:
    """A module's ratings by the team, and its latest comments (anonymous: no names)."""

    module: Module
    summary: satisfaction.Summary
    comments: list[tuple[str, date]]


@dataclass(frozen=True)
class Overview:
    """Everything the team overview shows."""

    teams: list[tuple[Team, int]]
    #: Everyone ``viewer`` may see, by employee number.
    people: list[User]
    new_hires: int
    not_ready: int
    overdue: int
    overdue_people: int
    modules: list[ModuleCompletion]
    exams: list[exam_reports.ExamSummary]
    levels: list[tuple[str | None, int]]
    exam_ready: int
    expiring: int
    violations: tuple[int, int, int]
    ratings: list[ModuleRatings]
    drills: list[drill_progress.Batch]


#: The day of one request, bound when the statements below run: they are built once per viewer (keyed on the filter
#: ``scope.people_filter`` keeps for each viewer) or at import, as building one costs about as much as running it.
_TODAY: sa.BindParameter = sa.bindparam("today")
_MONTH_START: sa.BindParameter = sa.bindparam("month_start")
_IDS: sa.BindParameter = sa.bindparam("ids", expanding=True)
#: Per viewer (their filter), a statement of each kind below.
_PER_VIEWER = 512


def _assigned(mine: sa.ColumnElement[bool]) -> sa.Select:
    """Module assignments (not refreshers) of active modules to people ``mine`` keeps, joined to their progress."""
    progress = sa.and_(ModuleProgress.user_id == Assignment.user_id, ModuleProgress.module_id == Assignment.module_id)
    return (
        sa.select()
        .select_from(Assignment)
        .join(Module, Module.id == Assignment.module_id)
        .outerjoin(ModuleProgress, progress)
        .where(mine, Module.active.is_(True), Assignment.section_id.is_(None))
    )


def overdue_clause(today: date | sa.BindParameter) -> sa.ColumnElement[bool]:
    """An assignment past its due date and not complete (as ``progress.status`` says overdue)."""
    return sa.and_(Assignment.due_date < today, ModuleProgress.completed_at.is_(None))


_ACTIVE_MODULES = sa.select(Module).where(Module.active.is_(True)).options(load_only(Module.slug, Module.title))


def active_modules() -> dict[int, Module]:
    """Every active module by id, with only what the overview shows of it (its title and slug, not its pages)."""
    return {module.id: module for module in db.session.scalars(_ACTIVE_MODULES)}


@lru_cache(maxsize=_PER_VIEWER)
def _completion_query(mine: sa.ColumnElement[bool]) -> sa.Select:
    """Per module assigned to the people ``mine`` keeps: assigned, done, overdue on ``today``."""
    done = sa.func.sum(sa.case((ModuleProgress.completed_at.is_not(None), 1), else_=0))
    late = sa.func.sum(sa.case((overdue_clause(_TODAY), 1), else_=0))
    return _assigned(mine).add_columns(Module.id, sa.func.count(Assignment.id), done, late).group_by(Module.id)


def module_completion(viewer: User, today: date, modules: dict[int, Module]) -> list[ModuleCompletion]:
    """Per module assigned in the team, the counts; least finished first (``modules``: ``active_modules``)."""
    query = _completion_query(scope.people_filter(viewer, Assignment.user_id))
    rows = db.session.connection().execute(query, {"today": today}).all()
    found = [ModuleCompletion(modules[module_id], count, done or 0, late or 0) for module_id, count, done, late in rows]
    return sorted(found, key=lambda m: (m.percent, -m.overdue, m.module.title))


@lru_cache(maxsize=_PER_VIEWER)
def _overdue_query(mine: sa.ColumnElement[bool]) -> sa.Select:
    """(overdue assignments, people with any) of the people ``mine`` keeps, on ``today``."""
    return (
        _assigned(mine)
        .add_columns(sa.func.count(Assignment.id), sa.func.count(sa.distinct(Assignment.user_id)))
        .where(overdue_clause(_TODAY))
    )


def _overdue(viewer: User, today: date) -> tuple[int, int]:
    """(overdue assignments, people with any), one query."""
    query = _overdue_query(scope.people_filter(viewer, Assignment.user_id))
    row = db.session.connection().execute(query, {"today": today}).one()
    return row[0], row[1]


def month_start(today: date) -> date:
    """The first day of ``today``'s month (the organisation's calendar)."""
    return today.replace(day=1)


@lru_cache(maxsize=_PER_VIEWER)
def _violations_query(mine: sa.ColumnElement[bool]) -> sa.Select:
    """(violations, points, people) of the people ``mine`` keeps, for days from ``month_start``."""
    return sa.select(
        sa.func.count(Violation.id), sa.func.sum(Violation.points), sa.func.count(sa.distinct(Violation.user_id))
    ).where(mine, Violation.day >= _MONTH_START)


def _violations(viewer: User, today: date) -> tuple[int, int, int]:
    """(violations, points, people) recorded for days of this month, one query."""
    query = _violations_query(scope.people_filter(viewer, Violation.user_id))
    row = db.session.connection().execute(query, {"month_start": month_start(today)}).one()
    return row[0], row[1] or 0, row[2]


@lru_cache(maxsize=_PER_VIEWER)
def _ratings_queries(mine: sa.ColumnElement[bool]) -> tuple[sa.Select, sa.Select]:
    """The totals of each module the people ``mine`` keeps rated (of ``ids``), and their latest comments."""
    columns = [getattr(ModuleRating, q) for q in satisfaction.QUESTIONS]
    high = sum(sa.case((column >= 4, 1), else_=0) for column in columns)
    totals = (
        sa.select(
            ModuleRating.module_id,
            sa.func.count(ModuleRating.id),
            *[sa.func.sum(c) for c in columns],
            sa.func.sum(high),
        )
        .where(mine, ModuleRating.module_id.in_(_IDS))
        .group_by(ModuleRating.module_id)
    )
    ranked = (
        sa.select(
            ModuleRating.module_id,
            ModuleRating.comment,
            ModuleRating.created_at,
            sa.func.row_number()
            .over(partition_by=ModuleRating.module_id, order_by=ModuleRating.created_at.desc())
            .label("rank"),
        )
        .where(mine, ModuleRating.comment != "")
        .subquery()
    )
    comments = sa.select(ranked).where(ranked.c.rank <= COMMENTS).order_by(ranked.c.module_id, ranked.c.rank)
    return totals, comments


def _ratings(viewer: User, modules: dict[int, Module]) -> list[ModuleRatings]:
    """Each module the team rated, with its summary and latest comments (two queries; ``modules``: the active)."""
    totals, latest = _ratings_queries(scope.people_filter(viewer, ModuleRating.user_id))
    comments: dict[int, list[tuple[str, date]]] = {}
    for module_id, comment, at, _rank in db.session.connection().execute(latest):
        comments.setdefault(module_id, []).append((comment, at))
    found = []
    for module_id, count, *sums, high_count in db.session.connection().execute(totals, {"ids": list(modules)}):
        summary = satisfaction.summarise(count, dict(zip(satisfaction.QUESTIONS, sums, strict=True)), high_count or 0)
        found.append(ModuleRatings(modules[module_id], summary, comments.get(module_id, [])))
    return sorted(found, key=lambda r: (r.summary.rate if r.summary.rate is not None else 1, r.module.title))


def level_counts(evaluations: dict[int, levels.Evaluation]) -> list[tuple[str | None, int]]:
    """How many people hold each level as their highest (None: no level yet), lowest first, every level listed."""
    held = Counter(evaluation.current for evaluation in evaluations.values())
    return [(None, held[None])] + [(level.code, held[level.code]) for level in level_service.rules()]


def overview(viewer: User, today: date) -> Overview:
    """The team overview for ``viewer`` (a fixed number of queries, whatever the team's size and history)."""
    people = members(viewer)
    in_force = level_service.rules()
    # once, for the levels and for readiness: what the rules of each person's next level read, and readiness's two
    facts = gather(people, today, in_force, readiness.NEEDS)
    evaluations = level_service.evaluate_many(people, today, facts)
    overdue, overdue_people = _overdue(viewer, today)
    modules = active_modules()
    return Overview(
        teams=directory.team_sizes(viewer, people),
        people=people,
        new_hires=sum(1 for person in people if person.role is Role.NEW_HIRE),
        not_ready=len(readiness.not_ready(viewer, facts)),
        overdue=overdue,
        overdue_people=overdue_people,
        modules=module_completion(viewer, today, modules),
        exams=[summary for summary in exam_reports.summaries(viewer) if summary.attempts],
        levels=level_counts(evaluations),
        exam_ready=sum(1 for evaluation in evaluations.values() if evaluation.ready_for_exam),
        expiring=certificates.expiring_count([person.id for person in people]),
        violations=_violations(viewer, today),
        ratings=_ratings(viewer, modules),
        drills=drill_progress.latest_batches(viewer, BATCHES),
    )


@dataclass(frozen=True)
class Trend:
    """A series of drill figures, oldest first, and the corners of its sparkline."""

    values: list[float]
    points: list[tuple[float, float]]

    @property
    def change(self) -> float | None:
        """Last minus first (None under two values)."""
        return round(self.values[-1] - self.values[0], 1) if len(self.values) >= 2 else None


def _latest(column, user_column, at, where) -> sa.Select:
    """Per user of ``ids``, the last ``TREND_POINTS`` values of ``column`` (oldest first)."""
    ranked = (
        sa.select(
            user_column.label("user_id"),
            column.label("value"),
            at.label("at"),
            sa.func.row_number().over(partition_by=user_column, order_by=at.desc()).label("rank"),
        )
        .where(user_column.in_(_IDS), at.is_not(None), *where)
        .subquery()
    )
    return (
        sa.select(ranked.c.user_id, ranked.c.value)
        .where(ranked.c.rank <= TREND_POINTS)
        .order_by(ranked.c.user_id, ranked.c.at)
    )


_TYPING_TREND = _latest(
    TypingResult.net, TypingResult.user_id, TypingResult.finished_at, [typing_drills.COUNTS, TypingResult.lang == "zh"]
)
_REPLIES_TREND = _latest(
    ReplySession.share_right * 100, ReplySession.user_id, ReplySession.finished_at, [ReplySession.refused == 0]
)


def _values(query: sa.Select, ids: list[int]) -> dict[int, list[float]]:
    """The values of a trend statement by user, one query."""
    found: dict[int, list[float]] = {}
    for user_id, value in db.session.connection().execute(query, {"ids": ids}):
        found.setdefault(user_id, []).append(value)
    return found


def trends(people: list[User]) -> dict[int, dict[str, Trend]]:
    """Per person, the Chinese typing net speed and the quick-reply share right of their latest drills (two queries)."""
    ids = [person.id for person in people]
    typing, replies = _values(_TYPING_TREND, ids), _values(_REPLIES_TREND, ids)
    return {
        person_id: {
            name: Trend(values, sparkline.points(values))
            for name, values in (("typing", typing.get(person_id, [])), ("replies", replies.get(person_id, [])))
        }
        for person_id in ids
    }
