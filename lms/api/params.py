"""Query parameters of the API's GET calls, as WTForms (no CSRF: a token signs the call) with Chinese messages."""

from typing import TypeVar

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField, ValidationError
from wtforms.validators import Length, NumberRange, Optional

from lms.api.errors import ApiError
from lms.domain.states import CertificateStatus
from lms.params import DB_INT_MAX
from lms.services import levels as level_service
from lms.services.api_records import CertificationFilter

Q = TypeVar("Q", bound="ApiQuery")

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
#: The last page whose offset the database can hold.
LAST_PAGE = DB_INT_MAX // MAX_PER_PAGE


class WholeNumber(IntegerField):
    """An integer parameter whose refusal is in the caller's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("必须是整数。")) from exc


class IsoDate(DateField):
    """A date parameter, ISO 8601 (2026-01-31), refused in the caller's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("必须是 2026-01-31 这样的日期。")) from exc


class ApiQuery(FlaskForm):
    """Query parameters: read from the URL, never from a body, and no CSRF token."""

    class Meta:
        csrf = False


class PageQuery(ApiQuery):
    """``page`` (from 1) and ``per_page`` (1 to 100)."""

    page = WholeNumber(
        default=1,
        validators=[
            Optional(),
            NumberRange(min=1, message=_l("必须是大于等于 1 的整数。")),
            NumberRange(max=LAST_PAGE, message=_l("页码超出范围。")),
        ],
    )
    per_page = WholeNumber(
        default=DEFAULT_PER_PAGE,
        validators=[Optional(), NumberRange(min=1, max=MAX_PER_PAGE, message=_l("必须是 1 到 100 之间的整数。"))],
    )


class CertificationQuery(PageQuery):
    """Filters of the certification list; each optional."""

    employee_no = StringField(validators=[Length(max=32, message=_l("最长 32 位。"))])
    team = StringField(validators=[Length(max=64, message=_l("最长 64 个字。"))])
    level = StringField()
    status = StringField()
    issued_from = IsoDate(validators=[Optional()])
    issued_to = IsoDate(validators=[Optional()])
    expires_before = IsoDate(validators=[Optional()])
    latest = StringField()

    def validate_level(self, field) -> None:
        """A level code of the rules in force."""
        codes = [level.code for level in level_service.rules()]
        if field.data and field.data not in codes:
            raise ValidationError(_l("只接受 %(codes)s。", codes=", ".join(codes)))

    def validate_status(self, field) -> None:
        """valid, expired or revoked."""
        if field.data and field.data not in {s.value for s in CertificateStatus}:
            raise ValidationError(_l("只接受 %(codes)s。", codes=", ".join(s.value for s in CertificateStatus)))

    def validate_latest(self, field) -> None:
        """true or false."""
        if field.data and field.data not in ("true", "false"):
            raise ValidationError(_l("只接受 true 或 false。"))

    def wanted(self) -> CertificationFilter:
        """The filter these parameters ask for."""
        return CertificationFilter(
            employee_no=self.employee_no.data or "",
            team=self.team.data or "",
            level=self.level.data or "",
            status=CertificateStatus(self.status.data) if self.status.data else None,
            issued_from=self.issued_from.data,
            issued_to=self.issued_to.data,
            expires_before=self.expires_before.data,
            latest=self.latest.data == "true",
        )


def parsed(form_class: type[Q]) -> Q:
    """The request's query parameters read by ``form_class``; an unknown or bad one is refused with every problem."""
    form = form_class(formdata=request.args)
    problems = [{"field": name, "message": _l("没有这个参数。")} for name in request.args if name not in form]
    if not form.validate():
        problems += [{"field": name, "message": errors[0]} for name, errors in form.errors.items()]
    if problems:
        details = [{"field": p["field"], "message": str(p["message"])} for p in problems]
        raise ApiError("invalid_parameter", details=details, field=details[0]["field"], problem=details[0]["message"])
    return form
