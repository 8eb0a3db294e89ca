"""The overload bench's simulated page backs off as exam.js does: Retry-After, then a random share of as long again,
or of a doubling window (2, 4 … 30 s) where that is longer."""

import random
import re
from pathlib import Path

import pytest

from lms.bench.patient import backoff

EXAM_JS = Path(__file__).resolve().parent.parent / "lms" / "static" / "js" / "exam.js"


@pytest.mark.parametrize(
    ("failures", "retry_after", "window"),
    [(1, 0, 2), (2, 0, 4), (3, 1, 8), (4, 2, 16), (5, 0, 30), (9, 3, 30), (1, 30, 30), (1, 100, 100), (6, 60, 60)],
)
def test_the_wait_is_retry_after_then_a_random_share_of_as_long_again_or_of_the_window(failures, retry_after, window):
    rng = random.Random(failures)
    waits = [backoff(failures, retry_after, rng) for _ in range(2000)]
    assert all(retry_after <= wait <= retry_after + window for wait in waits)
    # spread over the whole of it, not bunched at its end: pages refused together do not come back together
    assert min(waits) < retry_after + 0.05 * window and max(waits) > retry_after + 0.95 * window


def test_exam_js_backs_off_by_the_same_rule():
    """The rule the bench simulates is the page's: the window is the longer of Retry-After and 2, 4 … 30 s."""
    source = EXAM_JS.read_text()
    assert "var BACKOFF_BASE = 2000, BACKOFF_CAP = 30000;" in source
    assert re.search(
        r"Math\.max\(retryAfter \* 1000, Math\.min\(BACKOFF_CAP, BACKOFF_BASE \* Math\.pow\(2, failures - 1\)\)\)",
        source,
    )
    assert "retryAfter * 1000 + Math.random() * window_" in source
