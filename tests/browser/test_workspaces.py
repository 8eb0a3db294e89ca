"""In a real browser at 390 and 1366 px: the supervisor's overview and its lists, HR's records and a transcript."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_phone import page_width
from tests.browser.test_signin import sign_in
from tests.web.test_levels import make_ready_for_junior

pytestmark = pytest.mark.browser
SHOTS = "tests/browser/screenshots"


@pytest.mark.parametrize("width", [390, 1366])
def test_the_supervisor_overview_and_hr_records(browser, live_server, app, people, real_content, runner, width):
    make_ready_for_junior(app, people["agent"])
    runner.invoke(
        args=["issue-certificate", "--employee", people["agent"], "--level", "junior", "--override", "--reason", "补录"]
    )
    context = browser.new_context(base_url=live_server, locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()

    sign_in(page, people["supervisor"])
    expect(page.get_by_role("heading", level=1)).to_have_text("团队概览")  # the supervisor's home
    figures = page.locator('[data-test="figures"]')
    expect(figures).to_contain_text("尚未可上岗")
    page.screenshot(path=f"{SHOTS}/overview-{width}.png", full_page=True)
    assert page_width(page) <= width
    figures.get_by_role("link", name="尚未可上岗").click()
    expect(page.locator('[data-test="list"]')).to_contain_text("王新人")
    expect(page.locator('[data-test="list"]')).not_to_contain_text("李客服")
    page.get_by_role("button", name="退出").click()

    sign_in(page, people["hr"])
    if width < 640:
        page.get_by_role("button", name="菜单").click()
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="证书管理").click()
    search = page.locator('[data-test="certificate-search"]')
    number = page.locator("a.number").first.inner_text()
    search.get_by_role("searchbox").fill(number[3:9].lower())  # a part of the number, in lower case
    search.get_by_role("button", name="搜索").click()
    expect(page.locator("a.number")).to_have_count(1)
    page.screenshot(path=f"{SHOTS}/hr-records-{width}.png", full_page=True)
    assert page_width(page) <= width
    page.get_by_role("link", name="李客服").click()
    expect(page.locator("h1")).to_contain_text("李客服")
    expect(page.locator("body")).to_contain_text("初级客服")
    page.screenshot(path=f"{SHOTS}/transcript-{width}.png", full_page=True)
    assert page_width(page) <= width
    context.close()
