"""Business lines: which service a team works in, and which drill content (quick replies, typing texts) fits it.

The library serves two kinds of centre: an online shop's service desk (电商客服) and a property-service
centre (物业服务中心). Every reply and typing text names its line, or ``common`` when it fits both. A team
names its line; its learners practise that line's content and the common content.

A learner without a team, or whose team has no line yet, practises every line: they have not been placed,
and hiding content from them would only leave them less prepared for whichever team they join.
"""

from lms.domain import N_

#: The lines a team can work in, with their names.
LINES = {"shop": N_("电商客服"), "property": N_("物业服务中心")}
#: Content that fits every line.
COMMON = "common"
#: What a reply or typing text may name as its line, with the names shown.
CONTENT_LINES = {**LINES, COMMON: N_("通用")}


def drawn(team_line: str | None) -> frozenset[str]:
    """The content lines a learner practises, given their team's line (None: no team, or no line set)."""
    if team_line is None:
        return frozenset(CONTENT_LINES)
    return frozenset({team_line, COMMON})


def message_line(reply_lines: list[str]) -> str | None:
    """The line of a customer message, from the lines of the replies that answer it; None when they mix lines."""
    specific = set(reply_lines) - {COMMON}
    if len(specific) > 1:
        return None
    return specific.pop() if specific else COMMON
