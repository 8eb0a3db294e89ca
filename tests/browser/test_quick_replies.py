"""In a real browser: a quick-reply drill by shortcut, with the session's figures at the end."""

from playwright.sync_api import expect

from tests.browser.test_signin import sign_in

ANSWERS = {"什么时候发货啊": "/fh", "今天能发吗": "/fh", "用的什么快递": "/kd"}


def test_a_quick_reply_drill_by_shortcut(page, people, drill_content):
    sign_in(page, people["agent"])
    page.get_by_role("link", name="练习", exact=True).click()
    page.get_by_role("link", name="开始快捷话术练习").click()
    page.get_by_role("button", name="开始练习").click()
    for _ in range(3):
        message = page.locator('[data-test="waiting"]').inner_text()
        page.get_by_label("回复").fill(ANSWERS[message])
        page.get_by_role("button", name="发送").click()
    figures = page.locator('[data-test="reply-figures"]')
    expect(figures).to_contain_text("100%")
    expect(figures).to_contain_text("选对话术")
