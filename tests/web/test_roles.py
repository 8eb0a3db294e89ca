"""Every view declares who may open it, and each role is refused what is not theirs."""

import re

import pytest

from lms.models import Role

PUBLIC = {
    "static",
    "favicon",
    "manifest",
    "service_worker",
    "auth.login",
    "main.set_language",
    "verify.certificate",
    "api.openapi",
}
#: Views signed by an API token instead of a session (their refusals are tested in tests/api).
TOKEN = {"api.certifications", "api.verification", "api.certifications_of", "api.transcript", "api.import_users"}
PAGES = {
    "/": set(Role),
    "/password": set(Role),
    "/logout": set(Role),  # a page that asks to confirm; signing out itself is a POST
    "/notifications": set(Role),
    "/team": {Role.SUPERVISOR},
    "/courses": {Role.NEW_HIRE, Role.AGENT, Role.SUPERVISOR},
    "/my/assignments": {Role.NEW_HIRE, Role.AGENT},
    "/exams": {Role.NEW_HIRE, Role.AGENT},
    "/drills": {Role.NEW_HIRE, Role.AGENT},
    "/drills/replies": {Role.NEW_HIRE, Role.AGENT},
    "/review": {Role.NEW_HIRE, Role.AGENT},
    "/level": {Role.NEW_HIRE, Role.AGENT},
    "/hr/certificates": {Role.HR, Role.ADMIN},
    "/hr/levels": {Role.HR},
    "/hr/training": {Role.HR},
    "/hr/training/teams": {Role.HR},
    "/supervisor/": {Role.SUPERVISOR},
    "/supervisor/drills/assignments": {Role.SUPERVISOR},
    "/supervisor/progress": {Role.SUPERVISOR},
    "/knowledge-map": {Role.SUPERVISOR, Role.HR},
    "/supervisor/assign": {Role.SUPERVISOR},
    "/supervisor/ratings": {Role.SUPERVISOR},
    "/supervisor/exams": {Role.SUPERVISOR},
    "/supervisor/sittings": {Role.SUPERVISOR},
    "/supervisor/drills": {Role.SUPERVISOR},
    "/grading/": {Role.SUPERVISOR},  # and designated graders of any role (tests/web/test_grading.py)
    "/admin/questions/": {Role.ADMIN},
    "/banks/": {Role.ADMIN},  # and designated authors of any role (tests/web/test_banks.py)
    "/banks/exams/new": {Role.ADMIN},
    "/people": {Role.HR},
    "/admin/users": {Role.ADMIN},
    "/admin/users/new": {Role.ADMIN},
    "/admin/teams": {Role.ADMIN},
    "/admin/teams/new": {Role.ADMIN},
    "/admin/import": {Role.ADMIN},
    "/admin/audit": {Role.ADMIN, Role.HR},
    "/hr/api-tokens": {Role.HR},
}


def test_every_view_declares_its_roles(app):
    undeclared = [endpoint for endpoint, view in app.view_functions.items() if not hasattr(view, "allowed_roles")]
    assert sorted(undeclared) == ["static"]
    public = {
        endpoint for endpoint, view in app.view_functions.items() if getattr(view, "allowed_roles", None) == "public"
    }
    assert public | {"static"} == PUBLIC
    token = {
        endpoint for endpoint, view in app.view_functions.items() if getattr(view, "allowed_roles", None) == "api_token"
    }
    assert token == TOKEN


def test_every_page_route_is_in_the_table(app):
    """A new GET page must be added to PAGES, so its refusals are tested below."""
    listed = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint not in PUBLIC | TOKEN
    }
    assert listed == set(PAGES)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_opens_its_pages_and_is_refused_the_rest(client, auth, people, role):
    auth.login(people[role.value])
    for path, allowed in PAGES.items():
        status = client.get(path, follow_redirects=True).status_code  # a supervisor's home redirects to the overview
        assert status == (200 if role in allowed else 403), (role, path, status)


def test_refusal_page_is_a_readable_403(client, auth, people):
    auth.login(people["agent"])
    response = client.get("/admin/users")
    assert response.status_code == 403 and "没有权限" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["agent", "supervisor", "hr"])
def test_admin_posts_are_refused_to_other_roles(client, auth, people, role):
    auth.login(people[role])
    assert auth.post("/admin/users/1/active").status_code == 403
    assert auth.post("/admin/users/1/password").status_code == 403
    assert auth.post("/admin/users/new", {"employee_no": "X1", "name": "x"}).status_code == 403


def test_navigation_matches_the_role(client, auth, people):
    auth.login(people["supervisor"])
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "我的团队" in page and "学习进度" in page and "用户管理" not in page and "人员名录" not in page
    menu = re.findall(r'<a href="(/[^"]*)"[^>]*>([^<]+)</a>', page[page.index('class="menu"') : page.index("</nav>")])
    assert menu[0] == ("/supervisor/", "团队概览")  # a supervisor's home is the overview, so no separate 首页


def test_missing_page_is_a_readable_404(client, auth, people):
    auth.login(people["agent"])
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "页面不存在" in response.get_data(as_text=True)
