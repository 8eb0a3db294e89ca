"""Security headers on every kind of response, no caching of shown secrets, redirects that stay on this site."""

import re
from urllib.parse import unquote

import pytest

from lms import create_app
from lms.headers import CONTENT_SECURITY_POLICY
from lms.security import local_path
from tests.web.test_admin import user_named

#: A page, an error page, a static file, the API and a download-like answer; signed out.
ANSWERS = ["/login", "/no-such-page", "/static/css/app.css", "/static/js/menu.js", "/api/v1/no-such", "/verify"]


@pytest.mark.parametrize("path", ANSWERS)
def test_every_answer_carries_the_security_headers(client, path):
    with client.get(path) as answer:  # a static file stays open until its answer is closed
        headers = answer.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # cookies not HTTPS-only: the site may be plain HTTP


def test_the_policy_allows_nothing_inline_and_no_framing():
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


def test_hsts_only_when_the_cookies_are_https_only(tmp_path):
    app = create_app(
        {"TESTING": True, "SESSION_COOKIE_SECURE": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x"}
    )
    with app.test_client().get("/static/css/app.css") as answer:
        headers = answer.headers
    assert headers["Strict-Transport-Security"].startswith("max-age=63072000")


def test_a_logged_in_page_carries_the_headers_too(auth, people):
    auth.login(people["agent"])
    assert auth.client.get("/").headers["X-Frame-Options"] == "DENY"


def test_no_template_has_inline_script_handlers_or_styles():
    """The policy forbids them: a new one would silently stop working in the browser."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    inline = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=|\sstyle\s*=|javascript:", re.IGNORECASE)
    served = [p for p in templates.rglob("*.html") if not p.name.endswith("_pdf.html") and p.name != "certificate.html"]
    offenders = [f"{p.relative_to(templates)}: {m.group(0)}" for p in served for m in inline.finditer(p.read_text())]
    assert not offenders


def test_pages_that_show_a_temporary_password_are_not_stored(app, auth, people):
    auth.login(people["admin"])
    agent = user_named(app, people["agent"])
    assert auth.post(f"/admin/users/{agent.id}/password").headers["Cache-Control"] == "no-store"
    details = {"employee_no": "CS0100", "name": "赵一鸣", "role": "agent", "hire_date": "2025-06-01"}
    created = auth.post("/admin/users/new", {**details, "team_id": str(agent.team_id), "locale": "zh_CN"})
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"


def assert_clean(path: str) -> None:
    """``path`` is a path of this site with nothing a browser could read as another host."""
    assert path.startswith("/") and not path.startswith("//"), path
    assert not re.search(r"[\x00-\x1f\x7f\\]", path), path


TRICKY_TARGETS = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\x00/evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "//evil.example",
    "https://evil.example/",
    " //evil.example",
    "javascript:alert(1)",
    "/x\x7f/\x01/evil.example",
]


@pytest.mark.parametrize("target", TRICKY_TARGETS)
def test_language_switch_never_redirects_off_site(client, target):
    from tests.conftest import csrf_token

    answer = client.post("/language", data={"locale": "en", "next": target, "csrf_token": csrf_token(client)})
    if "\x00" in target:  # refused before the view (lms.params.refuse_nul): no redirect at all
        assert answer.status_code == 400 and "Location" not in answer.headers
        return
    assert answer.status_code == 302
    assert_clean(unquote(answer.headers["Location"]))


@pytest.mark.parametrize("target", TRICKY_TARGETS)
def test_local_path_gives_a_clean_path_of_this_site_or_home(app, target):
    """No control character and no backslash come back, whatever quoting the redirect adds later."""
    with app.test_request_context():
        assert_clean(local_path(target))


def test_language_switch_keeps_a_path_of_this_site(client):
    from tests.conftest import csrf_token

    answer = client.post(
        "/language", data={"locale": "en", "next": "/courses?page=2", "csrf_token": csrf_token(client)}
    )
    assert answer.headers["Location"] == "/courses?page=2"


@pytest.mark.parametrize(
    ("referrer", "expected"),
    [
        ("https://evil.example/admin/users", "/admin/users"),
        ("http://localhost.evil.example/x", "/admin/users"),
        ("javascript:alert(1)", "/admin/users"),
        ("http://localhost/admin/users?q=%E6%9D%8E&page=2", "/admin/users?q=%E6%9D%8E&page=2"),
    ],
)
def test_activation_toggle_goes_back_only_to_a_page_of_this_site(app, auth, people, referrer, expected):
    auth.login(people["admin"])
    agent = user_named(app, people["agent"])
    answer = auth.post(f"/admin/users/{agent.id}/active", headers={"Referer": referrer})
    assert answer.headers["Location"] == expected
