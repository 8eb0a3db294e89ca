"""Scoring one answer to one question: a pure function per type, each giving a fraction from 0 to 1.

Answers are stored as given and look like this (option, item and right indices are the
question's own, whatever order the learner saw them in):
single: int · multiple: [int] · truefalse: bool · fill, numerical, scenario: str ·
ordering: [int] (items in the learner's order) · matching: [int or None] (a right per left).
"""

import math
import re
import unicodedata
from dataclasses import dataclass

from lms.domain import N_

PUNCTUATION = "。．.！!？?，,；;、：:～~…"


def normalise(text: str, fold_case: bool = True) -> str:
    """Fold full-width to half-width, drop spaces and surrounding punctuation, ignore case unless told not to."""
    folded = unicodedata.normalize("NFKC", str(text))
    folded = folded.casefold() if fold_case else folded
    return re.sub(r"\s+", "", folded).strip(PUNCTUATION)


def option_weights(question: dict) -> list[float]:
    """Each option's weight in percent: explicit, or shared out between the correct ones."""
    options = question["options"]
    if any("weight" in option for option in options):
        return [float(option.get("weight", 0)) for option in options]
    right = sum(1 for option in options if option.get("correct"))
    share = 100 / right if right else 0
    if question["type"] == "single":
        return [100.0 if option.get("correct") else 0.0 for option in options]
    return [share if option.get("correct") else -share for option in options]


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def score_single(question: dict, answer) -> float:
    """The chosen option's weight."""
    if not isinstance(answer, int) or isinstance(answer, bool) or not 0 <= answer < len(question["options"]):
        return 0.0
    return _clamp(option_weights(question)[answer] / 100)


def score_multiple(question: dict, answer) -> float:
    """The sum of the chosen options' weights (wrong ones count against), between 0 and 1."""
    if not isinstance(answer, list):
        return 0.0
    chosen = {a for a in answer if isinstance(a, int) and not isinstance(a, bool) and 0 <= a < len(question["options"])}
    weights = option_weights(question)
    return _clamp(sum(weights[i] for i in chosen) / 100)


def score_truefalse(question: dict, answer) -> float:
    """1 if the answer is the right truth value."""
    return 1.0 if isinstance(answer, bool) and answer == question["answer"] else 0.0


def accepted_answers(question: dict) -> list[tuple[str, float]]:
    """Accepted fill answers as (text, weight in percent)."""
    return [(a, 100.0) if isinstance(a, str) else (a["text"], float(a.get("weight", 100))) for a in question["answers"]]


def score_fill(question: dict, answer) -> float:
    """The best weight among accepted answers equal to this one after normalising ("*" takes anything).

    With ``case_sensitive: true`` (Moodle's usecase) the case of letters must match too.
    """
    fold = not question.get("case_sensitive", False)
    if not isinstance(answer, str) or not normalise(answer, fold):
        return 0.0
    given = normalise(answer, fold)
    weights = [weight for text, weight in accepted_answers(question) if text == "*" or normalise(text, fold) == given]
    return _clamp(max(weights, default=0) / 100)


def score_ordering(question: dict, answer) -> float:
    """Share of items placed in their right position."""
    count = len(question["items"])
    if not isinstance(answer, list) or sorted(a for a in answer if isinstance(a, int)) != list(range(count)):
        return 0.0
    return sum(1 for place, item in enumerate(answer) if place == item) / count


def matching_rights(question: dict) -> list[str]:
    """The rights offered: each pair's right, then the distractors."""
    return [pair["right"] for pair in question["pairs"]] + list(question.get("distractors", []))


def score_matching(question: dict, answer) -> float:
    """Share of lefts given their own right."""
    pairs, rights = question["pairs"], matching_rights(question)
    if not isinstance(answer, list):
        return 0.0
    right = 0
    for index, pair in enumerate(pairs):
        chosen = answer[index] if index < len(answer) else None
        if (
            isinstance(chosen, int)
            and not isinstance(chosen, bool)
            and 0 <= chosen < len(rights)
            and rights[chosen] == pair["right"]
        ):
            right += 1
    return right / len(pairs)


