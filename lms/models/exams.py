"""Question banks, versioned questions, exams (blueprints) and learners' attempts."""

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.domain.states import AttemptStatus, ExamSource
from lms.extensions import db
from lms.models.courses import Module
from lms.models.people import User
from lms.timeutil import utcnow


class QuestionBank(db.Model):
    """A set of questions, from a file under question_banks/ or a GIFT/Aiken import."""

    __tablename__ = "question_banks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    title: Mapped[str] = mapped_column(sa.String(128))
    #: Where it came from: a path under the content folder, or ``gift:FILE`` / ``aiken:FILE``.
    source: Mapped[str] = mapped_column(sa.String(255))

    questions: Mapped[list["Question"]] = relationship(back_populates="bank", order_by="Question.key")


class Question(db.Model):
    """A question's identity in its bank; its content lives in versions."""

    __tablename__ = "questions"
    __table_args__ = (sa.UniqueConstraint("bank_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(sa.ForeignKey("question_banks.id", ondelete="CASCADE"), index=True)
    #: The id within the bank (``q07``).
    key: Mapped[str] = mapped_column(sa.String(64))
    #: The version new papers draw; older versions stay for the attempts that used them.
    current_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("question_versions.id", use_alter=True))
    #: False once the question left its bank file: no longer drawn.
    active: Mapped[bool] = mapped_column(default=True)
    #: When an admin or author retired it: never drawn again, whatever imports bring (None: in use).
    retired_at: Mapped[datetime | None]

    bank: Mapped[QuestionBank] = relationship(back_populates="questions")
    current: Mapped[Optional["QuestionVersion"]] = relationship(foreign_keys=[current_version_id], post_update=True)


class QuestionVersion(db.Model):
    """One version of a question's content; never changed once an attempt may have used it."""

    __tablename__ = "question_versions"
    __table_args__ = (sa.UniqueConstraint("question_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    type: Mapped[str] = mapped_column(sa.String(16))
    category: Mapped[str] = mapped_column(sa.String(128), index=True)
    difficulty: Mapped[int] = mapped_column(sa.SmallInteger)
    points: Mapped[float] = mapped_column(default=1.0)
    #: The whole question as in FORMAT.md (text, options, answers, rubric, feedback...).
    content: Mapped[dict] = mapped_column(sa.JSON)
    #: Fingerprint of ``content``: an import with the same one makes no new version.
    digest: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[Question] = relationship(foreign_keys=[question_id])


class Exam(db.Model):
    """An exam blueprint: sections to draw from and the rules of its attempts."""

    __tablename__ = "exams"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    title: Mapped[str] = mapped_column(sa.String(128))
    #: ``module_quiz`` (completes its module), ``promotion`` (a level's exam) or ``practice`` (for practice only).
    kind: Mapped[str] = mapped_column(sa.String(16))
    module_id: Mapped[int | None] = mapped_column(sa.ForeignKey("modules.id"), index=True)
    level: Mapped[str | None] = mapped_column(sa.String(16))
    #: time_limit_minutes, pass_mark, attempts, wait_minutes, counts, shuffle_questions, shuffle_options, review.
    settings: Mapped[dict] = mapped_column(sa.JSON)
    #: [{bank, count, category, difficulty}], as in the blueprint file.
    sections: Mapped[list] = mapped_column(sa.JSON)
    digest: Mapped[str] = mapped_column(sa.String(64))
    active: Mapped[bool] = mapped_column(default=True)
    #: An ExamSource: a blueprint file (the importer keeps it) or built in the browser (versioned in exam_versions).
    source: Mapped[str] = mapped_column(sa.String(16), default=ExamSource.FILE, server_default=ExamSource.FILE)

    module: Mapped[Module | None] = relationship()


class ExamVersion(db.Model):
    """One version of an exam built in the browser; an attempt keeps the version it started with."""

    __tablename__ = "exam_versions"
    __table_args__ = (sa.UniqueConstraint("exam_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(sa.ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(128))
    settings: Mapped[dict] = mapped_column(sa.JSON)
    sections: Mapped[list] = mapped_column(sa.JSON)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attempt(db.Model):
    """One sitting of an exam by one learner, with its own paper."""

    __tablename__ = "attempts"
    __table_args__ = (sa.Index("ix_attempts_user_id_exam_id", "user_id", "exam_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(sa.ForeignKey("exams.id"), index=True)
    #: The version of a browser-built exam this attempt started with (None for exams from blueprint files).
    exam_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("exam_versions.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    #: An AttemptStatus: in progress, awaiting grading (a promotion exam's scenario answers) or finished.
    #: An overdue attempt is handed in when next touched.
    status: Mapped[str] = mapped_column(sa.String(16), default=AttemptStatus.IN_PROGRESS, index=True)
    #: When the clock started: when the paper was drawn, then again when it was first shown (``shown_at``).
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the paper was first shown to the learner (None until then): the clock starts here, so time spent waiting
    #: between the start and the paper (a queue of sign-ins at a sitting) is not exam time.
    shown_at: Mapped[datetime | None]
    #: The time limit from the start, set again from ``shown_at`` at the first showing; the server's clock decides.
    deadline: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    #: True when time ran out rather than the learner handing in.
    timed_out: Mapped[bool] = mapped_column(default=False)
    #: The total, its maximum, the percent and the pass: None while the attempt awaits grading.
    score: Mapped[float | None]
    max_score: Mapped[float | None]
    percent: Mapped[float | None]
    passed: Mapped[bool | None]
    #: Who graded the scenario answers of a promotion attempt, and when (None for attempts scored automatically).
    graded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    graded_at: Mapped[datetime | None]
    #: Why awarding the level failed after a passed promotion exam (shown to HR; ``lms sweep-awards`` retries).
    award_error: Mapped[str | None] = mapped_column(sa.Text)

    exam: Mapped[Exam] = relationship()
    exam_version: Mapped[ExamVersion | None] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    graded_by: Mapped[User | None] = relationship(foreign_keys=[graded_by_id])
    items: Mapped[list["AttemptItem"]] = relationship(
        back_populates="attempt", order_by="AttemptItem.position", cascade="all, delete-orphan"
    )

    @property
    def settings(self) -> dict:
        """The rules this attempt is held to: its exam version's, else the exam's."""
        return self.exam_version.settings if self.exam_version is not None else self.exam.settings


class AttemptItem(db.Model):
    """One question of a paper, the answer as given, and its score."""

    __tablename__ = "attempt_items"
    __table_args__ = (sa.UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("attempts.id", ondelete="CASCADE"))
    position: Mapped[int]
    question_version_id: Mapped[int] = mapped_column(sa.ForeignKey("question_versions.id"), index=True)
    #: The order the parts (options, items, rights) were shown in, fixed at the draw.
    part_order: Mapped[list | None] = mapped_column(sa.JSON)
    #: The answer exactly as given (see lms.domain.scoring for its shape); None until answered.
    answer: Mapped[dict | None] = mapped_column(sa.JSON)
    answered_at: Mapped[datetime | None]
    #: Fraction of the points earned (0-1), set when handed in (a scenario answer awaiting grading: the suggestion).
    score: Mapped[float | None]
    #: A supervisor's or grader's fraction for a scenario answer, replacing the rubric's.
    override: Mapped[float | None]
    override_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: The grader's comment on a scenario answer, shown to the learner with the result.
    comment: Mapped[str | None] = mapped_column(sa.Text)

    attempt: Mapped[Attempt] = relationship(back_populates="items")
    version: Mapped[QuestionVersion] = relationship(lazy="selectin")  # a paper shows every item with its question
