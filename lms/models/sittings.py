"""Exam sittings: a timed exam a supervisor opens for a group of their learners, for a window of time."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.exams import Exam
from lms.models.people import User
from lms.timeutil import utcnow

#: Who sits a sitting: one row per learner.
sitting_people = sa.Table(
    "sitting_people",
    db.metadata,
    sa.Column("sitting_id", sa.ForeignKey("sittings.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Sitting(db.Model):
    """An exam opened for chosen learners: they see it on their home page and may start it while the window lasts.

    Each learner's clock starts when their paper is first shown (``Attempt.shown_at``), not when the sitting opens
    or they sign in, so a queue at the start of a shift costs nobody exam time.
    """

    __tablename__ = "sittings"

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(sa.ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    #: The supervisor who opened it (None once their account is deleted).
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: From when, and until when, its learners may start their paper (a paper started in time runs its full time).
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    exam: Mapped[Exam] = relationship()
    opened_by: Mapped[User | None] = relationship()
    people: Mapped[list[User]] = relationship(secondary=sitting_people, order_by=User.employee_no)
