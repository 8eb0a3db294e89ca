"""Read Moodle XML (question/format/xml) into our question dicts (question_banks/FORMAT.md).

Follows Moodle's importer: ``<question type="category">`` sets the category of the questions
after it (the path is kept as written, like GIFT's ``$CATEGORY:``), and each question carries its
name, text (with its format; HTML is kept as written, ``text_format: html``), general feedback,
default grade (our ``points``) and penalty. Essays and descriptions are skipped and listed (nothing
grades them: an essay has no rubric), as are types we have no scorer for. Every problem is reported
on the line of the element it concerns; the caller imports nothing when there is one.

The file is read with expat and refused if it declares a DTD, so no entity (internal or external)
can be defined: the safety defusedxml gives, without the dependency.
"""

from dataclasses import dataclass, field
from xml.parsers import expat

from lms.domain import N_, Problem, control_characters
from lms.domain.gift import ImportResult
from lms.domain.question_export import category_name

#: Moodle's text formats and ours.
FORMATS = {"html": "html", "moodle_auto_format": "moodle", "plain_text": "plain", "markdown": "markdown"}
#: A tag of this form carries a question's difficulty (Moodle has no such field).
DIFFICULTY_TAG = "difficulty:"
SKIPPED = {
    "essay": N_("问答题（essay）没有评分要点，不能自动评分，已跳过。"),
    "description": N_("说明（description）不是题目，已跳过。"),
}


@dataclass
class Node:
    """An element: its tag, attributes, line, children and the text directly inside it."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list["Node"] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> "Node | None":
        """The first child named ``tag``."""
        return next((child for child in self.children if child.tag == tag), None)

    def findall(self, tag: str) -> list["Node"]:
        """Every child named ``tag``."""
        return [child for child in self.children if child.tag == tag]

    def value(self, tag: str) -> str | None:
        """The stripped text of the first child named ``tag`` (None if there is none)."""
        child = self.find(tag)
        return None if child is None else child.text.strip()


class MoodleXmlError(Exception):
    """A malformed file or question, raised with the problem to report."""

    def __init__(self, line: int, message: str, **params) -> None:
        super().__init__(message)
        self.problem = Problem(line, message, params)


def parse_moodle_xml(text: str) -> ImportResult:
    """Read every question of a Moodle XML file; report skipped questions and errors by line."""
    control = control_characters.problem(text)
    if control:
        return ImportResult([], [], [control])
    try:
        root = _tree(text)
    except MoodleXmlError as exc:
        return ImportResult([], [], [exc.problem])
    if root.tag != "quiz":
        return ImportResult([], [], [Problem(root.line, N_("这不是 Moodle XML 题目文件：最外层应为 quiz 元素。"))])
    questions: list[dict] = []
    skipped: list[Problem] = []
    errors: list[Problem] = []
    category: str | None = None
    for node in root.findall("question"):
        kind = node.attrs.get("type", "")
        if kind == "category":
            category = _category(node)
        elif kind in SKIPPED:
            skipped.append(Problem(node.line, SKIPPED[kind]))
        elif kind not in READERS:
            skipped.append(Problem(node.line, N_("不支持的 Moodle 题型“%(type)s”，已跳过。"), {"type": kind}))
        else:
            try:
                questions.append({**_common(node, category), **READERS[kind](node), "line": node.line})
            except MoodleXmlError as exc:
                errors.append(exc.problem)
    return ImportResult(questions, skipped, errors)


def _tree(text: str) -> Node:
    """Parse ``text`` into nodes with their lines; a DTD or malformed XML is a problem."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Node] = []
    roots: list[Node] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()

    def data(chunk: str) -> None:
        if stack:
            stack[-1].text += chunk

    def doctype(*_args) -> None:
        raise MoodleXmlError(parser.CurrentLineNumber, N_("文件含有 DTD（DOCTYPE 声明），出于安全考虑不予导入。"))

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler, parser.StartDoctypeDeclHandler = data, doctype
    try:
        parser.Parse(text.lstrip("\ufeff"), True)
    except expat.ExpatError as exc:
        raise MoodleXmlError(
            exc.lineno, N_("XML 格式不正确（%(reason)s），请检查这一行。"), reason=expat.errors.messages[exc.code]
        ) from exc
    return roots[0]


def _category(node: Node) -> str | None:
    """The category path a category pseudo-question sets (None for none)."""
    holder = node.find("category")
    if holder is None:
        return None
    inner = holder.value("text")
    return category_name(holder.text if inner is None else inner)


def _text(node: Node | None) -> tuple[str, str]:
    """(our format, stripped text) of an element holding ``<text>`` and a ``format`` attribute."""
    if node is None:
        return "plain", ""
    fmt = node.attrs.get("format", "moodle_auto_format")
    if fmt not in FORMATS:
        raise MoodleXmlError(
            node.line,
            N_("文本格式“%(format)s”无效：应为 html、moodle_auto_format、plain_text 或 markdown。"),
            format=fmt,
        )
    return FORMATS[fmt], node.value("text") or ""


def _feedback(node: Node, tag: str = "feedback") -> str | None:
    """The text of a feedback element (None if absent or empty)."""
    return _text(node.find(tag))[1] or None


