"""The form a supervisor assigns learning with."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField, SubmitField, ValidationError
from wtforms.validators import DataRequired


class AssignForm(FlaskForm):
    """A module or a whole series, for chosen people or the whole team, due by a date."""

    what = SelectField(_l("学习内容"), validators=[DataRequired(_l("请选择课程或系列。"))])
    people = SelectMultipleField(_l("学员"), coerce=int)
    whole_team = BooleanField(_l("布置给整个团队（当前所有新员工和客服）"))
    due_date = DateField(_l("截止日期"), validators=[DataRequired(_l("请选择截止日期。"))])
    submit = SubmitField(_l("布置"))

    def validate_due_date(self, field) -> None:
        """A due date in the past would be overdue at once."""
        if field.data and field.data < date.today():
            raise ValidationError(_l("截止日期不能早于今天。"))

    def validate_people(self, field) -> None:
        """Someone must receive it."""
        if not field.data and not self.whole_team.data:
            raise ValidationError(_l("请选择学员，或勾选“布置给整个团队”。"))
