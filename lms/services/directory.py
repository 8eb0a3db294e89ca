"""Finding people: the one filtered query behind every list of users."""

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from lms.extensions import db
from lms.models import Role, Team, User


def people_query(search: str = "", team_id: int | None = None, role: str = "", status: str = "active") -> sa.Select:
    """Users matching a name or employee-number fragment, team, role and status, by employee number."""
    query = sa.select(User).outerjoin(User.team).options(contains_eager(User.team)).order_by(User.employee_no)
    if search:
        pattern = f"%{search.strip()}%"
        query = query.where(sa.or_(User.name.like(pattern), User.employee_no.ilike(pattern)))
    if team_id:
        query = query.where(User.team_id == team_id)
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    if status == "active":
        query = query.where(User.active.is_(True))
    elif status == "inactive":
        query = query.where(User.active.is_(False))
    return query


def active_member_counts() -> dict[int, int]:
    """Active people per team id (one grouped query)."""
    return dict(
        db.session.execute(
            sa.select(User.team_id, sa.func.count(User.id)).where(User.active.is_(True)).group_by(User.team_id)
        ).all()
    )


def teams_led_by(user: User) -> sa.Select:
    """The active teams ``user`` supervises."""
    return sa.select(Team).where(Team.supervisor_id == user.id, Team.active.is_(True)).order_by(Team.name)


def all_teams() -> sa.Select:
    """Every team (with its supervisor), active ones first, by name."""
    return sa.select(Team).options(selectinload(Team.supervisor)).order_by(Team.active.desc(), Team.name)


def active_teams() -> sa.Select:
    """The teams people can be put in, by name."""
    return sa.select(Team).where(Team.active.is_(True)).order_by(Team.name)
