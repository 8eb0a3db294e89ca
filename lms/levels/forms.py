"""Supervisor forms: rating the 11 competency indicators, recording a violation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, StopValidation

from lms import timeutil
from lms.domain import competency, violations


class RatingField(RadioField):
    """A required 1-5 rating with no default: a missing one says which indicator is missing."""

    def __init__(self, label, missing, **kwargs):
        super().__init__(label, **kwargs)
        self.missing = missing

    def pre_validate(self, form) -> None:
        """Nothing chosen: one clear message (not "not a valid choice"); otherwise the value must be a choice."""
        if not self.raw_data and not self.process_errors:
            raise StopValidation(self.missing)
        super().pre_validate(form)


class CompetencyForm(FlaskForm):
    """One 1-5 rating per indicator (fields named after the indicator codes), each choice with its behaviour."""

    submit = SubmitField(_l("保存评分"))


for _code, _name, _weight in competency.INDICATORS:
    setattr(
        CompetencyForm,
        _code,
        RatingField(
            _l(_name),
            _l("请为“%(name)s”选择 1–5 分。", name=_l(_name)),
            coerce=int,
            choices=[SelectChoice(value, _l(text)) for value, text in competency.scale(_code)],
        ),
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
