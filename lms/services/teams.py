"""Creating, renaming and (de)activating teams: each change one transaction, audited."""

import sqlalchemy as sa

from lms.domain import lines
from lms.extensions import db
from lms.models import Team, User
from lms.services import audit


class TeamNotEmpty(Exception):
    """A team with active members cannot be deactivated; ``members`` says how many there are."""

    def __init__(self, members: int):
        super().__init__(members)
        self.members = members


def save(
    actor: User,
    team: Team | None,
    name: str,
    supervisor_id: int | None,
    line: str | None = None,
    ip: str | None = None,
) -> Team:
    """Create a team (``team`` None) or change its name, supervisor and business line (None: not set)."""
    if line is not None and line not in lines.LINES:
        raise ValueError(f"unknown business line {line!r}")
    created = team is None
    if team is None:
        team = Team()
        db.session.add(team)
    before = {"name": team.name, "supervisor": team.supervisor_id, "line": team.line}
    team.name, team.supervisor_id, team.line = name.strip(), supervisor_id or None, line
    db.session.flush()
    if created:
        detail = {"name": team.name, "supervisor": team.supervisor_id, "line": team.line}
        audit.record("team.create", actor, obj=team, detail=detail, ip=ip)
    else:
        after = {"name": team.name, "supervisor": team.supervisor_id, "line": team.line}
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


def set_review_for_shift(actor: User, team: Team, required: bool, ip: str | None = None) -> None:
    """Make the team's daily review (班前五分钟) part of its members' "ready for shift", or not; audited."""
    if team.review_for_shift == required:
        return
    team.review_for_shift = required
    audit.record("team.review_for_shift", actor, obj=team, detail={"name": team.name, "required": required}, ip=ip)
    db.session.commit()
