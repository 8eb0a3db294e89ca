"""Which exam is a module's quiz, and whether a learner passed an exam (asked by learning and exams)."""

import sqlalchemy as sa

from lms.domain.states import ExamKind
from lms.extensions import db
from lms.models import Attempt, Exam, Module, User


def quiz_of(module: Module) -> Exam | None:
    """The end-of-module quiz of ``module``, if it has one."""
    return db.session.scalar(
        sa.select(Exam).where(Exam.module_id == module.id, Exam.kind == ExamKind.MODULE_QUIZ, Exam.active.is_(True))
    )


def has_passed(user: User, exam: Exam) -> bool:
    """Whether one of the user's finished attempts at ``exam`` passed."""
    return (
        db.session.execute(
            sa.select(sa.func.count(Attempt.id)).where(
                Attempt.user_id == user.id, Attempt.exam_id == exam.id, Attempt.passed.is_(True)
            )
        ).scalar_one()
        > 0
    )
