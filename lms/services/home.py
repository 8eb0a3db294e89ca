"""What each role's home page shows, counted over the people the viewer may see."""

from datetime import date

import sqlalchemy as sa

from lms.extensions import db
from lms.models import ModuleProgress, Role, Team, User
from lms.services import assignments, certificates, directory, scope


def summary(viewer: User, today: date) -> dict:
    """The figures of ``viewer``'s home page, by role."""
    stats: dict = {}
    if viewer.role in scope.LEARNER_ROLES:
        stats["today"] = assignments.due_today(viewer, today)
    if viewer.role is Role.NEW_HIRE:
        stats["path"] = onboarding_path(viewer)
        stats["ready"] = bool(stats["path"]) and all(finished for _, finished in stats["path"])
    if viewer.role is Role.SUPERVISOR:
        stats["teams"] = directory.team_sizes(viewer)
        stats["not_ready"] = assignments.not_ready(viewer)
        stats["expiring"] = certificates.expiring(list(db.session.scalars(scope.visible_people(viewer))))
    elif viewer.role in scope.EVERYONE:
        rows = db.session.execute(
            sa.select(User.role, sa.func.count(User.id))
            .where(User.active.is_(True), scope.people_filter(viewer))
            .group_by(User.role)
        ).all()
        stats["by_role"] = {role: count for role, count in rows}
        stats["teams"] = db.session.scalar(sa.select(sa.func.count(Team.id)))
    return stats


def onboarding_path(user: User) -> list[tuple]:
    """The onboarding modules in order, each with whether ``user`` completed it."""
    done = set(
        db.session.scalars(
            sa.select(ModuleProgress.module_id).where(
                ModuleProgress.user_id == user.id, ModuleProgress.completed_at.is_not(None)
            )
        )
    )
    return [(module, module.id in done) for module in assignments.onboarding_modules()]
