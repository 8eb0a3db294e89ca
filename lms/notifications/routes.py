"""Everyone's notifications: the list (newest first), opening one (marks it read) and marking all read."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms import notices
from lms.notifications.forms import MarkAllReadForm
from lms.pagination import paginate
from lms.security import signed_in
from lms.services import notifications

bp = Blueprint("notifications", __name__)


@bp.route("/notifications")
@signed_in
def index():
    """The signed-in person's notifications, a page at a time."""
    return render_template(
        "notifications/index.html",
        page=paginate(notifications.mine(current_user)),
        form=MarkAllReadForm(),
        text=notices.text,
    )


@bp.route("/notifications/<int:notification_id>")
@signed_in
def open_one(notification_id: int):
    """Mark one of one's own notifications read and go to the page it is about (another's is 404)."""
    notification = notifications.open_one(current_user, notification_id) or abort(404)
    return redirect(notices.target(notification))


@bp.route("/notifications/read", methods=["POST"])
@signed_in
def mark_all_read():
    """Mark every notification read."""
    if MarkAllReadForm().validate_on_submit():
        count = notifications.mark_all_read(current_user)
        flash(_("已将 %(n)s 条提醒标为已读。", n=count), "success")
    return redirect(url_for("notifications.index"))
