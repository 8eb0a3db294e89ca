"""Forms of the admin pages."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from lms import timeutil
from lms.domain import lines, user_csv
from lms.extensions import db
from lms.i18n import translations
from lms.labels import ROLE_LABELS
from lms.models import Role, Team, User
from lms.services.audit_log import action_names
from lms.services.directory import active_teams


class UserForm(FlaskForm):
    """A user's details; the employee number is fixed once created."""

    employee_no = StringField(
        _l("工号"),
        validators=[
            DataRequired(_l("请输入工号。")),
            Regexp(r"^[A-Za-z0-9_-]{1,32}$", message=_l("工号只能包含字母、数字、下划线和短横线，最长 32 位。")),
        ],
    )
    name = StringField(_l("姓名"), validators=[DataRequired(_l("请输入姓名。")), Length(max=64)])
    role = SelectField(_l("角色"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()])
    hire_date = DateField(_l("入职日期"), validators=[DataRequired(_l("请选择入职日期。"))])
    team_id = SelectField(_l("团队"), coerce=int)
    locale = SelectField(_l("界面语言"), choices=[SelectChoice("zh_CN", "中文"), SelectChoice("en", "English")])
    email = EmailField(
        _l("邮箱"),
        filters=[lambda value: value.strip() if value else value],
        validators=[
            Optional(),
            Length(max=254, message=_l("邮箱最长 254 个字符。")),
            Regexp(user_csv.EMAIL, message=_l("邮箱格式不对，应类似 name@example.com。")),
        ],
    )
    grader = BooleanField(_l("指定为评分员：可给所有学员的晋级考试情景题评分"))
    author = BooleanField(_l("指定为题库编辑：可浏览题库、停用题目、在浏览器中组卷"))
    submit = SubmitField(_l("保存"))

    def __init__(self, *args, editing: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        teams = list(db.session.scalars(active_teams()))
        if editing is not None and editing.team is not None and not editing.team.active:
            teams.append(editing.team)
        self.team_id.choices = [SelectChoice(0, _l("（无）"))] + [SelectChoice(t.id, t.name) for t in teams]
        if editing is not None:
            self.employee_no.render_kw = {"readonly": True}

    def validate_employee_no(self, field) -> None:
        """A new user's number must be free."""
        if self.editing is None:
            taken = db.session.scalar(sa.select(User.id).where(User.employee_no == field.data.strip().upper()))
            if taken:
                raise ValidationError(_l("该工号已存在。"))

    def validate_hire_date(self, field) -> None:
        """No hire date in the future."""
        if field.data and field.data > timeutil.today():
            raise ValidationError(_l("入职日期不能晚于今天。"))

    def validate_team_id(self, field) -> None:
        """New hires and agents belong to a team."""
        if self.role.data in (Role.NEW_HIRE.value, Role.AGENT.value) and not field.data:
            raise ValidationError(_l("新员工和客服必须属于一个团队。"))


class TeamForm(FlaskForm):
    """A team's name, supervisor and business line."""

    name = StringField(_l("团队名称"), validators=[DataRequired(_l("请输入团队名称。")), Length(max=64)])
    supervisor_id = SelectField(_l("主管"), coerce=int)
    line = SelectField(
        _l("业务线"),
        choices=[SelectChoice("", _l("未设定（成员练习全部业务线的内容）"))]
        + [SelectChoice(code, _l(name)) for code, name in lines.LINES.items()],
        default="",
    )
    submit = SubmitField(_l("保存"))

    def __init__(self, *args, editing: Team | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        supervisors = db.session.scalars(
            sa.select(User).where(User.role == Role.SUPERVISOR, User.active.is_(True)).order_by(User.employee_no)
        )
        self.supervisor_id.choices = [SelectChoice(0, _l("（暂无）"))] + [
            SelectChoice(u.id, f"{u.name}（{u.employee_no}）") for u in supervisors
        ]

    def validate_name(self, field) -> None:
        """Team names are unique."""
        query = sa.select(Team.id).where(Team.name == field.data.strip())
        if self.editing is not None:
            query = query.where(Team.id != self.editing.id)
        if db.session.scalar(query):
            raise ValidationError(_l("已有同名团队。"))


class ImportForm(FlaskForm):
    """The CSV file exported by the HR system."""

    file = FileField(
        _l("CSV 文件"),
        validators=[
            FileRequired(_l("请选择要导入的 CSV 文件。")),
            FileAllowed(["csv", "txt"], _l("只能导入 .csv 文件。")),
        ],
    )
    submit = SubmitField(_l("检查并导入"))


class ConfirmForm(FlaskForm):
    """A bare form for POST-only buttons: it only carries the CSRF token, which CSRFProtect checks."""


class LocalDateField(DateField):
    """A date typed as 年-月-日, refused in the user's language when it is not one."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("日期格式应为 年-月-日，例如 2026-12-01。")) from error


class AuditFilterForm(FlaskForm):
    """The audit log's filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    person = StringField(
        _l("人员"),
        validators=[Optional(), Length(max=64, message=_l("人员最多 64 个字。"))],
        filters=[lambda text: text.strip() if text else ""],
    )
    action = SelectField(_l("操作类型"), default="", validate_choice=False)
    start = LocalDateField(_l("开始日期"), validators=[Optional()])
    end = LocalDateField(_l("结束日期"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        gettext = translations().ugettext  # the request's catalogue, found once for the ~90 names (and extracted)
        self.action.choices = [("", gettext("全部操作"))] + [(code, gettext(name)) for code, name in action_names()]

    def validate_action(self, field) -> None:
        """Only an action of the list."""
        if field.data and field.data not in dict(action_names()):
            raise ValidationError(_l("没有这种操作，请从列表中选择。"))

    def validate_end(self, field) -> None:
        """The range runs forwards."""
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("结束日期不能早于开始日期。"))

    def accepted(self, name: str):
        """A filter's value, or None when it was refused (the other filters still apply)."""
        field = self[name]
        return None if field.errors or not field.data else field.data
