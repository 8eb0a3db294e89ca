"""Every content parser, fed random and mangled input, either reads it or reports problems on real lines; nothing else.

Hypothesis starts from a good file of each kind and inserts, replaces, cuts and deletes lines with random text,
control characters and numbers no database holds; plain random text is tried too. Run with
``HYPOTHESIS_PROFILE=thorough`` for 2,000 examples per parser (tests/conftest.py).
"""

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.domain import (
    InputError,
    Problem,
    aiken,
    bank_file,
    blueprint_file,
    course_file,
    drill_files,
    gift,
    levels,
    moodle_xml,
    user_csv,
)

ROOT = Path(__file__).resolve().parents[2]
LEVEL_CODES = ("junior", "intermediate", "senior", "expert")
#: Text that has broken parsers elsewhere: huge and odd numbers, control characters, markers of each format.
NASTY = [
    "99999999999999999999999",
    str(2**63),
    "-1",
    "1e400",
    "nan",
    "-inf",
    "0x10",
    "\x00",
    "\x0b\x0c",
    "\r",
    "\t",
    "\u202e",
    "\ufeff",
    "\ud7ff",
    "：",
    "---",
    "- ",
    ": ",
    "  - id: q01",
    "    correct: true",
    "count: 99999999999999999999999",
    "minutes: [99999999999999999999999]",
    "order: -1",
    "## ",
    ":::check",
    ":::roleplay",
    ":::jobaid",
    ":::",
    "### 观察员检查表",
    "- [ ] ",
    "{{level-rules}}",
    "{{violations}}",
    "::标题::",
    "{",
    "}",
    "{=a ~b}",
    "{#1:2}",
    "{#99999999999999999999999..1e400}",
    "%-50%",
    "%100%",
    "$CATEGORY: x",
    "A. 是",
    "ANSWER: Z",
    "ANSWER: A",
    '<question type="numerical">',
    "</question>",
    '<!DOCTYPE quiz [<!ENTITY x "y">]>',
    '<answer fraction="1e400"><text>1</text><tolerance>nan</tolerance></answer>',
    "&x;",
    "工号,姓名,入职日期,团队,角色",
    "A1,王,9999-99-99,,客服",
    "A2,李,99999999999999999999999,组,admin",
    '"',
]


def _seed(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


GIFT = "::Q1:: 客户来电，几声之内接起？ {=两声 ~三声 ~四声}\n\n::Q2:: 1+1 = {#2:0}\n\n$CATEGORY: 礼仪\n\n真的吗？{T}\n"
AIKEN = "客户来电，几声之内接起？\nA. 两声\nB. 三声\nC. 四声\nANSWER: A\n\n是这样吗？\nA) 是\nB) 否\nANSWER: B\n"
MOODLE = (ROOT / "tests/domain/fixtures/moodle-xml-chinese.xml").read_text(encoding="utf-8")
USERS = "工号,姓名,入职日期,团队,角色\nA001,王晓雯,2024-03-01,售后一组,客服\nA002,李嘉怡,2024/3/5,,主管\n"


def mangled(seed: str) -> st.SearchStrategy[str]:
    """``seed`` with a few lines inserted, replaced, cut short or deleted; or random text."""
    lines = seed.splitlines()
    piece = st.one_of(st.sampled_from(NASTY), st.text(max_size=40), st.integers().map(str))
    edit = st.tuples(
        st.sampled_from(["insert", "replace", "append", "cut", "delete"]), st.integers(0, len(lines)), piece
    )

    def apply(edits: list) -> str:
        result = list(lines)
        for kind, index, text in edits:
            at = min(index, len(result))
            if kind == "insert":
                result.insert(at, text)
            elif at == len(result):
                result.append(text)
            elif kind == "replace":
                result[at] = text
            elif kind == "append":
                result[at] += text
            elif kind == "cut":
                result[at] = result[at][: len(text)]
            else:
                del result[at]
        return "\n".join(result)

    return st.one_of(st.lists(edit, min_size=1, max_size=6).map(apply), st.text(), st.lists(piece).map("\n".join))


def assert_on_lines(problems: list[Problem], text: str) -> None:
    """Each problem is ours, names a line of ``text`` (or the one after its end) and a message.

    Lines as an editor counts them: a lone carriage return, form feed or line separator ends one too.
    """
    assert problems
    last = max(text.count("\n"), len(text.splitlines())) + 2
    for problem in problems:
        assert isinstance(problem, Problem)
        assert isinstance(problem.line, int) and 1 <= problem.line <= last, problem
        assert problem.message % problem.params


def reads_or_reports(parse, text: str) -> None:
    """``parse(text)`` returns, or raises InputError whose problems are on lines of ``text``."""
    try:
        parse(text)
    except InputError as error:
        assert_on_lines(error.problems, text)


@given(mangled(_seed("courses/etiquette/etiquette.md")))
def test_course_file(text):
    reads_or_reports(lambda t: course_file.parse(t, "etiquette", LEVEL_CODES), text)


@given(mangled(_seed("question_banks/etiquette.yaml")))
def test_bank_file(text):
    reads_or_reports(lambda t: bank_file.parse(t, "etiquette"), text)


@given(mangled(_seed("question_banks/exams/quiz-etiquette.yaml")))
def test_blueprint_file(text):
    reads_or_reports(lambda t: blueprint_file.parse(t, "quiz-etiquette", LEVEL_CODES), text)


@given(mangled(_seed("question_banks/levels/levels.yaml")))
def test_levels_file(text):
    reads_or_reports(levels.parse, text)


@given(mangled(_seed("question_banks/typing/zh.yaml")))
def test_typing_file(text):
    reads_or_reports(drill_files.parse_typing, text)


@given(mangled(_seed("question_banks/quick_replies/library.yaml")))
def test_quick_reply_library(text):
    reads_or_reports(drill_files.parse_library, text)


@pytest.mark.parametrize(
    ("parse", "seed"),
    [(gift.parse_gift, GIFT), (aiken.parse_aiken, AIKEN), (moodle_xml.parse_moodle_xml, MOODLE)],
    ids=["gift", "aiken", "moodle_xml"],
)
@given(data=st.data())
def test_question_import_formats(parse, seed, data):
    text = data.draw(mangled(seed))
    result = parse(text)
    if result.errors or result.skipped:
        assert_on_lines(result.errors + result.skipped, text)


@given(mangled(USERS))
def test_user_csv(text):
    rows, problems = user_csv.parse(text, date(2026, 11, 23))
    if problems:
        assert_on_lines(problems, text)
    assert all(row.line >= 2 for row in rows)


@given(st.binary())
def test_user_csv_bytes_decode_or_say_which_encoding(data):
    try:
        text = user_csv.decode(data)
    except user_csv.EncodingProblem:
        return
    user_csv.parse(text, date(2026, 11, 23))
