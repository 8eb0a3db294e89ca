"""The supervisor's forms: assigning learning and drills, scoring a scenario answer by hand, filtering lists."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from lms import timeutil
from lms.domain.states import LearningStatus
from lms.form_fields import NumberField, WholeNumberField
from lms.services.sittings import MAX_MINUTES, MIN_MINUTES


def _people() -> SelectMultipleField:
    """The team members to assign to, as a list of tick boxes (the choices are the people the supervisor may see)."""
    return SelectMultipleField(
        _l("学员"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        invalid_value_message=_l("所选学员无效，请重新选择。"),
        invalid_choice_message=_l("所选学员不在您带领的团队中。"),
    )


class AssignForm(FlaskForm):
    """A module or a whole series, for chosen people or the whole team, due by a date."""

    what = SelectField(_l("学习内容"), validators=[DataRequired(_l("请选择课程或系列。"))])
    people = _people()
    whole_team = BooleanField(_l("选择整个团队"))
    due_date = DateField(_l("截止日期"), validators=[DataRequired(_l("请选择截止日期。"))])
    submit = SubmitField(_l("布置"))

    def validate_due_date(self, field) -> None:
        """A due date in the past would be overdue at once."""
        if field.data and field.data < timeutil.today():
            raise ValidationError(_l("截止日期不能早于今天。"))

    def validate_people(self, field) -> None:
        """Someone must receive it."""
        if not field.data and not self.whole_team.data:
            raise ValidationError(_l("请选择学员，或勾选“选择整个团队”。"))


class DrillAssignForm(FlaskForm):
    """A drill (a text set or a reply category) with a target, for chosen people or the whole team."""

    what = SelectField(_l("练习"), validators=[DataRequired(_l("请选择练习。"))])
    net = NumberField(
        _l("净速度不低于（字/分钟 或 WPM）"),
        default=60,
        validators=[Optional(), NumberRange(1, 300, _l("净速度应在 1–300 之间。"))],
    )
    accuracy = NumberField(
        _l("正确率不低于（%）"), default=95, validators=[Optional(), NumberRange(1, 100, _l("百分比应在 1–100 之间。"))]
    )
    share = NumberField(
        _l("选对话术不低于（%）"),
        default=90,
        validators=[Optional(), NumberRange(1, 100, _l("百分比应在 1–100 之间。"))],
    )
    minutes = SelectField(
        _l("打字方式"),
        choices=[
            SelectChoice("", _l("照着一篇文章打完")),
            SelectChoice("1", _l("限时 1 分钟")),
            SelectChoice("3", _l("限时 3 分钟")),
            SelectChoice("5", _l("限时 5 分钟")),
        ],
        default="",
    )
    threshold = SelectField(
        _l("默写话术的要求"),
        choices=[SelectChoice("1.0", _l("一字不差")), SelectChoice("0.95", _l("基本一致（一致度 ≥ 95%）"))],
        default="1.0",
    )
    people = _people()
    whole_team = BooleanField(_l("选择整个团队"))
    due_date = DateField(_l("截止日期"), validators=[DataRequired(_l("请选择截止日期。"))])
    submit = SubmitField(_l("布置"))

    validate_due_date = AssignForm.validate_due_date
    validate_people = AssignForm.validate_people


class SittingForm(FlaskForm):
    """A timed exam opened now for chosen people or the whole team, who may start it within a number of minutes."""

    what = SelectField(_l("考试"), validators=[DataRequired(_l("请选择考试。"))])
    people = _people()
    whole_team = BooleanField(_l("选择整个团队"))
    minutes = WholeNumberField(
        _l("开考时段（分钟）"),
        default=60,
        validators=[
            InputRequired(_l("请填写开考时段。")),
            NumberRange(MIN_MINUTES, MAX_MINUTES, _l("开考时段应在 5–720 分钟之间。")),
        ],
    )
    submit = SubmitField(_l("开放考试"))

    validate_people = AssignForm.validate_people


class OverrideForm(FlaskForm):
    """A supervisor's score for one scenario answer of a finished attempt, in percent."""

    position = WholeNumberField(validators=[InputRequired(_l("请选择要改分的题目。"))])
    percent = NumberField(
        validators=[
            InputRequired(_l("请输入 0 到 100 之间的分数（百分比）。")),
            NumberRange(0, 100, _l("请输入 0 到 100 之间的分数（百分比）。")),
        ]
    )


class SearchFilter(FlaskForm):
    """The name or number search of the team overview (a GET form: nothing is written)."""

    class Meta:
        csrf = False

    q = StringField(_l("姓名或工号"), validators=[Optional(), Length(max=64, message=_l("搜索词最多 64 个字。"))])


class ListFilter(SearchFilter):
    """The filters of the lists behind the team overview: the search and the lists' own."""

    status = SelectField(
        _l("状态"),
        choices=[
            SelectChoice("all", _l("全部")),
            SelectChoice(LearningStatus.DONE.value, _l("已完成")),
            SelectChoice(LearningStatus.OVERDUE.value, _l("已逾期")),
            SelectChoice("pending", _l("未完成、未到期")),
        ],
        default="all",
        validate_choice=True,
    )
    state = SelectField(
        _l("达标情况"),
        choices=[
            SelectChoice("", _l("全部")),
            SelectChoice("met", _l("已达标")),
            SelectChoice("short", _l("未达标")),
            SelectChoice("none", _l("未练习")),
        ],
        default="",
    )
    result = SelectField(
        _l("结果"),
        choices=[
            SelectChoice("", _l("全部")),
            SelectChoice("passed", _l("通过")),
            SelectChoice("failed", _l("未通过")),
            SelectChoice("awaiting", _l("待评分")),
        ],
        default="",
    )
    module = StringField(validators=[Optional(), Length(max=64)])
    level = StringField(validators=[Optional(), Length(max=16)])