def parse_number(text) -> float | None:
    """A number as typed (full-width digits and a decimal comma allowed); None if it is not one."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text)
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def numerical_entries(question: dict) -> list[dict]:
    """The accepted numbers as entries with answer/tolerance or range, and a weight."""
    if "answers" in question:
        return question["answers"]
    entry = {key: question[key] for key in ("answer", "tolerance", "range") if key in question}
    return [entry]


def score_numerical(question: dict, answer) -> float:
    """The best weight among entries the number falls within."""
    value = parse_number(answer)
    if value is None:
        return 0.0
    best = 0.0
    for entry in numerical_entries(question):
        if "range" in entry:
            low, high = entry["range"]
            inside = low <= value <= high
        else:
            inside = abs(value - float(entry["answer"])) <= float(entry.get("tolerance", 0)) + 1e-9
        if inside:
            best = max(best, float(entry.get("weight", 100)))
    return _clamp(best / 100)


#: A run of this many characters or more that the answer shares with the question is the question's words.
ECHO_RUN = 4
#: An answer at least this share of which is the question's words is flagged as an echo.
ECHO_SHARE = 0.5
#: Fewer Chinese characters (or ASCII words) than this once the question's words are removed: too short to judge.
SHORT_CHARS = 20
#: A keyword list: at least this many pieces between 、，,;；/ or spaces, this long on average (characters) or less.
LIST_PIECES = 3
LIST_PIECE_CHARS = 4
#: A keyword list or a too-short answer earns at most this fraction, whatever keywords it names.
LOW_CAP = 0.3
#: Each forbidden phrase found costs this fraction of the question's points (never below 0).
FORBIDDEN_PENALTY = 0.25

#: Where a clause ends (a negation before a forbidden phrase counts only within its clause).
CLAUSE_END = re.compile(r"[。．.！!？?，,；;、：:|\n]")
#: A negation right before a phrase ("不能保证", "不怪您", "无需您再去") turns it into its opposite.
NEGATION = re.compile(
    r"(不|没|无|难|别|未|莫|不必|无需|不用|不需要)(能|会|敢|好|法|办法|可能|要|用|必|是)?"
    r"(让|叫|请|麻烦)?(您|你|你们)?(再|自己|另外|百分之?百|完全|绝对)?(去)?$"
)
#: A negated promise earlier in the clause ("我不能保证今天一定修好") governs what follows it.
NEGATED_PROMISE = re.compile(
    r"(不|没|无|难以|很难)(能|会|敢|好|法|办法|可能)?(百分之?百|完全|绝对)?(保证|肯定|承诺|确定|一定)"
)

_YOU = "(?:您|你|你们)"
#: The customer as the one who acts ("您去问", not "帮您问" or "给您打电话", which the agent does).
_CUSTOMER = "(?<![给帮替为向跟和与让])(?:您|你|你们)"
#: Words that make a promise one of effort, not of outcome ("一定尽力帮您解决").
EFFORT = re.compile(r"尽力|尽量|努力|争取|尽快|全力")
#: What the courses forbid, by group (matched on the answer folded and without spaces, the question's words removed).
FORBIDDEN: dict[str, tuple[re.Pattern, ...]] = {
    # promising an outcome the agent cannot guarantee (今天肯定修好, 保证给您退款)
    "over_promise": (
        re.compile(
            r"(肯定|保证(?!金)|一定|百分之?百|100%|绝对|包您|包你)(能|会|可以|帮您|给您|把)?.{0,4}?"
            r"(修好|修复|解决|搞定|办好|到货|送到|送达|到账|退款|退货|退钱|退给|赔偿|赔给|赔您|到(?=$|[。，！？；,.!?;]))"
        ),
        re.compile(r"(今天|今晚|明天|马上|立刻|立即)就?(肯定|一定|保证|绝对)"),
    ),
    # putting the fault on the customer (是您自己弄坏的, 怪您没看清楚)
    "blame": (
        re.compile(rf"(是|因为|由于|怪){_YOU}自己"),
        re.compile(rf"{_YOU}自己的(问题|原因|责任|失误|错)"),
        re.compile(rf"怪{_YOU}"),
        re.compile(rf"{_YOU}自己没"),
        re.compile(rf"谁让{_YOU}"),
        re.compile(rf"{_YOU}(当时)?(没有?|不)(仔细)?(看清楚|看说明|看详情|注意看)"),
    ),
    # sending the customer elsewhere against 首问负责制 (找别的部门, 这不归我管, 转给主管处理)
    "hand_off": (
        re.compile(
            rf"{_CUSTOMER}(可以|需要|得|要|最好)?(自己)?(去|再去)?(找|问|联系|咨询)(一下)?"
            r"(别的|其他|其它|相关|对应的?|快递|物流|厂家|售后)(部门|公司|人员|同事|客服)?"
        ),
        re.compile(rf"让{_YOU}(去|再去|自己)?(找|问)"),
        re.compile(r"找(别的|其他|其它)部门"),
        re.compile(r"不归(我|我们)(这边)?(管|负责)"),
        re.compile(r"不是(我|我们)(部门|这边)?(负责|管)"),
        re.compile(rf"{_CUSTOMER}(可以|需要|得|要|最好|再|自己)*去?打.{{0,12}}电话(去|来)?(问|咨询|查询|联系|找)"),
        re.compile(r"(转|转给|转交给|交给|转到)(我们的?)?(主管|上级|领导|经理)(去|来)?(处理|解决)"),
    ),
}
#: A question's own ``forbidden:`` phrases are flagged as this group.
QUESTION_GROUP = "question"
#: The flags an answer can carry (besides ``forbidden:<group>``).
ECHO, KEYWORD_LIST, TOO_SHORT = "echo", "keyword_list", "too_short"
FORBIDDEN_FLAG = "forbidden:"
#: Each flag in words for the grader (Chinese msgids; ``%(n)s`` is ``SHORT_CHARS``).
FLAG_LABELS = {
    ECHO: N_("大部分是题目原文"),
    KEYWORD_LIST: N_("只罗列了关键词，没有成句"),
    TOO_SHORT: N_("太短：去掉题目原文后不足 %(n)s 字"),
    FORBIDDEN_FLAG + "over_promise": N_("过度承诺（保证做不到的结果）"),
    FORBIDDEN_FLAG + "blame": N_("指责客户"),
    FORBIDDEN_FLAG + "hand_off": N_("把客户推给别人（违反首问负责制）"),
    FORBIDDEN_FLAG + QUESTION_GROUP: N_("用了本题禁止的说法"),
}


@dataclass(frozen=True)
class ScenarioScore:
    """A scenario answer as the rubric sees it: the fraction earned, each idea shown or not, and what was flagged."""

    fraction: float
    #: Per rubric idea, whether the answer shows it in its own words.
    hits: tuple[bool, ...]
    #: ``echo``, ``keyword_list``, ``too_short`` and ``forbidden:<group>`` (each once, in that order).
    flags: tuple[str, ...]
    #: The forbidden phrases found, as (group, phrase as written).
    forbidden: tuple[tuple[str, str], ...] = ()


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).casefold()


def _bare(text: str) -> str:
    """Letters and digits only (Chinese characters are letters): what echoes and keywords are compared on."""
    return "".join(ch for ch in _fold(text) if ch.isalnum())


def question_words(question: dict) -> str:
    """The question as the learner read it (title and text), bare, fields kept apart so no run spans two."""
    return "|".join(_bare(question[key]) for key in ("title", "text") if isinstance(question.get(key), str))


def _echoed(answer: str, source: str) -> list[bool]:
    """Per character of ``answer``: whether it is in a run of ``ECHO_RUN``+ letters also found in ``source``."""
    letters = [i for i, ch in enumerate(answer) if ch.isalnum()]
    bare = "".join(answer[i] for i in letters)
    marked = [False] * len(answer)
    for start in range(len(bare)):
        end = start + ECHO_RUN
        if end > len(bare) or bare[start:end] not in source:
            continue
        while end < len(bare) and bare[start : end + 1] in source:
            end += 1
        for i in letters[start:end]:
            marked[i] = True
    return marked


def _own_words(answer: str, source: str) -> tuple[list[str], float]:
    """The answer's clauses once the question's words are cut out (spaces removed), and the share cut out."""
    marked = _echoed(answer, source)
    kept = "".join("|" if cut else ch for ch, cut in zip(answer, marked, strict=True))
    letters = sum(1 for ch in answer if ch.isalnum())
    share = sum(1 for ch, cut in zip(answer, marked, strict=True) if cut and ch.isalnum()) / letters if letters else 0
    return [re.sub(r"\s+", "", piece) for piece in kept.split("|")], share


def _own_keywords(idea: dict, source: str) -> list[str]:
    """An idea's keywords, normalised, but those the question itself says (they show nothing)."""
    return [normalise(k) for k in idea["keywords"] if _bare(k) and _bare(k) not in source]


