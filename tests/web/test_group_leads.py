"""Who leads or mentors a group (the expert's 能独立带领团队): set and cleared by HR or the supervisor, audited, refused else."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms import timeutil
from lms.extensions import db
from lms.models import AuditLog, GroupLead, Role, Team, User
from lms.services import level_facts
from tests.factories import make_user

SET = {"g-group": "新人带教小组", "g-submit": "保存登记"}
CLEAR = {"gc-clear": "y"}


def user_id(app, employee_no: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.employee_no == employee_no))


def recorded(app) -> list[tuple]:
    """Every group lead row: (employee number, group, since, who set it)."""
    with app.app_context():
        setter = sa.orm.aliased(User)
        return db.session.execute(
            sa.select(User.employee_no, GroupLead.group_name, GroupLead.since, setter.employee_no)
            .join(User, User.id == GroupLead.user_id)
            .outerjoin(setter, setter.id == GroupLead.set_by_id)
        ).all()


def audited(app) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(AuditLog.action).where(AuditLog.action.like("group_lead.%")).order_by(AuditLog.id)
            )
        )


def switch(auth, employee_no: str) -> None:
    """Sign out, then in as someone else."""
    auth.post("/logout")
    auth.login(employee_no)


def since(days_ago: int) -> str:
    return (timeutil.today() - timedelta(days=days_ago)).isoformat()


def test_the_supervisor_records_it_and_it_shows_wherever_the_facts_are(app, client, auth, people):
    agent = user_id(app, people["agent"])
    auth.login(people["supervisor"])
    page = client.get(f"/team/people/{agent}").get_data(as_text=True)
    assert "登记带领小组" in page and "尚未登记带领或辅导的小组" in page
    response = auth.post(f"/team/people/{agent}", {**SET, "g-since": since(30)}, follow_redirects=True)
    assert "已登记 李客服 带领或辅导“新人带教小组”" in response.get_data(as_text=True)
    assert recorded(app) == [
        (people["agent"], "新人带教小组", timeutil.today() - timedelta(days=30), people["supervisor"])
    ]
    assert audited(app) == ["group_lead.set"]
    with app.app_context():
        facts = level_facts.gather([db.session.get(User, agent)], timeutil.today())[agent]
        assert facts.leads == ("新人带教小组", timeutil.today() - timedelta(days=30))
    switch(auth, people["agent"])
    mine = client.get("/level").get_data(as_text=True)
    assert "带领或辅导“新人带教小组”" in mine and "周主管 于" in mine and "登记带领小组" not in mine
    switch(auth, people["hr"])
    transcript = client.get(f"/hr/people/{agent}").get_data(as_text=True)
    assert "带领或辅导“新人带教小组”" in transcript and "周主管 于" in transcript


def test_hr_corrects_and_clears_it_and_a_repeat_writes_nothing(app, client, auth, people):
    agent = user_id(app, people["agent"])
    auth.login(people["hr"])
    auth.post(f"/hr/people/{agent}", {**SET, "g-since": since(10)})
    again = auth.post(f"/hr/people/{agent}", {**SET, "g-since": since(10)}, follow_redirects=True)
    assert "登记内容没有改动" in again.get_data(as_text=True)
    auth.post(f"/hr/people/{agent}", {"g-group": "夜班小组", "g-since": since(5), "g-submit": "保存登记"})
    assert recorded(app) == [(people["agent"], "夜班小组", timeutil.today() - timedelta(days=5), people["hr"])]
    cleared = auth.post(f"/hr/people/{agent}", CLEAR, follow_redirects=True).get_data(as_text=True)
    assert "已取消 李客服 带领小组的登记" in cleared and recorded(app) == []
    twice = auth.post(f"/hr/people/{agent}", CLEAR, follow_redirects=True).get_data(as_text=True)
    assert "没有带领小组的登记，无需取消" in twice
    assert audited(app) == ["group_lead.set", "group_lead.set", "group_lead.clear"]
    switch(auth, people["admin"])
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "陈人事 登记 李客服 带领或辅导“夜班小组”" in log and "陈人事 取消了 李客服 带领或辅导“夜班小组”的登记" in log


def test_bad_input_is_answered_in_chinese_and_nothing_is_written(app, client, auth, people):
    agent = user_id(app, people["agent"])
    auth.login(people["supervisor"])
    cases = [
        ({**SET, "g-since": (timeutil.today() + timedelta(days=1)).isoformat()}, "日期不能晚于今天。"),
        ({**SET, "g-since": since(101)}, "开始日期不能早于入职日期。"),  # hired 100 days ago
        ({**SET, "g-group": "   ", "g-since": since(1)}, "请写明带领或辅导的是哪个小组。"),
        ({**SET, "g-group": "组" * 65, "g-since": since(1)}, "小组名称最多 64 个字。"),
        ({**SET, "g-since": "昨天"}, "请选择开始日期。"),
    ]
    for data, message in cases:
        response = auth.post(f"/team/people/{agent}", data)
        assert response.status_code == 200 and message in response.get_data(as_text=True), message
    assert recorded(app) == [] and audited(app) == []


def test_refused_for_the_wrong_role_out_of_scope_or_someone_who_is_not_an_agent(app, client, auth, people):
    agent = user_id(app, people["agent"])
    with app.app_context():
        other_lead = make_user("S9", "吴主管", Role.SUPERVISOR)
        other = Team(name="二组", supervisor=other_lead)
        stranger = make_user("A9", "赵客服", Role.AGENT, team=other)
        db.session.add(other)
        db.session.commit()
        stranger_id = stranger.id
    supervisor = user_id(app, people["supervisor"])
    data = {**SET, "g-since": since(1)}
    auth.login(people["agent"])
    assert auth.post(f"/team/people/{agent}", data).status_code == 403
    assert auth.post(f"/hr/people/{agent}", data).status_code == 403
    switch(auth, people["admin"])
    assert auth.post(f"/hr/people/{agent}", data).status_code == 403
    switch(auth, people["supervisor"])
    assert auth.post(f"/team/people/{stranger_id}", data).status_code == 404
    assert auth.post(f"/team/people/{stranger_id}", CLEAR).status_code == 404
    assert auth.post(f"/hr/people/{agent}", data).status_code == 403
    switch(auth, people["hr"])
    assert "登记带领小组" not in client.get(f"/hr/people/{supervisor}").get_data(as_text=True)
    assert auth.post(f"/hr/people/{supervisor}", data).status_code == 403
    assert recorded(app) == [] and audited(app) == []


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"v-code": "nope", "v-day": "2999-01-01", "v-note": '<b>"' * 200, "g-group": "x" * 70, "g-since": "abc"},
        {"v-code": "absence", "v-day": "2026-01-02", "v-note": "好", "g-group": "新人<带教>", "g-since": "2026-01-02"},
    ],
)
def test_the_person_pages_controls_are_written_as_wtforms_writes_them(app, data):
    """``field(..., plain=True)`` and ``submit`` write the violation and group-lead forms as WTForms' widgets do."""
    from datetime import date

    from flask import render_template_string

    from lms.levels.forms import GroupLeadForm, ViolationForm

    with app.test_request_context("/", method="POST", data=data):
        violation, lead = (
            ViolationForm(prefix="v", meta={"csrf": False}),
            GroupLeadForm(prefix="g", hire_date=date(2026, 1, 1), meta={"csrf": False}),
        )
        violation.validate(), lead.validate()
        fields = [(violation.code, None), (violation.day, None), (violation.note, None), (lead.since, None)]
        for field, hint in [*fields, (lead.group, "例如")]:
            macros = '{% from "_macros.html" import field %}'
            mine = render_template_string(macros + "{{ field(f, hint=hint, plain=True) }}", f=field, hint=hint)
            theirs = render_template_string(macros + "{{ field(f, hint=hint) }}", f=field, hint=hint)
            assert mine == theirs, field.name
        for button in (violation.submit, lead.submit):
            mine = render_template_string('{% from "_macros.html" import submit %}{{ submit(f) }}', f=button)
            assert mine == str(button(class_="primary")), button.name
