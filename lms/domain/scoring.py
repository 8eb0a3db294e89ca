"""Scoring one answer to one question: a pure function per type, each giving a fraction from 0 to 1.

Answers are stored as given and look like this (option, item and right indices are the
question's own, whatever order the learner saw them in):
single: int · multiple: [int] · truefalse: bool · fill, numerical, scenario: str ·
ordering: [int] (items in the learner's order) · matching: [int or None] (a right per left).
"""

import math
import re
import unicodedata

PUNCTUATION = "。．.！!？?，,；;、：:～~…"


def normalise(text: str) -> str:
    """Fold full-width to half-width, drop spaces and surrounding punctuation, ignore case."""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return re.sub(r"\s+", "", folded).strip(PUNCTUATION)


def _weights(question: dict) -> list[float]:
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
    return _clamp(_weights(question)[answer] / 100)


def score_multiple(question: dict, answer) -> float:
    """The sum of the chosen options' weights (wrong ones count against), between 0 and 1."""
    if not isinstance(answer, list):
        return 0.0
    chosen = {a for a in answer if isinstance(a, int) and not isinstance(a, bool) and 0 <= a < len(question["options"])}
    weights = _weights(question)
    return _clamp(sum(weights[i] for i in chosen) / 100)


def score_truefalse(question: dict, answer) -> float:
    """1 if the answer is the right truth value."""
    return 1.0 if isinstance(answer, bool) and answer == question["answer"] else 0.0


def _accepted(question: dict) -> list[tuple[str, float]]:
    """Accepted fill answers as (text, weight in percent)."""
    return [(a, 100.0) if isinstance(a, str) else (a["text"], float(a.get("weight", 100))) for a in question["answers"]]


def score_fill(question: dict, answer) -> float:
    """The best weight among accepted answers equal to this one after normalising ("*" takes anything)."""
    if not isinstance(answer, str) or not normalise(answer):
        return 0.0
    given = normalise(answer)
    weights = [weight for text, weight in _accepted(question) if text == "*" or normalise(text) == given]
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


def rubric_hits(question: dict, answer) -> list[bool]:
    """For each rubric idea, whether one of its keywords appears in the answer."""
    text = normalise(answer) if isinstance(answer, str) else ""
    return [any(normalise(keyword) in text for keyword in idea["keywords"]) for idea in question["rubric"]]


def score_scenario(question: dict, answer) -> float:
    """Points of the ideas the answer shows, out of the rubric's total."""
    total = sum(idea["points"] for idea in question["rubric"])
    hits = rubric_hits(question, answer)
    return sum(idea["points"] for idea, hit in zip(question["rubric"], hits, strict=True) if hit) / total


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
    """An answer that earns full marks (for demos, tests and checking a bank's questions)."""
    kind = question["type"]
    if kind in ("single", "multiple"):
        weights = _weights(question)
        if kind == "single":
            return weights.index(max(weights))
        return [i for i, weight in enumerate(weights) if weight > 0]
    if kind == "truefalse":
        return question["answer"]
    if kind == "fill":
        return max(_accepted(question), key=lambda accepted: accepted[1])[0]
    if kind == "ordering":
        return list(range(len(question["items"])))
    if kind == "matching":
        return list(range(len(question["pairs"])))
    if kind == "numerical":
        entry = max(numerical_entries(question), key=lambda e: float(e.get("weight", 100)))
        return f"{entry['range'][0]:g}" if "range" in entry else f"{float(entry['answer']):g}"
    return "，".join(idea["keywords"][0] for idea in question["rubric"])