def _keyword_list(answer: str) -> bool:
    """Three or more short pieces between list separators, and so no sentence."""
    pieces = [len(_bare(piece)) for piece in re.split(r"[、，,;；/\s]+", answer)]
    pieces = [n for n in pieces if n]
    return len(pieces) >= LIST_PIECES and sum(pieces) / len(pieces) <= LIST_PIECE_CHARS


def _excused(text: str, match: re.Match, group: str) -> bool:
    """Whether a forbidden phrase is not meant: said in the negative within its clause, or a promise of effort."""
    if "|" in match.group():  # it spans words of the question that were cut out
        return True
    before = text[: match.start()]
    breaks = [m.end() for m in CLAUSE_END.finditer(before)]
    clause = before[breaks[-1] if breaks else 0 :]
    if NEGATION.search(clause):
        return True
    return group == "over_promise" and bool(NEGATED_PROMISE.search(clause) or EFFORT.search(match.group()))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans as one (one phrase matched by two patterns is one hit)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _forbidden(pieces: list[str], own: list[str] | tuple = ()) -> list[tuple[str, str]]:
    """(group, phrase) for each forbidden phrase in the pieces: the courses' patterns, then the question's ``own``."""
    text = "|".join(pieces)
    found = []
    for group, patterns in FORBIDDEN.items():
        spans = [m.span() for pattern in patterns for m in pattern.finditer(text) if not _excused(text, m, group)]
        found += [(group, text[start:end]) for start, end in _merged(spans)]
    phrases = [normalise(phrase) for phrase in own if normalise(phrase)]
    found += [(QUESTION_GROUP, phrase) for piece in pieces for phrase in phrases for _ in range(piece.count(phrase))]
    return found


