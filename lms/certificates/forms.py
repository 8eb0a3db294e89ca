"""HR's revocation form: a reason, and a tick box that confirms it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length


class RevokeForm(FlaskForm):
    """Nothing is revoked unless a reason is given and 「我确认撤销」 is ticked."""

    reason = TextAreaField(
        _l("撤销原因"),
        validators=[
            DataRequired(_l("撤销证书必须填写原因。")),
            Length(max=500, message=_l("撤销原因最多 500 字。")),
        ],
    )
    confirm = BooleanField(
        _l("我确认撤销这张证书"), validators=[DataRequired(_l("请勾选“我确认撤销这张证书”，否则证书不会被撤销。"))]
    )
    submit = SubmitField(_l("撤销证书"))
