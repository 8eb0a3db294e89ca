"""The rating form shown after a module is completed."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from lms.labels import LIKERT, RATING_QUESTIONS


def _likert(question: str) -> RadioField:
    """A 1-5 agreement scale for ``question``."""
    return RadioField(
        RATING_QUESTIONS[question],
        coerce=int,
        choices=[SelectChoice(value, label) for value, label in LIKERT.items()],
        validators=[InputRequired(_l("请为每一项选择一个分数。"))],
    )


class RatingForm(FlaskForm):
    """Three Likert questions and an optional comment."""

    content = _likert("content")
    usefulness = _likert("usefulness")
    clarity = _likert("clarity")
    comment = TextAreaField(_l("其他意见（选填）"), validators=[Length(max=500, message=_l("意见最多 500 字。"))])
    submit = SubmitField(_l("提交评价"))
