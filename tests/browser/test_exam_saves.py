"""In a real browser: a save the server refuses (busy, 503) or that the network loses is kept in the browser, sent
again after a back-off or a reload, stored once it gets through, and the page says honestly what happened."""

import re
import time

from playwright.sync_api import expect

from lms.domain.scoring import model_answer
from tests.browser.helpers import attempt_id, give, paper_items
from tests.browser.test_signin import sign_in
from tests.web.test_exams import form_fields, items

#: The status once every answer is acknowledged ("已保存" and the time: the retry message also says 答案已保存在本机).
SAVED = re.compile(r"^已保存 \d")

SAVES = re.compile(r"/attempts/\d+/answers")
#: Every text the save status shows, with how many answers this browser keeps unsent at that moment.
WATCH_STATUS = """() => {
  window.said = [];
  const status = document.getElementById("save-status");
  const unsent = () => Object.keys(localStorage).filter((key) => key.startsWith("lms-unsent:")).length;
  new MutationObserver(() => window.said.push([status.textContent, unsent()]))
    .observe(status, {childList: true, characterData: true, subtree: true});
}"""
UNSENT = "() => Object.keys(localStorage).filter((key) => key.startsWith('lms-unsent:'))"


def open_paper(app, page, people) -> tuple[int, list[tuple[int, dict]]]:
    """Sign the agent in and start the complaints quiz; the attempt and its (position, question) items."""
    sign_in(page, people["agent"])
    page.get_by_role("link", name="考试").first.click()
    page.get_by_role("link", name="《投诉处理》课后测验").click()
    page.get_by_role("button", name="开始考试").click()
    expect(page.locator("#countdown")).to_have_text(re.compile(r"^\d+:\d\d$"))
    attempt = attempt_id(page)
    return attempt, paper_items(app, attempt)


def stored(app, attempt: int, position: int):
    """The answer the server has for the question."""
    return next(item.answer for item in items(app, attempt) if item.position == position)


def test_a_busy_server_makes_the_page_back_off_and_the_answer_is_stored_when_it_answers(
    app,
    page,
    people,
    real_content,
):
    attempt, paper = open_paper(app, page, people)
    refused: list[str] = []

    def busy_twice(route):
        if len(refused) < 2:
            refused.append(route.request.url)
            route.fulfill(status=503, headers={"Retry-After": "1"}, json={"saved": False, "retry": True})
        else:
            route.continue_()

    page.route(SAVES, busy_twice)
    page.evaluate(WATCH_STATUS)
    position, question = paper[0]
    give(page, position, question, model_answer(question))

    status = page.locator("#save-status")
    expect(status).to_have_text(SAVED, timeout=20_000)
    expect(status).to_have_attribute("data-pending", "0")
    assert len(refused) == 2
    said = page.evaluate("window.said")
    retrying = [unsent for text, unsent in said if text.startswith("暂未保存，正在重试")]
    assert retrying and all(unsent == 1 for unsent in retrying), said  # kept in the browser while refused
    assert stored(app, attempt, position) == model_answer(question)
    assert page.evaluate(UNSENT) == []  # acknowledged: no longer kept


def test_the_answers_kept_while_backing_off_go_in_one_post(app, page, people, real_content):
    attempt, paper = open_paper(app, page, people)
    carried: list[list[int]] = []  # the questions each post carried

    def busy_once(route):
        carried.append(sorted({int(p) for p in re.findall(r'name="q(\d+)__item"', route.request.post_data)}))
        if len(carried) == 1:
            route.fulfill(status=503, headers={"Retry-After": "5"}, json={"saved": False, "retry": True})
        else:
            route.continue_()

    page.route(SAVES, busy_once)
    (first_position, first_question), *others = paper[:3]
    give(page, first_position, first_question, model_answer(first_question))
    expect(page.locator("#save-status")).to_contain_text("暂未保存，正在重试")  # refused: the page backs off
    for position, question in others:  # given while it backs off: kept, not sent
        give(page, position, question, model_answer(question))
    expect(page.locator("#save-status")).to_have_text(SAVED, timeout=20_000)
    assert carried == [[first_position], sorted(position for position, _ in paper[:3])]
    assert all(stored(app, attempt, position) == model_answer(question) for position, question in paper[:3])
    assert page.evaluate(UNSENT) == []


