"""What a well-formed question looks like, per type (see question_banks/FORMAT.md).

``problems(question)`` lists what is wrong with one question dict as (key, message, params),
so a file reader can attach the line the key is on.
"""

import re

from lms.domain import N_
from lms.domain.scoring import SCORERS, parse_number

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COMMON = {
    "id",
    "type",
    "category",
    "difficulty",
    "points",
    "text",
    "feedback",
    "explanation",
    "text_format",
    "title",
    "penalty",
}
FIELDS = {
    "single": {"options"},
    "multiple": {"options"},
    "truefalse": {"answer", "feedback_right", "feedback_wrong"},
    "fill": {"answers", "case_sensitive"},
    "ordering": {"items"},
    "matching": {"pairs", "distractors"},
    "numerical": {"answer", "tolerance", "range", "answers", "feedback_wrong"},
    "scenario": {"rubric", "model_answer", "forbidden"},
}
FORMATS = {"plain", "html", "markdown", "moodle"}


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def problems(question: dict) -> list[tuple[str, str, dict]]:
    """Every problem of one question, as (key, message, params)."""
    found = []
    kind = question.get("type")
    if kind not in SCORERS:
        return [
            (
                "type",
                N_(
                    "题型“%(value)s”无效：应为 single、multiple、truefalse、fill、ordering、matching、numerical 或 scenario。"
                ),
                {"value": kind},
            )
        ]
    for key in sorted(set(question) - COMMON - FIELDS[kind]):
        if not key.startswith("__"):
            found.append((key, N_("%(type)s 题不能有 %(key)s 字段。"), {"type": kind, "key": key}))
    if not isinstance(question.get("id"), str) or not ID.match(question["id"]):
        found.append(("id", N_("题目 id 只能由小写字母、数字和短横线组成，例如 q01。"), {}))
    if not _text(question.get("text")):
        found.append(("text", N_("题干 text 不能为空。"), {}))
    if not _text(question.get("category")) or len(question["category"]) > 128:
        found.append(("category", N_("category 不能为空（最长 128 字）。"), {}))
    if question.get("difficulty") not in (1, 2, 3):
        found.append(("difficulty", N_("difficulty 应为 1、2 或 3。"), {}))
    if "points" in question and not (_number(question["points"]) and question["points"] > 0):
        found.append(("points", N_("points 应为正数。"), {}))
    if "penalty" in question and not (_number(question["penalty"]) and 0 <= question["penalty"] <= 1):
        found.append(("penalty", N_("penalty（重答扣分）应为 0 到 1 之间的数。"), {}))
    if question.get("text_format", "plain") not in FORMATS:
        found.append(("text_format", N_("text_format 应为 plain、html、markdown 或 moodle。"), {}))
    return found + [(key, message, params) for key, message, params in CHECKS[kind](question)]


def _options(question: dict) -> list:
    options = question.get("options")
    if (
        not isinstance(options, list)
        or len(options) < 2
        or not all(isinstance(o, dict) and _text(o.get("text")) for o in options)
    ):
        return [("options", N_("options 应至少有两个选项，每个选项都要有 text。"), {})]
    weights = [o.get("weight") for o in options if "weight" in o]
    if weights and not all(_number(w) and -100 <= w <= 100 for w in weights):
        return [("options", N_("选项的 weight 应为 -100 到 100 之间的数。"), {})]
    return []


def _check_single(question: dict) -> list:
    """Exactly one option marked correct; or, with weights (as Moodle imports them), at least one at 100."""
    found = _options(question)
    if found:
        return found
    options = question["options"]
    if any("weight" in o for o in options):
        if not any(o.get("weight") == 100 for o in options):
            found.append(("options", N_("单选题至少要有一个满分（weight: 100）的选项。"), {}))
    elif sum(1 for o in options if o.get("correct") is True) != 1:
        found.append(("options", N_("单选题应恰好有一个正确选项（correct: true）。"), {}))
    return found


def _check_multiple(question: dict) -> list:
    found = _options(question)
    if not found:
        options = question["options"]
        good = [o for o in options if o.get("correct") is True or (_number(o.get("weight")) and o["weight"] > 0)]
        if not good or len(good) == len(options):
            found.append(("options", N_("多选题应至少有一个正确选项和一个错误选项。"), {}))
    return found


