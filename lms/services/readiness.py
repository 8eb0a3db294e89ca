"""Ready for shift (可上岗), defined once: every module of the onboarding path complete, the typing check passed, and,
for the members of a team whose supervisor asked for it (``Team.review_for_shift``), today's review (班前五分钟) done.

The typing check is the typing rule of the first level in ``levels.yaml`` (初级客服: a net speed and an
accuracy within a window), so a new hire who is ready for shift also meets that rule of the junior level.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa

from lms.domain import levels
from lms.extensions import db
from lms.models import Role, Team, User
from lms.services import assignments, level_page, review_daily, scope
from lms.services import levels as level_service
from lms.services.level_facts import gather
from lms.timeutil import today, utcnow


@dataclass(frozen=True)
class Readiness:
    """One person against the onboarding path."""

    #: The path's modules in order (rows of ``assignments.onboarding_modules``), each with whether the person completed it.
    modules: list[tuple[sa.Row, bool]]
    #: The typing check and where the person stands on it (None: the rules set no typing check).
    typing: levels.RuleStatus | None
    #: The person's daily review: due today, streak, done today.
    review: review_daily.Summary
    #: Whether their team makes today's review part of being ready for shift.
    review_required: bool = False

    @property
    def done(self) -> int:
        """Modules of the path completed."""
        return sum(1 for _module, finished in self.modules if finished)

    @property
    def ready(self) -> bool:
        """可上岗: a path to finish, all of it finished, the typing check passed, and today's review if required."""
        typed = self.typing is None or self.typing.holds
        reviewed = not self.review_required or self.review.done
        return bool(self.modules) and self.done == len(self.modules) and typed and reviewed


def typing_rule() -> dict | None:
    """The typing check: the first level's typing rule."""
    rules = level_service.rules()
    return next((rule for rule in rules[0].rules if rule["kind"] == "typing"), None) if rules else None


#: The level facts readiness reads: completed modules and typing results.
NEEDS = frozenset({"modules", "typing"})


def _reviewing(users: Sequence[User | sa.Row]) -> set[int]:
    """The teams of ``users`` whose supervisor makes today's review part of being ready for shift."""
    return set(
        db.session.scalars(sa.select(Team.id).where(Team.id.in_({u.team_id for u in users}), Team.review_for_shift))
    )


def of_users(
    users: Sequence[User | sa.Row],
    facts: dict[int, levels.Facts] | None = None,
    reviews: dict[int, review_daily.Summary] | None = None,
    reviewing: set[int] | None = None,
) -> dict[int, Readiness]:
    """Each person's readiness, by id, in a fixed number of queries (``users``: people, or rows of their id, team
    and hire date).

    What the page read already is taken, not read again: ``facts``, level facts of them (or more) with at least
    ``NEEDS``; ``reviews``, daily-review summaries of some of them; ``reviewing``, their teams that require the review.
    """
    if not users:
        return {}
    path = assignments.onboarding_modules()
    rule = typing_rule()
    if facts is None:
        facts = gather(users, today(), kinds=NEEDS)
    reviews = reviews or {}
    missing = [u.id for u in users if u.id not in reviews]
    if missing:
        reviews = reviews | review_daily.summaries(missing, utcnow())
    if reviewing is None:
        reviewing = _reviewing(users)
    return {
        user.id: Readiness(
            [(module, module.slug in facts[user.id].modules) for module in path],
            level_page.localised(levels.check(rule, facts[user.id])) if rule else None,
            reviews[user.id],
            user.team_id in reviewing,
        )
        for user in users
    }


def of_user(user: User) -> Readiness:
    """One person's readiness."""
    return of_users([user])[user.id]


@lru_cache(maxsize=512)
def _candidates(mine: sa.ColumnElement[bool]) -> sa.Select:
    """Active new hires, and agents of teams that require the review, of the people ``mine`` keeps, longest-serving
    first, as rows of what readiness and its lists read of them (not whole ``User`` rows, which cost twice as much to
    load) with whether their team requires the review: built once per viewer (keyed on ``scope.people_filter``)."""
    return (
        sa.select(User.id, User.name, User.employee_no, User.hire_date, User.team_id, Team.review_for_shift)
        .outerjoin(Team, Team.id == User.team_id)
        .where(
            mine,
            User.active.is_(True),
            (User.role == Role.NEW_HIRE) | ((User.role == Role.AGENT) & Team.review_for_shift.is_(True)),
        )
        .order_by(User.hire_date)
    )


def not_ready(
    viewer: User,
    facts: dict[int, levels.Facts] | None = None,
    reviews: dict[int, review_daily.Summary] | None = None,
) -> list[tuple[sa.Row, Readiness]]:
    """Active people ``viewer`` may see who are not ready for shift, longest-serving first: new hires, and agents of
    the teams that require the daily review (``facts``, ``reviews``: read by the page already, as ``of_users``); each
    person is a row of their id, name, employee number, hire date and team."""
    hires = db.session.connection().execute(_candidates(scope.people_filter(viewer))).all()
    reviewing = {user.team_id for user in hires if user.review_for_shift and user.team_id is not None}
    found = of_users(hires, facts, reviews, reviewing)
    return [(user, found[user.id]) for user in hires if not found[user.id].ready]
