"""What each role's home page shows, counted over the people the viewer may see."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from lms.domain import levels
from lms.extensions import db
from lms.models import Module, ModuleProgress, ModuleSection, Role, Team, User
from lms.services import (
    assignments,
    certificates,
    drill_progress,
    grading,
    learning,
    level_page,
    readiness,
    review_daily,
    scope,
    sittings,
)
from lms.services import levels as level_service
from lms.timeutil import utcnow


@dataclass(frozen=True)
class Resume:
    """The module a learner was last in and has not completed, and the section to go back to."""

    slug: str
    title: str
    position: int
    section_title: str


_sections = learning.section_count()
#: The last opened position, within the module's sections (a shorter new version: its last section).
_position = sa.case(
    (ModuleProgress.last_position < 1, 1),
    (ModuleProgress.last_position > _sections, _sections),
    else_=ModuleProgress.last_position,
)
_shown = aliased(ModuleSection)  # the section shown, apart from the counted ones
#: The learner's last opened module not yet complete, with the section to go back to (built once).
_RESUME = (
    sa.select(
        Module.slug,
        Module.title,
        _position.label("position"),
        sa.select(_shown.title)
        .where(_shown.module_id == Module.id, _shown.position == _position)
        .scalar_subquery()
        .label("section_title"),
    )
    .join(Module, Module.id == ModuleProgress.module_id)
    .where(
        ModuleProgress.user_id == sa.bindparam("user_id"),
        ModuleProgress.completed_at.is_(None),
        Module.active.is_(True),
    )
    .order_by(ModuleProgress.last_opened_at.desc().nulls_last(), ModuleProgress.id.desc())
    .limit(1)
)


def resume(user: User) -> Resume | None:
    """Where "continue" takes the learner: the last opened module not yet complete (one query)."""
    row = db.session.connection().execute(_RESUME, {"user_id": user.id}).first()
    if row is None or row.section_title is None:  # a module without sections
        return None
    return Resume(row.slug, row.title, row.position, row.section_title)


def standing(user: User, owned: certificates.Owned) -> levels.Evaluation:
    """Where the learner stands, named for a person (the awards from the certificates the page has read)."""
    return level_page.readable(level_service.evaluate(user, latest=owned.latest))


#: The viewer's team as the home page shows it, built once with the team bound (no Team loaded).
_TEAM = sa.select(Team.name, Team.review_for_shift).where(Team.id == sa.bindparam("team_id"))


def summary(viewer: User, today: date) -> dict:
    """The figures of ``viewer``'s home page, by role."""
    team = (
        db.session.connection().execute(_TEAM, {"team_id": viewer.team_id}).first()
        if viewer.team_id is not None
        else None
    )
    stats: dict = {"team": team}
    if viewer.role in scope.LEARNER_ROLES:
        stats["sittings"] = sittings.open_for(viewer, utcnow())
        stats["today"] = assignments.due_today(viewer, today)
        stats["resume"] = resume(viewer)
        owned = certificates.owned(viewer)
        stats["standing"] = standing(viewer, owned)
        stats["lost"], stats["certificates"], stats["expiring"] = owned.lost, owned.latest, owned.expiring
        stats["drills"] = drill_progress.assignments_of(viewer)
        stats["review"] = review_daily.summary(viewer, utcnow())
    if viewer.role is Role.NEW_HIRE:
        stats["readiness"] = readiness.of_user(viewer)
    if scope.grades(viewer):
        stats["grading"] = grading.waiting(viewer)
    if viewer.role in scope.EVERYONE:
        rows = db.session.execute(
            sa.select(User.role, sa.func.count(User.id))
            .where(User.active.is_(True), scope.people_filter(viewer))
            .group_by(User.role)
        ).all()
        stats["by_role"] = {role: count for role, count in rows}
        stats["teams"] = db.session.scalar(sa.select(sa.func.count(Team.id)))
    return stats
