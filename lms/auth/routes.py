"""Signing in and out, and changing one's password."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm

from lms.auth.forms import ChangePasswordForm, LoginForm
from lms.domain import sign_in_wait
from lms.security import local_path, public, signed_in, start_session
from lms.services import passwords, sign_in

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """The sign-in page."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        outcome = sign_in.check(form.employee_no.data, form.password.data, request.remote_addr)
        if outcome.kind == sign_in.ADDRESS_LIMITED:
            flash(_("此网络地址登录失败次数过多，请10分钟后再试。"), "danger")
            return render_template("auth/login.html", form=form), 429
        if outcome.kind == sign_in.WAIT:
            minutes = sign_in_wait.minutes_to_say(outcome.wait_seconds)
            if minutes is None:
                flash(_("该工号登录失败次数较多，请%(seconds)s秒后再试。", seconds=outcome.wait_seconds), "danger")
            else:
                flash(_("该工号登录失败次数较多，请%(minutes)s分钟后再试。", minutes=minutes), "danger")
            return render_template("auth/login.html", form=form), 429
        user = outcome.user
        if outcome.kind == sign_in.DEMO_PASSWORD:
            flash(_("正式环境不能使用演示密码登录，请联系管理员重置密码。"), "danger")
        elif outcome.kind == sign_in.INACTIVE:
            flash(_("该账号已停用，请联系管理员。"), "danger")
        elif user is None:  # under the password, tied to it (aria-invalid, aria-describedby by the field macro)
            form.password.errors.append(_("工号或密码错误。"))
        else:
            start_session(user, remember=form.remember.data)
            if user.must_change_password:
                flash(_("请先设置您自己的密码。"), "info")
                return redirect(url_for("auth.change_password"))
            return redirect(local_path(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
@signed_in
def logout():
    """Sign out by POST, so a link elsewhere cannot sign anyone out; GET asks to confirm."""
    form = FlaskForm()
    if not form.validate_on_submit():
        return render_template("auth/logout.html", form=form)
    sign_in.signed_out(current_user._get_current_object(), request.remote_addr)
    logout_user()
    flash(_("您已退出登录。"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def change_password():
    """Change one's own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        refusal = passwords.change(
            current_user._get_current_object(), form.current.data, form.new.data, request.remote_addr
        )
        if refusal is None:
            login_user(current_user._get_current_object())  # the new password ended every session, this one goes on
            flash(_("密码已修改，其他设备上的登录已失效。"), "success")
            return redirect(url_for("main.home"))
        field, message = refusal
        form[field].errors.append(_(message))
    return render_template("auth/change_password.html", form=form)
