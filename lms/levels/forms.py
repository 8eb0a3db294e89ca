"""Supervisor forms: rating the 11 competency indicators, recording a violation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length

from lms import timeutil
from lms.domain import competency, violations


class CompetencyForm(FlaskForm):
    """One 1-5 select per indicator (fields named after the indicator codes)."""

    submit = SubmitField(_l("保存评分"))


for _code, _name, _weight in competency.INDICATORS:
    setattr(
        CompetencyForm,
        _code,
        SelectField(_l(_name), coerce=int, default=3, choices=[SelectChoice(v, str(v)) for v in range(1, 6)]),
    )


class ViolationForm(FlaskForm):
    """A violation from the catalogue, its date and a note."""

    code = SelectField(
        _l("违规类型"),
        choices=[
            SelectChoice(code, f"{name}（{points} 分）")
            for code, (name, points, _severity) in violations.CATALOGUE.items()
        ],
    )
    day = DateField(_l("日期"), validators=[DataRequired(_l("请选择日期。"))])
    note = StringField(_l("说明"), validators=[Length(max=500)])
    submit = SubmitField(_l("记录违规"))

    def validate_day(self, field) -> None:
        """Not in the future."""
        if field.data and field.data > timeutil.today():
            raise ValidationError(_l("日期不能晚于今天。"))
