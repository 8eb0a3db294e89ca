"""Level distribution for HR: how many active learners hold each level, per team and overall, and by month."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import sqlalchemy as sa

from lms.domain import level_trend
from lms.extensions import db
from lms.models import Certificate, LevelAward, Team, User
from lms.services import holding, scope
from lms.services import levels as level_service
from lms.timeutil import local


@dataclass(frozen=True)
class Distribution:
    """People by highest level held: ``counts[0]`` hold none, ``counts[i]`` hold level ``codes[i - 1]`` at most."""

    codes: tuple[str, ...]
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        """Everyone counted."""
        return sum(self.counts)

    @property
    def certified(self) -> int:
        """Those who hold a level."""
        return self.total - self.counts[0]


@dataclass(frozen=True)
class Report:
    """The distribution overall and per team id (None: in no team)."""

    codes: tuple[str, ...]
    overall: Distribution
    teams: dict[int | None, Distribution]

    def of(self, team_id: int | None) -> Distribution:
        """A team's distribution (all zero when no one in it is counted)."""
        return self.teams.get(team_id, Distribution(self.codes, (0,) * (len(self.codes) + 1)))


#: The teams the report lists and its trend may be narrowed to: id and name of the active ones, by name.
_TEAMS = sa.select(Team.id, Team.name).where(Team.active.is_(True)).order_by(Team.name)


def teams() -> list[sa.Row]:
    """The active teams (``id``, ``name``), by name: the rows of the report and the trend's choices."""
    return list(db.session.connection().execute(_TEAMS).all())


def codes() -> tuple[str, ...]:
    """Level codes, lowest first, as the rules file orders them."""
    return tuple(level.code for level in level_service.rules())


def _counted(mine: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    """Whom the distribution counts: active new hires and agents among those ``mine`` (``scope.people_filter``)
    keeps."""
    return sa.and_(mine, User.active.is_(True), User.role.in_(scope.LEARNER_ROLES))


@lru_cache(maxsize=512)
def _report_query(people: sa.Select, mine: sa.ColumnElement[bool], level_codes: tuple[str, ...]) -> sa.Select:
    """``report``'s statement for a viewer's people and the rules' levels, built once: building it costs more than
    running it on a small organisation (``scope`` keeps one ``people`` and ``mine`` per viewer)."""
    highest = (
        holding.held_awards(people)
        .with_only_columns(LevelAward.user_id, sa.func.max(_rank(level_codes)).label("rank"))
        .group_by(LevelAward.user_id)
        .subquery()
    )
    rank = sa.func.coalesce(highest.c.rank, 0)
    return (
        sa.select(User.team_id, rank, sa.func.count(User.id))
        .outerjoin(highest, highest.c.user_id == User.id)
        .where(_counted(mine))
        .group_by(User.team_id, rank)
    )


def _rank(level_codes: tuple[str, ...]) -> sa.Case:
    """A level code's rank, 1 for the lowest (0 for a code no longer in the rules)."""
    return sa.case({code: index for index, code in enumerate(level_codes, 1)}, value=LevelAward.level, else_=0)


def report(viewer: User) -> Report:
    """The distribution now, per team and overall (one grouped query; held as ``lms.services.holding`` says)."""
    level_codes = codes()
    rows = (
        db.session.connection()
        .execute(_report_query(scope.visible_people(viewer), scope.people_filter(viewer), level_codes))
        .all()
    )
    tallies: dict[int | None, list[int]] = {}
    overall = [0] * (len(level_codes) + 1)
    for team_id, held, count in rows:
        tallies.setdefault(team_id, [0] * (len(level_codes) + 1))[held] += count
        overall[held] += count
    return Report(
        level_codes,
        Distribution(level_codes, tuple(overall)),
        {team_id: Distribution(level_codes, tuple(tally)) for team_id, tally in tallies.items()},
    )


@dataclass(frozen=True)
class Trend:
    """For each month end, how many people held each level as their highest."""

    codes: tuple[str, ...]
    months: list[date]
    #: One list per level (lowest first), one figure per month.
    series: list[list[int]]


def trend(viewer: User, today: date, team_id: int | None = None, months: int = 12) -> Trend:
    """The last ``months`` month ends (overall, or one team's current members), from one query of certificates."""
    level_codes = codes()
    by_team = {} if team_id is None else {"team_id": team_id}
    issued = [
        level_trend.Issued(user_id, award_id, rank, issued_on, local(revoked_at).date() if revoked_at else None, order)
        for user_id, award_id, rank, issued_on, revoked_at, order in db.session.connection().execute(
            _trend_query(scope.people_filter(viewer), level_codes, bool(by_team)), by_team
        )
    ]
    ends = level_trend.month_ends(today, months)
    return Trend(level_codes, ends, level_trend.trend(issued, ends, len(level_codes)))


@lru_cache(maxsize=512)
def _trend_query(mine: sa.ColumnElement[bool], level_codes: tuple[str, ...], by_team: bool) -> sa.Select:
    """``trend``'s statement, built once per viewer (``mine``, as ``scope.people_filter`` keeps it) and levels; with
    ``by_team`` it takes the team's id as the parameter ``team_id``."""
    query = (
        sa.select(
            LevelAward.user_id,
            LevelAward.id,
            _rank(level_codes),
            Certificate.issued_on,
            Certificate.revoked_at,
            Certificate.id,
        )
        .join(Certificate, Certificate.award_id == LevelAward.id)
        .join(User, User.id == LevelAward.user_id)
        .where(_counted(mine))
    )
    return query.where(User.team_id == sa.bindparam("team_id")) if by_team else query
