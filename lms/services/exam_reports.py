"""What supervisors see of exams: their team's results and item statistics (scope decides who the team is)."""

from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import load_only, selectinload

from lms.domain import attempts, item_stats
from lms.domain.states import AttemptStatus
from lms.extensions import db
from lms.models import Attempt, AttemptItem, Exam, Module, Question, QuestionVersion, User
from lms.services import scope

#: Item statistics use at most this many recent finished attempts (enough for stable figures).
STATS_ATTEMPTS = 2000


@dataclass(frozen=True)
class ExamSummary:
    """An exam's figures over the people one viewer may see."""

    exam: Exam
    attempts: int
    passed: int
    mean_percent: float | None


@lru_cache(maxsize=512)
def _summaries_query(mine: sa.ColumnElement[bool]) -> sa.Select:
    """Every active exam with the finished attempts, passes and mean of the people ``mine`` keeps; built once per
    viewer (``scope.people_filter`` keeps one filter each), as building it costs about as much as running it."""
    totals = (
        sa.select(
            Attempt.exam_id,
            sa.func.count().label("attempts"),
            sa.func.sum(sa.case((Attempt.passed.is_(True), 1), else_=0)).label("passed"),
            sa.func.avg(Attempt.percent).label("mean"),
        )
        .where(Attempt.status == AttemptStatus.FINISHED, mine)
        .group_by(Attempt.exam_id)
        .subquery()
    )
    return (
        sa.select(Exam, totals.c.attempts, totals.c.passed, totals.c.mean)
        .outerjoin(totals, totals.c.exam_id == Exam.id)
        .where(Exam.active.is_(True))
        .order_by(Exam.kind.desc(), Exam.slug)
        .options(load_only(Exam.slug, Exam.title, Exam.kind))
    )


def summaries(viewer: User) -> list[ExamSummary]:
    """Every active exam with the finished attempts, passes and mean score of the people ``viewer`` may see (one query)."""
    rows = db.session.execute(_summaries_query(scope.people_filter(viewer, Attempt.user_id)))
    return [
        ExamSummary(exam, count or 0, passed or 0, None if mean is None else round(float(mean), 1))
        for exam, count, passed, mean in rows
    ]


def team_attempts(viewer: User, exam: Exam, result: str = "") -> sa.Select:
    """The handed-in attempts at ``exam`` of the people ``viewer`` may see, newest first.

    ``result`` keeps the passed, the failed or those awaiting grading (whose pass is not decided yet) only.
    """
    handed_in = (AttemptStatus.FINISHED, AttemptStatus.AWAITING_GRADING)
    query = (
        scope.visible_attempts(viewer)
        .where(Attempt.exam_id == exam.id, Attempt.status.in_(handed_in))
        .options(selectinload(Attempt.user))
        .order_by(Attempt.finished_at.desc())
    )
    if result == "passed":
        return query.where(Attempt.passed.is_(True))
    if result == "failed":
        return query.where(Attempt.status == AttemptStatus.FINISHED, Attempt.passed.is_not(True))
    if result == "awaiting":
        return query.where(Attempt.status == AttemptStatus.AWAITING_GRADING)
    return query


def question_statistics(viewer: User, exam: Exam) -> list[tuple[QuestionVersion, item_stats.ItemStats]]:
    """Facility, discrimination and flags per question version, over the recent finished attempts ``viewer`` sees."""
    recent = (
        sa.select(Attempt.id)
        .where(
            Attempt.exam_id == exam.id,
            Attempt.status == AttemptStatus.FINISHED,
            scope.people_filter(viewer, Attempt.user_id),
        )
        .order_by(Attempt.id.desc())
        .limit(STATS_ATTEMPTS)
        .subquery()
    )
    papers: dict[int, dict[int, float]] = {}
    for attempt_id, version_id, score in db.session.execute(
        sa.select(AttemptItem.attempt_id, AttemptItem.question_version_id, AttemptItem.score).where(
            AttemptItem.attempt_id.in_(sa.select(recent.c.id))
        )
    ):
        papers.setdefault(attempt_id, {})[version_id] = score or 0.0
    stats = item_stats.statistics(list(papers.values()))
    versions = {
        v.id: v
        for v in db.session.scalars(
            sa.select(QuestionVersion)
            .where(QuestionVersion.id.in_([s.question_id for s in stats]))
            .options(selectinload(QuestionVersion.question).selectinload(Question.bank))
        )
    }
    return sorted(((versions[s.question_id], s) for s in stats), key=lambda pair: (not pair[1].flags, pair[1].facility))


def category_titles() -> dict[str, str]:
    """Categories named after modules, with the module's title."""
    return dict(db.session.execute(sa.select(Module.slug, Module.title)).all())


def by_category(attempt: Attempt) -> dict[str, tuple[float, float]]:
    """category -> (score, max) of a graded attempt."""
    return attempts.category_totals([(i.version.category, i.score or 0, i.version.points) for i in attempt.items])
