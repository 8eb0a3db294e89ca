"""Read Moodle's GIFT question format into our question dicts (question_banks/FORMAT.md).

Follows Moodle's importer (question/format/gift/format.php) and what Moodle then saves: blank lines
(or a line holding only ``0``, which PHP counts as empty) separate questions, // starts a comment line,
``$CATEGORY:`` sets the category of the questions after it, ``::title::`` names a question, ``{…}``
holds its answers. As in Moodle: any ``=`` in a choice block makes it single choice (each ``=`` option
full marks, ``~%n%`` partial or negative), none makes it multiple choice whose positive weights add up
to 100%; an unknown escape keeps its backslash; a block without ``=`` or ``~`` is a short answer
unless it is exactly T, TRUE, F or FALSE; empty options are dropped; text after the first ``}`` (a
second ``{…}`` too) stays question text. Essays and descriptions are skipped (nothing grades them).
Where Moodle's reading is a trap (``{#abc}`` read as "any number", ``%abc%`` read as option text, a
``$CATEGORY:`` line swallowing the question under it, a ``{`` inside an answer block), the line is
reported with what the writer probably meant. A question without text takes its title as text.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lms.domain import N_, Problem, control_characters
from lms.domain.question_export import category_name
from lms.domain.rendering import text_only

BLANK = "____"
FORMATS = ("html", "markdown", "moodle", "plain")
#: What PHP's trim() removes (not U+3000 or other Unicode spaces, unlike str.strip()).
PHP_SPACE = " \t\n\r\0\x0b"
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
#: A backslash and the character after it; an unknown escape stays as written, as in Moodle.
ESCAPE = re.compile(r"\\(.)")
#: Moodle's weight pattern (``%-50%``, ``%33.3%``); a ``%`` it does not match is reported.
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
CATEGORY = "$CATEGORY:"


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
    control = control_characters.problem(text)
    if control:
        return ImportResult([], [], [control])
    questions: list[dict] = []
    skipped: list[Problem] = []
    errors: list[Problem] = []
    category: str | None = None
    for first, lines in _chunks(text):
        try:
            read = _read(first, _escape(lines), category)
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
    """Yield (first line number, lines) per chunk; a blank line or a line of only ``0`` ends one, comments blanked."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    chunk: list[str] = []
    first = 0
    for number, raw in enumerate(lines + [""], start=1):
        line = raw.strip(PHP_SPACE)
        if line in ("", "0"):
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


def _placeholder(match: re.Match[str]) -> str:
    """The placeholder of a known escape; an unknown one stays a backslash and its character."""
    return ESCAPES.get(match.group(1), match.group(0))


def _escape(lines: list[str]) -> str:
    """Join a chunk's lines with escapes replaced by placeholders."""
    return "\n".join(ESCAPE.sub(_placeholder, line) for line in lines).strip(PHP_SPACE)


def _unescape(text: str) -> str:
    """Put the escaped characters back in place of their placeholders."""
    return text.translate(UNESCAPE)


def _read(first: int, text: str, category: str | None) -> str | None | Problem | dict:
    """Read one chunk: a category name (None for no category), a problem (skipped) or a question dict."""
    if text.startswith(CATEGORY):
        name, newline, rest = _unescape(text[len(CATEGORY) :]).strip(PHP_SPACE).partition("\n")
        if newline:
            raise GiftError(
                first + 1,
                N_(
                    "这一行紧跟在第 %(category_line)s 行的 $CATEGORY: 之后：Moodle 会把它当成分类名的一部分，这道题就丢了。"
                    "请在 $CATEGORY: 行后空一行再写题目。"
                ),
                category_line=first,
            )
        return category_name(name.strip(PHP_SPACE))

    def line_at(index: int) -> int:
        """The file line of an index into ``text``."""
        return first + text.count("\n", 0, index)

    title, start = None, 0
    if text.startswith("::"):
        end = text.find("::", 2)
        title, start = (None, 2) if end < 0 else (_title(text[2:end]), end + 2)
    opening, closing = text.find("{", start), text.find("}", start)
    if opening < 0 and closing < 0:
        return Problem(first, N_("只有文字、没有 {…} 答案的说明，已跳过。"))
    if closing < 0:
        raise GiftError(line_at(opening), N_("{ 没有对应的 }。"))
    if opening < 0 or closing < opening:
        raise GiftError(line_at(closing), N_("} 没有对应的 {。"))
    inner = text.find("{", opening + 1, closing)
    if inner >= 0:
        raise GiftError(
            line_at(inner),
            N_("答案块里又有一个 {：Moodle 会把它读成答案文字的一部分。文字里的括号请写成 \\{ 和 \\}。"),
        )
    before, after = text[start:opening], text[closing + 1 :]
    stem = before + after if text.endswith("}") else before + BLANK + after
    text_format, stem = _format(stem)
    block, block_line = text[opening + 1 : closing], line_at(opening)
    cut = block.rfind("####")
    block, feedback = (block, None) if cut < 0 else (block[:cut], _plain(block[cut + 4 :]))
    if not block.strip(PHP_SPACE):
        return Problem(first, N_("问答题（{}）不能自动评分，已跳过。"))
    if not stem:
        if title is None:
            raise GiftError(first, N_("题目既没有文字，也没有 ::标题::。"))
        stem = title
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


