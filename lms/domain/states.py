"""The states people see, each defined once: attempt status, exam kind, learning status, certificate status.

Every page, list, statistic and rule asks these functions and enums; none compares strings of its own.
"""

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta


class AttemptStatus(enum.StrEnum):
    """An exam attempt is open until it is handed in or its time runs out, then finished (graded once).

    A promotion exam with scenario answers waits for a person between the two: handed in, its other answers
    scored and each scenario answer holding the automatic suggestion, it has no total and no pass until a
    supervisor or designated grader grades it (lms.domain.attempts.handed_in).
    """

    IN_PROGRESS = "in_progress"
    AWAITING_GRADING = "awaiting_grading"
    FINISHED = "finished"


class ExamKind(enum.StrEnum):
    """A module's end quiz (passing it completes the module, once read) or a level's promotion exam."""

    MODULE_QUIZ = "module_quiz"
    PROMOTION = "promotion"
    #: Built in the browser from banks, for practice: open to every learner, completes nothing, awards nothing.
    PRACTICE = "practice"


class ExamSource(enum.StrEnum):
    """Where an exam's blueprint lives: a YAML file (the content import owns it) or the database (built in the browser)."""

    FILE = "file"
    BROWSER = "browser"


class LearningStatus(enum.StrEnum):
    """A learner's status on an assigned (or started) module: done wins, then a passed due date."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"


class JobStatus(enum.StrEnum):
    """A background job: waiting for a worker, under way, finished (perhaps with some items failed), or failed."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class CertificateStatus(enum.StrEnum):
    """What a certificate is worth today: revocation wins over everything, then the expiry date."""

    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


#: A valid certificate is "expiring" (shown to its holder and their supervisor) this many days ahead.
EXPIRING_DAYS = 30


class CertificateFilter(enum.StrEnum):
    """What HR filters certificates by: the three statuses, and "expiring" (valid, its last day near)."""

    VALID = CertificateStatus.VALID.value
    EXPIRING = "expiring"
    EXPIRED = CertificateStatus.EXPIRED.value
    REVOKED = CertificateStatus.REVOKED.value


@dataclass(frozen=True)
class CertificateWindow:
    """The certificates in one status on one day: revoked or not, and the range of last valid days (inclusive)."""

    revoked: bool
    expires_from: date | None = None
    expires_to: date | None = None

    def holds(self, revoked_at: datetime | None, expires_on: date) -> bool:
        """Whether a certificate revoked at ``revoked_at`` (or not) and valid until ``expires_on`` is in the window."""
        return (
            (revoked_at is not None) == self.revoked
            and (self.expires_from is None or expires_on >= self.expires_from)
            and (self.expires_to is None or expires_on <= self.expires_to)
        )


def certificate_window(wanted: CertificateFilter, today: date, within_days: int = EXPIRING_DAYS) -> CertificateWindow:
    """The one definition of each status: revocation wins, the expiry date is the last valid day.

    ``certificate_status`` and ``expiring`` ask this, and HR's search turns the same window into SQL.
    """
    if wanted is CertificateFilter.REVOKED:
        return CertificateWindow(revoked=True)
    if wanted is CertificateFilter.EXPIRED:
        return CertificateWindow(revoked=False, expires_to=today - timedelta(days=1))
    if wanted is CertificateFilter.EXPIRING:
        return CertificateWindow(revoked=False, expires_from=today, expires_to=today + timedelta(days=within_days))
    return CertificateWindow(revoked=False, expires_from=today)


def certificate_status(revoked_at: datetime | None, expires_on: date, today: date) -> CertificateStatus:
    """Revoked if HR revoked it, expired after its last valid day, else valid."""
    for status in CertificateStatus:
        if certificate_window(CertificateFilter(status.value), today).holds(revoked_at, expires_on):
            return status
    raise AssertionError("the windows cover every certificate")  # pragma: no cover


def expiring(revoked_at: datetime | None, expires_on: date, today: date, within_days: int = EXPIRING_DAYS) -> bool:
    """A valid certificate whose last valid day is within ``within_days`` days."""
    return certificate_window(CertificateFilter.EXPIRING, today, within_days).holds(revoked_at, expires_on)
