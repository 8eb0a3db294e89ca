"""Admin pages: users, teams, the HR CSV import, the audit log."""

import io
import re

import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuditLog, Role, Team, User

HEADER = "工号,姓名,入职日期,团队,角色\r\n"


def user_named(app, employee_no: str) -> User | None:
    """Load a user, detached, for assertions."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == employee_no))
        if user is not None:
            db.session.expunge(user)
        return user


def count(app, model) -> int:
    """Rows of ``model``."""
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def upload(auth, content: bytes, filename: str = "hr.csv"):
    """Post the import form with ``content`` as the file."""
    return auth.post("/admin/import", {"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


def test_admin_creates_a_user_who_must_change_the_temporary_password(app, client, auth, people):
    auth.login(people["admin"])
    team_id = user_named(app, people["agent"]).team_id
    response = auth.post(
        "/admin/users/new",
        {
            "employee_no": "cs0100",
            "name": "赵一鸣",
            "role": "agent",
            "hire_date": "2025-06-01",
            "team_id": str(team_id),
            "locale": "zh_CN",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "只显示这一次" in page
    password = re.search(r'data-test="temporary-password">([^<]+)<', page).group(1)
    created = user_named(app, "CS0100")
    assert created.name == "赵一鸣" and created.must_change_password and created.password_hash != password

    other = app.test_client()
    from tests.conftest import Auth

    assert Auth(other).login("CS0100", password).location == "/password"


def test_new_user_form_refuses_bad_input_in_chinese(app, auth, people):
    auth.login(people["admin"])
    response = auth.post(
        "/admin/users/new",
        {
            "employee_no": people["agent"],
            "name": "",
            "role": "agent",
            "hire_date": "2999-01-01",
            "team_id": "0",
            "locale": "zh_CN",
        },
    )
    page = response.get_data(as_text=True)
    for message in ("该工号已存在", "请输入姓名", "入职日期不能晚于今天", "新员工和客服必须属于一个团队"):
        assert message in page
    assert count(app, User) == 5


def test_admin_edits_a_user_and_the_change_is_audited(app, auth, people):
    auth.login(people["admin"])
    agent = user_named(app, people["agent"])
    response = auth.post(
        f"/admin/users/{agent.id}",
        {
            "employee_no": "CHANGED",
            "name": "李客服（二组）",
            "role": "supervisor",
            "hire_date": "2023-01-01",
            "team_id": "0",
            "locale": "en",
        },
    )
    assert response.status_code == 302
    changed = user_named(app, people["agent"])
    assert (changed.name, changed.role, changed.team_id, changed.locale) == (
        "李客服（二组）",
        Role.SUPERVISOR,
        None,
        "en",
    )
    with app.app_context():
        assert db.session.scalar(sa.select(AuditLog.action).where(AuditLog.object_id == str(agent.id))) == "user.update"


def test_deactivate_and_reactivate_but_never_oneself(app, auth, people):
    auth.login(people["admin"])
    agent, admin = user_named(app, people["agent"]), user_named(app, people["admin"])
    auth.post(f"/admin/users/{agent.id}/active")
    assert user_named(app, people["agent"]).active is False
    auth.post(f"/admin/users/{agent.id}/active")
    assert user_named(app, people["agent"]).active is True
    auth.post(f"/admin/users/{admin.id}/active")
    assert user_named(app, people["admin"]).active is True


def test_reset_password_shows_a_new_one_that_works(app, auth, people):
    auth.login(people["admin"])
    agent = user_named(app, people["agent"])
    page = auth.post(f"/admin/users/{agent.id}/password").get_data(as_text=True)
    password = re.search(r'data-test="temporary-password">([^<]+)<', page).group(1)
    with app.app_context():
        assert db.session.get(User, agent.id).check_password(password)


def test_user_list_searches_filters_and_pages(app, client, auth, people):
    from tests.factories import make_user

    with app.app_context():
        for index in range(30):
            make_user(f"P{index:03d}", f"批量{index}")
        db.session.commit()
    auth.login(people["admin"])
    first = client.get("/admin/users?q=批量").get_data(as_text=True)
    assert "第 1 / 2 页，共 30 条" in first and "P000" in first and "P029" not in first
    assert "P029" in client.get("/admin/users?q=批量&page=2").get_data(as_text=True)
    only = client.get("/admin/users?q=p007").get_data(as_text=True)
    assert "批量7" in only and "批量8" not in only
    assert "周主管" in client.get("/admin/users?role=supervisor").get_data(as_text=True)
    assert "没有符合条件的用户" in client.get("/admin/users?q=无此人").get_data(as_text=True)


def test_team_names_are_unique_and_supervisor_is_set(app, auth, people):
    auth.login(people["admin"])
    supervisor = user_named(app, people["supervisor"])
    assert "已有同名团队" in auth.post("/admin/teams/new", {"name": "售后一组", "supervisor_id": "0"}).get_data(
        as_text=True
    )
    assert auth.post("/admin/teams/new", {"name": "投诉专线", "supervisor_id": str(supervisor.id)}).status_code == 302
    with app.app_context():
        team = db.session.scalar(sa.select(Team).where(Team.name == "投诉专线"))
        assert team.supervisor_id == supervisor.id


def test_import_utf8_with_bom_creates_updates_and_makes_teams(app, client, auth, people):
    auth.login(people["admin"])
    body = (
        HEADER + f"{people['agent']},李客服,2024-01-01,售后一组,客服\r\n"
        "N001,钱多多,2025/11/20,售后二组,新员工\r\nN002,孙悟净,2024年5月6日,售后二组,客服\r\n"
    )
    response = upload(auth, body.encode("utf-8-sig"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "导入完成" in page and "售后二组" in page
    assert user_named(app, "N001").role is Role.NEW_HIRE
    assert user_named(app, people["agent"]).hire_date.isoformat() == "2024-01-01"
    assert not user_named(app, "N001").check_password("") and user_named(app, "N001").must_change_password
    assert count(app, Team) == 2


def test_import_gbk_from_chinese_excel(app, auth, people):
    auth.login(people["admin"])
    response = upload(auth, (HEADER + "G001,张子喆,2024-03-01,售后一组,客服\r\n").encode("gbk"))
    assert response.status_code == 200
    assert user_named(app, "G001").name == "张子喆"


def test_import_with_one_bad_row_imports_nothing_and_lists_every_problem(app, auth, people):
    auth.login(people["admin"])
    body = (
        HEADER + "B001,好人,2024-01-01,新组,客服\r\nB002,,2024-13-01,新组,客服\r\nB003,坏角色,2024-01-01,新组,老板\r\n"
    )
    response = upload(auth, body.encode("utf-8"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "发现 3 处错误，未导入任何人员" in page
    assert "<td>3</td><td>姓名不能为空。</td>" in page and "<td>4</td>" in page
    assert user_named(app, "B001") is None and count(app, Team) == 1


def test_import_refuses_undecodable_and_non_csv_files(app, auth, people):
    auth.login(people["admin"])
    assert "编码无法识别" in upload(auth, b"\xff\xfe\x00\x81\x30").get_data(as_text=True)
    assert "只能导入 .csv 文件" in upload(auth, b"x", "people.xlsx").get_data(as_text=True)
    assert count(app, User) == 5


def test_oversized_upload_is_refused(app, auth, people, monkeypatch):
    # A small limit: a 5 MB body would make the test client spool to a file it never closes.
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    auth.login(people["admin"])
    response = upload(auth, b"a" * 5000)
    assert response.status_code == 413 and "文件太大" in response.get_data(as_text=True)


def test_audit_log_lists_newest_first_and_filters(app, client, auth, people):
    auth.login("NOBODY", "x1234567")
    auth.login(people["admin"])
    page = client.get("/admin/audit").get_data(as_text=True)
    assert page.index("林管理 登录") < page.index("工号 NOBODY 登录失败（工号不存在）")
    filtered = client.get("/admin/audit?action=auth.login_failed").get_data(as_text=True)
    assert "NOBODY" in filtered and "林管理 登录" not in filtered


def test_team_with_active_members_cannot_be_deactivated(app, client, auth, people):
    auth.login(people["admin"])
    team_id = user_named(app, people["agent"]).team_id
    auth.post(f"/admin/teams/{team_id}/active")
    assert "还有 2 名在职成员" in client.get("/admin/teams").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Team, team_id).active is True


def test_empty_team_is_deactivated_leaves_the_choices_and_refuses_imports(app, client, auth, people):
    with app.app_context():
        db.session.add(Team(name="旧项目组"))
        db.session.commit()
        team_id = db.session.scalar(sa.select(Team.id).where(Team.name == "旧项目组"))
    auth.login(people["admin"])
    auth.post(f"/admin/teams/{team_id}/active")
    with app.app_context():
        assert db.session.get(Team, team_id).active is False
    assert ">旧项目组</option>" not in client.get("/admin/users/new").get_data(as_text=True)
    response = upload(auth, (HEADER + "Q001,新人,2024-01-01,旧项目组,客服\r\n").encode("utf-8"))
    assert response.status_code == 400 and "已停用" in response.get_data(as_text=True)
    assert user_named(app, "Q001") is None
    auth.post(f"/admin/teams/{team_id}/active")
    with app.app_context():
        assert db.session.get(Team, team_id).active is True


def test_admin_buttons_without_csrf_token_change_nothing(app, client, auth, people):
    auth.login(people["admin"])
    agent = user_named(app, people["agent"])
    assert client.post(f"/admin/users/{agent.id}/active").status_code == 400
    assert client.post(f"/admin/users/{agent.id}/password").status_code == 400
    after = user_named(app, people["agent"])
    assert after.active and after.password_hash == agent.password_hash


def test_a_large_import_runs_as_a_job_whose_page_shows_progress_and_the_result(
    app, client, auth, people, tmp_path, monkeypatch
):
    import os
    import time

    from lms.services import user_import_job

    monkeypatch.setitem(app.config, "JOBS_DIR", str(tmp_path / "jobs"))
    monkeypatch.setattr(user_import_job, "JOB_ROWS", 5)
    auth.login(people["admin"])
    rows = "".join(f"J{n:04d},导入{n},2024-03-01,大批组,客服\r\n" for n in range(12))
    response = upload(auth, (HEADER + rows).encode("utf-8"))
    assert response.status_code == 302 and "/jobs/" in response.location
    for _ in range(200):
        state = client.get(response.location + ".json").get_json()
        if state["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert state["status"] == "done" and state["done"] == state["total"] == 12
    page = client.get(response.location).get_data(as_text=True)
    assert "新建 12 人" in page and "导入人员" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id)).where(User.employee_no.like("J%"))) == 12
    assert os.listdir(tmp_path / "jobs") == []  # the uploaded file is gone once read
    auth.post("/logout")
    auth.login(people["hr"])
    assert client.get(response.location).status_code == 404  # only the admin who started it sees it
