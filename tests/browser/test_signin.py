"""In a real browser: an agent signs in, reads the home page in Chinese, switches to English, signs out."""

import re

from playwright.sync_api import expect


def sign_in(page, employee_no: str, password: str = "pass1234") -> None:
    """Fill in and send the sign-in form."""
    page.goto("/login")
    page.get_by_label("工号").fill(employee_no)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_agent_signs_in_switches_language_and_signs_out(page, people):
    sign_in(page, people["agent"])
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，李客服")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("navigation", name="主导航").get_by_role("link")).to_have_text(
        ["首页", "班前五分钟", "课程", "我的学习任务", "考试", "练习", "我的等级"]
    )

    page.locator('[data-test="lang-en"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, 李客服")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next="))


def test_wrong_password_is_shown_in_chinese(page, people):
    sign_in(page, people["agent"], "wrong-pass1")
    expect(page.get_by_text("工号或密码错误。")).to_be_visible()


def test_admin_sees_the_admin_navigation(page, people):
    sign_in(page, people["admin"])
    nav = page.get_by_role("navigation", name="主导航").get_by_role("link")
    expect(nav).to_have_text(
        ["首页", "用户管理", "团队管理", "批量导入", "题库导入", "题库与组卷", "证书管理", "审计日志"]
    )
    page.get_by_role("link", name="用户管理").click()
    expect(page.get_by_role("cell", name="李客服")).to_be_visible()
