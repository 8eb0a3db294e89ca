"""The supervisor's team list and HR's directory show only what each may see."""

from lms.extensions import db
from lms.models import Role, Team
from tests.factories import make_user


def test_supervisor_sees_own_team_only(app, client, auth, people):
    with app.app_context():
        other = Team(name="售后二组")
        db.session.add(other)
        make_user("OT1", "别组客服", Role.AGENT, team=other)
        db.session.commit()
    auth.login(people["supervisor"])
    page = client.get("/team").get_data(as_text=True)
    assert "李客服" in page and "王新人" in page and "别组客服" not in page


def test_supervisor_without_team_is_told_what_to_do(app, client, auth, people):
    with app.app_context():
        make_user("S9", "新主管", Role.SUPERVISOR)
        db.session.commit()
    auth.login("S9")
    assert "没有带领任何团队" in client.get("/team").get_data(as_text=True)


def test_hr_directory_filters_by_role_and_status(app, client, auth, people):
    with app.app_context():
        make_user("OLD1", "离职员工", Role.AGENT, active=False)
        db.session.commit()
    auth.login(people["hr"])
    assert "离职员工" not in client.get("/people").get_data(as_text=True)
    assert "离职员工" in client.get("/people?status=inactive").get_data(as_text=True)
    by_role = client.get("/people?role=new_hire").get_data(as_text=True)
    assert "王新人" in by_role and "李客服" not in by_role
