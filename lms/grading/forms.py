"""The grading form: a score (percent) and an optional comment for each scenario answer of one attempt."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from lms.form_fields import NumberField, WholeNumberField
from lms.services.grading import Review

#: The longest comment a grader may leave on one answer.
COMMENT_CHARS = 500


class PercentField(NumberField):
    """A percentage typed by the grader, refused in the user's language when it is not a number."""

    not_a_number = out_of_range = _l("得分应是 0 到 100 之间的数字。")


class MarkForm(Form):
    """One scenario answer's score (its CSRF token is the whole form's)."""

    position = WholeNumberField(widget=HiddenInput(), validators=[InputRequired()])
    percent = PercentField(
        _l("得分（0–100%）"),
        validators=[
            InputRequired(_l("请给这道题打分：0 到 100 之间的百分比。")),
            NumberRange(0, 100, _l("得分应在 0 到 100 之间（百分比）。")),
        ],
    )
    comment = TextAreaField(
        _l("评语（选填，学员能看到）"),
        validators=[Optional(), Length(max=COMMENT_CHARS, message=_l("评语最多 %(max)d 个字。"))],
    )


class GradeForm(FlaskForm):
    """Every scenario answer of the attempt at once; "完成评分" decides the attempt."""

    marks = FieldList(FormField(MarkForm), min_entries=0)
    submit = SubmitField(_l("完成评分"))

    @classmethod
    def suggesting(cls, review: Review) -> "GradeForm":
        """The form filled with the automatic suggestion for each answer (the grader changes what they disagree with)."""
        return cls(
            formdata=None,  # never what was posted: the paper's answers with their suggestions
            data={
                "marks": [
                    {"position": a.item.position, "percent": round(a.assessed.fraction * 100), "comment": ""}
                    for a in review.answers
                ]
            },
        )
