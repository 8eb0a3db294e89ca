"""A course file's key_facts: read in order with their sections, every mistake reported on its line."""

import pytest

from lms.domain import InputError
from lms.domain.course_file import parse
from tests.domain.test_course_file import GOOD, LEVELS

FACTS = """key_facts:
  - prompt: 电话响几声之内要接起？
    answer: 两声之内
    section: 第一节
  - prompt: 谁先挂电话？
    answer: 客户先挂
    section: 第二节
---
开场"""
WITH_FACTS = GOOD.replace("---\n开场", FACTS, 1)


def problems_of(text: str) -> list[tuple[int, str]]:
    """(line, message with its parameters) of each problem."""
    with pytest.raises(InputError) as caught:
        parse(text, "demo-course", LEVELS)
    return [(p.line, p.message % p.params if p.params else p.message) for p in caught.value.problems]


def test_key_facts_are_read_in_order_with_their_sections_and_lines():
    course = parse(WITH_FACTS, "demo-course", LEVELS)
    assert [(f.line, f.prompt, f.answer, f.section) for f in course.key_facts] == [
        (13, "电话响几声之内要接起？", "两声之内", "第一节"),
        (16, "谁先挂电话？", "客户先挂", "第二节"),
    ]


def test_a_file_without_key_facts_has_none():
    assert parse(GOOD, "demo-course", LEVELS).key_facts == ()


@pytest.mark.parametrize(
    "old, new, line, fragment",
    [
        ("    section: 第一节", "    section: 第九节", 15, "不是本课的小节标题"),
        ("    answer: 两声之内\n", "", 13, "缺少 answer"),
        ("    answer: 两声之内", "    answer: ''", 14, "缺少 answer"),
        ("  - prompt: 谁先挂电话？", "  - prompt: 电话响几声之内要接起？", 16, "与第 13 行重复"),
        ("    section: 第二节", "    section: 第二节\n    hint: 想一想", 19, "未知的键 hint"),
        ("    answer: 客户先挂", "    answer: " + "长" * 256, 17, "不能超过 255 个字"),
        ("  - prompt: 谁先挂电话？\n    answer: 客户先挂\n    section: 第二节\n", "  - 只写一句\n", 12, "每一项应写"),
    ],
)
def test_each_key_fact_problem_is_reported_on_its_line(old, new, line, fragment):
    found = problems_of(WITH_FACTS.replace(old, new, 1))
    assert any(at == line and fragment in m for at, m in found), found


@pytest.mark.parametrize("value", ["key_facts: []", "key_facts: 两声之内"])
def test_key_facts_that_are_not_a_list_are_refused(value):
    text = GOOD.replace("---\n开场", value + "\n---\n开场", 1)
    assert any(at == 12 and "应为要点的列表" in m for at, m in problems_of(text))
