"""The overload bench's simulated page backs off as exam.js does: Retry-After, then full jitter over a doubling window."""

import random

import pytest

from lms.bench.patient import backoff


@pytest.mark.parametrize(
    ("failures", "retry_after", "window"),
    [(1, 0, 2), (2, 0, 4), (3, 1, 8), (4, 2, 16), (5, 0, 30), (9, 3, 30)],
)
def test_the_wait_is_retry_after_then_a_random_share_of_a_doubling_window_capped_at_30_s(failures, retry_after, window):
    rng = random.Random(failures)
    waits = [backoff(failures, retry_after, rng) for _ in range(2000)]
    assert all(retry_after <= wait <= retry_after + window for wait in waits)
    # full jitter: spread over the whole window, not bunched at its end
    assert min(waits) < retry_after + 0.05 * window and max(waits) > retry_after + 0.95 * window