def _check_truefalse(question: dict) -> list:
    return (
        [] if isinstance(question.get("answer"), bool) else [("answer", N_("判断题的 answer 应为 true 或 false。"), {})]
    )


def _check_fill(question: dict) -> list:
    answers = question.get("answers")
    good = (
        isinstance(answers, list)
        and answers
        and all(
            _text(a) or (isinstance(a, dict) and _text(a.get("text")) and _number(a.get("weight", 100)))
            for a in answers
        )
    )
    found: list[tuple[str, str, dict]] = (
        [] if good else [("answers", N_("填空题的 answers 应列出至少一个可接受的答案（文字）。"), {})]
    )
    if not isinstance(question.get("case_sensitive", False), bool):
        found.append(("case_sensitive", N_("case_sensitive 应为 true 或 false。"), {}))
    if isinstance(question.get("text"), str) and question["text"].count("____") > 1:
        found.append(("text", N_("填空题的题干最多只能有一个 ____。"), {}))
    return found


def _check_ordering(question: dict) -> list:
    items = question.get("items")
    if (
        not isinstance(items, list)
        or len(items) < 2
        or not all(_text(i) for i in items)
        or len(set(items)) != len(items)
    ):
        return [("items", N_("排序题的 items 应按正确顺序列出至少两项，且互不相同。"), {})]
    return []


def _check_matching(question: dict) -> list:
    pairs = question.get("pairs")
    if (
        not isinstance(pairs, list)
        or len(pairs) < 2
        or not all(isinstance(p, dict) and _text(p.get("left")) and _text(p.get("right")) for p in pairs)
    ):
        return [("pairs", N_("匹配题的 pairs 应至少有两组，每组都有 left 和 right。"), {})]
    if len({p["left"] for p in pairs}) != len(pairs):
        return [("pairs", N_("匹配题的 left 不能重复。"), {})]
    distractors = question.get("distractors", [])
    if not isinstance(distractors, list) or not all(_text(d) for d in distractors):
        return [("distractors", N_("distractors 应为文字列表。"), {})]
    return []


def _entry_ok(entry) -> bool:
    if not isinstance(entry, dict) or not _number(entry.get("weight", 100)):
        return False
    if "range" in entry:
        bounds = entry["range"]
        return (
            isinstance(bounds, list) and len(bounds) == 2 and all(_number(b) for b in bounds) and bounds[0] <= bounds[1]
        )
    return _number(entry.get("answer")) and _number(entry.get("tolerance", 0)) and entry.get("tolerance", 0) >= 0


def _check_numerical(question: dict) -> list:
    if "answers" in question:
        entries = question["answers"]
        ok = isinstance(entries, list) and entries and all(_entry_ok(e) for e in entries)
    else:
        ok = _entry_ok({key: question[key] for key in ("answer", "tolerance", "range") if key in question})
    if not ok or parse_number(question.get("answer", 0)) is None:
        return [("answer", N_("数值题应写 answer（可加 tolerance ≥ 0）或 range: [最小, 最大]。"), {})]
    return []


def _check_scenario(question: dict) -> list:
    rubric = question.get("rubric")
    ok = (
        isinstance(rubric, list)
        and rubric
        and all(
            isinstance(i, dict)
            and _text(i.get("idea"))
            and isinstance(i.get("points"), int)
            and not isinstance(i.get("points"), bool)
            and i["points"] > 0
            and isinstance(i.get("keywords"), list)
            and i["keywords"]
            and all(_text(k) for k in i["keywords"])
            for i in rubric
        )
    )
    found: list[tuple[str, str, dict]] = (
        []
        if ok
        else [("rubric", N_("情景题的 rubric 应列出要点，每个要点有 idea、正整数 points 和至少一个 keywords。"), {})]
    )
    if not _text(question.get("model_answer")):
        found.append(("model_answer", N_("model_answer 应是一段完整的参考答案（文字）。"), {}))
    forbidden = question.get("forbidden", [])
    if not isinstance(forbidden, list) or not all(_text(phrase) for phrase in forbidden):
        found.append(("forbidden", N_("forbidden 应列出本题禁止的说法（文字列表）。"), {}))
    return found


CHECKS = {
    "single": _check_single,
    "multiple": _check_multiple,
    "truefalse": _check_truefalse,
    "fill": _check_fill,
    "ordering": _check_ordering,
    "matching": _check_matching,
    "numerical": _check_numerical,
    "scenario": _check_scenario,
}
