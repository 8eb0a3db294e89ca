"""E-mailing reminders through the server LMS_SMTP_URL names (Flask-Mailman), one e-mail per person and run.

A person's e-mail carries every notification of theirs not yet read nor e-mailed; it is marked e-mailed
only once the server has accepted it, so a refused or failed send is tried again by the next run.
"""

import contextlib
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_mailman import EmailMessage

from lms import notices, timeutil
from lms.domain import smtp_url
from lms.extensions import db, mail
from lms.models import Notification, User

#: Older notifications are not e-mailed any more (turning SMTP on later does not send the backlog).
EMAIL_WITHIN = timedelta(days=7)
#: Seconds to wait for the mail server.
TIMEOUT = 30


@dataclass(frozen=True)
class Sent:
    """E-mails accepted by the server, the notifications they carried, and e-mails that failed."""

    emails: int
    notifications: int
    failed: int


def configured() -> bool:
    """Whether LMS_SMTP_URL is set."""
    return bool(current_app.config.get("SMTP_URL"))


def pending() -> dict[User, list[Notification]]:
    """Recent notifications neither read nor e-mailed, of active people with an address, oldest first (one query)."""
    rows = db.session.execute(
        sa.select(User, Notification)
        .join(Notification, Notification.user_id == User.id)
        .where(
            Notification.emailed_at.is_(None),
            Notification.read_at.is_(None),
            Notification.created_at >= timeutil.utcnow() - EMAIL_WITHIN,
            User.active.is_(True),
            sa.func.coalesce(User.email, "") != "",
        )
        .order_by(User.id, Notification.created_at, Notification.id)
    )
    found: dict[User, list[Notification]] = {}
    for user, notification in rows:
        found.setdefault(user, []).append(notification)
    return found


def send_pending() -> Sent:
    """E-mail each person their pending notifications over one connection; mark what the server accepted."""
    settings = smtp_url.parse(current_app.config["SMTP_URL"])
    waiting = pending()
    if not waiting:
        return Sent(0, 0, 0)
    connection = mail.get_connection(
        backend="smtp",
        host=settings.host,
        port=settings.port,
        username=settings.username,
        password=settings.password,
        use_tls=settings.starttls,
        use_ssl=settings.ssl,
        timeout=TIMEOUT,
    )
    try:
        connection.open()
    except OSError as error:  # smtplib's errors are OSErrors too
        current_app.logger.warning(
            "reminders: cannot reach the mail server %s:%s: %s", settings.host, settings.port, error
        )
        return Sent(0, 0, len(waiting))
    emails = carried = failed = 0
    try:
        for user, items in waiting.items():
            subject, body = notices.email(user, items)
            message = EmailMessage(subject, body, current_app.config["MAIL_FROM"], [user.email], connection=connection)
            try:
                message.send()
            except OSError as error:
                failed += 1
                current_app.logger.warning("reminders: the e-mail to user %s failed: %s", user.id, error)
                with contextlib.suppress(OSError):
                    connection.close()  # the next send opens a new connection
                continue
            _mark_emailed([n.id for n in items])
            emails, carried = emails + 1, carried + len(items)
    finally:
        with contextlib.suppress(OSError):
            connection.close()
    return Sent(emails, carried, failed)


def _mark_emailed(ids: list[int]) -> None:
    """Record that the server accepted the e-mail carrying these notifications."""
    db.session.execute(
        sa.update(Notification)
        .where(Notification.id.in_(ids), Notification.emailed_at.is_(None))
        .values(emailed_at=timeutil.utcnow())
    )
    db.session.commit()
