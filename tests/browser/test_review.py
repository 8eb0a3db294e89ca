"""班前五分钟 on a 390 px phone: a whole session of mixed cards, going offline half-way (the page reloaded from the
service worker's cache, answers queued) and coming back (the queue sent, each answer stored once); and how long the
session page takes to load on a slow phone connection (Chromium's network and CPU throttling)."""

import json
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from lms.extensions import db
from lms.models import CardKind, Module, Question, QuickReply, ReviewCard, ReviewLog, User
from lms.services import review_cards
from lms.timeutil import utcnow
from tests.browser.test_phone import page_width
from tests.browser.test_signin import sign_in
from tests.conftest import _imported
from tests.content import write_drills, write_exams, write_library

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
#: Chromium DevTools' "Slow 4G" preset (called "Fast 3G" before Chrome 119): 562.5 ms round trip, 1.44 Mbit/s down,
#: 675 kbit/s up, with the CPU slowed four times as its "mid-tier mobile" preset does.
SLOW_PHONE = {"latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375, "offline": False}
CPU_SLOWDOWN = 4


@pytest.fixture
def review_agent(app, content_root, people):
    """The agent with eight cards due: alpha's two facts, five quiz questions met wrong, one quick reply."""
    _imported(app, content_root, write_exams, write_drills, write_library)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == people["agent"]))
        then = utcnow() - timedelta(days=3)
        review_cards.module_read(user.id, db.session.scalar(sa.select(Module).where(Module.slug == "alpha")), then)
        questions = db.session.scalars(sa.select(Question).where(Question.key.in_(["q01", "q02", "q03", "q04", "q07"])))
        reply = db.session.scalars(sa.select(QuickReply).order_by(QuickReply.id)).first()
        met = [review_cards.Met(CardKind.QUESTION, q.id, None, False) for q in questions]
        review_cards.met(user.id, [*met, review_cards.Met(CardKind.REPLY, reply.id, None, False)], then)
        db.session.commit()
        return user.id


def _logs(app, user_id: int) -> int:
    """Answers stored from the session (the quiz's first reviews have no client key)."""
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count(ReviewLog.id)).where(
                ReviewLog.user_id == user_id, ReviewLog.client_key.is_not(None)
            )
        )


def _answer_current(phone, right: bool) -> None:
    """Answer the card on screen through its own controls, after the second a person needs to read it."""
    card = phone.locator("section.review-card:not([hidden])")
    mode = card.get_attribute("data-mode")
    phone.wait_for_timeout(1200)
    if mode == "multiple":
        for box in card.locator("input[type=checkbox]").all():
            if (box.get_attribute("data-right") == "yes") == right:
                box.check()
        card.locator(".review-submit").click()
    elif mode == "text":
        accepted = json.loads(card.get_attribute("data-accepted"))
        right_one = accepted["texts"][0] if accepted["texts"] else f"{accepted['ranges'][0][0]:g}"
        given = right_one if right else "不知道"
        card.locator("input[type=text]").fill(given)
        card.locator(".review-submit").click()
    else:
        card.locator(f"button.review-option[data-right={'yes' if right else 'no'}]").first.click()
    expect(card.locator(".review-feedback")).to_be_visible()
    expect(card.locator(".review-verdict")).to_have_text("答对了" if right else "答错了")
    for target in card.locator("button:visible").all():  # thumb-sized
        assert target.bounding_box()["height"] >= 44


