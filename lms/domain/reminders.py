"""Which reminders are due, decided from plain facts; each has a key that is unique per person, so it is sent once.

Kinds and keys:
- ``assignment-due:<assignment id>:<due date>``: an assigned module not done, due tomorrow (LMS_TIMEZONE);
- ``assignment-overdue:<assignment id>:<due date>``: an assigned module not done after its due date
  (a new due date is a new reminder);
- ``certificate-expiring:<certificate id>``: a valid certificate whose last day is within 30 days;
- ``promotion-open:<level>``: every rule of the next level holds but its exam, which is still to pass
  (not while an attempt at it awaits grading);
- ``grading:attempt-<attempt id>``: a promotion attempt awaiting grading, for everyone who may grade it
  (its learner's supervisors and the designated graders, lms.services.scope.graded_people).
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from lms.domain import N_
from lms.domain.states import expiring


class Kind(enum.StrEnum):
    """What a reminder is about."""

    ASSIGNMENT_DUE = "assignment-due"
    ASSIGNMENT_OVERDUE = "assignment-overdue"
    CERTIFICATE_EXPIRING = "certificate-expiring"
    PROMOTION_OPEN = "promotion-open"
    GRADING = "grading"


#: How each kind reads (Chinese msgids, translated when shown; the parameters come from the payload).
MESSAGES = {
    Kind.ASSIGNMENT_DUE: N_("学习任务“%(title)s”明天（%(due)s）到期，还没有完成。"),
    Kind.ASSIGNMENT_OVERDUE: N_("学习任务“%(title)s”已于 %(due)s 到期，还没有完成。"),
    Kind.CERTIFICATE_EXPIRING: N_(
        "您的%(level)s证书（编号 %(number)s）将于 %(expires)s 到期，再次通过晋级考试即可续证。"
    ),
    Kind.PROMOTION_OPEN: N_("您已满足%(level)s除考试外的全部条件，可以参加晋级考试“%(exam_title)s”了。"),
    Kind.GRADING: N_("%(learner)s 交了晋级考试“%(exam_title)s”，情景题等待您评分。"),
}


@dataclass(frozen=True)
class Reminder:
    """One reminder for one person: its key (unique per person) and what its message and link need."""

    user_id: int
    kind: Kind
    key: str
    payload: dict = field(default_factory=dict)


@dataclass(frozen=True)
class AssignmentFact:
    """An assignment of a module to a learner, and whether the module is done."""

    assignment_id: int
    user_id: int
    module: str
    title: str
    due_date: date
    done: bool


@dataclass(frozen=True)
class CertificateFact:
    """The latest certificate of a holder's award."""

    certificate_id: int
    user_id: int
    level: str
    number: str
    expires_on: date
    revoked_at: datetime | None


@dataclass(frozen=True)
class PromotionFact:
    """Where a learner stands against their next level (from the level engine's Evaluation)."""

    user_id: int
    level: str | None
    exam: str | None
    exam_title: str | None
    #: every rule but the exam holds, and no attempt at the exam awaits grading (Evaluation.ready_for_exam)
    ready_for_exam: bool
    qualifies: bool


@dataclass(frozen=True)
class AwaitingFact:
    """A promotion attempt awaiting grading, and everyone who may grade it."""

    attempt_id: int
    learner: str
    exam_title: str
    graders: tuple[int, ...]


def assignment_reminders(facts: Iterable[AssignmentFact], today: date) -> list[Reminder]:
    """Modules not done that are due tomorrow, or past their due date."""
    found = []
    for fact in facts:
        if fact.done:
            continue
        if fact.due_date == today + timedelta(days=1):
            kind = Kind.ASSIGNMENT_DUE
        elif fact.due_date < today:
            kind = Kind.ASSIGNMENT_OVERDUE
        else:
            continue
        due = fact.due_date.isoformat()
        payload = {"assignment_id": fact.assignment_id, "module": fact.module, "title": fact.title, "due": due}
        found.append(Reminder(fact.user_id, kind, f"{kind}:{fact.assignment_id}:{due}", payload))
    return found


def certificate_reminders(facts: Iterable[CertificateFact], today: date) -> list[Reminder]:
    """Valid certificates whose last day is within the expiring window (lms.domain.states.expiring)."""
    return [
        Reminder(
            fact.user_id,
            Kind.CERTIFICATE_EXPIRING,
            f"{Kind.CERTIFICATE_EXPIRING}:{fact.certificate_id}",
            {
                "certificate_id": fact.certificate_id,
                "level": fact.level,
                "number": fact.number,
                "expires": fact.expires_on.isoformat(),
            },
        )
        for fact in facts
        if expiring(fact.revoked_at, fact.expires_on, today)
    ]


def promotion_reminders(facts: Iterable[PromotionFact]) -> list[Reminder]:
    """Learners who meet every rule of their next level but its exam, which has an exam to sit."""
    return [
        Reminder(
            fact.user_id,
            Kind.PROMOTION_OPEN,
            f"{Kind.PROMOTION_OPEN}:{fact.level}",
            {"level": fact.level, "exam": fact.exam, "exam_title": fact.exam_title},
        )
        for fact in facts
        if fact.level and fact.exam and fact.ready_for_exam and not fact.qualifies
    ]


def grading_reminders(facts: Iterable[AwaitingFact]) -> list[Reminder]:
    """Each attempt awaiting grading, for everyone who may grade it (the link leads to their queue)."""
    return [
        Reminder(
            grader,
            Kind.GRADING,
            f"{Kind.GRADING}:attempt-{fact.attempt_id}",
            {"attempt_id": fact.attempt_id, "learner": fact.learner, "exam_title": fact.exam_title},
        )
        for fact in facts
        for grader in fact.graders
    ]
