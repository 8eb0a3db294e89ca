"""Read the Aiken format (one-line question, lettered options, ANSWER: X) into our question dicts.

Follows Moodle's importer (question/format/aiken/format.php) and reports the same problems on
the same lines: too few options, an option or ANSWER line with no question, a question left
without its ANSWER line when the next one starts. Texts are kept as written (plain text), so
HTML in them is shown as text.
"""

import re
from dataclasses import dataclass, field

from lms.domain import N_, Problem
from lms.domain.gift import ImportResult

OPTION = re.compile(r"^([A-Z])[).][ \t]*(.*)$")
ANSWER = "ANSWER:"


@dataclass
class _Draft:
    """A question read up to its ANSWER line: its line, its text and its options (letter, text, line)."""

    line: int
    text: str
    options: list[tuple[str, str, int]] = field(default_factory=list)


def parse_aiken(text: str) -> ImportResult:
    """Read every question of an Aiken file; report every problem with its line."""
    questions: list[dict] = []
    errors: list[Problem] = []
    current: _Draft | None = None
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        option = OPTION.match(line)
        if option or line.startswith(ANSWER):
            if current is None:
                errors.append(Problem(number, N_("选项或 ANSWER 行前面没有题目。")))
            elif option:
                current.options.append((option.group(1), option.group(2).strip(), number))
            else:
                finished = _finish(current, line[len(ANSWER) :].strip(), number)
                if isinstance(finished, Problem):
                    errors.append(finished)
                else:
                    questions.append(finished)
                current = None
        else:
            if current is not None:
                errors.append(
                    Problem(
                        number,
                        N_("第 %(other)s 行的题目还没有 ANSWER 行，这里就开始了新题。"),
                        {"other": current.line},
                    )
                )
            current = _Draft(number, line)
    if current is not None:
        errors.append(Problem(current.line, N_("题目缺少 ANSWER 行。")))
    return ImportResult(questions, [], errors)


def _finish(current: _Draft, answer: str, line: int) -> dict | Problem:
    """Complete a question at its ANSWER line: the question dict, or the problem that stops it."""
    options = current.options
    if len(options) < 2:
        return Problem(line, N_("题目至少需要两个选项。"))
    letters = []
    for letter, text, at in options:
        if not text:
            return Problem(at, N_("选项 %(letter)s 是空的。"), {"letter": letter})
        if letter in letters:
            return Problem(at, N_("选项字母 %(letter)s 重复。"), {"letter": letter})
        letters.append(letter)
    letter = answer[:1]
    if letter not in letters:
        return Problem(line, N_("ANSWER 的字母“%(letter)s”不对应任何选项。"), {"letter": answer})
    return {
        "type": "single",
        "title": None,
        "text": current.text,
        "text_format": "plain",
        "category": None,
        "difficulty": 1,
        "points": 1,
        "feedback": None,
        "options": [
            {"text": text, "weight": 100 if label == letter else 0, "feedback": None} for label, text, _ in options
        ],
        "line": current.line,
    }
