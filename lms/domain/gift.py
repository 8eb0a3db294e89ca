"""Read Moodle's GIFT question format into our question dicts (question_banks/FORMAT.md).

Follows Moodle's importer (question/format/gift/format.php): blank lines separate questions, //
starts a comment line, ``$CATEGORY:`` sets the category of the questions after it, ``::title::``
names a question, ``{…}`` holds its answers. Essays and descriptions are skipped (nothing grades
them); where Moodle silently guesses (unknown escape, answer without = or ~, a second {…}), this
reader reports the line instead.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from lms.domain import N_, Problem

BLANK = "____"
FORMATS = ("html", "markdown", "moodle", "plain")
#: Escaped characters become private-use placeholders while parsing, and come back at the end.
ESCAPES = {
    "\\": "\ue000",
    ":": "\ue001",
    "#": "\ue002",
    "=": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    "~": "\ue006",
    "n": "\ue007",
}
UNESCAPE = {ord(mark): ("\n" if char == "n" else char) for char, mark in ESCAPES.items()}
KNOWN_ESCAPES = r"\~ \= \# \{ \} \: \\ \n"
ESCAPE = re.compile(r"\\(.?)")
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


@dataclass(frozen=True)
class ImportResult:
    """What an import read: the questions, the questions skipped, and the errors."""

    questions: list[dict]
    skipped: list[Problem]
    errors: list[Problem]


class GiftError(Exception):
    """A malformed question, raised with the problem to report."""

    def __init__(self, line: int, message: str, **params) -> None:
        super().__init__(message)
        self.problem = Problem(line, message, params)


def parse_gift(text: str) -> ImportResult:
    """Read every question of a GIFT file; report skipped questions and errors by line."""
    questions: list[dict] = []
    skipped: list[Problem] = []
    errors: list[Problem] = []
    category: str | None = None
    for first, lines in _chunks(text):
        body, problems = _escape(lines, first)
        if problems:
            errors.extend(problems)
            continue
        try:
            read = _read(first, body, category)
        except GiftError as exc:
            errors.append(exc.problem)
            continue
        if isinstance(read, Problem):
            skipped.append(read)
        elif isinstance(read, dict):
            questions.append(read)
        else:
            category = read
    return ImportResult(questions, skipped, errors)


def _chunks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line number, lines) per blank-line separated chunk; comment lines blanked."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    chunk: list[str] = []
    first = 0
    for number, raw in enumerate(lines + [""], start=1):
        line = raw.strip()
        if not line:
            if chunk:
                yield first, chunk
            chunk = []
        elif line.startswith("//"):
            if chunk:
                chunk.append("")
        else:
            if not chunk:
                first = number
            chunk.append(line)


def _escape(lines: list[str], first: int) -> tuple[str, list[Problem]]:
    """Join a chunk's lines with escapes replaced by placeholders; unknown escapes are problems."""
    problems: list[Problem] = []

    def swap(match: re.Match[str], number: int) -> str:
        """The placeholder of one escape, or the escape itself after noting the problem."""
        if match.group(1) in ESCAPES:
            return ESCAPES[match.group(1)]
        problems.append(
            Problem(
                number,
                N_("不认识的转义“%(escape)s”；可用的转义有 %(known)s。"),
                {"escape": match.group(0), "known": KNOWN_ESCAPES},
            )
        )
        return match.group(0)

    out = [ESCAPE.sub(partial(swap, number=number), line) for number, line in enumerate(lines, first)]
    return "\n".join(out).rstrip(), problems


def _unescape(text: str) -> str:
    """Put the escaped characters back in place of their placeholders."""
    return text.translate(UNESCAPE)


