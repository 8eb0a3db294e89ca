"""The overload bench's simulated page backs off as exam.js does: Retry-After, then a random share of as long again,
or of a doubling window (2, 4 … 30 s) where that is longer."""

import math
import random
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from lms.bench.load import Post
from lms.bench.patient import _Page, backoff

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


def _page(batch: str | None) -> tuple[_Page, list[list[int]]]:
    """A simulated page with answers 0, 1, 2 unsent (given in the order 2, 0, 1) and its sends recorded."""
    make = lambda k: Post(f"/attempts/7/answers/{k + 1}", {f"q{k + 1}": "0", "csrf_token": "t"}, {"Cookie": "c"}, batch)  # noqa: E731
    page = _Page(SimpleNamespace(stop_at=math.inf), 0, make)  # type: ignore[arg-type]
    page.unsent = {0: 2.0, 1: 3.0, 2: 1.0}
    sent: list[list[int]] = []
    page.send = sent.append  # type: ignore[method-assign]
    return page, sent


def test_after_a_back_off_the_page_sends_all_it_kept_in_one_post():
    page, sent = _page("/attempts/7/answers")
    page.send_waiting()
    assert sent == [[2, 0, 1]]
    post = page._post([2, 0, 1])
    assert post.path == "/attempts/7/answers"
    assert post.form == {"q3": "0", "q1": "0", "q2": "0", "csrf_token": "t"} and post.headers == {"Cookie": "c"}


def test_to_a_server_that_takes_one_answer_a_post_it_sends_the_oldest_alone():
    page, sent = _page(None)
    page.send_waiting()
    assert sent == [[2]]
    assert page._post([2]).path == "/attempts/7/answers/3"
