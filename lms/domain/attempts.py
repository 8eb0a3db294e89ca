"""Exam attempt rules: time owned by the server, who may start, grading a paper, which attempt counts."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lms.domain import scoring
from lms.domain.states import AttemptStatus, ExamKind

#: Answers arriving this long after the deadline still count (a slow network at the last second).
GRACE = timedelta(seconds=30)


def deadline(started: datetime, minutes: int) -> datetime:
    """When an attempt started at ``started`` must be handed in."""
    return started + timedelta(minutes=minutes)


def form_lifetime(started: datetime, due: datetime) -> int:
    """Seconds a paper's form token stays valid: the attempt's whole time and its grace, however long after the
    start the paper was opened (a later save is refused as out of time, not as an expired page)."""
    return int((due - started + GRACE).total_seconds()) + 1  # the token's timestamp is in whole seconds


def accepts_answers(now: datetime, due: datetime) -> bool:
    """Whether an answer given at ``now`` still counts."""
    return due >= earliest_open_deadline(now)


def earliest_open_deadline(now: datetime) -> datetime:
    """The earliest deadline of an attempt that still accepts an answer given at ``now`` (its grace included)."""
    return now - GRACE


def handed_in(kind: str, types: Iterable[str]) -> AttemptStatus:
    """What an attempt becomes when handed in: a promotion exam with scenario answers waits for a person to grade.

    Module quizzes keep their automatic score: certifiers grade open answers only where a level is at stake.
    """
    if kind == ExamKind.PROMOTION and "scenario" in types:
        return AttemptStatus.AWAITING_GRADING
    return AttemptStatus.FINISHED


@dataclass(frozen=True)
class Eligibility:
    """Whether a new attempt may start, and if not why and until when."""

    allowed: bool
    reason: str = ""
    wait_until: datetime | None = None


def may_start(finished_at: list[datetime], allowed: int, wait_minutes: int, passed: bool, now: datetime) -> Eligibility:
    """May a learner with these finished attempts start another? (``allowed`` 0 means no limit.)"""
    if passed:
        return Eligibility(False, "passed")
    if allowed and len(finished_at) >= allowed:
        return Eligibility(False, "no_attempts_left")
    if finished_at and wait_minutes:
        ready = max(finished_at) + timedelta(minutes=wait_minutes)
        if now < ready:
            return Eligibility(False, "wait", ready)
    return Eligibility(True)


@dataclass(frozen=True)
class Item:
    """One question of a paper as graded: content, points, the answer given and any override (a fraction)."""

    question: dict
    points: float
    answer: object
    override: float | None = None


@dataclass
class Result:
    """A graded paper."""

    score: float
    max_score: float
    percent: float
    fractions: list[float]
    #: category -> (score, max)
    by_category: dict[str, tuple[float, float]] = field(default_factory=dict)


def category_totals(rows: list[tuple[str, float, float]]) -> dict[str, tuple[float, float]]:
    """(score, max) per category from (category, fraction earned, points) rows."""
    totals: dict[str, tuple[float, float]] = {}
    for category, fraction, points in rows:
        got, most = totals.get(category, (0.0, 0.0))
        totals[category] = (got + fraction * points, most + points)
    return totals


def grade(items: list[Item]) -> Result:
    """Score every item (an override replaces the automatic score) and total them."""
    fractions = [
        item.override if item.override is not None else scoring.score(item.question, item.answer) for item in items
    ]
    score = sum(f * i.points for f, i in zip(fractions, items, strict=True))
    most = sum(i.points for i in items)
    by_category = category_totals(
        [(i.question["category"], f, i.points) for i, f in zip(items, fractions, strict=True)]
    )
    return Result(round(score, 4), most, round(100 * score / most, 2) if most else 0.0, fractions, by_category)


def counted(percents: list[float], counts: str) -> float | None:
    """The score that counts among finished attempts (oldest first): the highest or the last."""
    if not percents:
        return None
    return max(percents) if counts == "highest" else percents[-1]
