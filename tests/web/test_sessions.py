"""Sessions that end (sign-out, new password, reset, deactivation, timeouts) and passwords that hold."""

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine
from argon2 import PasswordHasher
from flask_login.utils import encode_cookie
from werkzeug.security import generate_password_hash

from lms import timeutil
from lms.extensions import db
from lms.models import AuditLog, User
from lms.models.people import hash_password
from lms.services import demo, passwords
from tests.conftest import PASSWORD, Auth, csrf_token


def user_of(number: str) -> User:
    return db.session.scalar(sa.select(User).where(User.employee_no == number))


def sign_in(client, number: str, password: str = PASSWORD, remember: bool = False):
    data = {"employee_no": number, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/login", data={**data, "remember": "y"} if remember else data)


def copy_cookies(source, target, *names: str) -> None:
    """Give ``target`` the cookies ``names`` of ``source``, as if stolen or kept from before."""
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, name
        target.set_cookie(name, cookie.value)


def opens_level(client) -> bool:
    return client.get("/level").status_code == 200


# --- sessions end at sign-out, password change, admin reset and deactivation ---


def test_remember_me_is_a_session_cookie_that_outlives_the_browser_but_not_logout(app, client, people):
    sign_in(client, people["agent"], remember=True)
    assert client.get_cookie("remember_token") is None  # no second cookie that could outlive the timeouts
    cookie = client.get_cookie("session")
    assert cookie.expires is not None and cookie.expires <= timeutil.now() + timedelta(hours=12, minutes=1)
    other = app.test_client()
    copy_cookies(client, other, "session")
    assert opens_level(other)  # the cookie works from another browser while the user is signed in
    Auth(client).post("/logout")
    assert not opens_level(other)


def test_remember_cookie_of_flask_login_opens_nothing(app, client, people):
    """A remember_token issued before sessions had a version (id without it) is refused."""
    with app.app_context():
        value = encode_cookie(str(user_of(people["agent"]).id))
    client.set_cookie("remember_token", value)
    assert not opens_level(client)


def test_old_session_cookie_dies_at_logout(app, client, auth, people):
    auth.login(people["agent"])
    kept = app.test_client()
    copy_cookies(client, kept, "session")
    assert opens_level(kept)
    auth.post("/logout")
    assert not opens_level(kept)


def test_password_change_ends_other_sessions_but_not_this_one(app, client, auth, people):
    auth.login(people["agent"])
    elsewhere = app.test_client()
    sign_in(elsewhere, people["agent"], remember=True)
    kept = app.test_client()
    copy_cookies(elsewhere, kept, "session")
    response = auth.post("/password", {"current": PASSWORD, "new": "Lantern-47x", "repeat": "Lantern-47x"})
    assert response.status_code == 302
    assert opens_level(client)
    assert not opens_level(elsewhere) and not opens_level(kept)


def test_old_cookies_stay_dead_after_reset_and_new_password(app, client, people):
    sign_in(client, people["agent"], remember=True)
    kept = app.test_client()
    copy_cookies(client, kept, "session")
    with app.app_context():
        admin, agent = user_of(people["admin"]), user_of(people["agent"])
        from lms.services import users

        temporary = users.reset_password(admin, agent)
    assert not opens_level(client) and not opens_level(kept)
    fresh = app.test_client()
    assert sign_in(fresh, people["agent"], temporary).location == "/password"
    data = {"current": temporary, "new": "Lantern-47x", "repeat": "Lantern-47x"}
    assert Auth(fresh).post("/password", data).status_code == 302
    assert opens_level(fresh)
    assert not opens_level(kept)


def test_deactivation_ends_the_session(app, client, auth, people):
    auth.login(people["admin"])
    agent = app.test_client()
    sign_in(agent, people["agent"], remember=True)
    with app.app_context():
        agent_id = user_of(people["agent"]).id
    assert auth.post(f"/admin/users/{agent_id}/active").status_code == 302
    assert not opens_level(agent)
    auth.post(f"/admin/users/{agent_id}/active")  # active again: the old cookies still open nothing
    assert not opens_level(agent)


# --- timeouts: 30 minutes idle (LMS_IDLE_MINUTES), 12 hours in all ---


def test_idle_session_ends_after_the_idle_minutes(app, client, auth, people):
    auth.login(people["agent"])
    start = timeutil.now()
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert opens_level(client)
    with time_machine.travel(start + timedelta(minutes=29 + 32), tick=False):  # the idle minutes, and at most one more
        response = client.get("/level")
        assert response.status_code == 302 and response.location.startswith("/login")
        page = client.get(response.location).get_data(as_text=True)
        assert "30 分钟没有操作" in page


def test_the_last_seen_time_is_rewritten_once_a_minute_not_on_every_request(app, client, auth, people):
    """Each rewrite re-signs and re-sends the cookie: an exam-taker's saves would each carry a new one."""
    auth.login(people["agent"])
    start = timeutil.now()
    client.get("/level")  # the first page after sign-in makes the session's form token
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert "Set-Cookie" not in client.get("/level").headers
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert "Set-Cookie" in client.get("/level").headers
    # The idle time counts from the rewrite at 61 s: a request 30 minutes after it still finds the session.
    with time_machine.travel(start + timedelta(seconds=61, minutes=30), tick=False):
        assert opens_level(client)


def test_idle_minutes_is_a_setting(app, client, auth, people, monkeypatch):
    monkeypatch.setitem(app.config, "IDLE_MINUTES", 5)
    auth.login(people["agent"])
    with time_machine.travel(timeutil.now() + timedelta(minutes=7), tick=False):
        assert not opens_level(client)


def test_idle_timeout_also_ends_a_remembered_session(app, client, people):
    sign_in(client, people["agent"], remember=True)
    kept = app.test_client()
    copy_cookies(client, kept, "session")
    with time_machine.travel(timeutil.now() + timedelta(minutes=32), tick=False):
        assert not opens_level(client)
        assert not opens_level(kept)


def test_busy_session_still_ends_after_twelve_hours(app, client, auth, people):
    auth.login(people["agent"])
    start = timeutil.now()
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert opens_level(client), minutes
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        response = client.get("/level")
        assert response.status_code == 302
        assert "连续登录 12 小时" in client.get(response.location).get_data(as_text=True)


# --- the CSRF token is a new one after sign-in ---


def test_csrf_token_of_the_sign_in_page_does_not_survive_sign_in(client, people):
    before = csrf_token(client)
    client.post("/login", data={"employee_no": people["agent"], "password": PASSWORD, "csrf_token": before})
    assert csrf_token(client, "/password") != before
    assert client.post("/logout", data={"csrf_token": before}).status_code == 400
    assert opens_level(client)


# --- passwords ---


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("aaaaaaa1", "至少需要 10 位"),
        ("password1", "至少需要 10 位"),
        ("aaaaaaaaa1", "重复的字符太多"),
        ("password12", "太常见"),
        ("Dragon2024!", "太常见"),
        ("qwertyuiop1", "太常见"),
        ("1q2w3e4r5t", "太常见"),
        ("t3agent-Name", "不能与姓名相同"),
        (PASSWORD + "X9", None),
    ],
)
def test_weak_passwords_are_refused(ctx, people, new, message):
    agent = user_of(people["agent"])
    agent.name = "t3agent-name"
    problem = passwords.weakness(new, agent)
    assert problem is None if message is None else message in (problem or "")