def _read(first: int, text: str, category: str | None) -> str | None | Problem | dict:
    """Read one chunk: a category name (None for no category), a problem (skipped) or a question dict."""
    if text.startswith("$CATEGORY:"):
        name = _unescape(text[len("$CATEGORY:") :]).strip()
        if "\n" in name:
            raise GiftError(first, N_("$CATEGORY: 这一行之后要空一行再写题目。"))
        return name or None

    def line_at(index: int) -> int:
        """The file line of an index into ``text``."""
        return first + text.count("\n", 0, index)

    title, start = None, 0
    if text.startswith("::"):
        end = text.find("::", 2)
        title, start = (None, 2) if end < 0 else (_unescape(text[2:end]).strip() or None, end + 2)
    opening, closing = text.find("{", start), text.find("}", start)
    if opening < 0 and closing < 0:
        return Problem(first, N_("只有文字、没有 {…} 答案的说明，已跳过。"))
    if closing < 0:
        raise GiftError(line_at(opening), N_("{ 没有对应的 }。"))
    if opening < 0 or closing < opening:
        raise GiftError(line_at(closing), N_("} 没有对应的 {。"))
    extra = [index for index in range(opening + 1, len(text)) if text[index] in "{}" and index != closing]
    if extra:
        raise GiftError(
            line_at(extra[0]),
            N_("多余的 %(brace)s：每道题只能有一个 {…} 答案块，括号本身请写成 \\%(brace)s。"),
            brace=text[extra[0]],
        )
    after = text[closing + 1 :]
    stem = text[start:opening] + (BLANK + after if after.strip() else "")
    text_format, stem = _format(stem)
    block, block_line = text[opening + 1 : closing], line_at(opening)
    cut = block.rfind("####")
    block, feedback = (block, None) if cut < 0 else (block[:cut], _plain(block[cut + 4 :]))
    if not block.strip():
        return Problem(first, N_("问答题（{}）不能自动评分，已跳过。"))
    if not stem:
        raise GiftError(first, N_("题目没有文字。"))
    question = {
        "type": None,
        "title": title,
        "text": stem,
        "text_format": text_format,
        "category": category,
        "difficulty": 1,
        "points": 1,
        "feedback": feedback,
    }
    question.update(_answers(block, block_line))
    question["line"] = first
    return question


def _answers(block: str, line: int) -> dict:
    """The type and answer fields of an answer block, decided in Moodle's order."""
    answers = block.strip()
    if answers.startswith("#"):
        return _numerical(block, line)
    if "~" in answers:
        return _choice(block, line)
    if "=" in answers and "->" in answers:
        return _matching(block, line)
    if answers.split("#", 1)[0].strip() in TRUE_FALSE:
        return _true_false(answers)
    return _fill(block, line)


def _format(text: str) -> tuple[str, str]:
    """Split a leading [html]/[markdown]/[moodle]/[plain] marker off a text: (format, plain text)."""
    text = text.strip()
    if text.startswith("["):
        name = text[1 : text.find("]")] if "]" in text else ""
        if name in FORMATS:
            return name, _unescape(text[len(name) + 2 :]).strip()
    return "plain", _unescape(text).strip()


def _plain(text: str) -> str | None:
    """An answer or feedback text without its format marker; None if empty."""
    return _format(text)[1] or None


def _pieces(block: str, line: int, markers: str) -> tuple[tuple[str, int], list[tuple[str, str, int]]]:
    """Split a block at each marker: ((text before any marker, its line), [(marker, text, line)])."""
    cuts = [index for index, char in enumerate(block) if char in markers] + [len(block)]
    lead = block[: cuts[0]]
    lead_line = line + lead[: len(lead) - len(lead.lstrip())].count("\n")
    pieces = [
        (block[cut], block[cut + 1 : end].strip(), line + block.count("\n", 0, cut))
        for cut, end in zip(cuts, cuts[1:], strict=False)
    ]
    return (lead.strip(), lead_line), pieces


def _no_lead(lead: tuple[str, int]) -> None:
    """Report text standing before the first = or ~ of a block."""
    if lead[0]:
        raise GiftError(lead[1], N_("“%(text)s”前面应有 = 或 ~。"), text=_unescape(lead[0]))


def _answer(body: str, line: int, weight: int | float) -> dict:
    """One answer: its text, weight (an optional %n% overrides the default) and feedback."""
    if body.startswith("%"):
        match = WEIGHT.match(body)
        if not match:
            raise GiftError(line, N_("权重写法不对：“%(text)s”，应写成百分数，如 %%50%%。"), text=_unescape(body))
        number = float(match.group(1))
        if not -100 <= number <= 100:
            raise GiftError(line, N_("权重 %(weight)s%% 超出了 -100%% 到 100%% 的范围。"), weight=match.group(1))
        weight, body = (int(number) if number.is_integer() else number), body[match.end() :]
    text, _, feedback = body.partition("#")
    text = _format(text)[1]
    if not text:
        raise GiftError(line, N_("答案为空。"))
    return {"text": text, "weight": weight, "feedback": _plain(feedback)}


