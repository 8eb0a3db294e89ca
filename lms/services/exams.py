"""The attempt engine: start (drawing the paper), save answers, finish and grade once, close overdue ones."""

import random
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult

from lms.domain import attempts, paper
from lms.domain.blueprint_file import Section
from lms.domain.states import AttemptStatus, ExamKind
from lms.extensions import db
from lms.models import (
    Attempt,
    AttemptItem,
    Exam,
    ExamVersion,
    Question,
    QuestionBank,
    QuestionVersion,
    User,
)
from lms.services import audit, awards, certificates, learning, review_cards, scope
from lms.services import levels as level_service
from lms.services.question_content import DRAWABLE
from lms.services.transaction import commit_keeping_loaded
from lms.timeutil import local, utcnow


class AttemptClosed(Exception):
    """The attempt no longer takes answers (finished, or its time ran out)."""

    def __init__(self, attempt: Attempt):
        super().__init__(attempt.id)
        self.attempt = attempt


class NotAllowed(Exception):
    """A new attempt may not start; ``eligibility`` says why."""

    def __init__(self, eligibility: attempts.Eligibility):
        super().__init__(eligibility.reason)
        self.eligibility = eligibility


def active_exam(slug: str) -> Exam | None:
    """The exam with this id, unless retired."""
    return db.session.scalar(sa.select(Exam).where(Exam.slug == slug, Exam.active.is_(True)))


def attempts_of(user: User, exam: Exam) -> list[Attempt]:
    """The user's attempts at ``exam``, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Attempt).where(Attempt.user_id == user.id, Attempt.exam_id == exam.id).order_by(Attempt.id)
        )
    )


#: Why a new attempt may not start while the last one waits for a grader (an Eligibility reason).
WAITING_FOR_GRADER = "grading"


def eligibility(user: User, exam: Exam, now: datetime) -> attempts.Eligibility:
    """Whether the user may start a new attempt now (a promotion exam also needs every other rule of its level).

    Not while an attempt awaits grading: its result decides whether another is needed.
    """
    taken = attempts_of(user, exam)
    if any(a.status == AttemptStatus.AWAITING_GRADING for a in taken):
        return attempts.Eligibility(False, WAITING_FOR_GRADER)
    finished = [a for a in taken if a.status == AttemptStatus.FINISHED]
    if exam.kind == ExamKind.PROMOTION:
        level = level_service.promotion_level(exam)
        latest = certificates.latest(user, level)
        if latest is not None and latest.revoked_at is not None:  # lost: earned again as if new, by new attempts
            finished = [a for a in finished if a.started_at > latest.revoked_at]
        # renewal (due only with a certificate): only attempts since the last certificate count
        if latest is not None and certificates.due_for_renewal(user, level):
            finished = [a for a in finished if local(a.started_at).date() > latest.issued_on]
        elif certificates.holds(user, level):
            return attempts.Eligibility(False, "passed")
        else:
            standing = level_service.evaluate(user)
            if standing.next != level or not standing.ready_for_exam:
                return attempts.Eligibility(False, "not_ready")
    finished_at = []
    for a in finished:
        assert a.finished_at is not None, f"finished attempt {a.id} has no finished_at"  # finish() sets both at once
        finished_at.append(a.finished_at)
    return attempts.may_start(
        finished_at,
        exam.settings["attempts"],
        exam.settings["wait_minutes"],
        any(a.passed for a in finished),
        now,
    )


#: What the exams list shows of each active exam, promotion exams first (built once: rows, no exams loaded).
_CATALOGUE = (
    sa.select(Exam.id, Exam.slug, Exam.title, Exam.kind, Exam.level, Exam.settings, Exam.sections)
    .where(Exam.active.is_(True))
    .order_by(Exam.kind.desc(), Exam.slug)
)


def catalogue() -> list[sa.Row]:
    """The active exams as the exams list shows them (id, slug, title, kind, level, settings, sections)."""
    return list(db.session.connection().execute(_CATALOGUE))


def counted_results(user: User, exams: list[Exam]) -> dict[int, tuple[float, bool] | None]:
    """Per exam, the score that counts (highest or last, as its blueprint says) and whether it passes; one query."""
    return results(user, exams)[0]


#: Built once, the user and the exams bound, run as plain Core.
_RESULTS = (
    sa.select(Attempt.exam_id, Attempt.status, Attempt.percent)
    .where(
        Attempt.user_id == sa.bindparam("user_id"),
        Attempt.exam_id.in_(sa.bindparam("exam_ids", expanding=True)),
        Attempt.status.in_([AttemptStatus.FINISHED, AttemptStatus.AWAITING_GRADING]),
    )
    .order_by(Attempt.id)
)


def results(user: User, exams: Sequence[Exam | sa.Row]) -> tuple[dict[int, tuple[float, bool] | None], set[int]]:
    """Per exam, the score that counts and whether it passes (as ``counted_results``), and the ids of the exams where
    the user's handed-in attempt awaits a grader; one query."""
    percents: dict[int, list[float]] = {}
    awaiting = set()
    for exam_id, status, percent in db.session.connection().execute(
        _RESULTS, {"user_id": user.id, "exam_ids": [e.id for e in exams]}
    ):
        if status == AttemptStatus.AWAITING_GRADING:
            awaiting.add(exam_id)
        elif percent is not None:
            percents.setdefault(exam_id, []).append(percent)
    found = {}
    for exam in exams:
        score = attempts.counted(percents.get(exam.id, []), exam.settings["counts"])
        found[exam.id] = None if score is None else (score, score >= exam.settings["pass_mark"])
    return found, awaiting