def assess_scenario(question: dict, answer) -> ScenarioScore:
    """Score a scenario answer on its own words: rubric ideas, less forbidden phrases, capped when it says too little.

    The question's words are cut out first (runs of ``ECHO_RUN``+ letters shared with the title and text), and
    rubric keywords that are themselves in the question do not count, so pasting the question earns nothing.
    """
    text = _fold(answer) if isinstance(answer, str) else ""
    source = question_words(question)
    pieces, echoed = _own_words(text, source)
    own_text = "".join(pieces)
    hits = tuple(
        any(keyword in piece for keyword in _own_keywords(idea, source) for piece in pieces)
        for idea in question["rubric"]
    )
    total = sum(idea["points"] for idea in question["rubric"])
    fraction = sum(idea["points"] for idea, hit in zip(question["rubric"], hits, strict=True) if hit) / total
    found = _forbidden(pieces, question.get("forbidden", ()))
    fraction = max(0.0, fraction - FORBIDDEN_PENALTY * len(found))
    flags = []
    if echoed >= ECHO_SHARE:
        flags.append(ECHO)
    if _keyword_list(text):
        flags.append(KEYWORD_LIST)
    if len(re.findall(r"[\u3400-\u9fff]|[a-z0-9]+", own_text)) < SHORT_CHARS:
        flags.append(TOO_SHORT)
    if KEYWORD_LIST in flags or TOO_SHORT in flags:
        fraction = min(fraction, LOW_CAP)
    flags += list(dict.fromkeys(FORBIDDEN_FLAG + group for group, _ in found))
    return ScenarioScore(fraction, hits, tuple(flags), tuple(found))


def rubric_shares(question: dict) -> list[float]:
    """Each rubric idea's share of the question, in percent (an idea's points are weights, not the question's points)."""
    total = sum(idea["points"] for idea in question["rubric"])
    return [100 * idea["points"] / total for idea in question["rubric"]]


def rubric_hits(question: dict, answer) -> list[bool]:
    """For each rubric idea, whether the answer shows it in its own words (see ``assess_scenario``)."""
    return list(assess_scenario(question, answer).hits)


def score_scenario(question: dict, answer) -> float:
    """The fraction ``assess_scenario`` gives."""
    return assess_scenario(question, answer).fraction


SCORERS = {
    "single": score_single,
    "multiple": score_multiple,
    "truefalse": score_truefalse,
    "fill": score_fill,
    "ordering": score_ordering,
    "matching": score_matching,
    "numerical": score_numerical,
    "scenario": score_scenario,
}


def score(question: dict, answer) -> float:
    """Fraction of the question's points this answer earns (0 for no answer)."""
    if answer is None:
        return 0.0
    return SCORERS[question["type"]](question, answer)


def model_answer(question: dict):
    """An answer that earns full marks (for demos, tests and checking a bank's questions).

    A scenario question's written ``model_answer`` when it has one; otherwise a keyword per idea (one not in the
    question) joined, which shows every idea but is a keyword list, so it earns at most ``LOW_CAP``.
    """
    kind = question["type"]
    if kind in ("single", "multiple"):
        weights = option_weights(question)
        if kind == "single":
            return weights.index(max(weights))
        return [i for i, weight in enumerate(weights) if weight > 0]
    if kind == "truefalse":
        return question["answer"]
    if kind == "fill":
        return max(accepted_answers(question), key=lambda accepted: accepted[1])[0]
    if kind == "ordering":
        return list(range(len(question["items"])))
    if kind == "matching":
        return list(range(len(question["pairs"])))
    if kind == "numerical":
        entry = max(numerical_entries(question), key=lambda e: float(e.get("weight", 100)))
        return f"{entry['range'][0]:g}" if "range" in entry else f"{float(entry['answer']):g}"
    if isinstance(question.get("model_answer"), str):
        return question["model_answer"]
    source = question_words(question)
    return "，".join(
        next((k for k in idea["keywords"] if _bare(k) not in source), idea["keywords"][0])
        for idea in question["rubric"]
    )