def _choice(block: str, line: int) -> dict:
    """A multiple choice block: single if exactly one option scores 100 and none is negative."""
    lead, pieces = _pieces(block, line, "~=")
    _no_lead(lead)
    if len(pieces) < 2:
        raise GiftError(line, N_("选择题至少需要两个选项。"))
    options = [_answer(body, at, 100 if marker == "=" else 0) for marker, body, at in pieces]
    weights = [option["weight"] for option in options]
    positive = [weight for weight in weights if weight > 0]
    if not positive:
        raise GiftError(line, N_("没有得分的答案。"))
    has_equals = any(marker == "=" for marker, _, _ in pieces)
    single = min(weights) >= 0 and weights.count(100) == 1 and (len(positive) == 1 or has_equals)
    return {"type": "single" if single else "multiple", "options": options}


def _fill(block: str, line: int) -> dict:
    """A short answer block: every answer after an = sign, weight 100 unless %n% says otherwise."""
    lead, pieces = _pieces(block, line, "=")
    _no_lead(lead)
    answers = [_answer(body, at, 100) for _, body, at in pieces]
    if not any(answer["weight"] > 0 for answer in answers):
        raise GiftError(line, N_("没有得分的答案。"))
    return {"type": "fill", "answers": answers}


def _true_false(answers: str) -> dict:
    """A true/false block: T, TRUE, F or FALSE, then #feedback if wrong and #feedback if right."""
    bits = answers.split("#", 2) + ["", ""]
    return {
        "type": "truefalse",
        "answer": TRUE_FALSE[bits[0].strip()],
        "feedback_wrong": _plain(bits[1]),
        "feedback_right": _plain(bits[2]),
    }


def _matching(block: str, line: int) -> dict:
    """A matching block: =left -> right pairs; an empty left makes the right a distractor."""
    lead, pieces = _pieces(block, line, "=")
    _no_lead(lead)
    pairs, distractors = [], []
    for _, body, at in pieces:
        if "->" not in body:
            raise GiftError(at, N_("配对项缺少 ->：“%(text)s”。"), text=_unescape(body))
        left, right = body.split("->", 1)
        left, right = _format(left)[1], _unescape(right).strip()
        if not right:
            raise GiftError(at, N_("配对项 -> 的右边为空。"))
        if left:
            pairs.append({"left": left, "right": right})
        else:
            distractors.append(right)
    if len(pairs) < 2:
        raise GiftError(line, N_("配对题至少需要两对。"))
    return {"type": "matching", "pairs": pairs, "distractors": distractors}


def _numerical(block: str, line: int) -> dict:
    """A numerical block: #answer:tolerance or #low..high entries, then ~#feedback for wrong answers."""
    hash_at = block.index("#")
    body, line = block[hash_at + 1 :], line + block.count("\n", 0, hash_at)
    body, _, wrong = body.partition("~")
    lead, pieces = _pieces(body, line, "=")
    if lead[0]:
        pieces.insert(0, ("=", lead[0], lead[1]))
    if not pieces:
        raise GiftError(line, N_("数值题没有答案。"))
    answers = []
    for _, text, at in pieces:
        answer = _answer(text, at, 100)
        answers.append({**_number_entry(answer.pop("text"), at), **answer})
    return {"type": "numerical", "answers": answers, "feedback_wrong": _plain(wrong.partition("#")[2])}


def _number_entry(text: str, line: int) -> dict:
    """Read "3", "3:2" (answer and tolerance) or "1..5" (a range)."""
    if text.find("..") > 0:
        low, high = (_number(part, line) for part in text.split("..", 1))
        if low > high:
            raise GiftError(line, N_("范围 %(text)s 的下限大于上限。"), text=text)
        return {"range": [low, high]}
    if text.find(":") > 0:
        answer, tolerance = (_number(part, line) for part in text.split(":", 1))
        if tolerance < 0:
            raise GiftError(line, N_("误差范围 %(text)s 不能是负数。"), text=text)
        return {"answer": answer, "tolerance": tolerance}
    return {"answer": _number(text, line), "tolerance": 0.0}


def _number(text: str, line: int) -> float:
    """A number written in the file, or the problem of a text that is not one."""
    if not NUMBER.match(text.strip()):
        raise GiftError(line, N_("“%(value)s”不是数字。"), value=text.strip())
    return float(text)
