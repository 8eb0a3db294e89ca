"""With the keyboard alone (WCAG 2.1.1): an exam paper answered and handed in, and a typing drill done.

Only the keys move: Tab and Shift+Tab between controls, Space for boxes, the arrow keys inside a radio
group and a drop-down, Enter on buttons. On a phone-sized window every focused control of the paper stays
clear of the sticky exam bar, going down and coming back up.
"""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from lms.domain.scoring import model_answer
from lms.extensions import db
from lms.models import AttemptItem
from tests.browser.helpers import attempt_id, paper_items
from tests.browser.test_signin import sign_in
from tests.content import ZH_TEXT

pytestmark = pytest.mark.browser

#: What the focused element is, read in the page.
FOCUSED = """() => {
  const el = document.activeElement;
  const block = el.closest(".question");
  return {id: el.id, tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "", value: el.value || "",
          action: el.form ? el.form.action : "", position: block ? Number(block.dataset.position) : null};
}"""
#: Whether the focused element shows: its top edge below the sticky exam bar and above the window's bottom.
CLEAR_OF_THE_BAR = """() => {
  const box = document.activeElement.getBoundingClientRect();
  const bar = document.getElementById("exam-bar").getBoundingClientRect();
  return box.top >= bar.bottom - 1 && box.top < window.innerHeight ? true : {top: box.top, bar: bar.bottom};
}"""


def tab_to(page, test, limit: int = 40) -> dict:
    """Press Tab until the focused element passes ``test``; what it is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if test(focused):
            return focused
    raise AssertionError("Tab never reached the element")


def answer_with_keys(page, focused: dict, answer) -> None:
    """Give the focused control its part of ``answer`` with keys; radio groups and drop-downs by arrow keys."""
    if focused["type"] == "radio":
        wanted = str(answer).lower() if isinstance(answer, bool) else str(answer)  # true/false, or an option
        page.keyboard.press("Space")  # the group's first option, checked
        for _ in range(10):
            if page.evaluate(FOCUSED)["value"] == wanted:
                return
            page.keyboard.press("ArrowDown")  # the next option, checked
        raise AssertionError(f"no option {wanted}")
    if focused["type"] == "checkbox":
        if int(focused["value"]) in answer:
            page.keyboard.press("Space")
    elif focused["tag"] == "select":
        wanted = str(answer[int(focused["name"].rsplit("_", 1)[1])])
        for _ in range(12):
            if page.evaluate(FOCUSED)["value"] == wanted:
                return
            page.keyboard.press("ArrowDown")
        raise AssertionError(f"no choice {wanted}")
    else:  # a fill-in box or a text area
        page.keyboard.type(str(answer))
        if focused["tag"] == "input":
            page.keyboard.press("Enter")  # must not hand the paper in
            expect(page.locator("#paper")).to_be_visible()


def test_an_exam_paper_answered_and_handed_in_with_the_keyboard(app, browser, live_server, people, exam_content):
    context = browser.new_context(base_url=live_server, locale="zh-CN", viewport={"width": 390, "height": 740})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, people["agent"])
    page.goto("/exams/quiz-alpha")
    tab_to(page, lambda f: f["tag"] == "button" and f["action"].endswith("/start"))
    page.keyboard.press("Enter")
    expect(page.locator("#exam-bar")).to_be_visible()
    answers = {position: model_answer(question) for position, question in paper_items(app, attempt_id(page))}

    focused = tab_to(page, lambda f: f["position"] is not None)
    answered = set()
    while focused["id"] != "finish":
        assert page.evaluate(CLEAR_OF_THE_BAR) is True, (focused, page.evaluate(CLEAR_OF_THE_BAR))
        if focused["type"] != "radio" or focused["name"] not in answered:
            answer_with_keys(page, focused, answers[focused["position"]])
            answered.add(focused["name"])
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
    for _ in range(len(answers) + 2):  # back up the paper: nothing hides behind the bar
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(CLEAR_OF_THE_BAR) is True, (page.evaluate(FOCUSED), page.evaluate(CLEAR_OF_THE_BAR))
    expect(page.locator("#save-status")).to_have_attribute("data-pending", "0")

    tab_to(page, lambda f: f["id"] == "finish")
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Enter")
    expect(page.locator('[data-test="result"]')).to_be_visible()
    with app.app_context():
        items = db.session.scalars(
            sa.select(AttemptItem).where(AttemptItem.attempt_id == attempt_id(page)).order_by(AttemptItem.position)
        )
        assert {item.position: item.answer for item in items} == answers  # every answer as the keys gave it
    context.close()


def test_a_typing_drill_done_with_the_keyboard(page, people, drill_content):
    sign_in(page, people["agent"])
    page.goto("/drills/typing/zh-test-01")
    tab_to(page, lambda f: f["id"] == "typed")
    page.keyboard.type(ZH_TEXT[:12], delay=350)  # about 170 characters a minute: a human's speed
    expect(page.locator("#typing-done")).to_be_enabled()
    tab_to(page, lambda f: f["id"] == "typing-done", limit=3)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/drills/typing/results/\d+$"))
    expect(page.locator("main")).to_contain_text("100.0%")
    expect(page.locator("main")).not_to_contain_text("成绩不予记录")
