"""How a notification reads and where it leads, in the reader's language; and the e-mail that carries new ones."""

from datetime import date

from babel.dates import format_date
from flask import current_app, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from lms import labels
from lms.domain.reminders import MESSAGES, Kind
from lms.models import Notification, User


def text(notification: Notification) -> str:
    """The notification's message, with its dates and level name in the current language."""
    params = dict(notification.payload)
    for key in ("due", "expires"):
        if key in params:
            params[key] = format_date(date.fromisoformat(params[key]), "medium", locale=get_locale())
    if "level" in params:
        params["level"] = labels.level_name(params["level"])
    return _(MESSAGES[Kind(notification.kind)], **params)


def target(notification: Notification) -> str:
    """The page the notification is about."""
    payload = notification.payload
    match Kind(notification.kind):
        case Kind.ASSIGNMENT_DUE | Kind.ASSIGNMENT_OVERDUE:
            return url_for("courses.overview", slug=payload["module"])
        case Kind.CERTIFICATE_EXPIRING:
            return url_for("levels.mine")
        case Kind.PROMOTION_OPEN:
            return url_for("exams.overview", slug=payload["exam"])
        case Kind.GRADING:
            return url_for("grading.queue")


def email(user: User, items: list[Notification]) -> tuple[str, str]:
    """Subject and plain-text body of the e-mail carrying ``items``, in ``user``'s language, links under LMS_BASE_URL."""
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]), force_locale(user.locale):
        lines = [_("%(name)s，您好：", name=user.name), "", _("您有以下新提醒："), ""]
        for notification in items:
            link = url_for("notifications.open_one", notification_id=notification.id, _external=True)
            lines += [f"- {text(notification)}", f"  {link}", ""]
        lines += [
            _("查看全部提醒：%(url)s", url=url_for("notifications.index", _external=True)),
            "",
            _("此邮件由客服培训与认证系统自动发送，请勿直接回复。"),
        ]
        subject = text(items[0]) if len(items) == 1 else _("您有 %(n)s 条新提醒", n=len(items))
        return subject, "\n".join(lines) + "\n"
