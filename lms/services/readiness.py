"""Ready for shift (可上岗), defined once: every module of the onboarding path complete, the typing check passed, and,
for the members of a team whose supervisor asked for it (``Team.review_for_shift``), today's review (班前五分钟) done.

The typing check is the typing rule of the first level in ``levels.yaml`` (初级客服: a net speed and an
accuracy within a window), so a new hire who is ready for shift also meets that rule of the junior level.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from lms.domain import levels
from lms.extensions import db
from lms.models import ModuleProgress, Role, Team, User
from lms.models.courses import Module
from lms.services import assignments, level_page, review_daily, scope
from lms.services import levels as level_service
from lms.services.level_facts import gather
from lms.timeutil import today, utcnow


@dataclass(frozen=True)
class Readiness:
    """One person against the onboarding path."""

    #: The path's modules in order, each with whether the person completed it.
    modules: list[tuple[Module, bool]]
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


def of_users(users: list[User], facts: dict[int, levels.Facts] | None = None) -> dict[int, Readiness]:
    """Each person's readiness, by id, in a fixed number of queries (``facts``: already gathered for them, or more)."""
    path = assignments.onboarding_modules()
    ids = [u.id for u in users]
    completed = {
        (user_id, module_id)
        for user_id, module_id in db.session.execute(
            sa.select(ModuleProgress.user_id, ModuleProgress.module_id).where(
                ModuleProgress.user_id.in_(ids),
                ModuleProgress.module_id.in_([m.id for m in path]),
                ModuleProgress.completed_at.is_not(None),
            )
        )
    }
    rule = typing_rule()
    if facts is None:
        facts = gather(users, today()) if rule else {}
    reviews = review_daily.summaries(ids, utcnow())
    required = set(
        db.session.scalars(sa.select(Team.id).where(Team.id.in_({u.team_id for u in users}), Team.review_for_shift))
    )
    return {
        user.id: Readiness(
            [(module, (user.id, module.id) in completed) for module in path],
            level_page.localised(levels.check(rule, facts[user.id])) if rule else None,
            reviews[user.id],
            user.team_id in required,
        )
        for user in users
    }


def of_user(user: User) -> Readiness:
    """One person's readiness."""
    return of_users([user])[user.id]


def not_ready(viewer: User, facts: dict[int, levels.Facts] | None = None) -> list[tuple[User, Readiness]]:
    """Active people ``viewer`` may see who are not ready for shift, longest-serving first: new hires, and agents of
    the teams that require the daily review (``facts``: gathered already for everyone ``viewer`` sees, as the team
    overview has them)."""
    reviewing = sa.select(Team.id).where(Team.review_for_shift)
    hires = list(
        db.session.scalars(
            sa.select(User)
            .where(
                scope.people_filter(viewer),
                User.active.is_(True),
                (User.role == Role.NEW_HIRE) | ((User.role == Role.AGENT) & User.team_id.in_(reviewing)),
            )
            .order_by(User.hire_date)
        )
    )
    found = of_users(hires, facts)
    return [(user, found[user.id]) for user in hires if not found[user.id].ready]