def open_attempt(user: User, exam: Exam, now: datetime) -> Attempt | None:
    """The user's attempt in progress at ``exam`` (finished first if its time ran out)."""
    for attempt in attempts_of(user, exam):
        if attempt.status == AttemptStatus.IN_PROGRESS and not close_if_overdue(attempt, now):
            return attempt
    return None


def start(user: User, exam: Exam, now: datetime | None = None) -> Attempt:
    """Resume the open attempt, or draw a new paper and start the clock."""
    now = now or utcnow()
    current = open_attempt(user, exam, now)
    if current is not None:
        return current
    allowed = eligibility(user, exam, now)
    if not allowed.allowed:
        raise NotAllowed(allowed)
    rng = random.Random(secrets.randbits(64))
    sections = tuple(
        Section(s["bank"], s["count"], s.get("category"), tuple(s["difficulty"]) if s.get("difficulty") else None)
        for s in exam.sections
    )
    drawn = paper.draw(sections, _candidates(exam), rng, exam.settings["shuffle_questions"])
    contents: dict[int, dict] = dict(
        db.session.execute(
            sa.select(QuestionVersion.id, QuestionVersion.content).where(QuestionVersion.id.in_(drawn))
        ).all()
    )
    attempt = Attempt(
        exam_id=exam.id,
        exam_version_id=current_version_id(exam),
        user_id=user.id,
        started_at=now,
        deadline=attempts.deadline(now, exam.settings["time_limit_minutes"]),
    )
    db.session.add(attempt)
    db.session.flush()
    db.session.execute(  # one statement for the paper's questions (the ORM's flush inserts them one by one on SQLite)
        sa.insert(AttemptItem),
        [
            {
                "attempt_id": attempt.id,
                "position": position,
                "question_version_id": version_id,
                "part_order": paper.part_order(contents[version_id], rng, exam.settings["shuffle_options"]),
            }
            for position, version_id in enumerate(drawn, start=1)
        ],
    )
    commit_keeping_loaded()
    return attempt


def current_version_id(exam: Exam) -> int | None:
    """The id of the newest version of a browser-built exam (None for an exam from a blueprint file)."""
    return db.session.scalar(
        sa.select(ExamVersion.id).where(ExamVersion.exam_id == exam.id).order_by(ExamVersion.version.desc()).limit(1)
    )


def _candidates(exam: Exam) -> list[paper.Candidate]:
    """Current versions of the active questions in the exam's banks (by version id), without their content: only the
    drawn ones need it, and a promotion exam's banks hold hundreds."""
    banks = {s["bank"] for s in exam.sections}
    rows = db.session.execute(
        sa.select(QuestionVersion.id, QuestionBank.slug, QuestionVersion.category, QuestionVersion.difficulty)
        .join(Question, Question.current_version_id == QuestionVersion.id)
        .join(QuestionBank)
        .where(DRAWABLE, QuestionBank.slug.in_(banks))
    )
    return [paper.Candidate(*row) for row in rows]


