"""Classical item statistics for an exam's questions.

Facility is the mean score on the item (0-1). Discrimination is the correlation between the
item's score and the rest of the paper (total minus the item) across attempts, so a good item
is answered better by those who do better overall.
"""

import math
from dataclasses import dataclass

TOO_EASY, TOO_HARD, NEGATIVE = "too_easy", "too_hard", "negative"
#: Below this many attempts the figures are shown but not flagged.
MIN_ATTEMPTS = 5


@dataclass(frozen=True)
class ItemStats:
    """Figures for one question."""

    question_id: int
    attempts: int
    facility: float
    discrimination: float | None
    flags: tuple[str, ...]


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson correlation, or None when either side does not vary."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sx = math.sqrt(sum((x - mean_x) ** 2 for x in xs))
    sy = math.sqrt(sum((y - mean_y) ** 2 for y in ys))
    if sx == 0 or sy == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / (sx * sy)


def statistics(papers: list[dict[int, float]]) -> list[ItemStats]:
    """Per question, from finished papers given as {question id: fraction scored}."""
    totals = [sum(paper.values()) for paper in papers]
    questions = sorted({qid for paper in papers for qid in paper})
    found = []
    for qid in questions:
        scores = [(paper[qid], total - paper[qid]) for paper, total in zip(papers, totals, strict=True) if qid in paper]
        item = [s for s, _ in scores]
        facility = sum(item) / len(item)
        discrimination = _correlation(item, [rest for _, rest in scores]) if len(item) > 1 else None
        flags = []
        if len(item) >= MIN_ATTEMPTS:
            if facility > 0.9:
                flags.append(TOO_EASY)
            elif facility < 0.3:
                flags.append(TOO_HARD)
            if discrimination is not None and discrimination < 0:
                flags.append(NEGATIVE)
        found.append(
            ItemStats(
                qid,
                len(item),
                round(facility, 3),
                None if discrimination is None else round(discrimination, 3),
                tuple(flags),
            )
        )
    return found