def test_a_refused_page_waits_retry_after_then_up_to_as_long_again(app, page, people, real_content):
    """Pages refused together come back spread over Retry-After to twice it, not bunched in its first seconds (here
    the longest wait: Math.random() near 1)."""
    page.add_init_script("Math.random = () => 0.999;")
    attempt, paper = open_paper(app, page, people)
    sent: list[float] = []

    def busy_once(route):
        sent.append(time.monotonic())
        if len(sent) == 1:
            route.fulfill(status=503, headers={"Retry-After": "4"}, json={"saved": False, "retry": True})
        else:
            route.continue_()

    page.route(SAVES, busy_once)
    position, question = paper[0]
    give(page, position, question, model_answer(question))
    expect(page.locator("#save-status")).to_have_text(SAVED, timeout=20_000)
    assert 7.5 < sent[1] - sent[0] < 9.5  # 4 s, then 0.999 of 4 s more (the window of 2 s is shorter)
    assert stored(app, attempt, position) == model_answer(question)


def test_an_answer_the_network_lost_is_kept_and_sent_after_a_reload(app, page, people, real_content):
    attempt, paper = open_paper(app, page, people)
    lost = [True]  # until the reload: the old page's own retries must not get through before it goes
    page.route(SAVES, lambda route: route.abort("internetdisconnected") if lost[0] else route.continue_())
    page.evaluate(WATCH_STATUS)
    position, question = paper[1]
    give(page, position, question, model_answer(question))
    expect(page.locator("#save-status")).to_contain_text("暂未保存，正在重试")
    assert page.evaluate(UNSENT) == [f"lms-unsent:/attempts/{attempt}/answers/{position}"]
    assert stored(app, attempt, position) is None

    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?": answers are still unsent
    page.reload()
    lost[0] = False  # the network is back: the new page's first send may have failed, its retry gets through
    expect(page.locator("#save-status")).to_have_text(SAVED, timeout=20_000)
    assert stored(app, attempt, position) == model_answer(question)
    assert page.evaluate(UNSENT) == []


def test_an_answer_kept_from_an_earlier_visit_is_shown_and_sent_over_the_older_one_stored(
    app,
    page,
    people,
    real_content,
):
    attempt, paper = open_paper(app, page, people)
    position, question = next((p, q) for p, q in paper if q["type"] == "single")
    right = model_answer(question)
    wrong = (right + 1) % len(question["options"])
    give(page, position, question, wrong)
    expect(page.locator("#save-status")).to_have_text(SAVED)
    assert stored(app, attempt, position) == wrong
    # the newer answer a closed tab never sent, as exam.js keeps it (one key per attempt and question)
    fields = [[name, value] for name, value in form_fields(question, position, right).items()]
    key = f"lms-unsent:/attempts/{attempt}/answers/{position}"
    page.evaluate(
        "([key, fields]) => localStorage.setItem(key, JSON.stringify({v: 2, at: Date.now(), fields: fields}))",
        [key, fields],
    )
    page.evaluate(
        "() => localStorage.setItem('lms-unsent:/attempts/999/answers/1', JSON.stringify({v: 1, at: 0, fields: []}))"
    )
    page.reload()
    expect(page.locator("#save-status")).to_have_text(SAVED, timeout=20_000)
    expect(page.locator(f'input[name="q{position}"][value="{right}"]')).to_be_checked()
    assert stored(app, attempt, position) == right
    assert page.evaluate(UNSENT) == []  # sent, and another attempt's leftover from long ago dropped


def test_offline_the_page_says_the_answers_are_kept_and_sends_them_when_back_online(
    app,
    page,
    people,
    real_content,
):
    attempt, paper = open_paper(app, page, people)
    position, question = paper[2]
    page.context.set_offline(True)
    give(page, position, question, model_answer(question))
    expect(page.locator("#save-status")).to_contain_text("网络断开，答案保存在本机")
    page.context.set_offline(False)
    expect(page.locator("#save-status")).to_have_text(SAVED, timeout=20_000)
    assert stored(app, attempt, position) == model_answer(question)
