"""HR's forms for API tokens: create one (a name and a scope), revoke one (confirmed)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from lms.models import TokenScope
from lms.services.api_tokens import MAX_NAME

SCOPE_LABELS = {
    TokenScope.READ: _l("只读：查询证书、成绩单，验证证书"),
    TokenScope.WRITE: _l("读写：另可导入人员"),
}

#: The scope in a word, for the list.
SCOPE_SHORT = {TokenScope.READ: _l("只读"), TokenScope.WRITE: _l("读写")}


class CreateTokenForm(FlaskForm):
    """A token's name (what it is for) and its scope."""

    name = StringField(
        _l("名称"),
        validators=[
            DataRequired(_l("请填写令牌名称，例如使用它的系统名。")),
            Length(max=MAX_NAME, message=_l("名称最多 %(max)s 个字。", max=MAX_NAME)),
        ],
    )
    scope = RadioField(
        _l("权限"),
        choices=[SelectChoice(scope.value, label) for scope, label in SCOPE_LABELS.items()],
        default=TokenScope.READ.value,
        validators=[DataRequired(_l("请选择权限。"))],
    )
    submit = SubmitField(_l("创建令牌"))


class RevokeTokenForm(FlaskForm):
    """Nothing is revoked unless 「我确认吊销」 is ticked."""

    confirm = BooleanField(
        _l("我确认吊销这个令牌"), validators=[DataRequired(_l("请勾选“我确认吊销这个令牌”，否则令牌不会被吊销。"))]
    )
    submit = SubmitField(_l("吊销令牌"))
