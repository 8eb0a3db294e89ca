"""In a real browser: HR filters the certificates, exports them, starts the bulk ZIP and watches it reach 100%."""

import csv
import re

from playwright.sync_api import expect

from tests.browser.test_signin import sign_in
from tests.web.test_hr_records import holders  # noqa: F401 (fixture)
from tests.web.test_jobs import jobs_dir  # noqa: F401 (fixture)


def test_hr_filters_exports_and_zips_the_certificates(app, page, people, holders, jobs_dir):  # noqa: F811
    sign_in(page, people["hr"])
    page.goto("/hr/certificates")
    page.get_by_label("团队").select_option(label="北区")
    page.get_by_role("button", name="搜索").click()
    expect(page.locator('[data-test="certificates"] tbody tr')).to_have_count(2)
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        names = {row[1] for row in list(csv.reader(exported))[1:]}
    assert names == {"赵一鸣", "钱二丫"}
    page.get_by_role("button", name="打包下载证书 PDF").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}$"))
    expect(page.locator('[data-field="percent"]')).to_have_text("100")
    expect(page.locator('[data-test="job-status"]')).to_contain_text("已完成")
    expect(page.locator('[data-test="job-progress"]')).to_contain_text("2 / 2")
    link = page.locator('[data-test="job-download"]')
    expect(link).to_be_visible()
    with page.expect_download() as zipped:
        link.click()
    assert zipped.value.suggested_filename.endswith(".zip")
    page.reload()  # the job page survives a reload
    expect(page.locator('[data-field="percent"]')).to_have_text("100")
