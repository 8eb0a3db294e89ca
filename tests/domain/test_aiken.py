"""The Aiken reader: Moodle's own test files read as Moodle reads them, and broken input by line."""

from pathlib import Path

import pytest

from lms.domain.aiken import parse_aiken

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"


def read(name: str):
    """Parse one of Moodle's Aiken test files."""
    return parse_aiken(CONFORMANCE.joinpath(name).read_text(encoding="utf-8"))


def right(question: dict) -> list[str]:
    """The texts of the options at 100%."""
    return [option["text"] for option in question["options"] if option["weight"] == 100]


def test_moodle_questions_two_single_choice_answers_b_and_a():
    result = read("moodle-aiken-questions.aiken.txt")
    assert (result.errors, result.skipped) == ([], [])
    first, second = result.questions
    assert first["text"] == "The Moodle project was started by:"
    assert [o["text"] for o in first["options"]] == ["Petr Skoda", "Martin Dougiamas", "Eloy Lafuente", "Tim Hunt"]
    assert [o["weight"] for o in first["options"]] == [0, 100, 0, 0]
    assert [o["weight"] for o in second["options"]] == [100, 0]
    assert right(second) == ["True"]
    assert second["text"] == (
        'Moodle\'s abilities include handling user input that includes <html class="cool"> & images:'
    )
    for question, line in ((first, 1), (second, 8)):
        assert question["type"] == "single"
        assert question["text_format"] == "plain"
        assert (question["title"], question["category"], question["feedback"]) == (None, None, None)
        assert (question["difficulty"], question["points"], question["line"]) == (1, 1, line)
        assert {o["feedback"] for o in question["options"]} == {None}


def test_moodle_errors_file_two_good_questions_and_errors_on_lines_3_5_7_18():
    result = read("moodle-aiken-errors.aiken.txt")
    assert [(q["text"], q["line"], right(q)) for q in result.questions] == [
        ("A good question", 9, ["Correct"]),
        ("A second good question", 18, ["Correct (No space)"]),
    ]
    assert [o["text"] for o in result.questions[1]["options"]] == ["Incorrect (No space)", "Correct (No space)"]
    assert [p.line for p in result.errors] == [3, 5, 7, 18]
    messages = [p.message % p.params for p in result.errors]
    assert "至少需要两个选项" in messages[0]
    assert "没有题目" in messages[1] and "没有题目" in messages[2]
    assert "第 14 行的题目还没有 ANSWER 行" in messages[3]


def test_option_forms_with_dot_parenthesis_and_no_space():
    result = parse_aiken("Which?\nA. one\nB)two\nC.three\nANSWER: C\n")
    assert result.errors == []
    assert [(o["text"], o["weight"]) for o in result.questions[0]["options"]] == [
        ("one", 0),
        ("two", 0),
        ("three", 100),
    ]


def test_crlf_bom_and_blank_lines_between_parts():
    result = parse_aiken("\ufeffQ1\r\n\r\nA) x\r\nB) y\r\n\r\nANSWER: A\r\n\r\nQ2\r\nA) x\r\nB) y\r\nANSWER: B")
    assert result.errors == []
    assert [(q["text"], q["line"], right(q)) for q in result.questions] == [("Q1", 1, ["x"]), ("Q2", 8, ["y"])]


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("Q\nA) x\nB) y\nANSWER: C", 4, "“C”不对应任何选项"),
        ("Q\nA) x\nB) y\nANSWER:", 4, "不对应任何选项"),
        ("Q\nA) x\nB) y\nANSWER: b", 4, "不对应任何选项"),
        ("Q\nA) x\nANSWER: A", 3, "至少需要两个选项"),
        ("Q\nANSWER: A", 2, "至少需要两个选项"),
        ("A) x\nB) y\nANSWER: A", 1, "没有题目"),
        ("Q\nA) x\nA) y\nANSWER: A", 3, "字母 A 重复"),
        ("Q\nA) x\nB)\nANSWER: A", 3, "选项 B 是空的"),
        ("Q\nA) x\nB) y", 1, "缺少 ANSWER"),
    ],
)
def test_broken_input_is_reported_on_its_line(text, line, fragment):
    result = parse_aiken("Good\nA) a\nB) b\nANSWER: A\n\n" + text + "\n")
    assert [q["text"] for q in result.questions] == ["Good"]
    assert fragment in " ".join(p.message % p.params for p in result.errors)
    assert result.errors[0].line == line + 5


def test_question_text_over_two_lines_is_reported_like_moodle():
    result = parse_aiken("Line one\nline two\nA) x\nB) y\nANSWER: A\n")
    assert [p.line for p in result.errors] == [2]
    assert [q["text"] for q in result.questions] == ["line two"]
