"""Levels held at past month ends, from certificates' issue and revocation dates."""

from datetime import date

import pytest

from lms.domain.level_trend import Issued, counts, highest_held, month_ends, trend


@pytest.mark.parametrize(
    ("today", "months", "ends"),
    [
        (date(2026, 3, 15), 3, [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 15)]),
        (date(2026, 1, 1), 2, [date(2025, 12, 31), date(2026, 1, 1)]),
        (date(2024, 3, 31), 2, [date(2024, 2, 29), date(2024, 3, 31)]),
        (date(2026, 5, 20), 1, [date(2026, 5, 20)]),
    ],
)
def test_month_ends(today, months, ends):
    assert month_ends(today, months) == ends


#: user 1: junior (award 10) then intermediate (award 11), whose certificate was revoked and issued again;
#: user 2: junior renewed (award 20); user 3: junior revoked for good (award 30).
CERTIFICATES = [
    Issued(1, 10, 1, date(2026, 1, 10), None, 1),
    Issued(1, 11, 2, date(2026, 3, 5), date(2026, 4, 2), 2),
    Issued(1, 11, 2, date(2026, 5, 1), None, 3),
    Issued(2, 20, 1, date(2025, 6, 1), None, 4),
    Issued(2, 20, 1, date(2026, 2, 1), date(2026, 2, 1), 5),  # the renewal was revoked on its day of issue
    Issued(3, 30, 1, date(2026, 2, 1), date(2026, 3, 1), 6),
]


@pytest.mark.parametrize(
    ("day", "held"),
    [
        (date(2025, 12, 31), {2: 1}),
        (date(2026, 1, 31), {1: 1, 2: 1}),
        (date(2026, 2, 1), {1: 1, 3: 1}),  # user 2's latest certificate was revoked that day
        (date(2026, 3, 1), {1: 1}),  # revoked on the day: not held at its end
        (date(2026, 3, 31), {1: 2}),
        (date(2026, 4, 30), {1: 1}),  # intermediate revoked: the junior level remains
        (date(2026, 5, 31), {1: 2}),  # earned again
    ],
)
def test_highest_level_held_on_a_day(day, held):
    assert highest_held(CERTIFICATES, day) == held


def test_counts_and_trend_per_level():
    assert counts({1: 2, 2: 1, 3: 1, 4: 9}, 2) == [2, 1]  # a rank outside the levels is not counted
    days = [date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 31)]
    assert trend(CERTIFICATES, days, 2) == [[2, 0, 0], [0, 1, 1]]
    assert trend([], days, 2) == [[0, 0, 0], [0, 0, 0]]
