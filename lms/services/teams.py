"""Creating, renaming and (de)activating teams: each change one transaction, audited."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Team, User
from lms.services import audit


class TeamNotEmpty(Exception):
    """A team with active members cannot be deactivated; ``members`` says how many there are."""

    def __init__(self, members: int):
        super().__init__(members)
        self.members = members


def save(actor: User, team: Team | None, name: str, supervisor_id: int | None, ip: str | None = None) -> Team:
    """Create a team (``team`` None) or change its name and supervisor."""
    created = team is None
    if team is None:
        team = Team()
        db.session.add(team)
    before = {"name": team.name, "supervisor": team.supervisor_id}
    team.name, team.supervisor_id = name.strip(), supervisor_id or None
    db.session.flush()
    if created:
        audit.record(
            "team.create", actor, obj=team, detail={"name": team.name, "supervisor": team.supervisor_id}, ip=ip
        )
    else:
        after = {"name": team.name, "supervisor": team.supervisor_id}
        changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
        audit.record("team.update", actor, obj=team, detail={"name": team.name, "changes": changes}, ip=ip)
    db.session.commit()
    return team


def toggle_active(actor: User, team: Team, ip: str | None = None) -> bool:
    """Deactivate a team that has no active members, or reactivate it; whether it is active now."""
    members = db.session.scalar(sa.select(sa.func.count(User.id)).where(User.team_id == team.id, User.active.is_(True)))
    if team.active and members:
        raise TeamNotEmpty(members)
    team.active = not team.active
    audit.record(
        "team.activate" if team.active else "team.deactivate", actor, obj=team, detail={"name": team.name}, ip=ip
    )
    db.session.commit()
    return team.active
