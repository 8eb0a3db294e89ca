"""Write a bank's questions in Moodle's GIFT format, as lms.domain.gift reads them back.

Single choice is written with ``=`` for the right option (Moodle then reads single choice),
multiple choice with a ``~%weight%`` on every option. GIFT has no place for points, difficulty,
a penalty or case-sensitive answers: those are left out. Feedback and explanation go together
into the general feedback (``####``), which comes back as feedback. Ordering questions have no
GIFT form and are left out with a note; scenario questions become essays (``{}``), with a note.
"""

from lms.domain import N_
from lms.domain.gift import BLANK
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

#: GIFT's special characters, each written with a backslash before it (the backslash first).
SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """A text with GIFT's special characters escaped and line breaks written as \\n."""
    for char in SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _weighted(marker: str, text: str, weight: float, default: float, feedback: str | None, raw: bool = False) -> str:
    """``=text`` or ``~%50%text``, then ``#feedback`` when there is one (``raw``: the text is GIFT syntax already)."""
    shown = "" if weight == default and not text.startswith("%") else f"%{number(weight)}%"
    return f"{marker}{shown}{text if raw else escape(text)}" + (f"#{escape(feedback)}" if feedback else "")


def _choice(question: dict) -> str:
    single = question["type"] == "single"
    return " ".join(
        _weighted("=", text, weight, 100, feedback)
        if single and weight == 100
        else _weighted("~", text, weight, 0, feedback)
        for text, weight, feedback in options(question)
    )


def _fill(question: dict) -> str:
    return " ".join(_weighted("=", text, weight, 100, feedback) for text, weight, feedback in fill_answers(question))


def _truefalse(question: dict) -> str:
    feedback = [question.get("feedback_wrong"), question.get("feedback_right")]
    tail = "".join(f"#{escape(text or '')}" for text in feedback) if any(feedback) else ""
    return ("TRUE" if question["answer"] else "FALSE") + tail


def _numerical(question: dict) -> str:
    entries = " ".join(
        _weighted("=", f"{number(answer)}:{number(tolerance)}", weight, 100, feedback, raw=True)
        for answer, tolerance, weight, feedback in numbers(question)
    )
    wrong = question.get("feedback_wrong")
    return "#" + entries + (f" ~#{escape(wrong)}" if wrong else "")


def _matching(question: dict) -> str:
    pairs = [f"={escape(pair['left'])} -> {escape(pair['right'])}" for pair in question["pairs"]]
    return " ".join(pairs + [f"= -> {escape(right)}" for right in question.get("distractors", [])])


BLOCKS = {
    "single": _choice,
    "multiple": _choice,
    "fill": _fill,
    "truefalse": _truefalse,
    "numerical": _numerical,
    "matching": _matching,
    "scenario": lambda _question: "",
}


def _question(question: dict) -> str:
    """One question: ``::title::[format]text{answers}``, the block in the blank of a fill question."""
    fmt = question.get("text_format", "plain")
    text = question["text"]
    marker = f"[{fmt}]" if fmt != "plain" or text.startswith("[") else ""
    block = BLOCKS[question["type"]](question)
    feedback = general_feedback(question)
    if feedback:
        block += f" ####{escape(feedback)}"
    title = f"::{escape(question.get('title') or question['id'])}::"
    before, blank, after = text.partition(BLANK)
    if question["type"] == "fill" and blank and after.strip():
        return f"{title}{marker}{escape(before)}{{{block}}}{escape(after)}"
    return f"{title}{marker}{escape(text)}{{{block}}}"


def write_gift(questions) -> Export:
    """The questions as a GIFT file, a ``$CATEGORY:`` line before each change of category."""
    export = Export("")
    export.notes = [(q["id"], N_("GIFT 没有排序题，这道题没有导出。")) for q in questions if q["type"] not in BLOCKS]
    chunks = []
    for category, question in categories([q for q in questions if q["type"] in BLOCKS]):
        if question["type"] == "scenario":
            export.notes.append((question["id"], SCENARIO_AS_ESSAY))
        if category is not None:
            chunks.append(f"$CATEGORY: {escape(category)}")
        chunks.append(_question(question))
    export.text = "\n\n".join(chunks) + "\n"
    return export
