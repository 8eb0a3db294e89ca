"""Supervisor forms: rating the 11 competency indicators, recording a violation; with HR, who leads a group."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
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
from lms.i18n import translations


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

    def radios(self, code: str) -> Markup:
        """One indicator's five radios with their behaviours, written as WTForms writes them, in one call.

        The page shows 55: as WTForms fields (or one template expression an attribute) they cost a third of the page.
        The behaviours are translations, written as a template's ``_()`` writes them (``lms.i18n``: not escaped).
        """
        field = self[code]
        at, name, gettext = escape(field.id), escape(field.name), translations().ugettext
        return Markup("\n").join(
            Markup(
                f'<label class="option"><input{" checked" if field.data == value else ""} id="{at}-{index}" '
                f'name="{name}" type="radio" value="{value}"> <strong>{value}</strong> '
                f"<span>{gettext(text)}</span></label>"
            )
            for index, (value, text) in enumerate(competency.SCALES[code])
        )


for _code, _name, _weight in competency.INDICATORS:
    setattr(
        CompetencyForm,
        _code,
        RatingField(
            _l(_name),
            _l("请为“%(name)s”选择 1–5 分。", name=_l(_name)),
            coerce=int,
            choices=[SelectChoice(value, _l(text)) for value, text in competency.SCALES[_code]],
        ),
    )


class ViolationForm(FlaskForm):
    """A violation from the catalogue, its date and a note."""

    code = SelectField(_l("违规类型"))
    day = DateField(_l("日期"), validators=[DataRequired(_l("请选择日期。"))])
    note = StringField(_l("说明"), validators=[Length(max=500)])
    submit = SubmitField(_l("记录违规"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        gettext = translations().ugettext  # the request's language: the names are the catalogue's, translated
        self.code.choices = [
            SelectChoice(code, gettext("%(name)s（%(points)s 分）") % {"name": gettext(name), "points": points})
            for code, (name, points, _severity) in violations.CATALOGUE.items()
        ]

    def validate_day(self, field) -> None:
        """Not in the future."""
        if field.data and field.data > timeutil.today():
            raise ValidationError(_l("日期不能晚于今天。"))


class GroupLeadForm(FlaskForm):
    """The group the person leads or mentors and since when (between their hire date and today)."""

    group = StringField(
        _l("带领或辅导的小组"),
        validators=[
            DataRequired(_l("请写明带领或辅导的是哪个小组。")),
            Length(max=64, message=_l("小组名称最多 64 个字。")),
        ],
    )
    since = DateField(_l("开始日期"), validators=[DataRequired(_l("请选择开始日期。"))])
    submit = SubmitField(_l("保存登记"))

    def __init__(self, *args, hire_date: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.hire_date = hire_date

    def validate_since(self, field) -> None:
        """Not in the future, and not before the person was hired."""
        if field.data > timeutil.today():
            raise ValidationError(_l("日期不能晚于今天。"))
        if field.data < self.hire_date:
            raise ValidationError(_l("开始日期不能早于入职日期。"))


class ClearGroupLeadForm(FlaskForm):
    """Clearing the record: the person no longer leads or mentors a group."""

    clear = SubmitField(_l("取消登记"))
