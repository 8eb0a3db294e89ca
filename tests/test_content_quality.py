"""The shipped content read as a training manager would: one term per idea, Chinese punctuation,
no question of a promotion exam repeated from a module quiz, few true/false items, none given away.

These read the repository's files directly (no app), so a failure names the file and line to fix.
"""

import collections
import itertools
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = yaml.safe_load((ROOT / "courses" / "glossary.yaml").read_text(encoding="utf-8"))
COURSES = sorted((ROOT / "courses").rglob("*.md"))
BANKS = sorted((ROOT / "question_banks").glob("*.yaml"))
DRILLS = sorted((ROOT / "question_banks" / "quick_replies").glob("*.yaml")) + sorted(
    (ROOT / "question_banks" / "typing").glob("zh.yaml")
)
#: Where people read our words: lessons, questions, drills, and the app's own pages and messages.
WORDING = [
    *COURSES,
    *BANKS,
    *DRILLS,
    *sorted((ROOT / "templates").rglob("*.html")),
    *sorted((ROOT / "lms").rglob("*.py")),
]
LESSON_TEXT = [*COURSES, *BANKS, *DRILLS]


def _lines(paths):
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield f"{path.relative_to(ROOT)}:{number}", line


def test_one_term_per_idea():
    found = [
        f"{where}: “{variant}” → “{term['use']}”"
        for where, line in _lines(WORDING)
        if not line.lstrip().startswith("#")
        for term in GLOSSARY["terms"]
        for variant in term["not"]
        if variant in line
    ]
    assert not found, "\n".join(found)


def test_lessons_do_not_talk_about_the_software():
    found = [
        f"{where}: {word}"
        for where, line in _lines(LESSON_TEXT)
        for word in GLOSSARY["banned_in_lessons"]
        if word in line
    ]
    assert not found, "\n".join(found)


ASCII_QUOTED_CHINESE = re.compile(r'"[^"\n]*[\u4e00-\u9fff][^"\n]*"')
SPACED_UNIT = re.compile(r"\d\s+(?:小时|分钟|秒|天|个月|年|厘米|毫米|字|次|分|元)")