def _title(raw: str) -> str | None:
    """A question's title as plain text: escapes undone, tags dropped (their text kept), entities read."""
    return text_only(_unescape(raw)) or None


def _answers(block: str, line: int) -> dict:
    """The type and answer fields of an answer block, decided in Moodle's order."""
    answers = block.strip(PHP_SPACE)
    if answers.startswith("#"):
        return _numerical(block, line)
    if "~" in answers:
        return _choice(block, line)
    if "=" in answers and "->" in answers:
        return _matching(block, line)
    if (answers.split("#", 1)[0].strip(PHP_SPACE) if answers.find("#") > 0 else answers) in TRUE_FALSE:
        return _true_false(answers)
    return _fill(block, line)


def _format(text: str) -> tuple[str, str]:
    """Split a leading [html]/[markdown]/[moodle]/[plain] marker off a text: (format, plain text)."""
    text = text.strip(PHP_SPACE)
    if text.startswith("["):
        name = text[1 : text.find("]")] if "]" in text else ""
        if name in FORMATS:
            return name, _unescape(text[len(name) + 2 :]).strip(PHP_SPACE)
    return "plain", _unescape(text).strip(PHP_SPACE)


def _plain(text: str) -> str | None:
    """An answer or feedback text without its format marker; None if empty."""
    return _format(text)[1] or None


def _pieces(block: str, line: int, markers: str) -> list[tuple[str, str, int]]:
    """Split a block at each marker: [(marker, text, line)], text before the first marker with marker "" if any.

    One pass over the block, counting lines as it goes (linear in the block's length).
    """
    pieces: list[tuple[str, str, int]] = []
    marker, begin, at, current = "", 0, line, line
    for index, char in enumerate(block):
        if char == "\n":
            current += 1
        elif char in markers:
            pieces.append((marker, block[begin:index], at))
            marker, begin, at = char, index + 1, current
    pieces.append((marker, block[begin:], at))
    lead_marker, lead, lead_at = pieces[0]
    kept = lead.strip(PHP_SPACE)
    lead_line = lead_at + lead[: len(lead) - len(lead.lstrip(PHP_SPACE))].count("\n")
    rest = [(mark, body.strip(PHP_SPACE), where) for mark, body, where in pieces[1:]]
    return ([(lead_marker, kept, lead_line)] if kept else []) + rest


def _weight(body: str, line: int, default: int | float) -> tuple[int | float, str]:
    """A leading %n% weight (percent) and the rest of the answer; ``default`` without one."""
    if not body.startswith("%"):
        return default, body
    match = WEIGHT.match(body)
    if not match:
        raise GiftError(
            line,
            N_(
                "权重写法不对：“%(text)s”。权重应是百分数，如 ~%%50%%答案；"
                "Moodle 会把它当成选项文字，并按默认分数计分。"
            ),
            text=_unescape(body),
        )
    number = float(match.group(1))
    if not -100 <= number <= 100:
        raise GiftError(line, N_("权重 %(weight)s%% 超出了 -100%% 到 100%% 的范围。"), weight=match.group(1))
    return (int(number) if number.is_integer() else number), body[match.end() :]


