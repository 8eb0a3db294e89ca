"""The award pipeline: a passed promotion exam earns its level in the grading transaction; the PDF follows as a job.

If awarding fails, the grading still stands, the failure is written on the attempt for HR, and
``sweep`` (``lms sweep-awards``, run by the scheduler) tries again until it is done.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from lms.domain.levels import Evaluation, Level
from lms.domain.states import AttemptStatus, ExamKind
from lms.extensions import db
from lms.models import Attempt, Certificate, Exam, Job, User
from lms.services import audit, certificates, job_runs, level_page
from lms.services import levels as level_service

log = logging.getLogger(__name__)


def settle(attempt: Attempt) -> Certificate | None:
    """In the caller's transaction: the certificate this attempt earns (new or already issued), or None."""
    exam = attempt.exam
    if not attempt.passed or exam.kind != ExamKind.PROMOTION:
        return None
    earned = db.session.scalar(sa.select(Certificate).where(Certificate.attempt_id == attempt.id))
    if earned is not None:
        return earned
    level = level_service.promotion_level(exam)
    if certificates.holds(attempt.user, level):
        if not certificates.due_for_renewal(attempt.user, level):
            return None
        standing = level_service.evaluate(attempt.user)
    else:
        standing = level_service.evaluate(attempt.user)
        if standing.next != level or not standing.qualifies:
            return None
    return certificates.issue(attempt.user, level, standing, attempt=attempt)


def failed(attempt_id: int, error: Exception) -> None:
    """Note on the (already graded) attempt why its award failed, for HR and the sweep."""
    log.exception("award after attempt %s failed", attempt_id)
    db.session.execute(
        sa.update(Attempt).where(Attempt.id == attempt_id).values(award_error=f"{type(error).__name__}: {error}"[:1000])
    )
    db.session.commit()


#: Passed promotion attempts whose award failed, with their people and exams (built once).
_PENDING = (
    sa.select(Attempt)
    .join(Exam)
    .where(
        Attempt.award_error.is_not(None),
        Attempt.passed.is_(True),
        Attempt.status == AttemptStatus.FINISHED,
        Exam.kind == ExamKind.PROMOTION,
    )
    .options(selectinload(Attempt.user), selectinload(Attempt.exam))
    .order_by(Attempt.id)
)


def pending() -> list[Attempt]:
    """Passed promotion attempts whose award failed and is still to be done."""
    return list(db.session.scalars(_PENDING))


def retry(attempt: Attempt) -> Certificate | None:
    """Award a failed attempt again, in one transaction; clears its error when it worked."""
    try:
        certificate = settle(attempt)
        attempt.award_error = None
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        failed(attempt.id, error)
        return None
    if certificate is not None:
        certificates.render_later(certificate)
    return certificate


def sweep(step: Callable[[str, str | None], None] | None = None) -> tuple[int, int, int]:
    """Finish every failed award and render every missing PDF: (awards done, PDFs done, still failing).

    ``step(item, error)`` hears of each item as it is done (the retry job's progress); ``error`` is None on success.
    """
    report = step or (lambda _item, _error: None)
    awards = 0
    for attempt in pending():
        if retry(attempt) is not None or attempt.award_error is None:
            awards += 1
        db.session.refresh(attempt)
        report(f"{attempt.user.name}（{attempt.exam.title}）", attempt.award_error)
    rendered = failing = 0
    for certificate in certificates.pending_pdfs():
        try:
            certificates.render_stored(certificate.id)
            rendered += 1
            report(certificate.number, None)
        except Exception as error:
            log.exception("certificate %s: PDF still failing", certificate.number)
            failing += 1
            report(certificate.number, f"{type(error).__name__}: {error}"[:300])
    failing += len(pending())
    return awards, rendered, failing


#: The stored job (lms/jobs.py) that retries failed awards and PDFs for HR, with its progress on a page.
RETRY_KIND = "award_retry"


def start_retry(owner: User, ip: str | None = None) -> Job:
    """HR's 立即重试: the sweep as a background job they can watch (audited)."""
    from lms import jobs

    job = job_runs.create(owner, RETRY_KIND, {})
    audit.record(
        "award.retry",
        owner,
        obj=job,
        detail={"awards": len(pending()), "pdfs": len(certificates.pending_pdfs())},
        ip=ip,
    )
    db.session.commit()
    jobs.start(job)
    return job


def retry_job(job: Job) -> None:
    """The retry job's work: every pending award and PDF, each counted, each failure noted on the job."""
    total = len(pending()) + len(certificates.pending_pdfs())
    job_runs.progress(job, 0, total)
    done = 0

    def step(item: str, error: str | None) -> None:
        nonlocal done
        done += 1
        if error:
            job_runs.add_error(job, item, error)
        job_runs.progress(job, done)

    sweep(step)


def by_hand(
    user: User, level_code: str, evaluation, reason: str | None = None, actor: User | None = None
) -> Certificate:
    """HR's manual award (``lms issue-certificate``, demo records): the certificate held, or a new one with its PDF.

    The person's row is locked first, so two awards at once run one after the other and the second finds the first's
    certificate instead of issuing another. The lock is a no-op UPDATE: on PostgreSQL it waits for the other award's
    transaction as ``SELECT … FOR UPDATE`` would; on SQLite, where ``FOR UPDATE`` locks nothing and a SELECT opens no
    transaction, it takes the database's write lock before anything is read. (With ``FOR UPDATE`` the second award
    sometimes read "not held", then the first's award, and issued it a second certificate as a renewal.)
    """
    db.session.execute(sa.update(User).where(User.id == user.id).values(session_version=User.session_version))
    if certificates.holds(user, level_code) and not certificates.due_for_renewal(user, level_code):
        held = certificates.latest(user, level_code)
        assert held is not None, "holding a level means having its certificate"
        return held
    try:
        certificate = certificates.issue(user, level_code, evaluation, override_reason=reason, actor=actor)
        db.session.commit()
    except IntegrityError:  # the same award committed by a concurrent request
        db.session.rollback()
        held = certificates.latest(user, level_code)
        if held is None:  # no concurrent award after all: the error is something else
            raise
        return held
    certificates.render_later(certificate)
    return certificate


@dataclass(frozen=True)
class Outcome:
    """What a finished promotion attempt brought, for its result page."""

    level: Level | None
    #: The certificate this attempt earned, if any.
    certificate: Certificate | None
    #: Why awarding failed (it is being retried), if it did.
    error: str | None
    #: Where the learner stands now (gaps named when a pass did not award the level).
    standing: Evaluation | None


def outcome(attempt: Attempt) -> Outcome | None:
    """The level, certificate or gaps a promotion attempt led to; None for other exams."""
    if attempt.exam.kind != ExamKind.PROMOTION:
        return None
    certificate = db.session.scalar(sa.select(Certificate).where(Certificate.attempt_id == attempt.id))
    standing = None
    if certificate is None and attempt.passed:
        standing = level_page.readable(level_service.evaluate(attempt.user))
    level = level_service.level_named(level_service.promotion_level(attempt.exam))
    return Outcome(level, certificate, attempt.award_error, standing)
