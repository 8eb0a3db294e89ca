"""The training report's figures, table-driven."""

from datetime import date

import pytest

from lms.domain.satisfaction import Summary, overall_rate
from lms.domain.training import ModuleFigures, PreShift, share, week_start


@pytest.mark.parametrize(
    ("figures", "completion", "passing", "attempts"),
    [
        (ModuleFigures(), None, None, None),
        (ModuleFigures(4, 2, 3, 2, 5), 0.5, 2 / 3, 5 / 3),
        (ModuleFigures(10, 10, 10, 10, 10), 1.0, 1.0, 1.0),
        (ModuleFigures(3, 0, 0, 0, 0), 0.0, None, None),
    ],
)
def test_module_figures(figures, completion, passing, attempts):
    assert (figures.completion_rate, figures.pass_rate, figures.mean_attempts) == (completion, passing, attempts)


@pytest.mark.parametrize(
    ("today", "monday"),
    [
        (date(2026, 11, 30), date(2026, 11, 30)),  # a Monday
        (date(2026, 12, 6), date(2026, 11, 30)),  # the Sunday after
        (date(2026, 1, 1), date(2025, 12, 29)),  # across a year
    ],
)
def test_week_start(today, monday):
    assert week_start(today) == monday


def test_pre_shift_and_share():
    assert (PreShift(4, 3).rate, PreShift(4, 3).open) == (0.75, 1)
    assert PreShift().rate is None and share(0, 0) is None and share(0, 5) == 0


def test_overall_satisfaction_weighs_each_module_by_its_ratings():
    summaries = [Summary(3, {}, 1.0), Summary(1, {}, 0.0), Summary(0, {}, None)]
    assert overall_rate(summaries) == 0.75
    assert overall_rate([]) is None
