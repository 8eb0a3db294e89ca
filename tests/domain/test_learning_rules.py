"""Progress, completion, assignment status, satisfaction and Markdown sanitising."""

from datetime import date

import pytest

from lms.domain import progress, satisfaction
from lms.domain.rendering import render

TODAY = date(2026, 11, 23)
TITLES = ["一", "二", "三"]


@pytest.mark.parametrize(
    "read, quiz, complete",
    [
        (set(), None, False),
        ({"一", "二"}, None, False),
        ({"一", "二", "三"}, None, True),
        ({"一", "二", "三", "旧的一节"}, None, True),
        ({"一", "二", "三"}, True, True),
        ({"一", "二", "三"}, False, False),
        ({"一", "二"}, True, False),
    ],
)
def test_complete_needs_every_section_and_a_passed_quiz_where_there_is_one(read, quiz, complete):
    assert progress.is_complete(TITLES, read, quiz) is complete


def test_a_module_without_sections_is_never_complete():
    assert progress.is_complete([], set(), None) is False


@pytest.mark.parametrize(
    "done, total, expected", [(0, 3, 0), (1, 3, 33), (2, 3, 66), (3, 3, 100), (0, 0, 0), (29, 30, 96)]
)
def test_percent_rounds_down_so_only_all_is_100(done, total, expected):
    assert progress.percent(done, total) == expected


@pytest.mark.parametrize(
    "completed, started, due, expected",
    [
        (True, True, date(2026, 11, 1), progress.LearningStatus.DONE),
        (False, True, date(2026, 11, 22), progress.LearningStatus.OVERDUE),
        (False, False, date(2026, 11, 22), progress.LearningStatus.OVERDUE),
        (False, True, TODAY, progress.LearningStatus.IN_PROGRESS),
        (False, False, TODAY, progress.LearningStatus.NOT_STARTED),
        (False, False, None, progress.LearningStatus.NOT_STARTED),
    ],
)
def test_status_of_an_assignment(completed, started, due, expected):
    assert progress.status(completed, started, due, TODAY) == expected


def test_satisfaction_rate_is_the_share_of_fours_and_fives():
    # two ratings: (5, 4, 3) and (4, 2, 5): four of six answers are 4 or 5
    summary = satisfaction.summarise(2, {"content": 9, "usefulness": 6, "clarity": 8}, 4)
    assert summary.count == 2 and summary.means == {"content": 4.5, "usefulness": 3.0, "clarity": 4.0}
    assert summary.rate == pytest.approx(4 / 6)


def test_no_ratings_no_figures():
    assert satisfaction.summarise(0, {}, 0) == satisfaction.Summary(0, {}, None)


@pytest.mark.parametrize(
    "markdown, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ("[点我](javascript:alert(1))", "javascript:"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<iframe src="https://example.com"></iframe>', "<iframe"),
        ("<style>body{display:none}</style>", "<style"),
    ],
)
def test_course_markdown_cannot_inject_script(markdown, forbidden):
    assert forbidden not in render(markdown)


def test_tables_and_quotes_survive_sanitising():
    html = render("> 引用\n\n| 场景 | ❌ 不佳 |\n|---|---|\n| 来电 | 喂？ |")
    assert "<blockquote>" in html and "<table>" in html and "<td>喂？</td>" in html
