"""The API's errors: a stable code, an HTTP status and a message in Chinese (English with ``Accept-Language: en``)."""

from flask import g, jsonify, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from lms.domain import N_

#: Every path of the API starts with this.
PREFIX = "/api/"

#: code -> (HTTP status, message). The codes are part of the API: never rename one (openapi.yaml lists them).
ERRORS = {
    "missing_token": (401, N_("缺少访问令牌：请在 Authorization 请求头中提供 Bearer 令牌。")),
    "invalid_token": (401, N_("访问令牌无效。")),
    "token_revoked": (401, N_("访问令牌已被吊销，请向人事申请新的令牌。")),
    "insufficient_scope": (403, N_("此访问令牌没有 %(scope)s 权限。")),
    "invalid_parameter": (400, N_("参数 %(field)s 有误：%(problem)s")),
    "bad_encoding": (400, N_("CSV 编码无法识别，请使用 UTF-8 或 GBK 编码。")),
    "bad_request": (400, N_("请求有误。")),
    "not_found": (404, N_("没有这个地址。")),
    "employee_not_found": (404, N_("没有工号为 %(employee_no)s 的人员。")),
    "certificate_not_found": (404, N_("没有编号为 %(number)s 的证书。")),
    "method_not_allowed": (405, N_("此地址不支持 %(method)s 请求。")),
    "payload_too_large": (413, N_("请求内容过大。")),
    "unsupported_media_type": (415, N_("请以 text/csv 提交 CSV 内容。")),
    "import_rejected": (422, N_("CSV 中有 %(count)s 处错误，未导入任何人员。")),
    "rate_limited": (429, N_("请求过于频繁，请稍后再试。")),
    "server_error": (500, N_("服务器出错，请稍后重试。")),
}

#: HTTP errors raised by Flask, Werkzeug or Flask-Limiter, as codes.
HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


class ApiError(Exception):
    """An answer other than success: its code, the message's parameters and, for some, details by field or line."""

    def __init__(self, code: str, details: list[dict] | None = None, **params):
        super().__init__(code)
        self.code, self.details, self.params = code, details, params


def is_api_request() -> bool:
    """Whether the current request is for the API (whose errors are JSON, never a page)."""
    return request.path.startswith(PREFIX)


def locale() -> str:
    """The API's language: English when ``Accept-Language`` prefers it, else Chinese (sessions play no part)."""
    for language in request.accept_languages.values():
        if language.lower().startswith("en"):
            return "en"
        if language.lower().startswith("zh"):
            return "zh_CN"
    return "zh_CN"


def response(error: ApiError):
    """The JSON answer for ``error``: ``{"error": {"code", "message", "details"?}}``."""
    status, message = ERRORS[error.code]
    body: dict = {"code": error.code, "message": gettext(message, **error.params)}
    if error.details:
        body["details"] = error.details
    g.api_error_code = error.code
    answer = jsonify(error=body)
    answer.status_code = status
    if status == 401:
        answer.headers["WWW-Authenticate"] = 'Bearer realm="lms"'
    return answer


def from_http(error: HTTPException):
    """An HTTP error (unknown path, wrong method, too large, rate limit, server error) as the API's JSON."""
    code = HTTP_CODES.get(error.code or 500, "server_error" if (error.code or 500) >= 500 else "bad_request")
    params = {"method": request.method} if code == "method_not_allowed" else {}
    answer = response(ApiError(code, **params))
    if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        answer.headers["Allow"] = ", ".join(error.valid_methods)
    return answer
