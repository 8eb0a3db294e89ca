"""The drill forms: handing in a typing drill, starting and answering a quick-reply session."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from lms.form_fields import NumberField, WholeNumberField
from lms.params import DB_INT_MAX

#: Far longer than any text; longer input is cut here and refused as too long by the scorer.
MAX_TYPED = 5000


class TypingSubmitForm(FlaskForm):
    """What was typed, and the browser's own elapsed time (checked against the server's, never trusted)."""

    typed = TextAreaField(filters=[lambda text: (text or "")[:MAX_TYPED]])
    client_seconds = NumberField(
        validators=[Optional(), NumberRange(0, 24 * 3600, _l("浏览器记录的用时无效，请重新练习一次。"))]
    )


class ReplyStartForm(FlaskForm):
    """A mode, and optionally one reply category of those given (the learner's business lines have replies in)."""

    mode = RadioField(
        choices=[
            SelectChoice("recognition", _l("输入快捷码（如 /fh）")),
            SelectChoice("recall", _l("默写完整话术（要求一字不差）")),
        ],
        validators=[InputRequired(_l("请选择练习方式和话术类别。"))],
    )
    category = SelectField(validators=[Optional()])
    #: The learner's own quick-reply assignment the session is for (its category and threshold apply), if any.
    assignment = WholeNumberField(validators=[Optional(), NumberRange(1, DB_INT_MAX)])

    def __init__(self, *args, categories: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [SelectChoice("", _l("全部类别"))] + [SelectChoice(c, c) for c in categories]


class ReplyAnswerForm(FlaskForm):
    """The answer to the waiting customer message (its position guards against stale pages)."""

    position = WholeNumberField(validators=[InputRequired(_l("回复没有发送成功，请重新发送。"))])
    answer = StringField(validators=[Length(max=1000, message=_l("回复最多 1000 字。"))])
