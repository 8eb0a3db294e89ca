"""Write a bank's questions as Moodle XML (question/format/xml), as lms.domain.moodle_xml reads them back.

Every type of ours has a Moodle type: single/multiple → multichoice, truefalse, fill → shortanswer,
numerical (a range becomes its middle and a tolerance), matching (distractors as subquestions
without text), ordering → ordering (standard in Moodle since 4.4, graded by absolute position
like ours), scenario → essay with the rubric and model answer as the grader's information (Moodle
grades it by hand; our reader skips essays, so it does not come back). The difficulty travels as a
``difficulty:N`` tag; our feedback and explanation
go together into Moodle's general feedback (and come back as feedback).
"""

from xml.sax.saxutils import escape, quoteattr

from lms.domain.moodle_xml import DIFFICULTY_TAG, FORMATS
from lms.domain.question_export import (
    SCENARIO_AS_ESSAY,
    Export,
    categories,
    fill_answers,
    general_feedback,
    number,
    numbers,
    options,
)

MOODLE_FORMATS = {ours: theirs for theirs, ours in FORMATS.items()}


def _text(tag: str, text: str, fmt: str | None = None, indent: str = "    ") -> str:
    """``<tag format="…"><text>…</text></tag>`` (no format attribute when ``fmt`` is None)."""
    attribute = f" format={quoteattr(MOODLE_FORMATS[fmt])}" if fmt else ""
    return f"{indent}<{tag}{attribute}><text>{escape(text)}</text></{tag}>"


def _answer(fraction: float, text: str, fmt: str, feedback: str | None, extra: str = "") -> str:
    """One ``<answer>`` with its fraction (percent), text, optional extra elements and feedback."""
    lines = [f"    <answer fraction={quoteattr(number(fraction))} format={quoteattr(MOODLE_FORMATS[fmt])}>"]
    lines.append(f"      <text>{escape(text)}</text>")
    lines += [extra] if extra else []
    lines += [_text("feedback", feedback, fmt, "      ")] if feedback else []
    return "\n".join(lines + ["    </answer>"])


def _value(tag: str, value: str) -> str:
    return f"    <{tag}>{escape(value)}</{tag}>"


def _multichoice(question: dict, fmt: str) -> list[str]:
    single = "true" if question["type"] == "single" else "false"
    return [_value("single", single), _value("shuffleanswers", "true"), _value("answernumbering", "abc")] + [
        _answer(weight, text, fmt, feedback) for text, weight, feedback in options(question)
    ]


def _truefalse(question: dict, fmt: str) -> list[str]:
    right, wrong = question.get("feedback_right"), question.get("feedback_wrong")
    return [
        _answer(100 if value == question["answer"] else 0, str(value).lower(), "moodle", feedback)
        for value, feedback in (
            (True, right if question["answer"] else wrong),
            (False, wrong if question["answer"] else right),
        )
    ]


def _shortanswer(question: dict, fmt: str) -> list[str]:
    usecase = "1" if question.get("case_sensitive") else "0"
    return [_value("usecase", usecase)] + [
        _answer(weight, text, "moodle", feedback) for text, weight, feedback in fill_answers(question)
    ]


def _numerical(question: dict, fmt: str) -> list[str]:
    lines = [
        _answer(
            weight,
            number(answer),
            "moodle",
            feedback,
            _value("tolerance", number(tolerance)).replace("    ", "      ", 1),
        )
        for answer, tolerance, weight, feedback in numbers(question)
    ]
    if question.get("feedback_wrong"):
        lines.append(_answer(0, "*", "moodle", question["feedback_wrong"]))
    return lines + [_value("unitgradingtype", "0"), _value("unitpenalty", "0.1000000"), _value("showunits", "3")]


def _matching(question: dict, fmt: str) -> list[str]:
    rows = [(pair["left"], pair["right"]) for pair in question["pairs"]]
    rows += [("", right) for right in question.get("distractors", [])]
    return [_value("shuffleanswers", "true")] + [
        f"    <subquestion format={quoteattr(MOODLE_FORMATS[fmt])}>\n      <text>{escape(left)}</text>\n"
        f"      <answer><text>{escape(right)}</text></answer>\n    </subquestion>"
        for left, right in rows
    ]


def _ordering(question: dict, fmt: str) -> list[str]:
    settings = [("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", "0")]
    settings += [("gradingtype", "ABSOLUTE_POSITION"), ("showgrading", "SHOW"), ("numberingstyle", "none")]
    return [_value(tag, value) for tag, value in settings] + [
        _answer(place, item, fmt, None) for place, item in enumerate(question["items"], start=1)
    ]


def _essay(question: dict, fmt: str) -> list[str]:
    rubric = "".join(
        f"<li>{escape(idea['idea'])}（{idea['points']}分）：{escape('、'.join(idea['keywords']))}</li>"
        for idea in question["rubric"]
    )
    info = f"<p>参考答案：{escape(question['model_answer'])}</p><ul>{rubric}</ul>"
    return [
        _value("responseformat", "editor"),
        _value("responserequired", "1"),
        _value("responsefieldlines", "10"),
        _value("attachments", "0"),
        f'    <graderinfo format="html"><text>{escape(info)}</text></graderinfo>',
    ]


WRITERS = {
    "single": ("multichoice", _multichoice),
    "multiple": ("multichoice", _multichoice),
    "truefalse": ("truefalse", _truefalse),
    "fill": ("shortanswer", _shortanswer),
    "numerical": ("numerical", _numerical),
    "matching": ("matching", _matching),
    "ordering": ("ordering", _ordering),
    "scenario": ("essay", _essay),
}


def _question(question: dict) -> str:
    kind, writer = WRITERS[question["type"]]
    fmt = question.get("text_format", "plain")
    lines = [f"  <!-- question: {escape(question['id'])} -->", f"  <question type={quoteattr(kind)}>"]
    lines.append(_text("name", question.get("title") or question["id"]))
    lines.append(_text("questiontext", question["text"], fmt))
    feedback = general_feedback(question)
    if feedback:
        lines.append(_text("generalfeedback", feedback, fmt))
    lines.append(_value("defaultgrade", number(question.get("points", 1))))
    if "penalty" in question:
        lines.append(_value("penalty", number(question["penalty"])))
    lines.append(_value("hidden", "0"))
    lines += writer(question, fmt)
    lines.append(f"    <tags><tag><text>{DIFFICULTY_TAG}{question['difficulty']}</text></tag></tags>")
    return "\n".join(lines + ["  </question>"])


def _category(path: str) -> str:
    return f'  <question type="category">\n    <category><text>{escape(path)}</text></category>\n  </question>'


def write_moodle_xml(questions) -> Export:
    """The questions as a Moodle XML file, a category element before each change of category."""
    export = Export("")
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    for category, question in categories(questions):
        if question["type"] == "scenario":
            export.notes.append((question["id"], SCENARIO_AS_ESSAY))
        if category is not None:
            parts.append(_category(category))
        parts.append(_question(question))
    export.text = "\n".join(parts + ["</quiz>", ""])
    return export
