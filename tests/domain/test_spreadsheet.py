"""Export cells: text a spreadsheet would run as a formula gets a leading apostrophe; everything else is unchanged."""

from datetime import date, datetime

import pytest

from lms.domain.spreadsheet import csv_row, csv_text, neutralise


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+86 138", "'+86 138"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("赵一鸣", "赵一鸣"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (3.5, 3.5),
        (0, 0),
        (None, None),
        (date(2026, 1, 31), date(2026, 1, 31)),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected
    assert type(neutralise(value)) is type(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (date(2026, 1, 31), "2026-01-31"),
        (datetime(2026, 1, 31, 8, 5, 59), "2026-01-31 08:05"),
        (-2, "-2"),
        ("-2", "'-2"),
        ("钱二丫", "钱二丫"),
    ],
)
def test_csv_text(value, expected):
    assert csv_text(value) == expected


def test_a_csv_row_is_neutralised_text():
    assert csv_row(["=1+2", 3, None, "王五", "@x"]) == ["'=1+2", "3", "", "王五", "'@x"]
