"""Admin pages: users, teams, the HR import and the audit log."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms import downloads, timeutil
from lms.admin.forms import AuditFilterForm, ConfirmForm, ImportForm, TeamForm, UserForm
from lms.domain import user_csv
from lms.extensions import db
from lms.headers import NO_STORE
from lms.i18n import translations
from lms.labels import ROLE_LABELS, level_name
from lms.models import Role, Team, User
from lms.pagination import list_args, paginate, paginate_rows
from lms.security import roles_required, same_site_referrer
from lms.services import audit_log as audit_log_service
from lms.services import directory, export_tables, user_import_job, users
from lms.services import teams as team_service
from lms.timefmt import localdate

bp = Blueprint("admin", __name__)
admin_only = roles_required(Role.ADMIN)


@bp.route("/users")
@admin_only
def users_list():
    """Every user, searchable and filtered, a page at a time."""
    args = list_args()
    query = directory.people_query(current_user, args["q"], args["team"], args["role"], args["status"])
    teams = directory.team_choices()
    return render_template(
        "admin/users.html", page=paginate_rows(query), args=args, teams=teams, roles=ROLE_LABELS, confirm=ConfirmForm()
    )


@bp.route("/users/new", methods=["GET", "POST"])
@admin_only
def new_user():
    """Create a user and show their temporary password once."""
    form = UserForm()
    if form.validate_on_submit():
        user, password = users.create(current_user, form.employee_no.data, _details(form), request.remote_addr)
        page = render_template("admin/temporary_password.html", user=user, password=password, created=True)
        return page, 200, NO_STORE
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_only
def edit_user(user_id: int):
    """Change a user's name, role, hire date, team, language, e-mail address, grader or author flag."""
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user, editing=user)
    if request.method == "GET":
        form.role.data, form.team_id.data = user.role.value, user.team_id or 0
    form.employee_no.data = user.employee_no
    if form.validate_on_submit():
        users.update(current_user, user, _details(form), request.remote_addr)
        flash(_("已保存 %(name)s 的资料。", name=user.name), "success")
        return redirect(url_for("admin.users_list"))
    return render_template("admin/user_form.html", form=form, user=user, confirm=ConfirmForm())


def _details(form: UserForm) -> users.Details:
    """What the form sets on a user."""
    return users.Details(
        form.name.data,
        Role(form.role.data),
        form.hire_date.data,
        form.team_id.data or None,
        form.locale.data,
        form.email.data,
        form.grader.data,
        form.author.data,
    )


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@admin_only
def toggle_active(user_id: int):
    """Deactivate or reactivate a user (never oneself)."""
    user = db.get_or_404(User, user_id)
    try:
        active = users.toggle_active(current_user, user, request.remote_addr)
    except users.OwnAccount:
        flash(_("不能停用自己的账号。"), "danger")
    else:
        flash(_("已启用 %(name)s。", name=user.name) if active else _("已停用 %(name)s。", name=user.name), "success")
    return redirect(same_site_referrer(url_for("admin.users_list")))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@admin_only
def reset_password(user_id: int):
    """Issue a new temporary password, shown once."""
    user = db.get_or_404(User, user_id)
    password = users.reset_password(current_user, user, request.remote_addr)
    page = render_template("admin/temporary_password.html", user=user, password=password, created=False)
    return page, 200, NO_STORE


@bp.route("/teams")
@admin_only
def teams():
    """Every team with its supervisor and head count."""
    counts = directory.active_member_counts()
    page = paginate(directory.all_teams())
    return render_template("admin/teams.html", page=page, counts=counts)


@bp.route("/teams/new", methods=["GET", "POST"])
@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
@admin_only
def edit_team(team_id: int | None = None):
    """Create a team, or change its name, supervisor or business line."""
    team = db.get_or_404(Team, team_id) if team_id else None
    form = TeamForm(obj=team, editing=team)
    if request.method == "GET" and team is not None:
        form.supervisor_id.data, form.line.data = team.supervisor_id or 0, team.line or ""
    if form.validate_on_submit():
        team = team_service.save(
            current_user, team, form.name.data, form.supervisor_id.data, form.line.data or None, request.remote_addr
        )
        flash(_("已保存团队“%(name)s”。", name=team.name), "success")
        return redirect(url_for("admin.teams"))
    return render_template("admin/team_form.html", form=form, team=team, confirm=ConfirmForm())


@bp.route("/teams/<int:team_id>/active", methods=["POST"])
@admin_only
def toggle_team(team_id: int):
    """Deactivate a team that has no active members, or reactivate it."""
    team = db.get_or_404(Team, team_id)
    try:
        active = team_service.toggle_active(current_user, team, request.remote_addr)
    except team_service.TeamNotEmpty as refusal:
        message = _("团队“%(name)s”还有 %(n)s 名在职成员，请先把他们调到其他团队。", name=team.name, n=refusal.members)
        flash(message, "danger")
    else:
        message = _("已启用团队“%(name)s”。") if active else _("已停用团队“%(name)s”。")
        flash(message % {"name": team.name}, "success")
    return redirect(url_for("admin.teams"))


@bp.route("/import", methods=["GET", "POST"])
@admin_only
def import_users():
    """Import users from the HR system's CSV: all rows or none."""
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("admin/import.html", form=form)
    try:
        text = user_csv.decode(form.file.data.read())
    except user_csv.EncodingProblem:
        form.file.errors.append(_("文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV。"))
        return render_template("admin/import.html", form=form), 400
    rows, errors = user_csv.parse(text, timeutil.today())
    errors = errors or users.conflicts(rows)
    if errors:
        return render_template("admin/import.html", form=form, errors=errors), 400
    if len(rows) > user_import_job.JOB_ROWS:  # a large file: written by a job whose progress has a page
        job = user_import_job.start(current_user, text, request.remote_addr)
        return redirect(url_for("background.job", key=job.uuid))
    result = users.import_users(rows, actor=current_user, ip=request.remote_addr)
    return render_template("admin/import_result.html", result=result, confirm=ConfirmForm())


def _audit_query() -> tuple[AuditFilterForm, sa.Select]:
    """The audit filters of this request and the entries they select (a refused filter is ignored)."""
    form = AuditFilterForm(formdata=request.args)
    form.validate()
    query = audit_log_service.search(
        current_user,
        form.accepted("person") or "",
        form.accepted("action") or "",
        form.accepted("start"),
        form.accepted("end"),
    )
    return form, query


@bp.route("/audit")
@roles_required(Role.ADMIN, Role.HR)
def audit_log():
    """The audit log as sentences, newest first, filtered by person, action and local dates."""
    form, query = _audit_query()
    page = paginate_rows(query)  # rows of the entries' columns, not AuditLog objects
    rows = audit_log_service.rows(page.items, translations().ugettext, level_name, localdate)  # the catalogue once
    return render_template("admin/audit.html", form=form, page=page, rows=rows)


@bp.route("/audit/export.<fmt>")
@roles_required(Role.ADMIN, Role.HR)
def audit_export(fmt: str):
    """The filtered audit log, every entry, as CSV or XLSX."""
    form, query = _audit_query()
    accepted = {name: str(form.accepted(name)) for name in ("person", "action", "start", "end") if form.accepted(name)}
    return downloads.send(export_tables.audit_entries(query, accepted), fmt)
