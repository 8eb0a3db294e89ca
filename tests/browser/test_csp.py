"""With the Content-Security-Policy on: every role's main pages load with no violation, and the scripts still work."""

import re

import pytest
from playwright.sync_api import expect

from lms.domain.scoring import model_answer
from tests.browser.helpers import attempt_id, give, paper_items
from tests.browser.test_signin import sign_in
from tests.content import ZH_TEXT

pytestmark = pytest.mark.browser


@pytest.fixture
def watched(browser, live_server):
    """A phone-sized page (the menu behind its button) and the console's CSP complaints and script errors."""
    context = browser.new_context(base_url=live_server, locale="zh-CN", viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    complaints: list[str] = []
    page.on("console", lambda m: complaints.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: complaints.append(f"script error: {error}"))
    yield page, complaints
    context.close()


def visit_the_menu(page, complaints: list[str]) -> None:
    """Open each page of the main navigation, and the navigation itself through its 菜单 button."""
    menu = page.locator("#main-menu")
    paths = menu.locator("a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert paths
    for path in paths:
        page.goto(path)
        expect(menu).to_be_hidden()  # menu.js ran: the navigation waits behind its button
        page.get_by_role("button", name="菜单").click()
        expect(menu).to_be_visible()
        assert not complaints, (path, complaints)


@pytest.mark.parametrize("role", ["agent", "new_hire", "supervisor", "hr", "admin"])
def test_each_roles_pages_load_without_a_policy_violation(watched, people, real_content, role):
    page, complaints = watched
    sign_in(page, people[role])
    expect(page.get_by_role("button", name="菜单")).to_be_visible()
    visit_the_menu(page, complaints)
    if role == "hr":  # the level report draws its charts as inline SVG
        page.goto("/hr/levels")
        expect(page.locator("main svg.chart").first).to_be_visible()
    assert not complaints


def test_a_lesson_and_an_exam_with_autosave_under_the_policy(app, watched, people, real_content):
    page, complaints = watched
    sign_in(page, people["agent"])
    page.goto("/courses")
    page.locator("main a[href^='/courses/']").first.click()
    page.goto(page.url.rstrip("/") + "/1")  # the first section: reader.js marks it read
    page.goto("/exams")
    page.get_by_role("link", name="《投诉处理》课后测验").click()
    page.get_by_role("button", name="开始考试").click()
    expect(page.locator("#countdown")).to_have_text(re.compile(r"^\d+:\d\d$"))  # exam.js counts down
    position, question = paper_items(app, attempt_id(page))[0]
    give(page, position, question, model_answer(question))
    expect(page.locator("#save-status")).to_contain_text("已保存")  # and saves by fetch (connect-src 'self')
    assert not complaints


def test_the_typing_drill_under_the_policy(watched, people, drill_content):
    page, complaints = watched
    sign_in(page, people["agent"])
    page.goto("/drills/typing/zh-test-01")
    page.locator("#typed").fill(ZH_TEXT[:12])
    expect(page.locator("#live-accuracy")).not_to_have_text("—")  # typing.js measures as one types
    assert not complaints
