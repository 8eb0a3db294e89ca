"""The audit log page: sentences in Chinese or English, filters by person, action and local dates, a fixed number of queries."""

import html
import json
import re
from datetime import date, datetime

import flask
import sqlalchemy as sa

from lms.domain import audit_text
from lms.extensions import db
from lms.models import AuditLog, Team, User
from lms.services import assessments, audit, audit_log
from tests.conftest import Auth
from tests.factories import make_user
from tests.sql import statements as counted


def user(number: str) -> User:
    return db.session.scalar(sa.select(User).where(User.employee_no == number))


def rows(page: str) -> list[str]:
    """The text of each entry of the page, tags stripped."""
    found = re.findall(r'<td class="what">(.*?)</td>', page, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in found]


def test_real_actions_read_as_sentences_with_who_did_what_to_whom(app, client, auth, people):
    auth.login("NOBODY", "x1234567")
    auth.login(people["agent"], "wrong-pass1")
    with app.app_context():
        assessments.record_violation(user(people["supervisor"]), user(people["agent"]), "quarrel", date(2026, 11, 30))
    auth.login(people["hr"])
    page = client.get("/admin/audit").get_data(as_text=True)
    shown = rows(page)
    assert shown[:4] == [
        "登录 陈人事 登录",
        "记录违规 周主管 为 李客服 记录违规：与客户争吵（经核实的有效投诉）（扣 20 分）",
        "登录失败 工号 T3（李客服） 登录失败（密码错误）",
        "登录失败 工号 NOBODY 登录失败（工号不存在）",
    ]
    assert "127.0.0.1" in page and "auth.login" not in re.sub(r'(data-action|value)="[^"]*"', "", page)
    auth.post("/language", {"locale": "en"})
    english = rows(client.get("/admin/audit").get_data(as_text=True))
    assert (
        english[1]
        == "Record violation 周主管 recorded a violation for 李客服: Quarrel with a customer (a valid complaint) (20 points)"
    )
    assert english[2] == "Failed sign-in Employee no. T3 (李客服) failed to sign in (wrong password)"


def test_an_old_free_text_row_shows_a_sentence_and_its_raw_text_labelled(app, client, auth, people):
    with app.app_context():
        supervisor = user(people["supervisor"])
        db.session.add(
            AuditLog(
                action="drill.assign", actor_id=supervisor.id, detail="DrillTarget(kind='typing', lang='zh') users=3"
            )
        )
        db.session.commit()
    auth.login(people["admin"])
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "周主管：布置练习" in rows(page)[1]
    assert "原始记录：" in page and "DrillTarget(kind=&#39;typing&#39;" in page


def filtered(client, **args) -> list[str]:
    return rows(client.get("/admin/audit", query_string=args).get_data(as_text=True))


def test_filters_by_person_action_and_local_dates(app, client, auth, people):
    with app.app_context():
        supervisor, agent, hire = user(people["supervisor"]), user(people["agent"]), user(people["new_hire"])
        team = db.session.scalar(sa.select(Team))
        for at, actor, obj, action, detail in [
            (datetime(2020, 11, 29, 16, 30), supervisor, agent, "competency.rate", {"score": 4.5}),  # Nov 30 local
            (datetime(2020, 11, 30, 16, 30), supervisor, hire, "competency.rate", {"score": 3.0}),  # Dec 1 local
            (datetime(2020, 11, 30, 17, 0), None, ("employee_no", agent.employee_no), "auth.login_failed", {}),
            (datetime(2020, 12, 1, 3, 0), user(people["admin"]), team, "team.deactivate", {"name": team.name}),
        ]:
            audit.record(action, actor, obj, detail).created_at = at
        db.session.commit()
    auth.login(people["hr"])
    everything = filtered(client)
    assert len(everything) == 5  # and HR's own sign-in
    about_li = filtered(client, person="李客服")
    assert len(about_li) == 2 and all("李客服" in row for row in about_li)
    assert filtered(client, person=people["agent"].lower()) == about_li
    assert len(filtered(client, person="周主管")) == 2
    assert filtered(client, action="auth.login_failed") == [row for row in everything if "登录失败" in row]
    assert len(filtered(client, start="2020-12-01", end="2020-12-01")) == 3
    assert filtered(client, end="2020-11-30") == [everything[-1]]
    assert len(filtered(client, person="周主管", start="2020-12-01", end="2020-12-01")) == 1
    assert "没有符合条件的记录" in client.get("/admin/audit?person=没有这个人").get_data(as_text=True)


