"""axe-core on every role's pages, at 390 and 1366 px, in Chinese and in English: no serious or critical violation.

Each role walks its navigation and the pages behind it (the reader, a paper, a result, both drills, the
supervisor's and HR's records, the admin pages, /verify). Each page is loaded once per language: axe runs at
one size, the window is resized, axe runs again; then the language button is pressed and the same is done in
the other language. A failure lists every violation with its rule, elements, page, size and language.
"""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from lms.extensions import db
from lms.models import Certificate, User
from tests.browser.axe import at_each_size, required_axe_source
from tests.browser.test_signin import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def axe():
    return required_axe_source()


@pytest.fixture
def checker(browser, live_server, axe):
    """A laptop-sized page and ``check(path)``, which checks the page at ``path`` (or the current one) both ways."""
    context = browser.new_context(base_url=live_server, locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.add_init_script(axe)  # in every document, ready when the page is checked
    page = context.new_page()
    page.set_default_timeout(10_000)
    found: list[str] = []
    checked: list[str] = []

    def check(path: str | None = None) -> None:
        if path is not None:
            page.goto(path)
        found.extend(at_each_size(page, axe))
        language = page.locator("html").get_attribute("lang")
        page.locator("[data-test^=lang-]").click()  # the other language, on the same page
        expect(page.locator("html")).not_to_have_attribute("lang", language)
        found.extend(at_each_size(page, axe))
        checked.append(page.url)

    yield page, check
    context.close()
    print(f"\naxe: {len(checked)} pages x 2 sizes x 2 languages")
    assert not found, "\n".join(found)


def menu_paths(page) -> list[str]:
    """The addresses of the main navigation."""
    return page.locator("#main-menu a").evaluate_all("links => links.map(link => link.getAttribute('href'))")


def user_id(app, employee_no: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.employee_no == employee_no))


def sign_out(page) -> None:
    """Sign out, and turn the sign-in page back to Chinese (the tests sign in with its Chinese labels)."""
    page.locator("form[action='/logout'] button").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    if page.locator("html").get_attribute("lang") != "zh-CN":
        page.locator("[data-test=lang-zh_CN]").click()


@pytest.fixture
def certified(app, people, exam_content, drill_content, runner):
    """The test courses, exams and drills (each kind of content, imported in a second), and a junior
    certificate for the agent; its number."""
    result = runner.invoke(
        args=["issue-certificate", "--employee", people["agent"], "--level", "junior", "--override", "--reason", "补录"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        return db.session.scalar(sa.select(Certificate.number))


def test_the_learners_pages(checker, people, certified):
    """Signed out, the agent (every kind of page a learner sees), the new hire."""
    page, check = checker
    for path in ("/login", f"/verify/{certified}", "/verify/NO-SUCH-1", "/login"):  # and back in Chinese
        check(path)
    sign_in(page, people["agent"])
    for path in [*menu_paths(page), "/notifications", "/password"]:
        check(path)
    page.goto("/courses")
    page.locator("main h2 a[href^='/courses/']").first.click()
    check()  # a course's overview
    check(page.url.rstrip("/") + "/1")  # the reader
    page.goto("/exams")
    page.locator("main a[href^='/exams/']").first.click()
    check()  # an exam's overview
    page.locator("form button.primary").first.click()
    expect(page.locator("#exam-bar")).to_be_visible()
    check()  # the paper
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#finish").click()
    expect(page.locator('[data-test="result"]')).to_be_visible()
    check()  # its result
    page.goto("/drills")
    page.locator("a[href^='/drills/typing/']").first.click()
    check()  # the typing drill
    page.locator("#typed").press_sequentially("您好")
    expect(page.locator("#typing-done")).to_be_enabled()
    page.locator("#typing-done").click()
    check()  # its result
    page.goto("/drills/replies")
    check()
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator('[data-test="waiting"]')).to_be_visible()
    check()  # a quick-reply session
    sign_out(page)
    sign_in(page, people["new_hire"])
    check("/")


def test_the_staffs_pages(app, checker, people, certified):
    """The supervisor, HR and the admin: each one's navigation and the records behind it."""
    page, check = checker
    agent = user_id(app, people["agent"])
    sign_in(page, people["supervisor"])
    for path in [*menu_paths(page), f"/team/people/{agent}", f"/team/people/{agent}/rating", "/supervisor/progress"]:
        check(path)
    sign_out(page)
    sign_in(page, people["hr"])
    for path in dict.fromkeys([*menu_paths(page), "/hr/training/teams", f"/hr/people/{agent}"]):
        check(path)
    check(f"/hr/certificates/{certified}/revoke")
    sign_out(page)
    sign_in(page, people["admin"])
    for path in [*menu_paths(page), "/admin/users/new", "/admin/teams/new", "/banks/exams/new"]:
        check(path)
