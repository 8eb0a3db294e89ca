"""/api/v1 for HR systems: certifications, transcripts, verification and the users import, with bearer tokens.

A token acts for HR (it sees everyone, active or not). Every call with a token is audited afterwards,
every answer is JSON (errors too: ``{"error": {"code", "message"}}``), and each token has its own rate limit.
"""

from flask import Blueprint, g, jsonify, request, url_for
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from lms import timeutil
from lms.api import serialize, spec
from lms.api.auth import rate_key, rate_limit, token_required
from lms.api.errors import ApiError, from_http, response
from lms.api.params import CertificationQuery, parsed
from lms.domain import user_csv
from lms.extensions import csrf, db, limiter
from lms.models import TokenScope
from lms.security import public
from lms.services import api_records as records
from lms.services import api_tokens, scope, users

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# A bearer token, never a cookie, signs every call, so there is no cross-site form to forge: only this
# blueprint is exempt from CSRF; every HTML form keeps its token.
csrf.exempt(bp)
limiter.limit(rate_limit, key_func=rate_key)(bp)

READ, WRITE = token_required(TokenScope.READ), token_required(TokenScope.WRITE)


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    """A refusal as JSON with its code."""
    return response(error)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    """Werkzeug's and Flask-Limiter's errors (413, 429, ...) as JSON too."""
    return from_http(error)


@bp.after_request
def audit_call(answer):
    """Audit every call that presented a token (known, revoked or never issued), with its outcome."""
    if "api_call" in g:
        row, token = g.api_call
        ip = request.remote_addr
        path = request.full_path.rstrip("?")  # with the query: which records were asked for
        api_tokens.record_use(row, token, request.method, path, answer.status_code, ip, g.get("api_error_code"))
    return answer


@bp.route("/openapi.json")
@public
def openapi():
    """The OpenAPI 3.1 document of this API."""
    return jsonify(spec.document())


@bp.route("/certifications")
@READ
def certifications():
    """Certificates matching the filters, a page at a time (``page``, ``per_page`` up to 100)."""
    query = parsed(CertificationQuery)
    number, size = query.page.data or 1, query.per_page.data or query.per_page.default
    page = db.paginate(records.certifications(query.wanted()), page=number, per_page=size, error_out=False)
    args = {k: v for k, v in request.args.items() if k not in ("page", "per_page")}
    following = url_for(".certifications", **args, page=number + 1, per_page=size) if number < page.pages else None
    return jsonify(
        items=[serialize.certification(found) for found in page.items],
        page=number,
        per_page=size,
        total=page.total,
        next=following,
    )


@bp.route("/certifications/<number>")
@READ
def verification(number: str):
    """One certificate by its number: valid, expired or revoked, its level, dates and holder."""
    found = records.verification(number)
    if found is None:
        raise ApiError("certificate_not_found", number=number[:20])
    return jsonify(serialize.certification(found))


@bp.route("/employees/<employee_no>/certifications")
@READ
def certifications_of(employee_no: str):
    """Every certificate of one person, oldest first."""
    person = _person(employee_no)
    return jsonify(
        employee_no=person.employee_no,
        items=[serialize.certification(found) for found in records.certifications_of(person)],
    )


@bp.route("/employees/<employee_no>/transcript")
@READ
def transcript(employee_no: str):
    """One person's record: levels held, certificates, modules completed, exams finished, ready for shift."""
    return jsonify(serialize.transcript(records.transcript(_person(employee_no))))


@bp.route("/users/import", methods=["POST"])
@WRITE
def import_users():
    """The HR system's CSV (the columns and rules of ``lms import-users``): every row imported, or none."""
    if request.mimetype != "text/csv":
        raise ApiError("unsupported_media_type")
    try:
        text = user_csv.decode(request.get_data(cache=False))
    except user_csv.EncodingProblem as exc:
        raise ApiError("bad_encoding") from exc
    rows, problems = user_csv.parse(text, timeutil.today())
    problems = problems or users.conflicts(rows)
    if problems:
        details = [
            {"line": p.line, "code": p.code or "invalid_row", "message": gettext(p.message, **p.params)}
            for p in problems
        ]
        raise ApiError("import_rejected", details=details, count=len(details))
    via = f"api_token:{g.api_token.name}"
    result = users.import_users(rows, actor=None, ip=request.remote_addr, via=via)
    return jsonify(serialize.imported(result))


def _person(employee_no: str):
    """The person with this employee number, or the API's 404."""
    person = scope.token_person(employee_no)
    if person is None:
        raise ApiError("employee_not_found", employee_no=employee_no[:32])
    return person
