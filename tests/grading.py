"""Grading a promotion attempt that awaits a grader, for tests whose subject is what comes after (levels, awards)."""

import sqlalchemy as sa

from lms.domain.states import AttemptStatus, ExamKind
from lms.extensions import db
from lms.models import Attempt, Role, User
from lms.services import exams, scope
from tests.factories import make_user


def grade_in_full(app, attempt_id: int, fraction: float = 1.0) -> bool:
    """Give every scenario answer of the attempt ``fraction`` if it awaits grading; whether it did.

    The grader is a supervisor who may grade the learner, else a designated grader made for it.
    """
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        if attempt.status != AttemptStatus.AWAITING_GRADING:
            return False
        assert attempt.exam.kind == ExamKind.PROMOTION
        supervisors = db.session.scalars(sa.select(User).where(User.role == Role.SUPERVISOR, User.active.is_(True)))
        grader = next((s for s in supervisors if scope.grading_attempt(s, attempt_id) is not None), None)
        if grader is None:
            grader = make_user("GRADER1", "评分员", Role.HR)
            grader.grader = True
            db.session.commit()
        marks = [exams.Mark(i.position, fraction) for i in attempt.items if i.version.type == "scenario"]
        exams.grade(grader, attempt, marks)
        db.session.remove()
    return True
