"""Signing in and out, and changing one's password."""

from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from lms.auth.forms import ChangePasswordForm, LoginForm
from lms.extensions import db
from lms.models import AuditLog
from lms.security import audit_here, public, signed_in
from lms.services import passwords
from lms.services.users import find_by_employee_no
from lms.timeutil import utcnow

bp = Blueprint("auth", __name__)

#: Failed sign-ins for one employee number allowed within the window before it is locked.
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)


def _recent_failures(employee_no: str) -> int:
    """Failed sign-ins for ``employee_no`` within the window (read from the audit log)."""
    return db.session.scalar(
        sa.select(sa.func.count(AuditLog.id)).where(
            AuditLog.action == "auth.login_failed",
            AuditLog.detail == employee_no,
            AuditLog.created_at >= utcnow() - FAILURE_WINDOW,
        )
    )


def _safe_next(target: str | None) -> str:
    """Follow ``next`` only to a path on this site."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("main.home")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """The sign-in page."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        number = form.employee_no.data.strip().upper()
        if _recent_failures(number) >= MAX_FAILURES:
            flash(_("该工号登录失败次数过多，已暂时锁定，请 15 分钟后再试。"), "danger")
            return render_template("auth/login.html", form=form), 429
        user = find_by_employee_no(number)
        if user is None or not user.check_password(form.password.data):
            audit_here("auth.login_failed", detail=number)
            db.session.commit()
            flash(_("工号或密码错误。"), "danger")
        elif not user.active:
            audit_here("auth.login_inactive", obj=user, detail=number)
            db.session.commit()
            flash(_("该账号已停用，请联系管理员。"), "danger")
        else:
            login_user(user, remember=form.remember.data)
            audit_here("auth.login", obj=user)
            db.session.commit()
            if user.must_change_password:
                flash(_("请先设置您自己的密码。"), "info")
                return redirect(url_for("auth.change_password"))
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    """Sign out (POST, so a link elsewhere cannot sign anyone out)."""
    audit_here("auth.logout", obj=current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash(_("您已退出登录。"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def change_password():
    """Change one's own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        problem = passwords.weakness(form.new.data, user)
        if not user.check_password(form.current.data):
            form.current.errors.append(_("当前密码不正确。"))
        elif problem:
            form.new.errors.append(_(problem))
        else:
            user.set_password(form.new.data)
            user.must_change_password = False
            audit_here("auth.password_changed", obj=user)
            db.session.commit()
            flash(_("密码已修改。"), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)
