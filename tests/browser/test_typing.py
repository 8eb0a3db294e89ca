"""In a real browser: Chinese typed through IME composition events, and a paste refused."""

import sqlalchemy as sa
from playwright.sync_api import expect

from lms.domain import typing
from lms.extensions import db
from lms.models import TypingResult
from tests.browser.test_signin import sign_in
from tests.content import ZH_TEXT


def compose(cdp, text: str) -> None:
    """Type ``text`` the way an IME does: a composition, then the committed text (fires compositionend)."""
    cdp.send("Input.imeSetComposition", {"text": text, "selectionStart": len(text), "selectionEnd": len(text)})
    cdp.send("Input.insertText", {"text": text})


def test_ime_input_is_measured_and_the_server_figures_match_the_function(app, page, people, drill_content):
    sign_in(page, people["agent"])
    page.goto("/drills/typing/zh-test-01")
    page.locator("#typed").click()
    cdp = page.context.new_cdp_session(page)
    chunks = [ZH_TEXT[i : i + 2] for i in range(0, 16, 2)] + ["错"]
    for chunk in chunks:
        compose(cdp, chunk)
        page.wait_for_timeout(650)  # under 200 字/分钟: a fast human pace, below the ceiling
    expect(page.locator("#typed")).to_have_value("".join(chunks))
    expect(page.locator("#live-accuracy")).not_to_have_text("—")
    expect(page.locator("#typing-done")).to_be_enabled()
    page.get_by_role("button", name="完成并提交").click()
    expect(page.locator('[data-test="typing-result"]')).to_be_visible()
    with app.app_context():
        row = db.session.scalar(sa.select(TypingResult))
        expected = typing.score(ZH_TEXT, "".join(chunks), row.seconds, "zh")
        assert row.refused is None and row.typed == "".join(chunks)
        assert (row.gross, row.net, row.accuracy) == (expected.gross, expected.net, expected.accuracy)
        assert abs(row.seconds - row.client_seconds) < 2


def test_a_paste_is_refused(page, people, drill_content):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, people["agent"])
    page.goto("/drills/typing/zh-test-01")
    page.evaluate("text => navigator.clipboard.writeText(text)", ZH_TEXT)
    page.locator("#typed").click()
    page.keyboard.press("Control+V")
    expect(page.locator("#typing-warning")).to_have_text("不能粘贴或拖入文字，请自己输入。")
    expect(page.locator("#typed")).to_have_value("")