def test_a_whole_session_on_a_phone_going_offline_half_way(browser, live_server, app, people, review_agent):
    context = browser.new_context(base_url=live_server, locale="zh-CN", viewport=PHONE)
    phone = context.new_page()
    sign_in(phone, people["agent"])
    phone.goto("/review")
    expect(phone.locator('[data-test="due-count"]')).to_have_text("8")
    cards = phone.locator("section.review-card")
    assert cards.count() == 8
    assert {c.get_attribute("data-mode") for c in cards.all()} >= {"single", "multiple", "truefalse", "text", "fact"}
    assert page_width(phone) <= 390
    # the service worker controls the page and the page is in its cache before the connection goes
    phone.wait_for_function("navigator.serviceWorker.controller !== null")
    phone.wait_for_function("caches.match('/review').then(Boolean)", polling=200)

    for number in range(4):
        _answer_current(phone, right=number % 2 == 0)
        phone.locator("section.review-card:not([hidden]) .review-next").click()
    deadline = time.monotonic() + 10
    while _logs(app, review_agent) < 4 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _logs(app, review_agent) == 4

    context.set_offline(True)
    phone.reload()  # from the service worker's cache: the session goes on at the fifth card
    expect(phone.locator("section.review-card:not([hidden])")).to_have_count(1)
    assert phone.locator("section.review-card:not([hidden])").get_attribute("data-card") == cards.nth(4).get_attribute(
        "data-card"
    )
    for number in range(4):
        _answer_current(phone, right=number % 2 == 0)
        expect(phone.locator('[data-test="review-status"]')).to_contain_text("联网后自动提交")
        phone.locator("section.review-card:not([hidden]) .review-next").click()
    expect(phone.locator('[data-test="review-done"]')).to_be_visible()
    assert phone.locator('[data-test="review-status"]').get_attribute("data-pending") == "4"
    assert _logs(app, review_agent) == 4  # nothing reached the server while offline

    context.set_offline(False)  # the "online" event sends the queue
    expect(phone.locator('[data-test="review-status"]')).to_have_attribute("data-pending", "0", timeout=15_000)
    assert _logs(app, review_agent) == 8
    with app.app_context():
        logs = db.session.scalars(
            sa.select(ReviewLog).where(ReviewLog.user_id == review_agent, ReviewLog.client_key.is_not(None))
        ).all()
        assert sum(log.correct for log in logs) == 4 and len({log.client_key for log in logs}) == 8
        cards_due = db.session.scalars(sa.select(ReviewCard.due).where(ReviewCard.user_id == review_agent)).all()
        assert all(due > utcnow() for due in cards_due)  # none left for today
    phone.goto("/review")
    expect(phone.locator('[data-test="review-empty"]')).to_contain_text("今天的复习已经完成")
    context.close()


def _load_ms(browser, live_server, people) -> list[float]:
    """Milliseconds from following the menu's link to the session's load event: the first time (the app's common
    files cached by the home page, the session's script not yet), then twice more with everything cached."""
    context = browser.new_context(base_url=live_server, locale="zh-CN", viewport=PHONE, service_workers="block")
    phone = context.new_page()
    sign_in(phone, people["agent"])
    cdp = context.new_cdp_session(phone)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_PHONE)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    figures = []
    for _visit in range(3):
        phone.goto("/", wait_until="load")
        phone.locator('a[href="/review"]').first.dispatch_event("click")  # behind 菜单 on a phone
        phone.wait_for_url("**/review")
        phone.wait_for_load_state("load")
        expect(phone.locator("section.review-card:not([hidden])")).to_have_count(1)
        figures.append(phone.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
    context.close()
    return figures


def test_the_session_page_loads_quickly_on_a_slow_phone_connection(browser, live_server, app, people, review_agent):
    first, *again = _load_ms(browser, live_server, people)
    print(
        f"\n/review on Slow 4G ({SLOW_PHONE['latency']} ms RTT, CPU ×{CPU_SLOWDOWN}): first visit {first:.0f} ms, "
        f"then with its files cached {', '.join(f'{ms:.0f}' for ms in again)} ms"
    )
    # One round trip for the page itself is 562.5 ms on this profile. Its files have hashed names, cached for a year,
    # and the home page prefetches the session's script, so no visit needs a second round trip. Measured 0.76–0.91 s
    # on a busy two-core machine; asserted with room to spare, the figures are printed above.
    assert max(first, *again) < 1500, (first, again)
