"""Read the Aiken format (one-line question, lettered options, ANSWER: X) into our question dicts.

Follows Moodle's importer (question/format/aiken/format.php) and reports the same problems on
the same lines: too few options, an option or ANSWER line with no question, a question left
without its ANSWER line when the next one starts. Texts are kept as written (plain text), so
HTML in them is shown as text.
"""

import re

from lms.domain import N_, Problem
from lms.domain.gift import ImportResult

OPTION = re.compile(r"^([A-Z])[).][ \t]*(.*)$")
ANSWER = "ANSWER:"


def parse_aiken(text: str) -> ImportResult:
    """Read every question of an Aiken file; report every problem with its line."""
    questions, errors = [], []
    current = None
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        option = OPTION.match(line)
        if (option or line.startswith(ANSWER)) and current is None:
            errors.append(Problem(number, N_("选项或 ANSWER 行前面没有题目。")))
        elif option:
            current["options"].append((option.group(1), option.group(2).strip(), number))
        elif line.startswith(ANSWER):
            question, problem = _finish(current, line[len(ANSWER) :].strip(), number)
            if problem:
                errors.append(problem)
            else:
                questions.append(question)
            current = None
        else:
            if current is not None:
                errors.append(
                    Problem(
                        number,
                        N_("第 %(other)s 行的题目还没有 ANSWER 行，这里就开始了新题。"),
                        {"other": current["line"]},
                    )
                )
            current = {"line": number, "text": line, "options": []}
    if current is not None:
        errors.append(Problem(current["line"], N_("题目缺少 ANSWER 行。")))
    return ImportResult(questions, [], errors)


def _finish(current: dict, answer: str, line: int) -> tuple[dict | None, Problem | None]:
    """Complete a question at its ANSWER line: (question, None) or (None, problem)."""
    options = current["options"]
    if len(options) < 2:
        return None, Problem(line, N_("题目至少需要两个选项。"))
    letters = []
    for letter, text, at in options:
        if not text:
            return None, Problem(at, N_("选项 %(letter)s 是空的。"), {"letter": letter})
        if letter in letters:
            return None, Problem(at, N_("选项字母 %(letter)s 重复。"), {"letter": letter})
        letters.append(letter)
    letter = answer[:1]
    if letter not in letters:
        return None, Problem(line, N_("ANSWER 的字母“%(letter)s”不对应任何选项。"), {"letter": answer})
    return {
        "type": "single",
        "title": None,
        "text": current["text"],
        "text_format": "plain",
        "category": None,
        "difficulty": 1,
        "points": 1,
        "feedback": None,
        "options": [
            {"text": text, "weight": 100 if label == letter else 0, "feedback": None} for label, text, _ in options
        ],
        "line": current["line"],
    }, None
