"""The states people see, each defined once: attempt status, exam kind, learning status, certificate status.

Every page, list, statistic and rule asks these functions and enums; none compares strings of its own.
"""

import enum
from datetime import date, datetime, timedelta


class AttemptStatus(enum.StrEnum):
    """An exam attempt is open until it is handed in or its time runs out, then finished (graded once)."""

    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


class ExamKind(enum.StrEnum):
    """A module's end quiz (passing it completes the module, once read) or a level's promotion exam."""

    MODULE_QUIZ = "module_quiz"
    PROMOTION = "promotion"


class LearningStatus(enum.StrEnum):
    """A learner's status on an assigned (or started) module: done wins, then a passed due date."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"


class CertificateStatus(enum.StrEnum):
    """What a certificate is worth today: revocation wins over everything, then the expiry date."""

    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


#: A valid certificate is "expiring" (shown to its holder and their supervisor) this many days ahead.
EXPIRING_DAYS = 30


def certificate_status(revoked_at: datetime | None, expires_on: date, today: date) -> CertificateStatus:
    """Revoked if HR revoked it, expired after its last valid day, else valid."""
    if revoked_at is not None:
        return CertificateStatus.REVOKED
    return CertificateStatus.EXPIRED if expires_on < today else CertificateStatus.VALID


def expiring(revoked_at: datetime | None, expires_on: date, today: date, within_days: int = EXPIRING_DAYS) -> bool:
    """A valid certificate whose last valid day is within ``within_days`` days."""
    valid = certificate_status(revoked_at, expires_on, today) is CertificateStatus.VALID
    return valid and expires_on <= today + timedelta(days=within_days)
