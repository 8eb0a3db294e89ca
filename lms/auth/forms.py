"""Sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    """Employee number and password."""

    employee_no = StringField(_l("工号"), validators=[DataRequired(_l("请输入工号。")), Length(max=32)])
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请输入密码。"))])
    remember = BooleanField(_l("在这台电脑上保持登录"))
    submit = SubmitField(_l("登录"))


class ChangePasswordForm(FlaskForm):
    """The current password once, the new one twice."""

    current = PasswordField(_l("当前密码"), validators=[DataRequired(_l("请输入当前密码。"))])
    new = PasswordField(_l("新密码"), validators=[DataRequired(_l("请输入新密码。")), Length(max=128)])
    repeat = PasswordField(_l("再次输入新密码"), validators=[EqualTo("new", _l("两次输入的新密码不一致。"))])
    submit = SubmitField(_l("修改密码"))
