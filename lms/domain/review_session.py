"""The daily review session (班前五分钟): which due cards it asks, when it counts as done, the streak, and the
plausibility checks on answers the phone sends (perhaps hours later, queued while it was offline).

The checks are in the spirit of the typing drill's: the phone's clock and timer are believed only when what they
claim could have happened. Times here are naive UTC, as stored; "a day" is a day in LMS_TIMEZONE.
"""

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from lms.domain import N_

#: Cards in one day's session: five minutes at a few seconds to half a minute each.
SESSION_SIZE = 10
#: How far ahead of the server's clock a phone's may run before an answer is "in the future".
CLOCK_SKEW = timedelta(minutes=2)
#: How long an answer may wait in the phone's queue: yesterday's session sent this morning, not last week's.
MAX_AGE = timedelta(days=2)
#: The least time to read a card and answer it, by card kind (typing a shortcut takes longer than a tap).
MIN_MS = {"question": 800, "fact": 600, "reply": 1_000}
#: Two answers whose times overlap by more than this could not both have been given on one phone.
OVERLAP_MS = 500

#: Why an answer is refused: code -> message (the codes are what the API and the phone's queue see).
REFUSALS = {
    "future": N_("回答时间晚于服务器当前时间：请检查手机的时间设置。"),
    "too_old": N_("回答是两天前做的，已过期，没有计入。"),
    "before_card": N_("回答时间早于这张卡片的建立时间。"),
    "not_due": N_("这张卡片当时不需要复习（可能已经回答过）。"),
    "too_fast": N_("回答用时短得不可能读完题目，没有计入。"),
    "too_many": N_("这一天的回答已超过一次复习的卡片数。"),
    "overlap": N_("这次回答与另一次回答的时间重叠，不可能在同一部手机上完成。"),
}


@dataclass(frozen=True)
class Claim:
    """An answer as the phone reports it: when it was given and how long it took."""

    kind: str
    answered_at: datetime
    duration_ms: int


@dataclass(frozen=True)
class CardTimes:
    """What the server knows of the card and the person when the answer arrives."""

    created_at: datetime
    due: datetime
    #: Answers already accepted from this person on the answer's day.
    answered_that_day: int
    #: When those and the person's other recent answers were given, with their durations (ms).
    others: Sequence[tuple[datetime, int]] = ()


def day_end(moment: datetime, zone: ZoneInfo) -> datetime:
    """The end (exclusive) of the local day ``moment`` (naive UTC) falls in, as naive UTC."""
    local = moment.replace(tzinfo=UTC).astimezone(zone)
    start = datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=zone)
    return start.astimezone(UTC).replace(tzinfo=None)


def day_start(moment: datetime, zone: ZoneInfo) -> datetime:
    """The start of the local day ``moment`` (naive UTC) falls in, as naive UTC."""
    local = moment.replace(tzinfo=UTC).astimezone(zone)
    return datetime.combine(local.date(), time(), tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def refusal(claim: Claim, card: CardTimes, now: datetime, zone: ZoneInfo) -> str | None:
    """Why the answer cannot be accepted (a key of REFUSALS), or None when it is plausible."""
    at = claim.answered_at
    if at > now + CLOCK_SKEW:
        return "future"
    if at < now - MAX_AGE:
        return "too_old"
    if at < card.created_at:
        return "before_card"
    if card.due >= day_end(at, zone):
        return "not_due"
    if claim.duration_ms < MIN_MS[claim.kind]:
        return "too_fast"
    if card.answered_that_day >= SESSION_SIZE:
        return "too_many"
    started = at - timedelta(milliseconds=claim.duration_ms - OVERLAP_MS)
    for other_at, other_ms in card.others:
        other_started = other_at - timedelta(milliseconds=other_ms - OVERLAP_MS)
        if started < other_at and other_started < at:
            return "overlap"
    return None


def done(answered_today: int, due_now: int) -> bool:
    """Today's session is done: nothing is left due, or a whole session's worth was answered today."""
    return due_now == 0 or answered_today >= SESSION_SIZE


def streak(days: Iterable[date], today: date) -> int:
    """Days in a row with a review, up to today (or up to yesterday, while today's is still to do)."""
    seen = set(days)
    day = today if today in seen else today - timedelta(days=1)
    count = 0
    while day in seen:
        count, day = count + 1, day - timedelta(days=1)
    return count


def mix(cards: Sequence[tuple[int, str]], size: int = SESSION_SIZE) -> list[int]:
    """Up to ``size`` card ids, kinds taking turns (each kind's most overdue first), so a session is varied.

    ``cards`` are (id, kind) in the order they fell due.
    """
    by_kind: dict[str, list[int]] = {}
    for card_id, kind in cards:
        by_kind.setdefault(kind, []).append(card_id)
    turns = itertools.zip_longest(*by_kind.values())
    return [card_id for turn in turns for card_id in turn if card_id is not None][:size]
