"""In a real browser: a timed exam, answers kept across a reload, hand-in and the result."""

import re

from playwright.sync_api import expect

from lms.domain.scoring import model_answer
from tests.browser.helpers import attempt_id, give, paper_items
from tests.browser.test_signin import sign_in


def test_timed_exam_keeps_answers_across_a_reload_and_shows_the_result(app, page, people, real_content):
    sign_in(page, people["agent"])
    page.get_by_role("link", name="考试").first.click()
    page.get_by_role("link", name="《投诉处理》课后测验").click()
    page.get_by_role("button", name="开始考试").click()
    expect(page.locator("#countdown")).to_have_text(re.compile(r"^1[45]:\d\d$"))
    items = paper_items(app, attempt_id(page))
    half = items[: len(items) // 2]
    for position, question in half:
        give(page, position, question, model_answer(question))
    expect(page.locator("#save-status")).to_have_attribute("data-pending", "0", timeout=10_000)
    expect(page.locator("#save-status")).to_contain_text("已保存")

    page.reload()
    for position, question in half:
        field = page.locator(f'#question-{position} [name^="q{position}"]').first
        if question["type"] in ("single", "multiple", "truefalse"):
            expect(page.locator(f"#question-{position} input:checked").first).to_be_visible()
        else:
            expect(field).not_to_have_value("")

    for position, question in items[len(items) // 2 :]:
        give(page, position, question, model_answer(question))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="交卷").click()
    result = page.locator('[data-test="result"]')
    expect(result).to_contain_text("100.0%")
    expect(result).to_contain_text("通过")
    expect(page.get_by_role("heading", name="分类得分")).to_be_visible()
