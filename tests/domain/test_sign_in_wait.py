"""Sign-in back-off: free attempts, then a wait that doubles with each failure, capped at 15 minutes."""

from datetime import timedelta

import pytest

from lms.domain.sign_in_wait import minutes_to_say, wait_after


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [(0, 0), (1, 0), (4, 0), (5, 32), (6, 64), (7, 128), (8, 256), (9, 512), (10, 900), (11, 900), (10_000, 900)],
)
def test_the_wait_doubles_after_five_failures_up_to_fifteen_minutes(failures, seconds):
    assert wait_after(failures) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("seconds", "minutes"),
    [(1, None), (64, None), (119, None), (120, 2), (128, 3), (512, 9), (900, 15)],
)
def test_long_waits_are_told_in_whole_minutes_rounded_up(seconds, minutes):
    assert minutes_to_say(seconds) == minutes