def test_bad_filters_get_a_chinese_message_and_the_others_still_apply(client, auth, people):
    auth.login(people["admin"])
    response = client.get("/admin/audit?start=yesterday&action=auth.login&end=2000-01-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "日期格式应为 年-月-日" in page and "此项未用于筛选" in page
    assert len(rows(page)) == 0  # the end date applies: nothing before 2000
    page = client.get("/admin/audit?action=auth.everything&start=2020-12-02&end=2020-12-01").get_data(as_text=True)
    assert "没有这种操作，请从列表中选择" in page and "结束日期不能早于开始日期" in page
    assert len(rows(page)) == 1  # the admin's own sign-in, today


def test_only_hr_and_admins_read_the_log(app, people):
    for role in ("supervisor", "agent", "new_hire"):
        client = app.test_client()
        Auth(client).login(people[role])
        assert client.get("/admin/audit").status_code == 403


def add_mixed_entries(app, people, prefix: str, times: int) -> None:
    """Entries of every kind of object, ``times`` each, about ``times`` new people."""
    with app.app_context():
        supervisor, team = user(people["supervisor"]), db.session.scalar(sa.select(Team))
        for i in range(times):
            person = make_user(f"{prefix}{i:03d}", f"员工{i}", team=team)
            db.session.flush()
            audit.record("violation.record", supervisor, person, {"code": "late", "points": 2})
            audit.record("auth.login_failed", None, ("employee_no", person.employee_no), {"reason": "wrong_password"})
            audit.record(
                "team.update", supervisor, team, {"name": team.name, "changes": {"supervisor": [None, supervisor.id]}}
            )
            detail = {"modules": ["m"], "users": [person.id], "due": "2026-12-01"}
            audit.record("assignment.create", supervisor, None, detail)
            db.session.add(
                AuditLog(
                    action="certificate.revoke", actor_id=supervisor.id, object_type="certificate", object_id=str(i)
                )
            )
            db.session.add(
                AuditLog(action="attempt.override", actor_id=supervisor.id, object_type="attempt", object_id=str(i))
            )
        db.session.commit()


def test_the_page_loads_in_a_fixed_number_of_queries(app, client, auth, people):
    auth.login(people["hr"])
    add_mixed_entries(app, people, "A", 2)
    with counted(app) as few:
        assert client.get("/admin/audit").status_code == 200
    add_mixed_entries(app, people, "B", 20)
    with counted(app) as many:
        page = client.get("/admin/audit?page=1").get_data(as_text=True)
    assert len(rows(page)) == 25 and len(many) == len(few), (len(few), len(many))
    with app.app_context():
        assert json.loads(
            db.session.scalar(sa.select(AuditLog.detail).where(AuditLog.action == "violation.record").limit(1))
        )


def test_the_action_filter_is_written_as_wtforms_writes_a_select(app):
    """The page writes the ~90 actions with the ``select`` macro: the HTML WTForms' own ``Select`` writes, chosen or
    not, escaped, in both languages."""
    from wtforms.widgets import Select

    from lms.admin.forms import AuditFilterForm

    for query in ("", "?person=x", "?action=user.create", "?action=<b>&page=2", "?locale=en"):
        with app.test_request_context(f"/admin/audit{query}"):
            if "locale" in query:
                flask.session["locale"] = "en"
            form = AuditFilterForm(formdata=flask.request.args)
            form.action.choices.append(("<b>", "a & <b>"))
            written = app.jinja_env.get_template("_macros.html").module.select(form.action)
            assert written == Select()(form.action)
            assert written.count("<option") == len(audit_text.ACTIONS) + 2
            assert ('<option selected value="">All actions</option>' in written) == ("locale" in query)


def test_the_unfiltered_log_is_one_statement_for_each_kind_of_viewer_and_keeps_to_its_scope(app, people):
    with app.app_context():
        hr, supervisor = user(people["hr"]), user(people["supervisor"])
        audit.record("auth.login", hr)
        db.session.commit()
        assert audit_log.search(supervisor) is audit_log.search(supervisor)  # built once (paged without building)
        assert audit_log.search(hr) is audit_log.search(hr) is not audit_log.search(hr, action="auth.login")
        assert db.session.scalars(audit_log.search(hr)).first() is not None
        assert db.session.scalars(audit_log.search(supervisor)).first() is None
