"""In a real browser: a supervisor assigns a module, the new hire reads it on a phone and rates it,
and the supervisor sees it done and rated."""

import re

from playwright.sync_api import expect

from lms import timeutil
from tests.browser.helpers import answer_all
from tests.browser.test_signin import sign_in
from tests.factories import backdate_openings

PHONE = {"width": 390, "height": 740}


def test_assign_read_on_a_phone_take_the_quiz_rate_and_supervisor_sees_it(
    app, browser, live_server, page, people, real_content
):
    sign_in(page, people["supervisor"])
    page.get_by_role("link", name="布置学习").first.click()
    page.get_by_label("学习内容").select_option("module:onboarding")
    page.get_by_label("选择整个团队").check()
    page.get_by_label("截止日期").fill(timeutil.today().isoformat())
    page.get_by_role("button", name="布置").click()
    expect(page.get_by_text("已布置：新增 2 项")).to_be_visible()

    phone = browser.new_context(base_url=live_server, viewport=PHONE, locale="zh-CN")
    learner = phone.new_page()
    sign_in(learner, people["new_hire"])
    expect(learner.locator('[data-test="onboarding"]')).to_contain_text("尚未可上岗")
    today = learner.locator('[data-test="today"]')
    expect(today).to_contain_text("新员工上岗须知")
    today.get_by_role("link", name="新员工上岗须知").click()
    learner.get_by_role("link", name="开始学习").click()

    for number in range(1, 6):
        expect(learner.get_by_text(re.compile(rf"第 {number} / 5 节"))).to_be_visible()
        backdate_openings(app)  # the new hire took the section's reading time
        button = learner.locator("[data-read-button]")
        learner.locator("#section-end").scroll_into_view_if_needed()
        expect(button).to_be_enabled()
        button.click()

    expect(learner.get_by_text("您已读完全部小节")).to_be_visible()
    learner.get_by_role("button", name="开始考试").click()
    answer_all(learner, app)
    learner.once("dialog", lambda dialog: dialog.accept())
    learner.get_by_role("button", name="交卷").click()
    expect(learner.locator('[data-test="result"]')).to_contain_text("通过")
    learner.get_by_role("link", name="评价这门课").click()
    for question in ("课程内容贴近我的实际工作", "学到的方法对我的工作有帮助", "课程讲解清楚、容易理解"):
        learner.get_by_role("group", name=question).get_by_label("非常同意").check()
    learner.get_by_label("其他意见").fill("例子很实用。")
    learner.get_by_role("button", name="提交评价").click()
    expect(learner.get_by_text("感谢您的评价！")).to_be_visible()
    learner.get_by_role("button", name="菜单").click()  # on a phone the navigation sits behind 菜单
    learner.get_by_role("link", name="首页").click()
    expect(learner.locator('[data-test="onboarding"]')).to_contain_text("已完成 1 / 4 门")
    phone.close()

    page.goto("/supervisor/progress")
    row = page.get_by_role("row").filter(has_text="王新人")
    expect(row.locator("td.cell-done")).to_have_text("已完成")
    page.goto("/supervisor/ratings")
    rated = page.get_by_role("row").filter(has_text="新员工上岗须知")
    expect(rated).to_contain_text("100.0%")


def _in_view(page) -> bool:
    """Whether the end of the section is inside the window now."""
    return page.evaluate(
        "() => { const r = document.getElementById('section-end').getBoundingClientRect();"
        " return r.top < window.innerHeight && r.bottom > 0; }"
    )


def test_the_read_button_waits_for_the_end_of_a_long_section(browser, live_server, people, real_content):
    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    sign_in(page, people["agent"])
    page.goto("/courses/etiquette/1")
    button = page.locator("[data-read-button]")
    assert not _in_view(page)
    expect(button).to_be_disabled()
    page.locator("#section-end").scroll_into_view_if_needed()
    expect(button).to_be_enabled()
    context.close()