def _number(node: Node, text: str | None, message: str) -> float:
    """A number from the file, as an int when whole; ``message`` (naming %(value)s) if it is not one."""
    try:
        number = float(text or "")
    except ValueError:
        raise MoodleXmlError(node.line, message, value=text or "") from None
    return int(number) if number.is_integer() else number


def _common(node: Node, category: str | None) -> dict:
    """What every question has: name, text, category, points, penalty, difficulty and feedback."""
    text_format, text = _text(node.find("questiontext"))
    if not text:
        raise MoodleXmlError(node.line, N_("题目没有文字（questiontext）。"))
    name = node.find("name")
    tags = node.find("tags")
    names = [tag.value("text") for tag in (tags.findall("tag") if tags is not None else [])]
    difficulty = next((level for level in (1, 2, 3) if f"{DIFFICULTY_TAG}{level}" in names), 1)
    question = {
        "title": (name.value("text") or None) if name is not None else None,
        "text": text,
        "text_format": text_format,
        "category": category,
        "difficulty": difficulty,
        "points": _number(node, node.value("defaultgrade") or "1", N_("默认分值“%(value)s”不是数字。")),
        "feedback": _feedback(node, "generalfeedback"),
    }
    if node.value("penalty"):
        question["penalty"] = _number(node, node.value("penalty"), N_("重答扣分“%(value)s”不是数字。"))
    return question


def _answers(node: Node) -> list[tuple[Node, str, float, str | None]]:
    """Each <answer>: (element, text, fraction in percent, feedback)."""
    return [
        (
            answer,
            _text(answer)[1],
            _number(answer, answer.attrs.get("fraction", "0"), N_("得分比例“%(value)s”不是数字。")),
            _feedback(answer),
        )
        for answer in node.findall("answer")
    ]


def _entry(text: str, weight: float, feedback: str | None) -> dict:
    """One option or answer, without empty feedback."""
    entry: dict = {"text": text, "weight": weight}
    if feedback:
        entry["feedback"] = feedback
    return entry


def _multichoice(node: Node) -> dict:
    """Single choice when <single> says so (Moodle's default), multiple choice otherwise."""
    single = (node.value("single") or "true").lower() in ("true", "1")
    options = [_entry(text, weight, feedback) for _, text, weight, feedback in _answers(node)]
    return {"type": "single" if single else "multiple", "options": options}


def _truefalse(node: Node) -> dict:
    """The answer whose fraction is 100 is the right one; each answer's feedback follows it."""
    by_value: dict[bool, tuple[float, str | None]] = {}
    for element, text, weight, feedback in _answers(node):
        if text.lower() not in ("true", "false"):
            raise MoodleXmlError(element.line, N_("判断题的答案应为 true 或 false，不是“%(value)s”。"), value=text)
        by_value[text.lower() == "true"] = (weight, feedback)
    right = [value for value, (weight, _) in by_value.items() if weight == 100]
    if len(right) != 1:
        raise MoodleXmlError(node.line, N_("判断题应恰好有一个得分为 100 的答案（true 或 false）。"))
    return {
        "type": "truefalse",
        "answer": right[0],
        "feedback_right": by_value[right[0]][1],
        "feedback_wrong": by_value.get(not right[0], (0, None))[1],
    }


def _shortanswer(node: Node) -> dict:
    """Accepted answers with weights; <usecase>1</usecase> makes case count."""
    answers = [_entry(text, weight, feedback) for _, text, weight, feedback in _answers(node)]
    question: dict = {"type": "fill", "answers": answers}
    if node.value("usecase") == "1":
        question["case_sensitive"] = True
    return question


def _numerical(node: Node) -> dict:
    """Accepted numbers with tolerances and weights; a ``*`` answer's feedback is the wrong answers' feedback."""
    entries: list[dict] = []
    wrong = None
    for answer, text, weight, feedback in _answers(node):
        if text == "*":
            if weight:
                raise MoodleXmlError(answer.line, N_("数值题的“*”（任何数）只能作为 0 分答案，用来给错误答案反馈。"))
            wrong = feedback
            continue
        number = _number(answer, text, N_("数值题答案“%(value)s”不是数字。"))
        tolerance = _number(answer, answer.value("tolerance") or "0", N_("误差范围“%(value)s”不是数字。"))
        entry: dict = {"answer": number, "tolerance": abs(tolerance), "weight": weight}
        if feedback:
            entry["feedback"] = feedback
        entries.append(entry)
    if not entries:
        raise MoodleXmlError(node.line, N_("数值题没有答案。"))
    return {"type": "numerical", "answers": entries, "feedback_wrong": wrong}


def _matching(node: Node) -> dict:
    """Subquestions are the pairs; one with no text offers its answer as a distractor."""
    pairs, distractors = [], []
    for sub in node.findall("subquestion"):
        left = _text(sub)[1]
        right = _text(sub.find("answer"))[1]
        if not right:
            raise MoodleXmlError(sub.line, N_("配对项的答案为空。"))
        if left:
            pairs.append({"left": left, "right": right})
        else:
            distractors.append(right)
    return {"type": "matching", "pairs": pairs, "distractors": distractors}


def _ordering(node: Node) -> dict:
    """Moodle's ordering type (standard since 4.4): the answers in their right order."""
    answers = _answers(node)
    return {"type": "ordering", "items": [text for _, text, _, _ in sorted(answers, key=lambda answer: answer[2])]}


READERS = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
    "ordering": _ordering,
}
