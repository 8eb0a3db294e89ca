"""At 390 px: the navigation sits behind 菜单, nothing widens the page, the exam list keeps 我的成绩 in view."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_signin import sign_in

pytestmark = pytest.mark.browser


def page_width(page) -> int:
    """How wide the document is: wider than the window means the page scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth")


def test_on_a_phone_the_menu_opens_and_no_page_scrolls_sideways(browser, live_server, app, people, real_content):
    context = browser.new_context(base_url=live_server, locale="zh-CN", viewport={"width": 390, "height": 800})
    phone = context.new_page()
    sign_in(phone, people["agent"])
    menu = phone.get_by_role("navigation", name="主导航")
    expect(menu).to_be_hidden()
    phone.get_by_role("button", name="菜单").click()
    expect(menu).to_be_visible()
    menu.get_by_role("link", name="考试").click()
    header = phone.get_by_role("columnheader", name="我的成绩")
    box = header.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    for path in ("/", "/exams", "/courses", "/my/assignments", "/level", "/drills"):
        phone.goto(path)
        assert page_width(phone) <= 390, path
    context.close()


def test_on_a_phone_the_user_form_keeps_its_checkbox_beside_its_label(browser, live_server, app, people):
    """The 评分员 checkbox sits on its label's line (not alone under it), the e-mail box is styled as the others."""
    context = browser.new_context(base_url=live_server, locale="zh-CN", viewport={"width": 390, "height": 800})
    phone = context.new_page()
    sign_in(phone, people["admin"])
    phone.goto("/admin/users")
    phone.get_by_role("link", name="编辑").first.click()
    box = phone.get_by_label("指定为评分员：可给所有学员的晋级考试情景题评分").bounding_box()
    label = phone.locator("label", has_text="指定为评分员").bounding_box()
    assert box["x"] < label["x"] and box["y"] < label["y"] + label["height"], (box, label)
    email, name = phone.get_by_label("邮箱").bounding_box(), phone.get_by_label("姓名").bounding_box()
    assert email["height"] == pytest.approx(name["height"], abs=1), (email, name)
    assert page_width(phone) <= 390
    context.close()
