"""In a real browser at 390 and 1366 px: a Moodle XML bank uploaded, a question with HTML formatting previewed,
the bank made into an exam, and the exam taken by an agent."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from lms.domain.scoring import model_answer
from tests.browser.helpers import attempt_id, give, paper_items
from tests.browser.test_phone import page_width
from tests.browser.test_signin import sign_in

pytestmark = pytest.mark.browser
SHOTS = "tests/browser/screenshots"
#: Six questions as Moodle exports them: HTML in CDATA, nested categories, and an essay (skipped and listed).
MOODLE_XML = (Path(__file__).parent / "returns.moodle.xml").read_bytes()


@pytest.mark.parametrize("width", [390, 1366])
def test_an_uploaded_bank_becomes_an_exam_an_agent_takes(browser, live_server, app, people, width):
    context = browser.new_context(base_url=live_server, locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, people["admin"])
    page.goto("/admin/questions/")
    page.get_by_label("题目文件").set_input_files({"name": "returns.xml", "mimeType": "text/xml", "buffer": MOODLE_XML})
    page.get_by_label("格式").select_option("moodle-xml")
    page.get_by_label("题库名").fill("moodle-cn")
    page.get_by_role("button", name="检查并导入").click()
    expect(page.locator('[data-test="question-import"]')).to_contain_text("导入完成：5 道题")

    page.goto("/banks/")
    banks = page.locator('[data-test="banks"]')
    expect(banks).to_contain_text("退换货 4")
    page.screenshot(path=f"{SHOTS}/banks-{width}.png", full_page=True)
    assert page_width(page) <= width
    banks.get_by_role("link", name="moodle-cn").click()
    page.get_by_role("link", name="q001").click()
    preview = page.locator('[data-test="preview"]')
    expect(preview).to_contain_text("顾客签收后几天内可以申请七天无理由退货？")
    expect(preview.locator("strong")).to_have_text("几天内")  # Moodle's HTML shown formatted, not as tags
    expect(preview).not_to_contain_text("<p>")
    expect(preview.get_by_role("radio")).to_have_count(3)
    expect(preview.get_by_role("radio").first).to_be_disabled()
    page.screenshot(path=f"{SHOTS}/bank-preview-{width}.png", full_page=True)
    assert page_width(page) <= width

    page.goto("/banks/")
    page.get_by_role("link", name="用题库组建考试").click()
    page.get_by_label("考试 id").fill(f"practice-returns-{width}")
    page.get_by_label("标题").fill("退换货练习")
    page.get_by_label("及格线（%）").fill("60")
    first = page.locator('[data-test="section-1"]')
    first.get_by_label("题库").select_option("moodle-cn")
    first.get_by_label("分类（选填）").fill("客服/退换货")
    first.get_by_label("题数").fill("3")
    page.get_by_role("button", name="检查并保存").click()
    expect(page.locator(".flash-success")).to_contain_text("已创建考试“退换货练习”")
    expect(page.locator('[data-test="versions"]')).to_contain_text("退换货练习")
    page.screenshot(path=f"{SHOTS}/exam-builder-{width}.png", full_page=True)
    assert page_width(page) <= width
    context.close()

    context = browser.new_context(base_url=live_server, locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, people["agent"])
    page.goto("/exams")
    page.get_by_role("link", name="退换货练习").click()
    page.get_by_role("button", name="开始考试").click()
    items = paper_items(app, attempt_id(page))
    assert len(items) == 3
    for position, question in items:
        give(page, position, question, model_answer(question))
    expect(page.locator("#save-status")).to_have_attribute("data-pending", "0", timeout=10_000)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="交卷").click()
    result = page.locator('[data-test="result"]')
    expect(result).to_contain_text("100.0%")
    expect(result).to_contain_text("通过")
    page.screenshot(path=f"{SHOTS}/built-exam-result-{width}.png", full_page=True)
    assert page_width(page) <= width
    context.close()
