"""In a real browser: an agent earns a level, downloads and verifies the certificate; who leads a group is recorded."""

import re

from playwright.sync_api import expect

from lms import timeutil
from tests.browser.helpers import answer_all, attempt_id
from tests.browser.test_signin import sign_in
from tests.grading import grade_in_full
from tests.web.test_levels import make_ready_for_junior


def test_an_agent_earns_junior_downloads_the_certificate_and_verifies_it(app, page, people, real_content):
    make_ready_for_junior(app, people["agent"])
    sign_in(page, people["agent"])
    page.get_by_role("link", name="我的等级").click()
    standing = page.locator('[data-test="standing"]')
    expect(standing).to_contain_text("可以参加晋级考试")
    page.get_by_role("link", name="参加初级客服晋级考试").click()
    page.get_by_role("button", name="开始考试").click()
    answer_all(page, app)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="交卷").click()
    result = page.locator('[data-test="result"]')
    expect(result).to_be_visible()  # handed in: only now may its scenario answer be graded
    if grade_in_full(app, attempt_id(page)):  # a paper with a scenario answer waits for its grader first
        expect(result).to_contain_text("待评分")
        page.reload()
    expect(result).to_contain_text("通过")
    promotion = page.locator('[data-test="promotion"]')
    expect(promotion).to_contain_text("恭喜！您已取得初级客服")
    number = re.search(r"[2-9A-HJ-NP-Z]{13}", promotion.inner_text()).group(0)
    with page.expect_download() as download:
        promotion.get_by_role("link", name="下载证书 PDF").click()
    assert download.value.suggested_filename == f"certificate-{number}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.go_back()  # Back after hand-in: the result again, never the live paper
    expect(result).to_be_visible()
    expect(page.locator("#paper")).to_have_count(0)

    page.get_by_role("link", name="我的等级", exact=True).click()
    expect(standing).to_contain_text("当前等级：初级客服")
    expect(page.locator('[data-test="certificates"]')).to_contain_text(number)

    page.get_by_role("button", name="退出").click()
    page.goto(f"/verify/{number}")
    verification = page.locator('[data-test="verification"]')
    expect(verification).to_contain_text("有效")
    expect(verification).to_contain_text("初级客服")
    expect(verification).to_contain_text("李*服")

    # HR revokes it through the confirmation page; the agent no longer holds the level and is told why.
    sign_in(page, people["hr"])
    page.goto(f"/hr/certificates?q={number}")
    page.get_by_role("link", name="撤销").click()
    page.get_by_label("撤销原因").fill("考试期间使用他人账号，经核实")
    page.get_by_role("button", name="撤销证书").click()
    expect(page.locator(".field.check .error")).to_contain_text("请勾选")  # not ticked: nothing revoked
    page.get_by_label("撤销原因").fill("考试期间使用他人账号，经核实")
    page.get_by_label("我确认撤销这张证书").check()
    page.get_by_role("button", name="撤销证书").click()
    expect(page.locator("body")).to_contain_text(f"已撤销证书 {number}")
    page.get_by_role("button", name="退出").click()

    sign_in(page, people["agent"])
    expect(page.locator('[data-test="revoked-notice"]')).to_contain_text("考试期间使用他人账号，经核实")
    page.get_by_role("link", name="我的等级", exact=True).click()
    expect(standing).to_contain_text("当前等级：尚未定级")
    expect(standing).to_contain_text("下一等级：初级客服")
    expect(page.locator('[data-test="certificates"]')).to_contain_text("已撤销")
    expect(page.locator('[data-test="certificates"]').get_by_role("link", name="下载 PDF")).to_have_count(0)


def test_a_supervisor_records_who_leads_a_group_and_hr_clears_it(app, page, people):
    from tests.web.test_group_leads import user_id

    agent = user_id(app, people["agent"])
    sign_in(page, people["supervisor"])
    page.goto(f"/team/people/{agent}")
    form = page.locator('[data-test="group-lead-form"]')
    form.get_by_label("带领或辅导的小组").fill("新人带教小组")
    form.get_by_label("开始日期").fill(timeutil.today().isoformat())
    form.get_by_role("button", name="保存登记").click()
    expect(page.locator("body")).to_contain_text("已登记 李客服 带领或辅导“新人带教小组”。")
    expect(page.locator('[data-test="group-lead"]')).to_contain_text("周主管 于")
    page.get_by_role("button", name="退出").click()
    sign_in(page, people["hr"])
    page.goto(f"/hr/people/{agent}")
    expect(page.locator('dd[data-test="group-lead"]')).to_contain_text("新人带教小组")
    page.locator('[data-test="group-lead-form"]').get_by_role("button", name="取消登记").click()
    expect(page.locator("body")).to_contain_text("已取消 李客服 带领小组的登记。")
    expect(page.locator('dd[data-test="group-lead"]')).to_contain_text("尚未登记带领或辅导的小组")
