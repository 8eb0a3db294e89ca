"""Signing in and out, refusals, lockout, CSRF and password changes."""

import json
import re

import pytest
import redis
import sqlalchemy as sa
import time_machine

from lms.extensions import db, limiter
from lms.models import AuditLog, User
from tests.conftest import Auth, csrf_token

#: A fixed instant for tests that move the clock.
START = "2026-11-02T09:00:00+08:00"


def auth_from(app, address: str) -> Auth:
    """A new browser signing in from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Auth(client)


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


@pytest.mark.parametrize(
    ("who", "password", "field", "message"),
    [("agent", "wrong-pass1", "password", "工号或密码错误。"), (None, "", "employee_no", "请输入工号。")],
)
def test_a_sign_in_error_is_tied_to_its_field(auth, people, who, password, field, message):
    page = auth.login(people[who] if who else "", password).get_data(as_text=True)
    control = re.search(rf'<input[^>]* id="{field}"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in control and f'aria-describedby="{field}-error"' in control
    assert re.search(rf'<div id="{field}-error"><p class="error">{message}</p></div>', page)


def test_inactive_user_cannot_sign_in(app, client, auth, people):
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.employee_no == people["agent"])).active = False
        db.session.commit()
    response = auth.login(people["agent"])
    assert "该账号已停用" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert audit_actions(app) == ["auth.login_inactive"]


def test_five_failures_make_the_number_wait_and_the_right_password_passes_after_the_wait(app, auth, people):
    """An outsider typing the admin's number can slow the admin down, not lock them out."""
    outsider = auth_from(app, "198.51.100.9")
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            outsider.login(people["admin"], "wrong-pass1")
        refused = auth.login(people["admin"])
        assert refused.status_code == 429 and "请32秒后再试" in refused.get_data(as_text=True)
        clock.shift(31)
        assert outsider.login(people["admin"], "wrong-pass1").status_code == 429
        clock.shift(2)
        assert outsider.login(people["admin"], "wrong-pass1").status_code == 200  # the sixth failure: 64 seconds
        clock.shift(63)
        assert "请1秒后再试" in auth.login(people["admin"]).get_data(as_text=True)
        clock.shift(2)
        assert auth.login(people["admin"]).location == "/"
    assert audit_actions(app).count("auth.login_waiting") == 3
    with app.app_context():
        waits = db.session.scalars(
            sa.select(AuditLog.detail).where(AuditLog.action == "auth.login_waiting").order_by(AuditLog.id)
        )
        assert [json.loads(detail)["wait_seconds"] for detail in waits] == [32, 1, 1]


def test_a_wait_at_the_cap_is_told_in_minutes(app, auth, people):
    """Ten failures, each after the previous wait, reach the 15-minute cap: said as 15分钟, not 900秒."""
    outsider = auth_from(app, "198.51.100.9")
    with time_machine.travel(START, tick=False) as clock:
        for wait in (0, 0, 0, 0, 0, 32, 64, 128, 256, 512):
            clock.shift(wait + 1)
            assert outsider.login(people["admin"], "wrong-pass1").status_code == 200
        refused = auth.login(people["admin"]).get_data(as_text=True)
    assert "请15分钟后再试" in refused and "900" not in refused


def test_one_address_may_fail_twenty_times_in_ten_minutes_whatever_the_numbers(app, client, auth, people):
    client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    with time_machine.travel(START, tick=False) as clock:
        for number in range(20):
            assert auth.login(f"X{number:04d}", "wrong-pass1").status_code == 200
        refused = auth.login(people["agent"])
        assert refused.status_code == 429 and "此网络地址登录失败次数过多" in refused.get_data(as_text=True)
        assert client.get("/").status_code == 302
        other = auth_from(app, "198.51.100.8")
        assert other.login(people["agent"]).location == "/"
        clock.shift(10 * 60 + 1)
        assert auth.login(people["agent"]).location == "/"
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "auth.login_address_limited"))
        assert (entry.object_type, entry.object_id, entry.ip) == ("address", "203.0.113.7", "203.0.113.7")
        assert json.loads(entry.detail) == {"employee_no": people["agent"]}


def test_attempts_refused_while_waiting_count_against_the_address(app, client, auth, people):
    with time_machine.travel(START, tick=False):
        for _ in range(20):
            auth.login(people["admin"], "wrong-pass1")  # five failures, then fifteen refusals while waiting
        refused = auth.login(people["agent"])
        assert refused.status_code == 429 and "此网络地址登录失败次数过多" in refused.get_data(as_text=True)
    assert audit_actions(app)[-1] == "auth.login_address_limited"


def test_sign_in_still_works_while_the_limit_store_is_down(app, client, auth, people, monkeypatch):
    def unreachable(*_args):
        raise redis.exceptions.ConnectionError("Redis is down")

    monkeypatch.setattr(limiter.limiter, "test", unreachable)
    monkeypatch.setattr(limiter.limiter, "hit", unreachable)
    assert "工号或密码错误" in auth.login(people["agent"], "wrong-pass1").get_data(as_text=True)
    assert auth.login(people["agent"]).location == "/"
    assert audit_actions(app) == ["auth.login_failed", "auth.login"]


def test_an_unknown_number_costs_a_password_check_like_a_known_one(auth, people, monkeypatch):
    checked = []
    real = User.check_password
    monkeypatch.setattr(User, "check_password", lambda user, password: checked.append(password) or real(user, password))
    assert "工号或密码错误" in auth.login("NOBODY", "guess-pass1").get_data(as_text=True)
    assert "工号或密码错误" in auth.login(people["agent"], "guess-pass2").get_data(as_text=True)
    assert checked == ["guess-pass1", "guess-pass2"]


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
