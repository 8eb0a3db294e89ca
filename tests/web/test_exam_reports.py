"""Supervisors: their team's exam results, item statistics, and scoring scenario answers by hand."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Attempt, Role, Team
from tests.factories import make_user
from tests.web.test_exams import answer_everything, attempt, items, start


def finished_attempt(app, auth, people, role: str = "agent", right: bool = True) -> int:
    """A finished attempt at the test exam "final" by ``role``."""
    auth.login(people[role])
    attempt_id = start(auth)
    answer_everything(app, auth, attempt_id, right=right)
    auth.post(f"/attempts/{attempt_id}/finish")
    auth.post("/logout")
    return attempt_id


def test_supervisor_sees_team_results_and_item_statistics(app, client, auth, people, exam_content):
    finished_attempt(app, auth, people, "agent")
    finished_attempt(app, auth, people, "new_hire", right=False)
    auth.login(people["supervisor"])
    summary = client.get("/supervisor/exams").get_data(as_text=True)
    row = summary[summary.index("开场测验") :]
    assert "<td>2</td><td>1</td><td>75.0%</td>" in row
    detail = client.get("/supervisor/exams/final").get_data(as_text=True)
    assert "李客服" in detail and "王新人" in detail and "题目分析" in detail and "1.00" in detail


def test_another_team_is_not_in_the_figures_nor_open_to_view(app, client, auth, people, exam_content):
    with app.app_context():
        team = Team(name="二组")
        db.session.add(team)
        make_user("X1", "别组客服", Role.AGENT, team=team)
        team.supervisor = make_user("S2", "别组主管", Role.SUPERVISOR)
        db.session.commit()
    theirs = finished_attempt(app, auth, {"agent": "X1"}, "agent")
    auth.login(people["supervisor"])
    assert "别组客服" not in client.get("/supervisor/exams/final").get_data(as_text=True)
    assert client.get(f"/supervisor/attempts/{theirs}").status_code == 404
    assert auth.post(f"/supervisor/attempts/{theirs}", {"position": "1", "percent": "0"}).status_code == 404


def test_supervisor_overrides_a_scenario_score_and_the_total_follows(app, client, auth, people, exam_content):
    attempt_id = finished_attempt(app, auth, people)
    scenario = [i for i in items(app, attempt_id) if i.version.type == "scenario"][0]
    other = [i for i in items(app, attempt_id) if i.version.type == "single"][0]
    auth.login(people["supervisor"])
    assert "✓ 道歉" in client.get(f"/supervisor/attempts/{attempt_id}").get_data(as_text=True)
    auth.post(f"/supervisor/attempts/{attempt_id}", {"position": scenario.position, "percent": "0"})
    assert attempt(app, attempt_id).percent == 87.5
    refused = auth.post(
        f"/supervisor/attempts/{attempt_id}", {"position": other.position, "percent": "0"}, follow_redirects=True
    )
    assert "请输入 0 到 100" in refused.get_data(as_text=True) and attempt(app, attempt_id).percent == 87.5
    auth.post(f"/supervisor/attempts/{attempt_id}", {"position": scenario.position, "percent": "150"})
    assert attempt(app, attempt_id).percent == 87.5
    with app.app_context():
        from lms.models import AuditLog

        assert (
            db.session.scalar(sa.select(AuditLog.action).where(AuditLog.action == "attempt.override"))
            == "attempt.override"
        )


def test_an_open_attempt_cannot_be_overridden(app, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    auth.post("/logout")
    auth.login(people["supervisor"])
    scenario = [i for i in items(app, attempt_id) if i.version.type == "scenario"][0]
    refused = auth.post(
        f"/supervisor/attempts/{attempt_id}", {"position": scenario.position, "percent": "0"}, follow_redirects=True
    )
    assert "还没有交卷" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).status == "in_progress"
