"""What supervisors see of exams: their team's results, item statistics, and one attempt in full."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from lms.domain import item_stats
from lms.extensions import db
from lms.models import Attempt, AttemptItem, Exam, Question, QuestionVersion, User
from lms.services.assignments import led_team_ids

#: Item statistics use at most this many recent finished attempts (enough for stable figures).
STATS_ATTEMPTS = 2000


@dataclass(frozen=True)
class ExamSummary:
    """An exam's figures over one supervisor's teams."""

    exam: Exam
    attempts: int
    passed: int
    mean_percent: float | None


def team_member_ids(supervisor: User) -> sa.Select:
    """Ids of everyone in the supervisor's teams (as a subquery)."""
    return sa.select(User.id).where(User.team_id.in_(led_team_ids(supervisor)))


def summaries(supervisor: User) -> list[ExamSummary]:
    """Every active exam with its finished attempts, passes and mean score in the supervisor's teams."""
    totals = {
        row[0]: row[1:]
        for row in db.session.execute(
            sa.select(
                Attempt.exam_id,
                sa.func.count(),
                sa.func.sum(sa.case((Attempt.passed.is_(True), 1), else_=0)),
                sa.func.avg(Attempt.percent),
            )
            .where(Attempt.status == "finished", Attempt.user_id.in_(team_member_ids(supervisor)))
            .group_by(Attempt.exam_id)
        )
    }
    exams = db.session.scalars(sa.select(Exam).where(Exam.active.is_(True)).order_by(Exam.kind.desc(), Exam.slug))
    found = []
    for exam in exams:
        count, passed, mean = totals.get(exam.id, (0, 0, None))
        found.append(ExamSummary(exam, count, passed or 0, None if mean is None else round(float(mean), 1)))
    return found


def team_attempts(supervisor: User, exam: Exam) -> sa.Select:
    """The team's finished attempts at ``exam``, newest first (for paging)."""
    return (
        sa.select(Attempt)
        .where(
            Attempt.exam_id == exam.id, Attempt.status == "finished", Attempt.user_id.in_(team_member_ids(supervisor))
        )
        .options(selectinload(Attempt.user))
        .order_by(Attempt.finished_at.desc())
    )


def question_statistics(exam: Exam) -> list[tuple[QuestionVersion, item_stats.ItemStats]]:
    """Facility, discrimination and flags per question version, over the exam's recent finished attempts."""
    recent = (
        sa.select(Attempt.id)
        .where(Attempt.exam_id == exam.id, Attempt.status == "finished")
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


def team_attempt(supervisor: User, attempt_id: int) -> Attempt | None:
    """An attempt by someone in the supervisor's teams, else None."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user.team_id not in led_team_ids(supervisor):
        return None
    return attempt
