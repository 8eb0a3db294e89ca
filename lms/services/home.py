"""What each role's home page shows, counted over the people the viewer may see."""

from datetime import date

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Role, Team, User
from lms.services import assignments, certificates, directory, readiness, scope


def summary(viewer: User, today: date) -> dict:
    """The figures of ``viewer``'s home page, by role."""
    stats: dict = {}
    if viewer.role in scope.LEARNER_ROLES:
        stats["today"] = assignments.due_today(viewer, today)
        stats["lost"] = certificates.lost(viewer)
    if viewer.role is Role.NEW_HIRE:
        stats["readiness"] = readiness.of_user(viewer)
    if viewer.role is Role.SUPERVISOR:
        stats["teams"] = directory.team_sizes(viewer)
        stats["not_ready"] = readiness.not_ready(viewer)
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
