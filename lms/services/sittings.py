"""Exam sittings: a supervisor opens a timed exam for learners they may see, who start it from their home page.

A sitting changes nothing about who may take the exam (its attempts, waits and level rules still apply); it puts the
exam on its learners' home pages for a window of time. Each learner's clock starts when their paper is first shown
(``attempt_clock``), so a queue of sign-ins at the start of a shift eats nobody's exam time.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from lms.domain.states import AttemptStatus
from lms.extensions import db
from lms.models import Attempt, Exam, Role, Sitting, User
from lms.models.sittings import sitting_people
from lms.services import audit, exams, scope
from lms.timeutil import utcnow

#: How long a sitting may stay open for starting, in minutes.
MIN_MINUTES, MAX_MINUTES = 5, 12 * 60


class SittingClosed(Exception):
    """The sitting's window is not open now: no new paper is started from it."""


def open_sitting(
    supervisor: User, exam: Exam, user_ids: list[int], minutes: int, ip: str | None = None, now: datetime | None = None
) -> Sitting:
    """Open ``exam`` now for ``minutes`` to the learners ``user_ids``, all of whom ``supervisor`` may see.

    Refused (PermissionError or ValueError, nothing written) for anyone but a supervisor, for anyone they may not see,
    for a retired exam and for a window outside MIN_MINUTES–MAX_MINUTES.
    """
    people = sorted(set(user_ids))
    if supervisor.role is not Role.SUPERVISOR or not scope.all_visible(supervisor, people):
        raise PermissionError("only a supervisor, for learners they may see")
    if not exam.active or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValueError("an active exam and a window of 5 minutes to 12 hours")
    now = now or utcnow()
    sitting = Sitting(
        exam_id=exam.id, opened_by_id=supervisor.id, opens_at=now, closes_at=now + timedelta(minutes=minutes)
    )
    db.session.add(sitting)
    db.session.flush()
    db.session.execute(sa.insert(sitting_people), [{"sitting_id": sitting.id, "user_id": u} for u in people])
    audit.record(
        "sitting.open", supervisor, obj=sitting, detail={"exam": exam.title, "users": people, "minutes": minutes}, ip=ip
    )
    db.session.commit()
    return sitting


@dataclass(frozen=True)
class Seat:
    """An open sitting as one of its learners sees it, with their latest paper at its exam since it opened (if any)."""

    sitting_id: int
    closes_at: datetime
    exam_title: str
    time_limit_minutes: int
    attempt_id: int | None
    attempt_status: AttemptStatus | None


#: The learner's latest paper at the sitting's exam since it opened.
_latest = (
    sa.select(sa.func.max(Attempt.id))
    .where(
        Attempt.user_id == sa.bindparam("user_id"),
        Attempt.exam_id == Sitting.exam_id,
        Attempt.started_at >= Sitting.opens_at,
    )
    .correlate(Sitting)
    .scalar_subquery()
)
#: The sittings open to the learner now, closing soonest first, each with its exam and that paper (built once).
_OPEN = (
    sa.select(Sitting.id, Sitting.closes_at, Exam.title, Exam.settings, Attempt.id, Attempt.status)
    .join(sitting_people, sitting_people.c.sitting_id == Sitting.id)
    .join(Exam, Exam.id == Sitting.exam_id)
    .outerjoin(Attempt, Attempt.id == _latest)
    .where(
        sitting_people.c.user_id == sa.bindparam("user_id"),
        Sitting.opens_at <= sa.bindparam("now"),
        Sitting.closes_at > sa.bindparam("now"),
    )
    .order_by(Sitting.closes_at, Sitting.id)
)


def open_for(user: User, now: datetime) -> list[Seat]:
    """The sittings ``user`` may start now, closing soonest first, with their paper at each (one query)."""
    rows = db.session.connection().execute(_OPEN, {"user_id": user.id, "now": now})
    return [
        Seat(sitting_id, closes_at, title, settings["time_limit_minutes"], attempt_id, status)
        for sitting_id, closes_at, title, settings, attempt_id, status in rows
    ]


def of_learner(user: User, sitting_id: int) -> Sitting | None:
    """The sitting if ``user`` is one of its learners, else None (another's sitting looks like none)."""
    return db.session.scalar(
        sa.select(Sitting)
        .join(sitting_people, sitting_people.c.sitting_id == Sitting.id)
        .where(Sitting.id == sitting_id, sitting_people.c.user_id == user.id)
    )


def start(user: User, sitting: Sitting, now: datetime | None = None) -> Attempt:
    """Start (or resume) ``user``'s paper at the sitting's exam; the clock starts when the paper is first shown.

    SittingClosed outside its window or once its exam is retired; exams.NotAllowed as for any start.
    """
    now = now or utcnow()
    if not (sitting.opens_at <= now < sitting.closes_at) or not sitting.exam.active:
        raise SittingClosed(sitting.id)
    return exams.start(user, sitting.exam, now)


@dataclass(frozen=True)
class Opened:
    """A sitting its supervisor opened: how many learners it has, and how many have their paper on screen."""

    sitting: Sitting
    people: int
    shown: int


def opened_by(supervisor: User, limit: int = 20) -> list[Opened]:
    """The latest sittings ``supervisor`` opened, newest first, with their counts (one query)."""
    people = (
        sa.select(sa.func.count())
        .select_from(sitting_people)
        .where(sitting_people.c.sitting_id == Sitting.id)
        .scalar_subquery()
    )
    shown = (
        sa.select(sa.func.count(sa.distinct(Attempt.user_id)))
        .join(sitting_people, sitting_people.c.user_id == Attempt.user_id)
        .where(
            sitting_people.c.sitting_id == Sitting.id,
            Attempt.exam_id == Sitting.exam_id,
            Attempt.shown_at >= Sitting.opens_at,
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(Sitting, people, shown)
        .where(Sitting.opened_by_id == supervisor.id)
        .options(joinedload(Sitting.exam))
        .order_by(Sitting.id.desc())
        .limit(limit)
    ).all()
    return [Opened(sitting, count, started) for sitting, count, started in rows]
