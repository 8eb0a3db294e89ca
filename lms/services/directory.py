"""Finding people and their certificates: the filtered queries behind every list, within what the viewer may see."""

from collections import Counter
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from lms.extensions import db
from lms.models import Role, Team, User
from lms.services import scope


def people_query(
    viewer: User, search: str = "", team_id: int | None = None, role: str = "", status: str = "active"
) -> sa.Select:
    """People ``viewer`` may see matching a name or employee-number fragment, team, role and status, by number.

    Rows of the columns the people lists show (``team_name`` for the team's), not users.
    """
    query = _people(scope.people_filter(viewer))
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


@lru_cache(maxsize=512)
def _people(mine: sa.ColumnElement[bool]) -> sa.Select:
    """``people_query``'s rows for the viewer whose ``people_filter`` is ``mine``, built once."""
    shown = (User.id, User.employee_no, User.name, User.role, User.active, User.hire_date)
    return sa.select(*shown, Team.name.label("team_name")).outerjoin(User.team).where(mine).order_by(User.employee_no)


def active_member_counts() -> dict[int | None, int]:
    """Active people per team id, None for those in no team (one grouped query)."""
    return dict(
        db.session.execute(
            sa.select(User.team_id, sa.func.count(User.id)).where(User.active.is_(True)).group_by(User.team_id)
        ).all()
    )


def team_sizes(viewer: User, people: list[User]) -> list[tuple[Team, int]]:
    """The teams ``viewer`` leads, each with how many of ``people`` (everyone ``viewer`` may see) are in it."""
    counts = Counter(person.team_id for person in people)
    return [(team, counts[team.id]) for team in scope.led_teams(viewer)]


def all_teams() -> sa.Select:
    """Every team (with its supervisor), active ones first, by name."""
    return sa.select(Team).options(selectinload(Team.supervisor)).order_by(Team.active.desc(), Team.name)


#: The teams a people filter offers: id and name, active ones first, by name.
_TEAM_CHOICES = sa.select(Team.id, Team.name).order_by(Team.active.desc(), Team.name)


def team_choices() -> list[sa.Row]:
    """The teams a people filter offers (``id``, ``name``), active ones first, by name."""
    return list(db.session.execute(_TEAM_CHOICES).all())


def active_teams() -> sa.Select:
    """The teams people can be put in, by name."""
    return sa.select(Team).where(Team.active.is_(True)).order_by(Team.name)