def owned_attempt(user: User, attempt_id: int) -> Attempt | None:
    """The attempt if it is the user's; None otherwise (so another's attempt looks like no attempt)."""
    attempt = db.session.get(Attempt, attempt_id)
    return attempt if attempt is not None and attempt.user_id == user.id else None


def close_if_overdue(attempt: Attempt, now: datetime) -> bool:
    """Hand in an attempt whose time (and grace) ran out; True if it was handed in now or before."""
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return True
    if attempts.accepts_answers(now, attempt.deadline):
        return False
    finish(attempt.id, now, timed_out=True)
    db.session.refresh(attempt)
    return True


def _claim(attempt_id: int, was: AttemptStatus, **values) -> bool:
    """Move the attempt on from ``was`` (setting ``values``) if it is still there: of two requests only one wins."""
    return changed_a_row(sa.update(Attempt).where(Attempt.id == attempt_id, Attempt.status == was).values(**values))


def changed_a_row(statement: sa.Update, params: dict[str, Any] | None = None) -> bool:
    """Run an UPDATE; whether it changed a row."""
    # An UPDATE without RETURNING gives a CursorResult, but Session.execute() is typed to return a plain Result
    # (sqlalchemy/sqlalchemy#12913); SQLAlchemy's own answer for rowcount is this cast.
    return bool(cast(CursorResult[Any], db.session.execute(statement, params)).rowcount)


def finish(attempt_id: int, now: datetime | None = None, timed_out: bool = False) -> Attempt:
    """Hand in and grade, once: of two finish requests at the same moment only one grades.

    A promotion paper with scenario answers is not decided here: it awaits a grader (``grade``).
    """
    now = now or utcnow()
    attempt = _attempt(attempt_id)
    status = attempts.handed_in(attempt.exam.kind, [item.version.type for item in attempt.items])

    def claim_and_grade() -> Attempt | None:
        if not _claim(attempt_id, AttemptStatus.IN_PROGRESS, status=status, finished_at=now, timed_out=timed_out):
            return None
        attempt = _attempt(attempt_id, populate_existing=True)
        _grade(attempt)
        return attempt

    _commit_graded(claim_and_grade)
    return _attempt(attempt_id, populate_existing=True)


def _attempt(attempt_id: int, populate_existing: bool = False) -> Attempt:
    """The attempt with this id, known to exist; LookupError if it is gone (deleted with its user meanwhile)."""
    attempt = db.session.get(Attempt, attempt_id, populate_existing=populate_existing)
    if attempt is None:
        raise LookupError(f"attempt {attempt_id} not found")
    return attempt


def _grade(attempt: Attempt) -> None:
    """Score every item and, unless it awaits a grader, the whole paper (inside the finishing transaction)."""
    result = suggested(attempt)
    for item, fraction in zip(attempt.items, result.fractions, strict=True):
        item.score = fraction
    review_cards.attempt_graded(attempt, attempt.finished_at or utcnow())
    if attempt.status == AttemptStatus.AWAITING_GRADING:  # no total and no pass until a person has graded
        return
    attempt.score, attempt.max_score, attempt.percent = result.score, result.max_score, result.percent
    attempt.passed = result.percent >= attempt.settings["pass_mark"]


def suggested(attempt: Attempt) -> attempts.Result:
    """The paper graded automatically (scenario answers by the rubric unless scored by hand)."""
    return attempts.grade(
        [attempts.Item(i.version.content, i.version.points, i.answer, i.override) for i in attempt.items]
    )


def _commit_graded(grading: Callable[[], Attempt | None]) -> None:
    """Commit a grading with what a pass brings (a module complete, a level and its certificate) in one transaction.

    If the consequences fail, the grading is committed alone with the failure noted on the attempt,
    so nothing half-happens and ``lms sweep-awards`` finishes the award later.
    """
    attempt = grading()
    if attempt is None:
        db.session.rollback()
        return
    try:
        if attempt.passed and attempt.exam.kind == ExamKind.MODULE_QUIZ and attempt.exam.module is not None:
            learning.complete_if_done(attempt.user, attempt.exam.module)
        certificate = awards.settle(attempt)
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        graded = grading()
        db.session.commit()
        if graded is not None:
            awards.failed(graded.id, error)
        return
    if certificate is not None:
        certificates.render_later(certificate)


