"""The time estimate of a course file, table-driven: what counts as reading, practice, the 20% rule, least times."""

import pytest

from lms.domain import course_time
from lms.domain.course_file import parse

HEAD = """---
id: t
title: 时间
series: null
series_title: null
order: 1
level: junior
version: 1
minutes: [{minutes}]
objectives:
  - 一
---
"""
DIRECTIVES = {"violations": "违规" * 150, "level-rules": "", "competency-model": ""}


@pytest.mark.parametrize(
    "text, units",
    [
        ("客服", 2),
        ("㐀鿿", 2),  # U+3400 and U+9FFF, the ends of the range
        ("，。“”！？", 0),  # punctuation is not read
        ("FCR AHT CSAT", 3),
        ("30秒内回复", 5),  # 30 is one word, then four characters
        ("a-b c_d e.f", 6),
        ("**加粗** [链接](https://x.cn)", 4 + 3),  # markup words count: the link's https, x, cn
        ("🙂 ＡＢＣ", 0),
    ],
)
def test_what_counts_as_reading(text, units):
    assert course_time.units(text) == units


def course(body: str):
    """A course file with ``body``, declaring 1 minute a section."""
    return parse(HEAD.format(minutes=", ".join("1" for _ in range(body.count("## ")))) + body, "t", None)


@pytest.mark.parametrize(
    "body, minutes",
    [
        ("## 一节\n" + "字" * 298, 1.0),  # the title counts: 2 + 298 = 300
        ("开场" * 150 + "\n## 一节\n" + "字" * 298, 2.0),  # the intro counts towards the module
        ("## 一节\n" + "字" * 298 + "\n:::check 问？\n答\n:::", 1 + 2 / 300 + 2),  # question and answer read, +2
        ("## 一节\n字\n:::roleplay 演练\n" + "演" * 297 + "\n:::", (2 + 1 + 2 + 297) / 300 + 10),
        ("## 一节\n字\n:::jobaid 卡\n" + "卡" * 296 + "\n:::", 1.0),  # a job aid is read, no practice
        ("## 一节\n字字\n{{violations}}", (2 + 2 + 300) / 300),  # a directive counts as the text it renders
        ("## 甲\n" + "字" * 299 + "\n## 乙\n" + "字" * 299, 2.0),
    ],
)
def test_the_estimate(body, minutes):
    assert course_time.estimate_minutes(course(body), DIRECTIVES) == pytest.approx(minutes)


def test_each_section_has_its_own_reading_time_without_practice_or_intro():
    parsed = course("开场白\n## 甲\n" + "字" * 299 + "\n:::check 问\n答\n:::\n## 乙\n字")
    first, second = course_time.section_times(parsed, DIRECTIVES)
    assert (first.units, first.checks, first.reading_seconds) == (302, 1, 61)
    assert (second.units, second.reading_seconds, second.minutes) == (2, 1, pytest.approx(2 / 300))


@pytest.mark.parametrize(
    "declared, estimated, true",
    [
        (60, 60.0, True),
        (48, 60.0, True),  # 20% under
        (72, 60.0, True),  # 20% over
        (47, 60.0, False),
        (73, 60.0, False),
        (60, 15.0, False),  # a 15-minute read labelled an hour
        (1, 0.9, True),
        (1, 0.5, False),
    ],
)
def test_a_declared_total_is_true_within_20_percent(declared, estimated, true):
    assert course_time.is_true(declared, estimated) is true


@pytest.mark.parametrize(
    "reading, open_for, left",
    [
        (600, None, 300),  # never opened: the whole half of 10 minutes
        (600, 0.0, 300),
        (600, 120.5, 180),  # rounded up to the second
        (600, 299.9, 1),
        (600, 300.0, 0),
        (600, 3600.0, 0),
        (0, None, 0),
        (61, 0.0, 31),
    ],
)
def test_a_section_must_stay_open_half_its_reading_time(reading, open_for, left):
    assert course_time.seconds_left(reading, open_for) == left