def test_employee_number_and_current_password_are_refused(ctx, people):
    agent = user_of(people["agent"])
    agent.employee_no = "CS20240117"
    assert passwords.weakness("cs20240117", agent) == "密码不能与工号相同。"
    agent.set_password("Lantern-47x")
    assert "临时密码" in (passwords.weakness("Lantern-47x", agent) or "")


def test_first_sign_in_cannot_keep_the_temporary_password(app, client, people):
    with app.app_context():
        temporary = passwords.issue_temporary(user_of(people["agent"]))
        db.session.commit()
    sign_in(client, people["agent"], temporary)
    page = Auth(client).post("/password", {"current": temporary, "new": temporary, "repeat": temporary})
    assert "不能与当前密码" in page.get_data(as_text=True)
    assert client.get("/").location == "/password"


#: Hashes made before: every one before argon2id, and argon2id with other settings.
OLD_HASHES = {
    "scrypt": lambda: generate_password_hash(PASSWORD, method="scrypt:32768:8:1"),
    "argon2id-other-settings": lambda: PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD),
}


@pytest.mark.parametrize("old", OLD_HASHES)
def test_hash_made_with_old_parameters_is_redone_at_sign_in(app, client, people, old):
    with app.app_context():
        user_of(people["agent"]).password_hash = OLD_HASHES[old]()
        db.session.commit()
    assert sign_in(client, people["agent"]).location == "/"
    with app.app_context():
        agent = user_of(people["agent"])
        assert agent.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$") and agent.check_password(PASSWORD)
        assert not agent.password_needs_rehash()
    assert opens_level(client)  # a rehash is not a new password: the session goes on


# --- the demo password on a production machine ---


def test_production_refuses_seed_demo(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 1 and "正式环境不能创建演示数据" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_production_refuses_sign_in_with_the_demo_password(app, client, people, monkeypatch):
    with app.app_context():
        user_of(people["agent"]).set_password(demo.PASSWORD)
        db.session.commit()
    assert sign_in(client, people["agent"], demo.PASSWORD).location == "/"  # development: the demo works
    Auth(client).post("/logout")
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    response = sign_in(client, people["agent"], demo.PASSWORD)
    assert response.status_code == 200 and "正式环境不能使用演示密码" in response.get_data(as_text=True)
    assert not opens_level(client)
    with app.app_context():
        detail = db.session.scalar(sa.select(AuditLog.detail).order_by(AuditLog.id.desc()).limit(1))
        assert json.loads(detail) == {"reason": "demo_password"}


@pytest.mark.parametrize(
    ("stored", "password", "matches"),
    [
        ("new", PASSWORD, True),
        ("new", PASSWORD + "x", False),
        ("scrypt", PASSWORD, True),
        ("scrypt", "", False),
        ("!", PASSWORD, False),  # an imported user without a password yet (passwords.UNUSABLE)
        ("$argon2id$v=19$broken", PASSWORD, False),
    ],
)
def test_a_password_is_checked_against_any_hash_the_database_may_hold(stored, password, matches):
    hashes = {"new": hash_password(PASSWORD), "scrypt": generate_password_hash(PASSWORD, method="scrypt:32768:8:1")}
    assert User(password_hash=hashes.get(stored, stored)).check_password(password) is matches
