"""In a real browser: an agent hands in a promotion exam with a scenario answer, the supervisor grades it from the
queue, and the agent's level and certificate appear only then."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import answer_all
from tests.browser.test_signin import sign_in
from tests.web.test_grading import ready

pytestmark = pytest.mark.browser


def test_a_grader_grades_from_the_queue_and_the_level_follows(app, page, people, promotion_content):
    ready(app, people["agent"])
    sign_in(page, people["agent"])
    page.get_by_role("link", name="考试", exact=True).click()
    page.get_by_role("link", name="初级客服晋级考试").click()
    page.get_by_role("button", name="开始考试").click()
    answer_all(page, app)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="交卷").click()
    result = page.locator('[data-test="result"]')
    expect(result).to_contain_text("待评分")
    expect(result).not_to_contain_text("%")
    page.get_by_role("link", name="查看我的等级").click()
    expect(page.locator('[data-test="standing"]')).to_contain_text("晋级考试待评分")
    expect(page.locator('[data-test="standing"]')).to_contain_text("当前等级：尚未定级")
    page.get_by_role("button", name="退出").click()

    sign_in(page, people["supervisor"])
    figure = page.locator('[data-test="figures"] [data-test="grading"]')
    expect(figure).to_contain_text("1待评分答卷")
    figure.get_by_role("link").click()
    queue = page.locator('[data-test="queue"]')
    expect(queue).to_contain_text("李客服")
    queue.get_by_role("link", name="评分").click()
    answer = page.locator("section.grading")
    expect(answer).to_contain_text("客户抱怨久等，你怎么回答？")
    expect(answer).to_contain_text("✓ 道歉")
    expect(answer).to_contain_text("建议分：100%")
    answer.get_by_label("得分（0–100%）").fill("120")
    page.get_by_role("button", name="完成评分").click()
    expect(page.locator(".flash-danger")).to_contain_text("评分没有保存")
    expect(page.locator("section.grading .error")).to_contain_text("得分应在 0 到 100 之间")
    page.locator("section.grading").get_by_label("得分（0–100%）").fill("80")
    page.locator("section.grading").get_by_label("评语（选填，学员能看到）").fill("道歉及时，可以再说明查询需要多久。")
    page.get_by_role("button", name="完成评分").click()
    expect(page.locator(".flash-success").first).to_contain_text("已完成 李客服 的评分：总分 97.5%，通过。")
    expect(page.locator(".flash-success").nth(1)).to_contain_text("李客服 已取得初级客服，证书编号")
    expect(page.locator('[data-test="queue-empty"]')).to_be_visible()
    page.get_by_role("button", name="退出").click()

    sign_in(page, people["agent"])
    page.get_by_role("link", name="我的等级").click()
    expect(page.locator('[data-test="standing"]')).to_contain_text("当前等级：初级客服")
    expect(page.locator('[data-test="certificates"]')).to_contain_text("初级客服")
    page.get_by_role("link", name="考试", exact=True).click()
    page.get_by_role("link", name="初级客服晋级考试").click()
    page.get_by_role("link", name="查看").first.click()
    expect(page.locator('[data-test="result"]')).to_contain_text("97.5%")
    expect(page.locator('[data-test="comments"]')).to_contain_text("道歉及时，可以再说明查询需要多久。")
