"""Reminders: gather the facts in a fixed number of queries, make each notification once, then e-mail the new ones.

``run()`` is what ``lms send-reminders`` and the scheduler call; it is safe to run as often as one likes:
a notification's key is unique per person (an insert that meets it does nothing), and an e-mail is
marked sent only once the mail server has accepted it.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from lms import timeutil
from lms.domain import reminders
from lms.domain.reminders import AssignmentFact, AwaitingFact, CertificateFact, PromotionFact, Reminder
from lms.domain.states import EXPIRING_DAYS, AttemptStatus, ExamKind
from lms.extensions import db
from lms.models import (
    Assignment,
    Attempt,
    Certificate,
    Exam,
    LevelAward,
    Module,
    ModuleProgress,
    Notification,
    User,
)
from lms.services import levels, reminder_mail, scope
from lms.services.holding import latest_ids

#: People evaluated against the level rules at a time (the engine's queries run once per chunk).
CHUNK = 1000


@dataclass(frozen=True)
class Report:
    """What a run did: notifications made, e-mails accepted and failed (None when SMTP is not configured)."""

    created: int
    mail: reminder_mail.Sent | None


def run(today: date | None = None) -> Report:
    """Make the reminders that are due, then e-mail the ones not yet e-mailed (when LMS_SMTP_URL is set)."""
    created = make(today or timeutil.today())
    return Report(created, reminder_mail.send_pending() if reminder_mail.configured() else None)


def make(today: date) -> int:
    """Insert every reminder due today that does not exist yet; how many were new."""
    return _insert(due(today))


def due(today: date) -> list[Reminder]:
    """Every reminder the facts call for today (existing ones included: the insert skips them)."""
    return (
        reminders.assignment_reminders(_assignments(today), today)
        + reminders.certificate_reminders(_certificates(today), today)
        + reminders.promotion_reminders(_promotions(today))
        + reminders.grading_reminders(_awaiting())
    )


def _learners() -> sa.Select:
    """Active new hires and agents."""
    return sa.select(User).where(User.active.is_(True), User.role.in_(scope.LEARNER_ROLES))


def _assignments(today: date) -> list[AssignmentFact]:
    """Assignments of active learners to active modules due by tomorrow, and whether each is done (one query).

    A module assignment is done when the module is; a refresher when its section was read again.
    """
    rows = db.session.execute(
        sa.select(
            Assignment.id,
            Assignment.user_id,
            Module.slug,
            Module.title,
            Assignment.due_date,
            sa.case(
                (Assignment.section_id.is_(None), ModuleProgress.completed_at.is_not(None)),
                else_=Assignment.refreshed_at.is_not(None),
            ),
        )
        .join(Module, Module.id == Assignment.module_id)
        .join(User, User.id == Assignment.user_id)
        .outerjoin(
            ModuleProgress,
            sa.and_(ModuleProgress.user_id == Assignment.user_id, ModuleProgress.module_id == Assignment.module_id),
        )
        .where(
            Assignment.due_date <= today + timedelta(days=1),
            Module.active.is_(True),
            User.active.is_(True),
            User.role.in_(scope.LEARNER_ROLES),
        )
    )
    return [AssignmentFact(*row) for row in rows]


def _certificates(today: date) -> list[CertificateFact]:
    """The latest certificate of each award of an active holder, expiring within the window (one query)."""
    latest = latest_ids()
    rows = db.session.execute(
        sa.select(
            Certificate.id,
            LevelAward.user_id,
            LevelAward.level,
            Certificate.number,
            Certificate.expires_on,
            Certificate.revoked_at,
        )
        .join(latest, latest.c.id == Certificate.id)
        .join(LevelAward, LevelAward.id == Certificate.award_id)
        .join(User, User.id == LevelAward.user_id)
        .where(
            User.active.is_(True),
            Certificate.revoked_at.is_(None),
            Certificate.expires_on.between(today, today + timedelta(days=EXPIRING_DAYS)),
        )
    )
    return [CertificateFact(*row) for row in rows]


def _promotions(today: date) -> list[PromotionFact]:
    """Each active learner's standing against their next level, with its promotion exam (engine queries per chunk)."""
    titles = {
        slug: title
        for slug, title in db.session.execute(
            sa.select(Exam.slug, Exam.title).where(Exam.kind == ExamKind.PROMOTION, Exam.active.is_(True))
        )
    }
    exam_of = {
        level.code: next((rule["exam"] for rule in level.rules if rule["kind"] == "exam"), None)
        for level in levels.rules()
    }
    people = list(db.session.scalars(_learners().order_by(User.id)))
    found = []
    for start in range(0, len(people), CHUNK):
        for user_id, standing in levels.evaluate_many(people[start : start + CHUNK], today).items():
            exam = exam_of.get(standing.next) if standing.next else None
            found.append(
                PromotionFact(
                    user_id,
                    standing.next,
                    exam if exam in titles else None,
                    titles.get(exam) if exam else None,
                    standing.ready_for_exam,
                    standing.qualifies,
                )
            )
    return found


def _awaiting() -> list[AwaitingFact]:
    """Promotion attempts awaiting grading, with everyone who may grade their learner (one query)."""
    graders = scope.graders_of_learners().subquery()
    rows = db.session.execute(
        sa.select(Attempt.id, User.name, Exam.title, graders.c.grader_id)
        .join(Exam, Exam.id == Attempt.exam_id)
        .join(User, User.id == Attempt.user_id)
        .join(graders, graders.c.learner_id == Attempt.user_id)
        .where(Attempt.status == AttemptStatus.AWAITING_GRADING)
        .order_by(Attempt.id, graders.c.grader_id)
    )
    found: dict[int, AwaitingFact] = {}
    for attempt_id, learner, title, grader_id in rows:
        fact = found.get(attempt_id) or AwaitingFact(attempt_id, learner, title, ())
        found[attempt_id] = replace(fact, graders=(*fact.graders, grader_id))
    return list(found.values())


def _insert(found: list[Reminder]) -> int:
    """Insert the reminders whose (user, key) is new, skipping the rest in the database (SQLite and PostgreSQL)."""
    if not found:
        return 0
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Notification).on_conflict_do_nothing(index_elements=["user_id", "key"]).returning(Notification.id)
    )
    now = timeutil.utcnow()
    rows = [
        {"user_id": r.user_id, "kind": str(r.kind), "key": r.key, "payload": r.payload, "created_at": now}
        for r in found
    ]
    created = 0
    try:
        for start in range(0, len(rows), CHUNK):
            created += len(db.session.execute(statement, rows[start : start + CHUNK]).all())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return created
