"""The forms that record or clear who leads a group, shared by the supervisor's person page and HR's transcript."""

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user

from lms.levels.forms import ClearGroupLeadForm, GroupLeadForm
from lms.models import GroupLead, User
from lms.services import group_leads


def forms(user: User) -> tuple[GroupLeadForm, ClearGroupLeadForm]:
    """The two forms for ``user`` (``show`` fills the record form with what the page read)."""
    return GroupLeadForm(prefix="g", hire_date=user.hire_date), ClearGroupLeadForm(prefix="gc")


def show(form: GroupLeadForm, lead: GroupLead | None) -> None:
    """On a GET, the record form shows what is recorded."""
    if request.method == "GET" and lead is not None:
        form.group.data, form.since.data = lead.group_name, lead.since


def handled(user: User, form: GroupLeadForm, clear: ClearGroupLeadForm) -> bool:
    """Record or clear from a submitted form (refused unless HR or the person's supervisor); True when done."""
    if not (form.submit.data or clear.clear.data):
        return False
    if not group_leads.may_set(current_user, user):
        abort(403)
    if clear.clear.data and clear.validate_on_submit():
        try:
            group_leads.clear(current_user, user, request.remote_addr)
            flash(_("已取消 %(name)s 带领小组的登记。", name=user.name), "success")
        except group_leads.Unchanged:
            flash(_("%(name)s 没有带领小组的登记，无需取消。", name=user.name), "info")
        return True
    if form.submit.data and form.validate_on_submit():
        try:
            group_leads.record(current_user, user, form.group.data, form.since.data, request.remote_addr)
            flash(
                _("已登记 %(name)s 带领或辅导“%(group)s”。", name=user.name, group=form.group.data.strip()), "success"
            )
        except group_leads.Unchanged:
            flash(_("登记内容没有改动。"), "info")
        return True
    return False
