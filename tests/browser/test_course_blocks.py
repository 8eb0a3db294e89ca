"""In a real browser: a check's answer stays folded until opened, a role-play's checklist shows its boxes,
and the job aid page prints on one A4 page."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.test_signin import sign_in
from tests.conftest import _imported
from tests.content import write_blocks

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@pytest.fixture
def blocks(app, content_root):
    """The test courses and the module with every block, imported."""
    _imported(app, content_root, write_blocks)


@pytest.mark.parametrize("size", SIZES)
def test_a_checks_answer_is_folded_until_the_learner_opens_it(browser, live_server, people, blocks, size):
    context = browser.new_context(base_url=live_server, viewport=SIZES[size], locale="zh-CN")
    page = context.new_page()
    sign_in(page, people["agent"])
    page.goto("/courses/blocks/1")
    first = page.locator("details.check").first
    answer = first.get_by_text("发一条催付短信")
    expect(first.locator("summary")).to_contain_text("客户下单1小时还没付款，先做什么？")
    expect(answer).to_be_hidden()
    first.locator("summary").click()
    expect(answer).to_be_visible()
    expect(page.locator("details.check").nth(1).get_by_text("打一个催付电话")).to_be_hidden()
    page.goto("/courses/blocks/2")
    expect(page.locator("section.roleplay ul.checklist li")).to_have_count(4)
    assert page.locator("section.roleplay .box").first.bounding_box()["width"] > 10
    context.close()


def test_the_job_aid_page_renders_from_the_module_page_and_prints_on_one_a4_page(page, people, blocks):
    sign_in(page, people["agent"])
    page.goto("/courses/blocks")
    expect(page.locator('[data-test="module-time"]')).to_contain_text("学习约 20 分钟")
    page.get_by_role("link", name="岗位速查卡（可打印）").click()
    expect(page).to_have_url(re.compile(r"/courses/blocks/job-aid$"))
    card = page.locator('[data-test="job-aid"]')
    expect(card.get_by_role("heading", level=1)).to_have_text("催付速查卡")
    expect(card.get_by_role("cell", name="打催付电话")).to_be_visible()
    expect(page.get_by_role("button", name="打印（A4 一页）")).to_be_visible()
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdfinfo) is missing: the page count of the printout is not checked")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="打印（A4 一页）")).to_be_hidden()
    pdf = page.pdf(prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    assert re.search(r"^Page size:.*\(A4\)$", info, re.M), info
