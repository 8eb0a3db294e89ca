"""Competency ratings, violations, level awards and their certificates."""

from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.people import User
from lms.timeutil import utcnow


class CompetencyRating(db.Model):
    """A supervisor's rating of an agent on the 11 competency indicators (the latest counts)."""

    __tablename__ = "competency_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: indicator code -> 1..5
    ratings: Mapped[dict] = mapped_column(sa.JSON)
    #: The weighted score at the time of rating.
    score: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Violation(db.Model):
    """A recorded violation from the catalogue, with its points as they were then."""

    __tablename__ = "violations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(32))
    points: Mapped[int]
    day: Mapped[date]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GroupLead(db.Model):
    """That an agent leads or mentors a group (the expert level's 能独立带领团队), as HR or their supervisor set it.

    One row per agent while it holds; clearing it deletes the row. Both are audited, so the history is in the log.
    """

    __tablename__ = "group_leads"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: The group led or mentored, as written by whoever set it, e.g. 新人带教小组（5人）.
    group_name: Mapped[str] = mapped_column(sa.String(64))
    #: The day the agent began leading it.
    since: Mapped[date]
    #: Who set it (HR or the agent's supervisor), and when.
    set_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    set_by: Mapped[User | None] = relationship(foreign_keys=[set_by_id])


class LevelAward(db.Model):
    """A level earned, with the evidence: which figures met which rules at that moment."""

    __tablename__ = "level_awards"
    __table_args__ = (sa.UniqueConstraint("user_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(sa.String(16))
    awarded_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: [{kind, holds, message, params}] of every rule at award time.
    evidence: Mapped[list] = mapped_column(sa.JSON)
    #: Set when HR issued it by hand with --override (audited).
    override_reason: Mapped[str | None] = mapped_column(sa.Text)

    user: Mapped[User] = relationship()
    #: Every certificate of the award, oldest first: recertifying adds one.
    certificates: Mapped[list["Certificate"]] = relationship(back_populates="award", order_by="Certificate.id")

    @property
    def certificate(self) -> Optional["Certificate"]:
        """The latest certificate."""
        return self.certificates[-1] if self.certificates else None


class Certificate(db.Model):
    """A certificate of an award: its PDF is rendered once by a job and kept; it can expire or be revoked."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    award_id: Mapped[int] = mapped_column(sa.ForeignKey("level_awards.id", ondelete="CASCADE"), index=True)
    #: 12 random characters and a check character; what the QR code and the verification page use.
    number: Mapped[str] = mapped_column(sa.String(16), unique=True)
    issued_on: Mapped[date]
    expires_on: Mapped[date]
    #: The attempt whose pass earned it (None for HR's manual awards); unique, so an award happens once per attempt.
    attempt_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attempts.id", ondelete="SET NULL"), unique=True)
    #: The rendered PDF; None until the render job has run.
    pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    #: Why the last render failed (shown to HR), and how many renders were tried.
    pdf_error: Mapped[str | None] = mapped_column(sa.Text)
    pdf_tries: Mapped[int] = mapped_column(default=0, server_default="0")
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(sa.Text)
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    award: Mapped[LevelAward] = relationship(back_populates="certificates")
