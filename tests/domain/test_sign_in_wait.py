"""Sign-in back-off: free attempts, then a wait that doubles with each failure, capped at 15 minutes."""

from datetime import timedelta

import pytest

from lms.domain.sign_in_wait import wait_after


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [(0, 0), (1, 0), (4, 0), (5, 32), (6, 64), (7, 128), (8, 256), (9, 512), (10, 900), (11, 900), (10_000, 900)],
)
def test_the_wait_doubles_after_five_failures_up_to_fifteen_minutes(failures, seconds):
    assert wait_after(failures) == timedelta(seconds=seconds)
