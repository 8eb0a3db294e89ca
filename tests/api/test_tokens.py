"""API tokens: stored hashed, shown once, revoked by HR (confirmed) or the command line, rate-limited per token."""

import hashlib
import json

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import ApiToken, AuditLog, TokenScope, User
from lms.services import api_tokens
from tests.api.conftest import bearer
from tests.conftest import csrf_token


def stored(app) -> list[dict]:
    """Every token row as stored."""
    with app.app_context():
        return [
            {c.name: getattr(row, c.name) for c in ApiToken.__table__.columns}
            for row in db.session.scalars(sa.select(ApiToken).order_by(ApiToken.id))
        ]


def test_only_a_hash_and_a_short_prefix_are_stored(app, people):
    with app.app_context():
        row, token = api_tokens.create(" 薪酬系统 ", TokenScope.READ, actor=None)
        assert row.name == "薪酬系统" and token.startswith("lms_") and len(token) >= 40
        assert api_tokens.find(token).id == row.id and api_tokens.find(token + "x") is None
    (kept,) = stored(app)
    assert kept["token_hash"] == hashlib.sha256(token.encode()).hexdigest() and kept["prefix"] == token[:12]
    assert not any(token in str(value) for value in kept.values() if value != kept["prefix"])
    with app.app_context():
        assert all(token not in detail for detail in db.session.scalars(sa.select(AuditLog.detail)))


def test_a_live_name_is_unique_but_a_revoked_one_may_be_reused(app, people):
    with app.app_context():
        first, _ = api_tokens.create("考勤", TokenScope.READ, actor=None)
        with pytest.raises(api_tokens.NameTaken):
            api_tokens.create("考勤", TokenScope.WRITE, actor=None)
        api_tokens.revoke(first, actor=None)
        second, _ = api_tokens.create("考勤", TokenScope.WRITE, actor=None)
        assert second.id != first.id


def test_the_command_line_prints_the_token_on_its_last_line_and_revokes_by_name(app, runner, client, people):
    result = runner.invoke(args=["api-token", "create", "--name", "招聘系统", "--scope", "write"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("lms_") and " " not in token
    assert client.get("/api/v1/certifications", headers=bearer(token)).status_code == 200
    again = runner.invoke(args=["api-token", "create", "--name", "招聘系统", "--scope", "read"])
    assert again.exit_code == 1 and "已有一个叫“招聘系统”的有效令牌" in again.output
    bad = runner.invoke(args=["api-token", "create", "--name", "x", "--scope", "admin"])
    assert bad.exit_code == 2
    revoked = runner.invoke(args=["api-token", "revoke", "--name", "招聘系统"])
    assert revoked.exit_code == 0 and token[:12] in revoked.output
    response = client.get("/api/v1/certifications", headers=bearer(token))
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "token_revoked"
    missing = runner.invoke(args=["api-token", "revoke", "--name", "招聘系统"])
    assert missing.exit_code == 1 and "没有叫“招聘系统”的有效令牌" in missing.output
    with app.app_context():
        actions = db.session.scalars(
            sa.select(AuditLog.action).where(AuditLog.action.startswith("api_token.")).order_by(AuditLog.id)
        ).all()
    assert actions == ["api_token.create", "api_token.revoke"]


def test_hr_creates_a_token_and_sees_it_once(app, client, auth, people):
    auth.login(people["hr"])
    page = client.get("/hr/api-tokens").get_data(as_text=True)
    assert "还没有接口令牌" in page and "接口令牌" in page
    response = client.post(
        "/hr/api-tokens",
        data={"name": "薪酬系统", "scope": "write", "csrf_token": csrf_token(client, "/hr/api-tokens")},
    )
    shown = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    token = shown.split('data-test="api-token">')[1].split("<")[0]
    assert token.startswith("lms_") and "只显示这一次" in shown
    listing = client.get("/hr/api-tokens").get_data(as_text=True)
    assert "薪酬系统" in listing and token[:12] in listing and token not in listing and "从未使用" in listing
    assert client.get("/api/v1/certifications", headers=bearer(token)).status_code == 200
    assert "从未使用" not in client.get("/hr/api-tokens").get_data(as_text=True)
    (row,) = stored(app)
    with app.app_context():
        assert row["created_by_id"] == db.session.scalar(sa.select(User.id).where(User.employee_no == people["hr"]))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "scope": "read"}, "请填写令牌名称，例如使用它的系统名。"),
        ({"name": "长" * 65, "scope": "read"}, "名称最多 64 个字。"),
        ({"name": "x", "scope": "admin"}, "不是有效的选择。"),
    ],
)
def test_a_bad_creation_is_refused_and_creates_nothing(app, client, auth, people, data, message):
    auth.login(people["hr"])
    response = client.post("/hr/api-tokens", data=data | {"csrf_token": csrf_token(client, "/hr/api-tokens")})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert stored(app) == []


