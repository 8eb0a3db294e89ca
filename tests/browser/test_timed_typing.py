"""In a real browser, phone and desktop: a timed test typed through IME composition, counted down and handed in."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from lms.domain import typing
from lms.extensions import db
from lms.models import TypingResult
from lms.timeutil import utcnow
from tests.browser.test_signin import sign_in
from tests.browser.test_typing import compose

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1366])
def test_a_timed_test_counts_down_hands_itself_in_and_the_server_figures_match(
    app, page, people, drill_content, tmp_path, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.clock.install()  # the page's clock: fast-forwarded to the end of the minute below
    sign_in(page, people["agent"])
    page.goto("/drills")
    page.locator('[data-test="timed-links"]').get_by_role("link", name="中文 1 分钟").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("限时打字测试（1 分钟）")
    expect(page.locator('[data-test="rule"]')).to_contain_text("1 分钟后自动提交")
    expect(page.locator("#live-time")).to_have_text("1:00")
    target = page.locator("#target").text_content()
    expect(page.locator("#window-next")).to_have_text(target[0])
    page.locator("#typed").click()
    cdp = page.context.new_cdp_session(page)
    chunks = [target[i : i + 2] for i in range(0, 16, 2)]
    chunks[3] = "错" + chunks[3][1]  # one character typed wrong
    for chunk in chunks:
        compose(cdp, chunk)
        page.wait_for_timeout(400)
    typed = "".join(chunks)
    expect(page.locator("#typed")).to_have_value(typed)
    expect(page.locator("#window-next")).to_have_text(target[len(typed)])  # the text moves on with the learner
    expect(page.locator("#live-time")).not_to_have_text("1:00")
    page.screenshot(path=str(tmp_path / f"timed-{width}.png"), full_page=True)
    with app.app_context():  # the server's clock started a minute ago, as the page's is about to say
        row = db.session.scalar(sa.select(TypingResult))
        row.started_at = utcnow() - timedelta(seconds=60)
        db.session.commit()
    page.clock.fast_forward("01:00")
    expect(page.locator('[data-test="typing-result"]')).to_be_visible()
    page.screenshot(path=str(tmp_path / f"timed-result-{width}.png"), full_page=True)
    with app.app_context():
        row = db.session.scalar(sa.select(TypingResult))
        expected = typing.score(target, typed, 60, "zh")  # over the fixed minute: 16 typed, 15 right
        assert (row.minutes, row.typed, row.refused, row.reached, row.client_seconds) == (1, typed, None, 1.0, 60.0)
        assert (
            (row.gross, row.net, row.accuracy)
            == (expected.gross, expected.net, expected.accuracy)
            == (16.0, 15.0, 0.9375)
        )
    expect(page.locator('[data-test="incomplete"]')).to_have_count(0)
    expect(page.locator('[data-test="misses"]')).to_contain_text(target[6])  # the character typed wrong
    expect(page.get_by_text("再练一次")).to_have_attribute("href", "/drills/typing/timed/zh/1")
