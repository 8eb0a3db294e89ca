"""The lists behind the team overview's figures, each over the people scope lets the viewer see.

Lists the database can filter are queries to page (``paginate``); lists that need the level engine or the
readiness rule are computed for the whole team in a fixed number of queries and paged in memory.
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from lms.domain import levels, progress
from lms.domain.states import LearningStatus
from lms.extensions import db
from lms.models import Assignment, Certificate, Module, ModuleProgress, ModuleRating, User, Violation
from lms.services import certificates, dashboard, readiness, scope


def matches(user: User | sa.Row, q: str) -> bool:
    """Whether a name or employee-number fragment matches ``user`` (empty matches everyone)."""
    q = q.strip().lower()
    return not q or q in user.name.lower() or q in user.employee_no.lower()


def _search(query: sa.Select, q: str) -> sa.Select:
    """``query`` (joined to User) narrowed to names or employee numbers containing ``q``."""
    if not q:
        return query
    return query.where(sa.or_(User.name.contains(q, autoescape=True), User.employee_no.ilike(f"%{q}%")))


def not_ready(viewer: User, q: str = "") -> list[tuple[sa.Row, readiness.Readiness]]:
    """New hires not yet ready for shift, with what they lack."""
    return [(user, found) for user, found in readiness.not_ready(viewer) if matches(user, q)]


def overdue(viewer: User, today: date, q: str = "") -> sa.Select:
    """Overdue assignments of the team, the longest overdue first (for paging)."""
    progress = sa.and_(ModuleProgress.user_id == Assignment.user_id, ModuleProgress.module_id == Assignment.module_id)
    query = (
        sa.select(Assignment)
        .join(User, User.id == Assignment.user_id)
        .join(Module, Module.id == Assignment.module_id)
        .outerjoin(ModuleProgress, progress)
        .where(
            scope.people_filter(viewer, Assignment.user_id),
            Module.active.is_(True),
            dashboard.overdue_clause(today),
            Assignment.section_id.is_(None),
        )
        .options(selectinload(Assignment.user), selectinload(Assignment.module))
        .order_by(Assignment.due_date, User.employee_no, Module.slug)
    )
    return _search(query, q)


def active_module(slug: str) -> Module | None:
    """The active module with this id."""
    return db.session.scalar(sa.select(Module).where(Module.slug == slug, Module.active.is_(True)))


def module_people(viewer: User, module: Module, status: str, today: date, q: str = "") -> sa.Select:
    """Team members assigned ``module``: all, or those done, overdue or ``pending`` (not done, not due), by number."""
    progress = sa.and_(ModuleProgress.user_id == Assignment.user_id, ModuleProgress.module_id == module.id)
    query = (
        sa.select(Assignment)
        .join(User, User.id == Assignment.user_id)
        .outerjoin(ModuleProgress, progress)
        .where(
            Assignment.module_id == module.id,
            Assignment.section_id.is_(None),
            scope.people_filter(viewer, Assignment.user_id),
        )
        .options(selectinload(Assignment.user))
        .order_by(User.employee_no)
    )
    if status == LearningStatus.DONE:
        query = query.where(ModuleProgress.completed_at.is_not(None))
    elif status == LearningStatus.OVERDUE:
        query = query.where(dashboard.overdue_clause(today))
    elif status == "pending":
        query = query.where(ModuleProgress.completed_at.is_(None), Assignment.due_date >= today)
    return _search(query, q)


def statuses(assignments: list[Assignment], today: date) -> dict[int, progress.LearningStatus]:
    """Each assignment's learning status (``progress.status``), by assignment id (one query)."""
    if not assignments:
        return {}
    rows = db.session.scalars(
        sa.select(ModuleProgress).where(
            ModuleProgress.user_id.in_({a.user_id for a in assignments}),
            ModuleProgress.module_id.in_({a.module_id for a in assignments}),
        )
    )
    found = {(row.user_id, row.module_id): row for row in rows}
    states = {}
    for a in assignments:
        row = found.get((a.user_id, a.module_id))
        states[a.id] = progress.status(
            row is not None and row.completed_at is not None, row is not None, a.due_date, today
        )
    return states


def standings(viewer: User, today: date, q: str = "") -> list[tuple[User, levels.Evaluation]]:
    """Every team member matching ``q`` with where they stand on the levels."""
    people = [user for user in dashboard.members(viewer) if matches(user, q)]
    evaluations = dashboard.standings(people, today)
    return [(user, evaluations[user.id]) for user in people]


def at_level(viewer: User, code: str | None, today: date, q: str = "") -> list[tuple[User, levels.Evaluation]]:
    """Team members whose highest level is ``code`` (None: no level yet)."""
    return [(user, e) for user, e in standings(viewer, today, q) if e.current == code]


def exam_ready(viewer: User, today: date, q: str = "") -> list[tuple[User, levels.Evaluation]]:
    """Team members who meet every rule of their next level but its promotion exam: they may sit it."""
    return [(user, e) for user, e in standings(viewer, today, q) if e.ready_for_exam]


def expiring(viewer: User, q: str = "") -> list[tuple[User, Certificate]]:
    """Certificates of the team whose last valid day is within 30 days, soonest first."""
    people = {user.id: user for user in dashboard.members(viewer) if matches(user, q)}
    found = certificates.expiring(list(people))
    return sorted(
        ((people[c.award.user_id], c) for c in found), key=lambda pair: (pair[1].expires_on, pair[0].employee_no)
    )


def violations(viewer: User, today: date, q: str = "") -> sa.Select:
    """Violations recorded for days of this month in the team, latest first (for paging)."""
    query = (
        sa.select(Violation)
        .join(User, User.id == Violation.user_id)
        .where(scope.people_filter(viewer, Violation.user_id), Violation.day >= dashboard.month_start(today))
        .order_by(Violation.day.desc(), Violation.id.desc())
    )
    return _search(query, q)


def people_by_id(user_ids: set[int]) -> dict[int, User]:
    """Users by id (one query), for rows that only carry the id."""
    return {user.id: user for user in db.session.scalars(sa.select(User).where(User.id.in_(user_ids)))}


def ratings(viewer: User, module: Module) -> sa.Select:
    """The team's ratings of ``module`` with their comments, latest first (anonymous: shown without names)."""
    return (
        sa.select(ModuleRating)
        .where(ModuleRating.module_id == module.id, scope.people_filter(viewer, ModuleRating.user_id))
        .order_by(ModuleRating.created_at.desc(), ModuleRating.id.desc())
    )