def _answer(body: str, line: int, weight: int | float) -> dict | None:
    """One answer: its text, weight and feedback; None for an empty answer (Moodle drops it)."""
    text, _, feedback = body.partition("#")
    text = _format(text)[1]
    if not text:
        return None
    return {"text": text, "weight": weight, "feedback": _plain(feedback)}


def _choice(block: str, line: int) -> dict:
    """A choice block: single if any answer is marked =, else multiple; empty options dropped."""
    pieces = _pieces(block, line, "~=")
    options = []
    for marker, body, at in pieces:
        if marker == "=":
            if body.startswith("%") and WEIGHT.match(body):
                raise GiftError(
                    at,
                    N_("= 表示满分答案，后面不能再写权重“%(text)s”；部分得分请写成 ~%%50%%答案。"),
                    text=_unescape(body),
                )
            weight: int | float = 100
        else:
            weight, body = _weight(body, at, 0)
        option = _answer(body, at, weight)
        if option is not None:
            options.append(option)
    if len(options) < 2:
        raise GiftError(line, N_("选择题至少需要两个选项。"))
    if any(marker == "=" for marker, _, _ in pieces):
        return {"type": "single", "options": options}
    total = sum(option["weight"] for option in options if option["weight"] > 0)
    if not total:
        raise GiftError(line, N_("没有得分的答案：请用 = 标出正确答案，或用 ~%%100%% 这样的权重。"))
    if abs(total - 100) >= 0.5:
        raise GiftError(
            line,
            N_("多选题里得分选项的权重加起来应为 100%%，现在是 %(total)s%%（题里没有 =，所以是多选题）。"),
            total=f"{total:g}",
        )
    return {"type": "multiple", "options": options}


def _fill(block: str, line: int) -> dict:
    """A short answer block: each answer (after an = sign, or the text before any), weight 100 unless %n%."""
    answers = []
    for _, body, at in _pieces(block, line, "="):
        weight, body = _weight(body, at, 100)
        answer = _answer(body, at, weight)
        if answer is not None:
            answers.append(answer)
    if not any(answer["weight"] > 0 for answer in answers):
        raise GiftError(line, N_("没有得分的答案。"))
    return {"type": "fill", "answers": answers}


def _true_false(answers: str) -> dict:
    """A true/false block: T, TRUE, F or FALSE, then #feedback if wrong and #feedback if right."""
    bits = answers.split("#", 2) + ["", ""]
    return {
        "type": "truefalse",
        "answer": TRUE_FALSE[bits[0].strip(PHP_SPACE)],
        "feedback_wrong": _plain(bits[1]),
        "feedback_right": _plain(bits[2]),
    }


def _matching(block: str, line: int) -> dict:
    """A matching block: =left -> right pairs; an empty left makes the right a distractor."""
    pairs, distractors = [], []
    for _, body, at in _pieces(block, line, "="):
        if "->" not in body:
            raise GiftError(at, N_("配对项缺少 ->：“%(text)s”。"), text=_unescape(body))
        left, right = body.split("->", 1)
        left, right = _format(left)[1], _unescape(right).strip(PHP_SPACE)
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
    answers = []
    for _, text, at in _pieces(body, line, "="):
        weight, text = _weight(text, at, 100)
        answer = _answer(text, at, weight)
        if answer is not None:
            answers.append({**_number_entry(answer.pop("text"), at), **answer})
    if not answers:
        raise GiftError(line, N_("数值题没有答案。"))
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
    if not NUMBER.match(text):
        raise GiftError(
            line,
            N_(
                "“%(value)s”不是数字：Moodle 会把它读成“任何数字都算对”。"
                "若要文字答案，请写成填空题 {=%(value)s}；若是数值，请写成 {#3} 或 {#3:0.5}。"
            ),
            value=text,
        )
    return {"answer": float(text), "tolerance": 0.0}


def _number(text: str, line: int) -> float:
    """A number written in the file, or the problem of a text that is not one."""
    if not NUMBER.match(text.strip(PHP_SPACE)):
        raise GiftError(line, N_("“%(value)s”不是数字。"), value=text.strip(PHP_SPACE))
    return float(text)
