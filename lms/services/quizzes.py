"""Which exam is a module's quiz, and whether a learner passed an exam (asked by learning and exams)."""

import sqlalchemy as sa

from lms.domain.states import ExamKind
from lms.extensions import db
from lms.models import Attempt, Exam, Module, User


def _quiz(module_id) -> sa.ColumnElement[bool]:
    """The exam is the active end-of-module quiz of this module."""
    return sa.and_(Exam.module_id == module_id, Exam.kind == ExamKind.MODULE_QUIZ, Exam.active.is_(True))


def _passed(user_id, exam_id) -> sa.Exists:
    """One of the user's finished attempts at the exam passed."""
    return sa.exists().where(Attempt.user_id == user_id, Attempt.exam_id == exam_id, Attempt.passed.is_(True))


def quiz_of(module: Module) -> Exam | None:
    """The end-of-module quiz of ``module``, if it has one."""
    return db.session.scalar(sa.select(Exam).where(_quiz(module.id)))


def has_passed(user: User, exam: Exam) -> bool:
    """Whether one of the user's finished attempts at ``exam`` passed."""
    return bool(db.session.scalar(sa.select(_passed(user.id, exam.id))))


#: A module's quiz as its overview shows it, with whether the learner passed it (built once).
_SHOWN = sa.select(
    Exam.slug, Exam.title, Exam.settings, _passed(sa.bindparam("user_id"), Exam.id).label("passed")
).where(_quiz(sa.bindparam("module_id")))


def shown_quiz(user: User, module: Module) -> sa.Row | None:
    """The quiz of ``module`` (slug, title, settings) and whether ``user`` passed it (``passed``), if it has one;
    one query."""
    return db.session.connection().execute(_SHOWN, {"user_id": user.id, "module_id": module.id}).first()
