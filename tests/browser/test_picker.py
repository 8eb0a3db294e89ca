"""In a real browser: the people picker narrows the list as one types, and 选择整个团队 ticks everyone."""

import sqlalchemy as sa
from playwright.sync_api import expect

from lms import timeutil
from lms.extensions import db
from lms.models import Assignment, Role, Team
from tests.browser.test_signin import sign_in
from tests.factories import make_user


def test_search_the_list_pick_two_then_the_whole_team(app, page, people, courses):
    with app.app_context():
        team = db.session.scalar(sa.select(Team))
        for number, name in (("P1", "赵一鸣"), ("P2", "钱二丫"), ("P3", "孙三多")):
            make_user(number, name, Role.AGENT, team=team)
        db.session.commit()
    sign_in(page, people["supervisor"])
    page.goto("/supervisor/assign")
    picker = page.locator("[data-picker]")
    expect(picker.get_by_text("已选 0 人")).to_be_visible()
    search = picker.get_by_placeholder("按姓名或工号筛选")
    search.fill("钱二")
    expect(picker.locator("li:visible")).to_have_count(1)
    picker.get_by_label("钱二丫（P2）").check()
    search.fill("P3")
    picker.get_by_label("孙三多（P3）").check()
    search.fill("没有这个人")
    expect(picker.get_by_text("没有匹配的学员。")).to_be_visible()
    search.fill("")
    expect(picker.locator("li:visible")).to_have_count(5)
    expect(picker.get_by_text("已选 2 人")).to_be_visible()
    page.get_by_label("学习内容").select_option("module:alpha")
    page.get_by_label("截止日期").fill(timeutil.today().isoformat())
    page.get_by_role("button", name="布置").click()
    expect(page.get_by_text("已布置：新增 2 项")).to_be_visible()

    page.goto("/supervisor/assign")
    picker = page.locator("[data-picker]")
    picker.get_by_label("选择整个团队").check()
    expect(picker.get_by_text("已选 5 人")).to_be_visible()
    expect(picker.locator(".picker-list input:checked:disabled")).to_have_count(5)
    picker.get_by_label("选择整个团队").uncheck()
    expect(picker.get_by_text("已选 0 人")).to_be_visible()
    picker.get_by_label("选择整个团队").check()
    page.get_by_label("学习内容").select_option("module:alpha")
    page.get_by_label("截止日期").fill(timeutil.today().isoformat())
    page.get_by_role("button", name="布置").click()
    expect(page.get_by_text("已布置：新增 3 项")).to_be_visible()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Assignment.id))) == 5
