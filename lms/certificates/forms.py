"""HR's certificate forms: the search filters, and revocation (a reason, and a tick box that confirms it)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SearchField,
    SelectChoice,
    SelectField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, Optional

from lms.domain.states import CertificateFilter
from lms.services import records

STATUS_LABELS = {
    CertificateFilter.VALID: _l("有效"),
    CertificateFilter.EXPIRING: _l("即将到期（30 天内）"),
    CertificateFilter.EXPIRED: _l("已过期"),
    CertificateFilter.REVOKED: _l("已撤销"),
}


#: A team filter's messages when the team given is not one of the list.
CHOOSE_TEAM = {
    "invalid_value_message": _l("请选择列表中的团队。"),
    "invalid_choice_message": _l("请选择列表中的团队。"),
}


def optional_id(value) -> int | None:
    """A choice's id, None for "all"."""
    return None if value in ("", None) else int(value)


class CertificateSearchForm(FlaskForm):
    """What HR searches certificates by (a GET form: no CSRF token, nothing is changed)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("姓名、工号或证书编号（可只输入一部分）"),
        filters=[lambda text: text.strip() if text else ""],
        validators=[Length(max=64, message=_l("关键词最多 64 个字。"))],
    )
    team = SelectField(_l("团队"), coerce=optional_id, default="", **CHOOSE_TEAM)
    level = SelectField(_l("等级"), default="", invalid_choice_message=_l("请选择列表中的等级。"))
    status = SelectField(
        _l("状态"),
        default="",
        choices=[SelectChoice("", _l("全部状态"))]
        + [SelectChoice(value.value, label) for value, label in STATUS_LABELS.items()],
        invalid_choice_message=_l("请选择列表中的状态。"),
    )
    dates = SelectField(
        _l("日期"),
        choices=[SelectChoice(records.ISSUED, _l("发证日期")), SelectChoice(records.EXPIRES, _l("到期日期"))],
        default=records.ISSUED,
        invalid_choice_message=_l("请选择发证日期或到期日期。"),
    )
    date_from = DateField(
        _l("从"), validators=[Optional()], invalid_value_message=_l("开始日期格式不对，请按 2026-01-31 的格式填写。")
    )
    date_to = DateField(
        _l("到"), validators=[Optional()], invalid_value_message=_l("结束日期格式不对，请按 2026-01-31 的格式填写。")
    )

    def validate_date_to(self, field) -> None:
        """A range that ends before it starts finds nothing: say so instead."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("结束日期不能早于开始日期。"))

    def criteria(self) -> records.Criteria:
        """The validated filters as the search takes them."""
        return records.Criteria(
            q=self.q.data or "",
            team_id=self.team.data,
            level=self.level.data or None,
            status=CertificateFilter(self.status.data) if self.status.data else None,
            dates=self.dates.data or records.ISSUED,
            date_from=self.date_from.data,
            date_to=self.date_to.data,
        )


class ZipForm(FlaskForm):
    """Start the bulk ZIP of the filtered certificates (a POST with a CSRF token; the filters are in the URL)."""

    submit = SubmitField(_l("打包下载证书 PDF"))


class RetryForm(FlaskForm):
    """Retry the failed awards and PDFs now, as a job HR can watch (a POST with a CSRF token)."""

    submit = SubmitField(_l("立即重试"))


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
