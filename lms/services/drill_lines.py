"""Which business lines' drill content a person practises or assigns (the rule is ``lms.domain.lines.drawn``)."""

from lms.domain import lines
from lms.models import User
from lms.services import scope


def of(user: User) -> frozenset[str]:
    """The lines ``user`` drills: their team's line and the common content; every line without a team or a line."""
    return lines.drawn(user.team.line if user.team is not None else None)


def led(supervisor: User) -> frozenset[str]:
    """The lines a supervisor's members drill, together (every line when they lead no team)."""
    teams = scope.led_teams(supervisor)
    if not teams:
        return lines.drawn(None)
    return frozenset().union(*(lines.drawn(team.line) for team in teams))
