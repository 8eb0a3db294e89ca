"""Answers to review cards as FSRS ratings: wrong is Again; right is Hard, Good or Easy by the time it took."""

import fsrs
import pytest

from lms.domain.review_rating import AGAIN, EASY, GOOD, HARD, PACES, UNMEASURED_MS, rating


def test_the_ratings_are_fsrs_own():
    assert tuple(int(r) for r in fsrs.Rating) == (AGAIN, HARD, GOOD, EASY)


@pytest.mark.parametrize(
    "kind, correct, duration_ms, expected",
    [
        ("question", False, 3_000, AGAIN),
        ("question", False, 60_000, AGAIN),
        ("question", True, 6_000, EASY),
        ("question", True, 6_001, GOOD),
        ("question", True, 19_999, GOOD),
        ("question", True, 20_000, HARD),
        ("fact", True, 3_500, EASY),
        ("fact", True, 8_000, GOOD),
        ("fact", True, 12_000, HARD),
        ("reply", True, 4_000, EASY),
        ("reply", True, 10_000, GOOD),
        ("reply", True, 16_000, HARD),
        # no time the phone could have measured: rated by correctness alone
        ("fact", True, 0, GOOD),
        ("fact", True, None, GOOD),
        ("question", True, UNMEASURED_MS + 1, GOOD),
        ("reply", False, None, AGAIN),
    ],
)
def test_rating(kind, correct, duration_ms, expected):
    assert rating(kind, correct, duration_ms) == expected


def test_every_kind_has_a_fast_threshold_under_its_slow_one():
    assert set(PACES) == {"question", "fact", "reply"}
    assert all(0 < pace.fast_ms < pace.slow_ms < UNMEASURED_MS for pace in PACES.values())
