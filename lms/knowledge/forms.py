"""The knowledge map's forms: the confirmation of a refresher (who gets it, by when)."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField, SubmitField, ValidationError
from wtforms.validators import DataRequired
from wtforms.widgets import CheckboxInput, ListWidget

from lms import timeutil

#: A refresher is a few minutes' reading: due in three days unless the supervisor says otherwise.
DUE_IN = timedelta(days=3)


class RefresherForm(FlaskForm):
    """The people below the threshold (all ticked) and a due date."""

    people = SelectMultipleField(
        _l("学员"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        invalid_value_message=_l("所选学员无效，请重新选择。"),
        invalid_choice_message=_l("所选学员不在这份复习名单中。"),
        validators=[DataRequired(_l("请至少选择一名学员。"))],
    )
    due_date = DateField(_l("截止日期"), validators=[DataRequired(_l("请选择截止日期。"))])
    submit = SubmitField(_l("确认布置复习"))

    def validate_due_date(self, field) -> None:
        """A due date in the past would be overdue at once."""
        if field.data and field.data < timeutil.today():
            raise ValidationError(_l("截止日期不能早于今天。"))
