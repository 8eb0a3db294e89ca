"""NUL and other control characters in imported text files: refused on their line, never stored."""

from datetime import date

import pytest

from lms.domain import control_characters, user_csv
from lms.domain.gift import parse_gift
from lms.domain.moodle_xml import parse_moodle_xml

GIFT = "::一::天空是蓝色的吗？{T}\n\n::二::客服首先{=问候~道歉}\n"
XML = '<?xml version="1.0"?>\n<quiz>\n<question type="truefalse"><questiontext format="html"><text>对吗</text></questiontext>\n<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>\n</quiz>\n'
CSV = "工号,姓名,入职日期,团队,角色\r\nCS1,李一,2025-01-02,售后一组,agent\r\nCS2,王二,2025-01-02,售后一组,agent\r\n"


def _spoil(text: str, line: int, character: str) -> str:
    """``text`` with ``character`` after the first character of line ``line`` (1-based)."""
    lines = text.split("\n")
    lines[line - 1] = lines[line - 1][:1] + character + lines[line - 1][1:]
    return "\n".join(lines)


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x1f", "\x7f"])
def test_a_control_character_is_reported_with_its_line(character):
    found = control_characters.problem("第一行\n第二行\r\n第" + character + "三行")
    assert found is not None and found.line == 3 and found.code == "control_character"
    assert found.params == {"character": f"U+{ord(character):04X}"}


@pytest.mark.parametrize("text", ["", "制表符\t与换行\r\n都可以\n", "全角　空格"])
def test_tabs_newlines_and_ordinary_text_pass(text):
    assert control_characters.problem(text) is None


def test_the_clean_samples_parse():
    assert len(parse_gift(GIFT).questions) == 2 and not parse_gift(GIFT).errors
    assert len(parse_moodle_xml(XML).questions) == 1
    assert len(user_csv.parse(CSV, date(2026, 1, 1))[0]) == 2


@pytest.mark.parametrize("character", ["\x00", "\x1b"])
def test_gift_with_a_control_character_imports_nothing(character):
    result = parse_gift(_spoil(GIFT, 3, character))
    assert not result.questions and [(p.line, p.code) for p in result.errors] == [(3, "control_character")]


@pytest.mark.parametrize("character", ["\x00", "\x1b"])
def test_moodle_xml_with_a_control_character_imports_nothing_and_says_why(character):
    result = parse_moodle_xml(_spoil(XML, 3, character))
    assert not result.questions and [(p.line, p.code) for p in result.errors] == [(3, "control_character")]


@pytest.mark.parametrize("character", ["\x00", "\x1b"])
def test_user_csv_with_a_control_character_imports_nobody(character):
    rows, problems = user_csv.parse(_spoil(CSV, 2, character), date(2026, 1, 1))
    assert not rows and [(p.line, p.code) for p in problems] == [(2, "control_character")]
