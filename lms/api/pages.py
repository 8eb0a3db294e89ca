"""HR's page for API tokens (/hr/api-tokens): the list, creating one (shown once) and revoking one (confirmed)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.api.forms import SCOPE_LABELS, SCOPE_SHORT, CreateTokenForm, RevokeTokenForm
from lms.headers import NO_STORE
from lms.models import Role, TokenScope
from lms.pagination import paginate
from lms.security import roles_required
from lms.services import api_tokens

bp = Blueprint("api_tokens", __name__, url_prefix="/hr/api-tokens")
hr_only = roles_required(Role.HR)


def _listing(form: CreateTokenForm, status: int = 200):
    """The list of tokens with the creation form."""
    page = paginate(api_tokens.listing())
    return render_template("api_tokens/list.html", page=page, form=form, short=SCOPE_SHORT), status


@bp.route("", methods=["GET", "POST"])
@hr_only
def index():
    """Every token; a valid post creates one and shows it this once (never again, and never stored)."""
    form = CreateTokenForm()
    if not form.validate_on_submit():
        return _listing(form, 400 if form.is_submitted() else 200)
    try:
        row, token = api_tokens.create(form.name.data, TokenScope(form.scope.data), current_user, request.remote_addr)
    except api_tokens.NameTaken:
        form.name.errors.append(
            _("已有一个叫“%(name)s”的有效令牌：请换个名称，或先吊销它。", name=form.name.data.strip())
        )
        return _listing(form, 400)
    page = render_template("api_tokens/created.html", row=row, token=token, scopes=SCOPE_LABELS)
    return page, 200, NO_STORE


@bp.route("/<int:token_id>/revoke", methods=["GET", "POST"])
@hr_only
def revoke(token_id: int):
    """Ask for confirmation; only then revoke (audited). Calls with the token are refused from then on."""
    row = api_tokens.by_id(token_id)
    if row is None:
        abort(404)
    if row.revoked_at is not None:
        flash(_("令牌“%(name)s”已经吊销。", name=row.name), "info")
        return redirect(url_for(".index"))
    form = RevokeTokenForm()
    if form.validate_on_submit():
        api_tokens.revoke(row, current_user, request.remote_addr)
        flash(_("已吊销令牌“%(name)s”。", name=row.name), "success")
        return redirect(url_for(".index"))
    page = render_template("api_tokens/revoke.html", form=form, row=row, scopes=SCOPE_LABELS)
    return page, 400 if form.is_submitted() else 200