def close_overdue(now: datetime | None = None) -> int:
    """Finish every attempt whose time and grace ran out (for a scheduler); how many were closed."""
    now = now or utcnow()
    limit = now - attempts.GRACE
    ids = list(
        db.session.scalars(
            sa.select(Attempt.id).where(Attempt.status == AttemptStatus.IN_PROGRESS, Attempt.deadline < limit)
        )
    )
    return sum(1 for attempt_id in ids if finish(attempt_id, now, timed_out=True).timed_out)


class AlreadyGraded(Exception):
    """The attempt no longer awaits grading (someone finished grading it first)."""

    def __init__(self, attempt: Attempt):
        super().__init__(attempt.id)
        self.attempt = attempt


@dataclass(frozen=True)
class Mark:
    """A grader's score for one scenario answer: its position on the paper, a fraction (0-1) and a comment."""

    position: int
    fraction: float
    comment: str = ""


def grade(grader: User, attempt: Attempt, marks: list[Mark], ip: str | None = None) -> Attempt:
    """A grader's scores for every scenario answer of an attempt awaiting grading, in one transaction.

    The attempt is finished, its total and pass decided, and a pass brings its level and certificate as at any
    hand-in. Refused (ValueError, nothing written) unless every scenario answer has one mark between 0 and 1 and
    ``grader`` may grade its learner; AlreadyGraded if it no longer awaits grading (another grader was first).
    """
    if scope.grading_attempt(grader, attempt.id) is None:
        raise ValueError("this grader may not grade this attempt")
    if attempt.status != AttemptStatus.AWAITING_GRADING:
        raise AlreadyGraded(attempt)
    scenario = sorted(i.position for i in attempt.items if i.version.type == "scenario")
    if sorted(m.position for m in marks) != scenario or not all(0 <= m.fraction <= 1 for m in marks):
        raise ValueError("every scenario answer needs one mark between 0 and 1")
    attempt_id, by_position = attempt.id, {m.position: m for m in marks}

    def mark_all() -> Attempt | None:
        now = utcnow()
        if not _claim(
            attempt_id,
            AttemptStatus.AWAITING_GRADING,
            status=AttemptStatus.FINISHED,
            graded_by_id=grader.id,
            graded_at=now,
        ):
            return None
        graded = _attempt(attempt_id, populate_existing=True)
        for item in graded.items:
            if item.position in by_position:
                mark = by_position[item.position]
                item.override, item.override_by_id, item.comment = (
                    mark.fraction,
                    grader.id,
                    mark.comment.strip() or None,
                )
        _grade(graded)
        audit.record(
            "attempt.grade",
            grader,
            obj=graded,
            detail={
                "percent": graded.percent,
                "passed": graded.passed,
                "marks": {str(m.position): m.fraction for m in marks},
            },
            ip=ip,
        )
        return graded

    _commit_graded(mark_all)
    graded = _attempt(attempt_id, populate_existing=True)
    if graded.graded_by_id != grader.id:  # another grader's claim came first
        raise AlreadyGraded(graded)
    return graded


def override(supervisor: User, item: AttemptItem, fraction: float, ip: str | None = None) -> Attempt:
    """A supervisor's score for a scenario answer; the paper is graded again with it."""
    if item.version.type != "scenario" or item.attempt.status != AttemptStatus.FINISHED:
        raise ValueError("only a finished scenario answer can be overridden")
    attempt_id, position = item.attempt_id, item.position

    def regrade() -> Attempt:
        attempt = _attempt(attempt_id)
        changed = next(i for i in attempt.items if i.position == position)
        changed.override, changed.override_by_id = max(0.0, min(1.0, fraction)), supervisor.id
        _grade(attempt)
        audit.record(
            "attempt.override",
            supervisor,
            obj=attempt,
            detail={"position": position, "fraction": changed.override},
            ip=ip,
        )
        return attempt

    _commit_graded(regrade)
    return _attempt(attempt_id, populate_existing=True)
