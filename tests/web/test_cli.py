"""The ``lms`` commands: import-users (as an HR system's nightly sync runs it) and seed-demo."""

import csv

import sqlalchemy as sa

from lms import timeutil
from lms.extensions import db
from lms.models import User
from lms.services import demo

HEADER = "工号,姓名,入职日期,团队,角色\n"


def numbers(app) -> list[str]:
    """Every employee number, sorted."""
    with app.app_context():
        return sorted(db.session.scalars(sa.select(User.employee_no)))


def test_import_users_imports_a_gbk_file_and_writes_temporary_passwords(app, runner, tmp_path):
    source = tmp_path / "hr.csv"
    source.write_bytes((HEADER + "C001,欧阳娜娜,2024-03-01,售后一组,客服\nC002,司马昇,2023/1/9,,主管\n").encode("gbk"))
    out = tmp_path / "passwords.csv"
    result = runner.invoke(args=["import-users", str(source), "--passwords-out", str(out)])
    assert result.exit_code == 0, result.output
    assert "新建 2 人" in result.output
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["工号"], r["姓名"]) for r in rows] == [("C001", "欧阳娜娜"), ("C002", "司马昇")]
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == "C001"))
        assert user.check_password(rows[0]["临时密码"]) and user.must_change_password


def test_import_users_twice_changes_nothing_the_second_time(app, runner, tmp_path):
    source = tmp_path / "hr.csv"
    source.write_text(HEADER + "C001,欧阳娜娜,2024-03-01,售后一组,客服\n", encoding="utf-8")
    runner.invoke(args=["import-users", str(source)])
    result = runner.invoke(args=["import-users", str(source)])
    assert result.exit_code == 0 and "新建 0 人，更新 0 人，未变 1 人" in result.output


def test_import_users_exits_non_zero_on_a_bad_file_and_writes_nothing(app, runner, tmp_path):
    source = tmp_path / "hr.csv"
    source.write_text(HEADER + "C001,好人,2024-03-01,售后一组,客服\nC002,,2024-03-01,售后一组,客服\n", encoding="utf-8")
    result = runner.invoke(args=["import-users", str(source)])
    assert result.exit_code == 1
    assert f"{source}:3: 姓名不能为空。" in result.output and "未导入任何人员" in result.output
    assert numbers(app) == []


def test_a_team_leader_role_is_a_line_error_not_a_supervisor(app, runner, tmp_path):
    source = tmp_path / "hr.csv"
    source.write_text(HEADER + "C001,好人,2024-03-01,售后一组,客服\nC002,陈组长,2024-03-01,售后一组,组长\n", "utf-8")
    result = runner.invoke(args=["import-users", str(source)])
    assert result.exit_code == 1 and numbers(app) == []
    assert f"{source}:3: 角色“组长”无法识别：只接受 新员工、客服、主管、人事、管理员、new_hire" in result.output


def test_import_users_refuses_an_unknown_encoding(app, runner, tmp_path):
    source = tmp_path / "hr.csv"
    source.write_bytes(b"\xff\xfe\x00\x81\x30")
    result = runner.invoke(args=["import-users", str(source)])
    assert result.exit_code == 1 and "编码无法识别" in result.output


def test_seed_demo_is_idempotent_and_prints_the_logins(app, runner):
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert "（新建）" in first.output and "（已存在，未改动）" in second.output
    assert "D3001" in second.output and demo.PASSWORD in second.output
    assert numbers(app) == sorted(number for number, _, _ in demo.LOGINS)


def test_demo_people_cover_every_tenure_the_levels_need(app, runner):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        users = db.session.scalars(sa.select(User).where(User.role.in_(["new_hire", "agent"]))).all()
        days = sorted((timeutil.today() - user.hire_date).days for user in users)
    assert days[0] <= 7 and 90 <= days[1] < 365 and 365 <= days[2] < 730 and days[3] >= 730


def test_import_users_refuses_a_deactivated_team_by_line(app, runner, tmp_path):
    from lms.models import Team

    with app.app_context():
        db.session.add(Team(name="旧项目组", active=False))
        db.session.commit()
    source = tmp_path / "hr.csv"
    source.write_text(HEADER + "C001,甲,2024-03-01,售后一组,客服\nC002,乙,2024-03-01,旧项目组,客服\n", encoding="utf-8")
    result = runner.invoke(args=["import-users", str(source)])
    assert result.exit_code == 1 and f"{source}:3: 团队“旧项目组”已停用" in result.output
    assert numbers(app) == []


def test_the_demo_completes_modules_only_as_a_learner_would(app, runner, real_content):
    """Every module the demo marks complete has every section read and its quiz passed (never 已完成 at 0%)."""
    from lms.models import Module, ModuleProgress
    from lms.services import learning

    runner.invoke(args=["seed-demo"])
    with app.app_context():
        rows = db.session.scalars(sa.select(ModuleProgress).where(ModuleProgress.completed_at.is_not(None))).all()
        assert len(rows) >= 12
        for row in rows:
            state = learning.module_state(db.session.get(User, row.user_id), db.session.get(Module, row.module_id))
            assert state.complete and state.all_read and state.quiz_passed is not False, row.module_id


def test_the_demo_agents_have_review_cards_due_and_the_new_hire_none(app, runner, real_content):
    """So 班前五分钟 has a session to show on `make run` (and the new hire sees what to do to get cards)."""
    from lms.services import review_daily
    from lms.timeutil import utcnow

    runner.invoke(args=["seed-demo"])
    with app.app_context():
        people = {u.employee_no: u for u in db.session.scalars(sa.select(User))}
        for number in ("D3002", "D3003", "D3004"):
            assert len(review_daily.session(people[number], utcnow())) == 10, number
        assert review_daily.session(people["D3001"], utcnow()) == []