def test_a_taken_name_is_refused_in_chinese(app, client, auth, people, tokens):
    auth.login(people["hr"])
    response = client.post(
        "/hr/api-tokens",
        data={"name": "read-system", "scope": "read", "csrf_token": csrf_token(client, "/hr/api-tokens")},
    )
    assert response.status_code == 400 and "已有一个叫“read-system”的有效令牌" in response.get_data(as_text=True)
    assert len(stored(app)) == 4


def _id_of(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(ApiToken.id).where(ApiToken.name == name))


def test_hr_revokes_only_with_the_confirmation(app, client, auth, people, tokens):
    auth.login(people["hr"])
    token_id = _id_of(app, "read-system")
    page = client.get(f"/hr/api-tokens/{token_id}/revoke").get_data(as_text=True)
    assert "我确认吊销这个令牌" in page and "token_revoked" in page
    refused = auth.post(f"/hr/api-tokens/{token_id}/revoke", {})
    assert refused.status_code == 400 and "请勾选“我确认吊销这个令牌”" in refused.get_data(as_text=True)
    assert client.get("/api/v1/certifications", headers=bearer(tokens["read"])).status_code == 200
    done = auth.post(f"/hr/api-tokens/{token_id}/revoke", {"confirm": "y"}, follow_redirects=True)
    assert done.status_code == 200 and "已吊销令牌“read-system”" in done.get_data(as_text=True)
    assert (
        client.get("/api/v1/certifications", headers=bearer(tokens["read"])).get_json()["error"]["code"]
        == "token_revoked"
    )
    again = client.get(f"/hr/api-tokens/{token_id}/revoke", follow_redirects=True)
    assert "令牌“read-system”已经吊销" in again.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(
            sa.select(AuditLog).where(AuditLog.action == "api_token.revoke", AuditLog.actor_id.is_not(None))
        )
        assert entry.actor.employee_no == people["hr"] and json.loads(entry.detail)["name"] == "read-system"


@pytest.mark.parametrize("role", ["admin", "supervisor", "agent", "new_hire"])
def test_only_hr_sees_or_changes_tokens(app, client, auth, people, tokens, role):
    auth.login(people[role])
    token_id = _id_of(app, "read-system")
    before = stored(app)
    assert client.get("/hr/api-tokens").status_code == 403
    assert auth.post("/hr/api-tokens", {"name": "偷偷", "scope": "write"}).status_code == 403
    assert auth.post(f"/hr/api-tokens/{token_id}/revoke", {"confirm": "y"}).status_code == 403
    assert stored(app) == before


def test_an_unknown_token_id_is_404(client, auth, people):
    auth.login(people["hr"])
    assert client.get("/hr/api-tokens/999/revoke").status_code == 404


def test_hr_has_the_page_in_the_menu(client, auth, people):
    auth.login(people["hr"])
    assert 'href="/hr/api-tokens"' in client.get("/").get_data(as_text=True)


def test_each_token_has_its_own_rate_limit(app, client, people, tokens):
    app.config["API_RATE_LIMIT"], limit = "3 per minute", app.config["API_RATE_LIMIT"]
    try:
        statuses = [client.get("/api/v1/certifications", headers=bearer(tokens["read"])).status_code for _ in range(4)]
        other = client.get("/api/v1/certifications", headers=bearer(tokens["write"]))
        refused = client.get("/api/v1/certifications", headers=bearer(tokens["read"]) | {"Accept-Language": "en"})
    finally:
        app.config["API_RATE_LIMIT"] = limit
    assert statuses == [200, 200, 200, 429] and other.status_code == 200
    assert refused.get_json()["error"] == {"code": "rate_limited", "message": "Too many requests; try again later."}
