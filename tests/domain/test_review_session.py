"""The daily session: plausibility of answers sent from the phone, when it is done, the streak, the mix of cards."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lms.domain.review_session import (
    REFUSALS,
    SESSION_SIZE,
    CardTimes,
    Claim,
    day_end,
    day_start,
    done,
    mix,
    refusal,
    streak,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: 2026-12-01 09:00 in Shanghai.
NOW = datetime(2026, 12, 1, 1, 0)
CARD = CardTimes(created_at=NOW - timedelta(days=5), due=NOW - timedelta(hours=3), answered_that_day=0)


def test_local_days_in_utc():
    assert day_start(NOW, SHANGHAI) == datetime(2026, 11, 30, 16, 0)
    assert day_end(NOW, SHANGHAI) == datetime(2026, 12, 1, 16, 0)


@pytest.mark.parametrize(
    "answered_at, duration_ms, card, expected",
    [
        (NOW - timedelta(minutes=5), 4_000, CARD, None),
        (NOW + timedelta(minutes=1), 4_000, CARD, None),  # a phone a minute fast
        (NOW + timedelta(minutes=3), 4_000, CARD, "future"),
        (NOW - timedelta(days=2, minutes=1), 4_000, CARD, "too_old"),
        (NOW - timedelta(days=6), 4_000, CARD, "too_old"),
        (NOW - timedelta(days=1), 4_000, CARD, "not_due"),  # yesterday it was not due yet
        (NOW - timedelta(hours=2), 4_000, CardTimes(NOW - timedelta(hours=1), NOW, 0), "before_card"),
        # due later today (in Shanghai): the morning session may ask it
        (NOW, 4_000, CardTimes(CARD.created_at, datetime(2026, 12, 1, 15, 59), 0), None),
        (NOW, 4_000, CardTimes(CARD.created_at, datetime(2026, 12, 1, 16, 0), 0), "not_due"),
        (NOW, 500, CARD, "too_fast"),
        (NOW, 4_000, CardTimes(CARD.created_at, CARD.due, SESSION_SIZE), "too_many"),
        (NOW, 4_000, CardTimes(CARD.created_at, CARD.due, 1, [(NOW - timedelta(seconds=2), 3_000)]), "overlap"),
        (NOW, 4_000, CardTimes(CARD.created_at, CARD.due, 1, [(NOW - timedelta(seconds=4), 3_000)]), None),
        (NOW, 4_000, CardTimes(CARD.created_at, CARD.due, 1, [(NOW - timedelta(seconds=3.6), 3_000)]), None),
    ],
)
def test_refusal(answered_at, duration_ms, card, expected):
    assert refusal(Claim("fact", answered_at, duration_ms), card, NOW, SHANGHAI) == expected
    assert expected is None or expected in REFUSALS


@pytest.mark.parametrize("kind, duration_ms, expected", [("reply", 900, "too_fast"), ("question", 900, None)])
def test_the_least_time_depends_on_the_kind(kind, duration_ms, expected):
    assert refusal(Claim(kind, NOW, duration_ms), CARD, NOW, SHANGHAI) == expected


@pytest.mark.parametrize(
    "answered, due, expected", [(0, 0, True), (3, 0, True), (0, 4, False), (9, 12, False), (10, 12, True)]
)
def test_done(answered, due, expected):
    assert done(answered, due) is expected


TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    "days, expected",
    [
        ([], 0),
        ([TODAY], 1),
        ([TODAY - timedelta(days=1)], 1),  # today's not done yet: the streak still stands
        ([TODAY, TODAY - timedelta(days=1), TODAY - timedelta(days=2), TODAY - timedelta(days=4)], 3),
        ([TODAY - timedelta(days=2)], 0),
    ],
)
def test_streak(days, expected):
    assert streak(days, TODAY) == expected


def test_mix_takes_kinds_in_turn_and_stops_at_the_size():
    cards = [(1, "question"), (2, "question"), (3, "question"), (4, "fact"), (5, "reply"), (6, "fact")]
    assert mix(cards) == [1, 4, 5, 2, 6, 3]
    assert mix(cards, size=2) == [1, 4]
    assert mix([]) == []