def _strings(value):
    """Every string inside a parsed YAML document (YAML's own quoting is gone by then)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (ASCII_QUOTED_CHINESE, "ASCII quotes around Chinese: use “ ”"),
        (SPACED_UNIT, "space between a number and its unit"),
    ],
)
def test_chinese_punctuation(pattern, what):
    found = [f"{where}: {line.strip()[:60]}" for where, line in _lines(COURSES) if pattern.search(line)]
    for path in [*BANKS, *DRILLS]:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(ROOT)}: {text[:60]}" for text in _strings(document) if pattern.search(text)]
    assert not found, what + "\n" + "\n".join(found)


def _questions(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, punctuation and spaces removed."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def bigram_dice(a: str, b: str) -> float:
    """How much two texts share, as pairs of neighbouring characters (Dice coefficient, 0 to 1).

    Character pairs suit Chinese, which has no spaces between words; word order barely moves the figure.
    """
    grams_a = collections.Counter(a[i : i + 2] for i in range(len(a) - 1))
    grams_b = collections.Counter(b[i : i + 2] for i in range(len(b) - 1))
    if not grams_a or not grams_b:
        return 0.0
    return 2 * sum((grams_a & grams_b).values()) / (sum(grams_a.values()) + sum(grams_b.values()))


#: A promotion question this close to a module question is the same question reworded. Compared with their
#: options, the repeats on the 2026-11 banks scored 0.60–1.00 and different questions on the same fact 0.58 and
#: below, so 0.6 catches the first without flagging the second.
REPEAT = 0.6


@pytest.mark.parametrize(
    ("a", "b", "repeat"),
    [
        (
            "交接班时，应把答应了客户但还没兑现的事项单独列出来。",
            "交接班时，应把“答应了客户但还没兑现”的事项单独列出来，当面说清楚。",
            True,
        ),
        ("请把营销五部曲的五个步骤按先后顺序排列。", "请把“营销五部曲”的五个步骤排列。", True),
        ("SPIN 提问法中的“I”指哪一类问题？", "请把 SPIN 提问法的四类问题按使用的先后顺序排列。", False),
        ("客户来电时，电话最好在铃响几声之内接起？", "通话过程中，下列哪些做法是正确的？", False),
    ],
)
def test_repeat_measure(a, b, repeat):
    assert (bigram_dice(normalise(a), normalise(b)) >= REPEAT) is repeat


def item_text(question: dict) -> str:
    """The question with its options, items or pairs: two short stems like “下列哪一种说法正确？” are not a repeat."""
    parts = [question["text"]]
    parts += [option["text"] for option in question.get("options", [])]
    parts += question.get("items", [])
    parts += [f"{pair['left']}{pair['right']}" for pair in question.get("pairs", [])]
    return normalise("".join(parts))


def test_promotion_exams_do_not_repeat_module_questions():
    module_questions = [
        (f"{path.name}:{q['id']}", item_text(q))
        for path in BANKS
        if not path.name.startswith("level-")
        for q in _questions(path)
    ]
    repeats = []
    for path in BANKS:
        if path.name.startswith("level-"):
            for q in _questions(path):
                text = item_text(q)
                for where, other in module_questions:
                    if (score := bigram_dice(text, other)) >= REPEAT:
                        repeats.append(f"{path.name}:{q['id']} ≈ {where} ({score:.2f})")
    assert not repeats, "\n".join(repeats)


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_true_false_is_a_small_share(path):
    questions = _questions(path)
    true_false = sum(q["type"] == "truefalse" for q in questions)
    assert true_false <= 0.1 * len(questions), f"{true_false} of {len(questions)} are true/false"


GIVEAWAY = re.compile("一定|肯定|绝对|所有|从不|总是|任何|永远|完全")


def test_false_statements_are_not_given_away():
    found = [
        f"{path.name}:{q['id']}: {q['text'][:40]}"
        for path in BANKS
        for q in _questions(path)
        if q["type"] == "truefalse" and q["answer"] is False and GIVEAWAY.search(q["text"])
    ]
    assert not found, "\n".join(found)


HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize("path", COURSES, ids=lambda p: p.stem)
def test_a_module_is_an_hour_of_real_teaching(path):
    """At least 6,000 Chinese characters of lesson, checks inside the sections, a role-play and a job aid."""
    body = path.read_text(encoding="utf-8").split("---", 2)[2]
    blocks = collections.Counter(re.findall(r"^:::(check|roleplay|jobaid)\b", body, flags=re.MULTILINE))
    assert blocks["roleplay"] >= 1 and blocks["jobaid"] == 1, blocks
    if path.stem != "onboarding":
        assert len(HAN.findall(body)) >= 6000
        assert blocks["check"] >= 3, blocks


def test_promotion_exams_test_only_what_the_level_path_teaches():
    """A promotion exam asks about modules its level (or a lower one) requires, so every question was taught."""
    levels = yaml.safe_load((ROOT / "question_banks" / "levels" / "levels.yaml").read_text(encoding="utf-8"))["levels"]
    series = collections.defaultdict(set)
    for path in COURSES:
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        series[meta["series"]].add(meta["id"])
    taught: set[str] = set()
    wrong = []
    for level in levels:
        for rule in level["rules"]:
            taught |= set(rule.get("modules", [])) | series.get(rule.get("series"), set())
        bank = ROOT / "question_banks" / f"level-{level['code']}.yaml"
        wrong += [f"{bank.name}:{q['id']} ({q['category']})" for q in _questions(bank) if q["category"] not in taught]
    assert not wrong, "\n".join(wrong)


LIST_ITEM = re.compile(r"^\s*(?:[-*]|\d+\.) ")
TABLE_ROW = re.compile(r"^\|")


def _glued(pattern, may_follow):
    """``path: line above`` for each line matching ``pattern`` right below a line of another block."""
    glued = []
    for path in COURSES:
        lines = path.read_text(encoding="utf-8").split("\n---\n", 1)[1].split("\n")
        for above, line in itertools.pairwise(lines):
            if pattern.match(line) and above.strip() and not pattern.match(above) and not above.startswith(may_follow):
                glued.append(f"{path.relative_to(ROOT)}: {above[:30]}")
    return glued


def test_lists_start_after_a_blank_line():
    """Markdown reads a list glued to the line above as part of that paragraph (“角色： - 客服… - 客户…”)."""
    glued = _glued(LIST_ITEM, ("#", ":::", "|", ">", " "))
    assert not glued, "\n".join(glued)


def test_tables_start_after_a_blank_line():
    """A table glued to the line above is printed as that paragraph's text, pipes and dashes included."""
    glued = _glued(TABLE_ROW, (":::",))
    assert not glued, "\n".join(glued)


#: The directives rendered as lists (``{{violations}}`` is a table).
LIST_DIRECTIVES = ("{{competency-model}}", "{{level-rules}}")
TABLE_WORDS = re.compile(r"上表|下表|这张表|表格|表中")


def test_a_list_directive_is_not_announced_as_a_table():
    """“下表列出……” above {{competency-model}} or {{level-rules}} promises a table the page does not show."""
    wrong = []
    for path in COURSES:
        paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        for above, directive in itertools.pairwise(paragraphs):
            if directive in LIST_DIRECTIVES and TABLE_WORDS.search(above):
                wrong.append(f"{path.relative_to(ROOT)}: {above[-30:]} {directive}")
    assert not wrong, "\n".join(wrong)
