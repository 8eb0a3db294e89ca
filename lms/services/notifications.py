"""A person's notifications: the list, the unread count, and marking them read (only ever their own)."""

import sqlalchemy as sa

from lms import timeutil
from lms.extensions import db
from lms.models import Notification, User


def mine(user: User) -> sa.Select:
    """``user``'s notifications, newest first (for paging)."""
    return (
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


#: How many of a user's notifications are unread (built once: every page's navigation asks).
_UNREAD = sa.select(sa.func.count(Notification.id)).where(
    Notification.user_id == sa.bindparam("user_id"), Notification.read_at.is_(None)
)


def unread_count(user: User) -> int:
    """How many of ``user``'s notifications are unread (one query, for the navigation's badge)."""
    return db.session.scalar(_UNREAD, {"user_id": user.id}) or 0


def open_one(user: User, notification_id: int) -> Notification | None:
    """``user``'s notification with this id, marked read; None if it is not theirs (or does not exist)."""
    notification = db.session.scalar(
        sa.select(Notification).where(Notification.id == notification_id, Notification.user_id == user.id)
    )
    if notification is not None and notification.read_at is None:
        notification.read_at = timeutil.utcnow()
        db.session.commit()
    return notification


def mark_all_read(user: User) -> int:
    """Mark every unread notification of ``user`` read; how many were."""
    marked = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=timeutil.utcnow())
        .returning(Notification.id)
    ).all()
    db.session.commit()
    return len(marked)
