"""Every API call is refused without a live token whose scope covers it, and a refused call changes nothing."""

import json

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import ApiToken, AuditLog, TokenScope, User
from tests.api.conftest import bearer

CSV = "工号,姓名,入职日期,团队,角色\nN100,新同事,2025-03-01,售后一组,客服\n".encode()
#: One call of each token-protected route, with the scope it needs.
CALLS = [
    ("GET", "/api/v1/certifications", TokenScope.READ),
    ("GET", "/api/v1/certifications/ABCD", TokenScope.READ),
    ("GET", "/api/v1/employees/T3/certifications", TokenScope.READ),
    ("GET", "/api/v1/employees/T3/transcript", TokenScope.READ),
    ("POST", "/api/v1/users/import", TokenScope.WRITE),
]


def call(client, method: str, path: str, headers: dict | None = None):
    """Make one of CALLS (the import with a small valid CSV)."""
    if method == "POST":
        return client.post(path, data=CSV, content_type="text/csv", headers=headers or {})
    return client.get(path, headers=headers or {})


def state(app) -> tuple:
    """What a refused call must not change: the people, and the tokens' last use."""
    with app.app_context():
        people = db.session.scalars(sa.select(User.employee_no).order_by(User.employee_no)).all()
        used = db.session.scalars(sa.select(ApiToken.last_used_at).order_by(ApiToken.id)).all()
        return people, used


def audit(app, action: str) -> list[dict]:
    """The structured details of the audit entries with this action, oldest first."""
    with app.app_context():
        rows = db.session.scalars(sa.select(AuditLog.detail).where(AuditLog.action == action).order_by(AuditLog.id))
        return [json.loads(detail) for detail in rows]


def test_the_calls_cover_every_token_route(app):
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if hasattr(app.view_functions[rule.endpoint], "api_scope")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert len(routes) == len(CALLS)
    for method, rule in routes:
        needed = app.view_functions[next(r.endpoint for r in app.url_map.iter_rules() if r.rule == rule)].api_scope
        assert any(m == method and s is needed and _matches(rule, p) for m, p, s in CALLS), (method, rule)


def _matches(rule: str, path: str) -> bool:
    """Whether ``path`` is an instance of the Flask ``rule``."""
    parts, pattern = path.split("/"), rule.split("/")
    return len(parts) == len(pattern) and all(p == q or q.startswith("<") for p, q in zip(parts, pattern))


@pytest.mark.parametrize(("method", "path", "needed"), CALLS)
@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "missing_token"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "missing_token"),
        ({"Authorization": "Bearer "}, "missing_token"),
        (bearer("lms_not-a-token-anyone-was-given"), "invalid_token"),
        (bearer("something else"), "invalid_token"),
    ],
    ids=["none", "basic", "empty", "unknown", "garbage"],
)
def test_a_call_without_a_valid_token_is_refused(app, client, people, tokens, method, path, needed, headers, code):
    before = state(app)
    response = call(client, method, path, headers)
    assert response.status_code == 401 and response.get_json()["error"]["code"] == code
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert state(app) == before


@pytest.mark.parametrize(("method", "path", "needed"), CALLS)
@pytest.mark.parametrize("which", ["revoked-read", "revoked-write"])
def test_a_revoked_token_is_refused_everywhere(app, client, people, tokens, method, path, needed, which):
    before = state(app)
    response = call(client, method, path, bearer(tokens[which]))
    assert response.status_code == 401
    assert response.get_json()["error"] == {
        "code": "token_revoked",
        "message": "访问令牌已被吊销，请向人事申请新的令牌。",
    }
    assert state(app) == before
    assert audit(app, "api.request")[-1] | {"path": None} == {
        "method": method,
        "path": None,
        "status": 401,
        "error": "token_revoked",
        "token": f"old-{which.split('-')[1]}-system",
        "scope": which.split("-")[1],
    }


@pytest.mark.parametrize(("method", "path", "needed"), CALLS)
def test_a_read_token_reads_and_cannot_write(app, client, people, tokens, method, path, needed):
    before = state(app)[0]
    response = call(client, method, path, bearer(tokens["read"]))
    if needed is TokenScope.WRITE:
        assert response.status_code == 403
        assert response.get_json()["error"] == {"code": "insufficient_scope", "message": "此访问令牌没有 write 权限。"}
        assert state(app)[0] == before and audit(app, "user.import") == []
        assert audit(app, "api.request")[-1]["error"] == "insufficient_scope"
    else:
        assert response.status_code in (200, 404), response.get_json()
        assert response.status_code == 200 or response.get_json()["error"]["code"].endswith("_not_found")


@pytest.mark.parametrize(("method", "path", "needed"), CALLS)
def test_a_write_token_may_also_read(app, client, people, tokens, method, path, needed):
    response = call(client, method, path, bearer(tokens["write"]))
    assert response.status_code in (200, 404), response.get_json()


def test_a_signed_in_hr_session_is_no_token(app, client, auth, people, tokens):
    """The API never reads the session cookie, so a page cannot be tricked into calling it (hence no CSRF there)."""
    auth.login(people["hr"])
    before = state(app)
    response = client.post("/api/v1/users/import", data=CSV, content_type="text/csv")
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "missing_token"
    assert client.get("/api/v1/certifications").status_code == 401
    assert state(app) == before


def test_the_write_token_imports_without_a_csrf_token_while_html_forms_still_need_one(app, client, people, tokens):
    response = call(client, "POST", "/api/v1/users/import", bearer(tokens["write"]))
    assert response.status_code == 200 and response.get_json()["created"] == ["N100"]
    page = client.post("/hr/api-tokens", data={"name": "x", "scope": "read"})
    assert page.status_code == 400 and "api" not in page.content_type


def test_every_use_is_audited_and_noted_on_the_token(app, client, people, tokens):
    client.get("/api/v1/certifications?per_page=5", headers=bearer(tokens["read"]))
    client.get("/api/v1/certifications", headers=bearer("lms_nobody-ever-had-this"))
    client.get("/api/v1/certifications", headers=bearer("hunter2"))  # not one of ours: not quoted
    client.get("/api/v1/certifications")  # no token: nothing to audit
    assert audit(app, "api.request") == [
        {
            "method": "GET",
            "path": "/api/v1/certifications?per_page=5",
            "scope": "read",
            "status": 200,
            "token": "read-system",
        }
    ]
    assert audit(app, "api.unknown_token") == [
        {
            "method": "GET",
            "path": "/api/v1/certifications",
            "status": 401,
            "error": "invalid_token",
            "prefix": "lms_nobody-e",
        },
        {"method": "GET", "path": "/api/v1/certifications", "status": 401, "error": "invalid_token", "prefix": ""},
    ]
    with app.app_context():
        used = dict(db.session.execute(sa.select(ApiToken.name, ApiToken.last_used_at)).all())
    assert used["read-system"] is not None and used["write-system"] is None


def test_a_server_error_is_json_and_audited(app, client, people, tokens, monkeypatch):
    from lms.services import api_records as records

    def broken(_wanted):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(records, "certifications", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/api/v1/certifications", headers=bearer(tokens["read"]))
    assert response.status_code == 500
    assert response.get_json()["error"] == {"code": "server_error", "message": "服务器出错，请稍后重试。"}
    assert audit(app, "api.request")[-1]["status"] == 500
