"""Signing in and out, refusals, lockout, CSRF and password changes."""

import json

import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuditLog, User
from tests.conftest import csrf_token


def audit_actions(app) -> list[str]:
    """Every audited action, oldest first."""
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditLog.action).order_by(AuditLog.id)))


def test_login_page_is_chinese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="zh-CN"' in page and "请使用工号和密码登录" in page


def test_agent_signs_in_with_any_case_and_sees_home(app, client, auth, people):
    response = auth.login(people["agent"].lower())
    assert response.status_code == 302 and response.location == "/"
    page = client.get("/").get_data(as_text=True)
    assert "您好，李客服" in page and "售后一组" in page
    assert audit_actions(app) == ["auth.login"]


def test_wrong_password_is_refused_and_audited(app, client, auth, people):
    response = auth.login(people["agent"], "wrong-pass1")
    assert response.status_code == 200
    assert "工号或密码错误" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditLog))
        assert (entry.action, entry.object_type, entry.object_id, entry.actor_id) == (
            "auth.login_failed",
            "employee_no",
            people["agent"],
            None,
        )
        assert json.loads(entry.detail) == {"reason": "wrong_password"}


def test_unknown_employee_gets_the_same_message(auth, people):
    assert "工号或密码错误" in auth.login("NOBODY").get_data(as_text=True)


def test_inactive_user_cannot_sign_in(app, client, auth, people):
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.employee_no == people["agent"])).active = False
        db.session.commit()
    response = auth.login(people["agent"])
    assert "该账号已停用" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert audit_actions(app) == ["auth.login_inactive"]


def test_five_failures_lock_the_number_even_for_the_right_password(auth, people):
    for _ in range(5):
        auth.login(people["agent"], "wrong-pass1")
    response = auth.login(people["agent"])
    assert response.status_code == 429 and "暂时锁定" in response.get_data(as_text=True)


def test_form_without_csrf_token_is_refused(client, people):
    response = client.post("/login", data={"employee_no": people["agent"], "password": "pass1234"})
    assert response.status_code == 400
    assert "安全校验" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_logout_needs_post_with_token(client, auth, people):
    auth.login(people["agent"])
    page = client.get("/logout")  # a styled page in Chinese that asks to confirm, never Werkzeug's English 405
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "确定要退出登录吗" in text and 'name="csrf_token"' in text and 'href="/static/' in text
    assert "Method Not Allowed" not in text
    assert client.get("/").status_code == 200
    assert client.post("/logout").status_code == 400
    assert auth.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_next_is_followed_only_within_the_site(client, people):
    token = csrf_token(client)
    data = {"employee_no": people["agent"], "password": "pass1234", "csrf_token": token}
    assert client.post("/login?next=//evil.example/x", data=data).location == "/"
    client.post("/logout", data={"csrf_token": csrf_token(client, "/password")})
    token = csrf_token(client)
    assert client.post("/login?next=/password", data={**data, "csrf_token": token}).location == "/password"


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/admin/users")
    assert response.status_code == 302 and response.location.startswith("/login?next=/admin/users")


def test_change_password_checks_current_strength_and_match(app, client, auth, people):
    auth.login(people["agent"])
    cases = [
        ({"current": "bad-pass1", "new": "Lantern-47x", "repeat": "Lantern-47x"}, "当前密码不正确"),
        ({"current": "pass1234", "new": "short1", "repeat": "short1"}, "至少需要 10 位"),
        ({"current": "pass1234", "new": "onlyletters", "repeat": "onlyletters"}, "字母和数字"),
        ({"current": "pass1234", "new": people["agent"], "repeat": people["agent"]}, None),
        ({"current": "pass1234", "new": "Lantern-47x", "repeat": "Lantern-47y"}, "不一致"),
    ]
    for data, message in cases:
        page = auth.post("/password", data).get_data(as_text=True)
        assert message is None or message in page
        assert "密码已修改" not in page
    assert (
        auth.post("/password", {"current": "pass1234", "new": "Lantern-47x", "repeat": "Lantern-47x"}).status_code
        == 302
    )
    auth.post("/logout")
    assert auth.login(people["agent"], "Lantern-47x").status_code == 302
    assert "auth.password_changed" in audit_actions(app)


def test_temporary_password_forces_a_change_first(app, client, auth, people):
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.employee_no == people["agent"])).must_change_password = True
        db.session.commit()
    assert auth.login(people["agent"]).location == "/password"
    assert client.get("/").location == "/password"
    auth.post("/password", {"current": "pass1234", "new": "Lantern-47x", "repeat": "Lantern-47x"})
    assert client.get("/").status_code == 200


def test_session_cookie_is_http_only_and_same_site(client, auth, people):
    auth.login(people["agent"])
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"
