"""Reminders kept for each person: shown in the app, and e-mailed when SMTP is configured."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db
from lms.timeutil import utcnow


class Notification(db.Model):
    """One reminder for one person; its key is unique per person, so each reminder is made once."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "key"),
        sa.Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    #: A lms.domain.reminders.Kind value.
    kind: Mapped[str] = mapped_column(sa.String(32))
    #: What it is about, e.g. ``assignment-due:12:2026-12-02`` (lms.domain.reminders).
    key: Mapped[str] = mapped_column(sa.String(128))
    #: What its message and link need (ids, titles, dates as ISO strings).
    payload: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    #: Set once the mail server accepted the e-mail that carried it; a failed send leaves it empty for the next run.
    emailed_at: Mapped[datetime | None]
