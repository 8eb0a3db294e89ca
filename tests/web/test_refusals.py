"""Every form post refuses the wrong role, a missing CSRF token and bad values with a readable page, writing nothing."""

import re

import pytest
import sqlalchemy as sa

from lms.domain import competency
from lms.extensions import db
from lms.models import Attempt, Certificate, CustomerMessage, ReplySession, Role, TypingResult, User
from lms.services import answer_saves, exams
from lms.timeutil import utcnow
from tests.factories import make_user
from tests.web.test_exams import items
from tests.web.test_exams import start as start_exam
from tests.web.test_quick_replies import start as start_replies
from tests.web.test_scope import _certificate
from tests.web.test_typing import start as start_typing


def database(app) -> dict[str, list[str]]:
    """Every row of every table, to compare before and after a refused post."""
    with app.app_context():
        return {
            table.name: sorted(repr(row) for row in db.session.execute(sa.select(table)).all())
            for table in db.metadata.sorted_tables
        }


def refused(app, post, status: int, message: str | None = None):
    """Make the post; it must answer ``status`` (with ``message`` on the page it leads to) and change nothing."""
    before = database(app)
    response = post()
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert database(app) == before
    if message is not None:
        assert message in response.get_data(as_text=True)
    return response


def user_id(app, employee_no: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.employee_no == employee_no))


@pytest.fixture
def certificate(app, people) -> str:
    """The agent's certificate number."""
    with app.app_context():
        number = _certificate(db.session.scalar(sa.select(User.id).where(User.employee_no == people["agent"])))
        db.session.commit()
    return number


def test_revoking_needs_a_reason_and_the_confirmation(app, client, auth, people, certificate):
    path = f"/hr/certificates/{certificate}/revoke"
    auth.login(people["hr"])
    page = client.get(path).get_data(as_text=True)
    assert "李客服" in page and certificate in page and "我确认撤销这张证书" in page
    cases = [
        ({"reason": "考试作弊"}, "请勾选“我确认撤销这张证书”，否则证书不会被撤销。"),
        ({"reason": "   ", "confirm": "y"}, "撤销证书必须填写原因。"),
        ({"confirm": "y"}, "撤销证书必须填写原因。"),
        ({"reason": "长" * 501, "confirm": "y"}, "撤销原因最多 500 字。"),
    ]
    for data, message in cases:
        refused(app, lambda data=data: auth.post(path, data), 400, message)
    refused(app, lambda: client.post(path, data={"reason": "考试作弊", "confirm": "y"}), 400, "安全校验")
    refused(app, lambda: auth.post("/hr/certificates/2345678923456/revoke", {"reason": "x", "confirm": "y"}), 404)
    assert auth.post(path, {"reason": " 考试作弊 ", "confirm": "y"}).status_code == 302
    with app.app_context():
        row = db.session.scalar(sa.select(Certificate))
        assert row.revoked_reason == "考试作弊" and row.revoked_at is not None
    again = refused(app, lambda: auth.post(path, {"reason": "再次", "confirm": "y"}, follow_redirects=True), 200)
    assert "该证书已经撤销" in again.get_data(as_text=True)


def test_the_revocation_refusal_follows_the_language(app, client, auth, people, certificate):
    auth.login(people["hr"])
    auth.post("/language", {"locale": "en"})
    response = refused(app, lambda: auth.post(f"/hr/certificates/{certificate}/revoke", {"reason": "x"}), 400)
    assert "otherwise the certificate is not revoked" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["supervisor", "admin", "agent"])
def test_only_hr_revokes(app, client, auth, people, certificate, role):
    auth.login(people[role])
    path = f"/hr/certificates/{certificate}/revoke"
    assert client.get(path).status_code == 403
    refused(app, lambda: auth.post(path, {"reason": "x", "confirm": "y"}), 403)


@pytest.fixture
def finished(app, people, exam_content) -> int:
    """A finished attempt at "final" by the agent, every answer right."""
    from lms.domain.scoring import model_answer

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == people["agent"]))
        attempt = exams.start(user, exams.active_exam("final"))
        for item in attempt.items:
            answer_saves.save_item(item, model_answer(item.version.content))
        return exams.finish(attempt.id).id


def test_a_hand_score_needs_a_scenario_and_a_percentage(app, client, auth, people, finished):
    scenario = next(i.position for i in items(app, finished) if i.version.type == "scenario")
    single = next(i.position for i in items(app, finished) if i.version.type == "single")
    path = f"/supervisor/attempts/{finished}"
    auth.login(people["supervisor"])
    for data in (
        {"position": scenario, "percent": "abc"},
        {"position": scenario, "percent": "-1"},
        {"position": scenario, "percent": "100.5"},
        {"position": scenario},
        {"position": "x", "percent": "50"},
        {"position": "99", "percent": "50"},
        {"position": single, "percent": "50"},
    ):
        refused(app, lambda data=data: auth.post(path, data, follow_redirects=True), 200, "请输入 0 到 100 之间的分数")
    refused(app, lambda: client.post(path, data={"position": scenario, "percent": "50"}), 400)
    auth.post("/logout")
    auth.login(people["agent"])
    refused(app, lambda: auth.post(path, {"position": scenario, "percent": "0"}), 403)


def test_ratings_and_violations_refuse_bad_values(app, client, auth, people, exam_content):
    path = f"/team/people/{user_id(app, people['agent'])}"
    rating = f"{path}/rating"
    ratings = {f"c-{code}": "4" for code in competency.WEIGHTS}
    today = utcnow().date().isoformat()
    auth.login(people["supervisor"])
    refused(app, lambda: auth.post(rating, {"c-submit": "1", **ratings, "c-customer_info": "9"}), 200, "不是有效的选择")
    refused(app, lambda: auth.post(rating, {"c-submit": "1", **ratings, "c-customer_info": "x"}), 200)
    violation = {"v-submit": "1", "v-code": "quarrel", "v-day": today, "v-note": ""}
    refused(app, lambda: auth.post(path, {**violation, "v-code": "nope"}), 200, "不是有效的选择")
    refused(app, lambda: auth.post(path, {**violation, "v-day": "2999-01-01"}), 200, "日期不能晚于今天")
    refused(app, lambda: auth.post(path, {**violation, "v-day": "昨天"}), 200)
    refused(app, lambda: auth.post(path, {**violation, "v-note": "长" * 501}), 200)
    refused(app, lambda: auth.post(path, {**ratings, "c-submit": "1"}), 200)  # a rating is not taken on this page
    for where, data in ((rating, {"c-submit": "1", **ratings}), (path, violation)):
        refused(app, lambda where=where, data=data: client.post(where, data=data), 400)
    for role in ("hr", "agent"):
        auth.post("/logout")
        auth.login(people[role])
        refused(app, lambda: auth.post(rating, {"c-submit": "1", **ratings}), 403)
        refused(app, lambda: auth.post(path, violation), 403)


def test_language_refusals_change_nothing(app, client, auth, people):
    auth.login(people["agent"])
    refused(app, lambda: auth.post("/language", {"locale": "fr"}, follow_redirects=True), 200, "不支持该语言")
    refused(app, lambda: auth.post("/language", {}, follow_redirects=True), 200, "不支持该语言")
    refused(app, lambda: client.post("/language", data={"locale": "en"}), 400)


def test_typing_refusals_change_nothing(app, client, auth, people, drill_content):
    auth.login(people["agent"])
    result_id = start_typing(auth)
    path = f"/drills/typing/results/{result_id}"
    bad = refused(app, lambda: auth.post(path, {"typed": "您好", "client_seconds": "abc"}, follow_redirects=True), 200)
    assert "浏览器记录的用时无效" in bad.get_data(as_text=True)
    refused(app, lambda: auth.post(path, {"typed": "您好", "client_seconds": "-3"}), 302)
    refused(app, lambda: client.post(path, data={"typed": "您好", "client_seconds": "3"}), 400)
    auth.post("/logout")
    auth.login(people["new_hire"])
    refused(app, lambda: auth.post(path, {"typed": "您好", "client_seconds": "3"}), 404)
    auth.post("/logout")
    auth.login(people["supervisor"])
    refused(app, lambda: auth.post(path, {"typed": "您好", "client_seconds": "3"}), 403)
    with app.app_context():
        assert db.session.get(TypingResult, result_id).finished_at is None


def test_quick_reply_refusals_change_nothing(app, client, auth, people, drill_content):
    auth.login(people["agent"])
    for data in ({"mode": "guess"}, {"mode": "recall", "category": "没有的类别"}, {}):
        refused(app, lambda data=data: auth.post("/drills/replies", data), 200, "请选择练习方式和话术类别")
    refused(app, lambda: client.post("/drills/replies", data={"mode": "recall"}), 400)
    session_id = start_replies(auth, "recall")
    path = f"/drills/replies/{session_id}"
    client.get(path)  # the server shows the first message
    for data, message in (
        ({"position": "1", "answer": "长" * 1001}, "回复最多 1000 字"),
        ({"position": "x", "answer": "/fh"}, "回复没有发送成功"),
        ({"answer": "/fh"}, "回复没有发送成功"),
    ):
        response = refused(app, lambda data=data: auth.post(path, data), 200)
        assert message in response.get_data(as_text=True)
    refused(app, lambda: client.post(path, data={"position": "1", "answer": "/fh"}), 400)
    auth.post("/logout")
    auth.login(people["new_hire"])
    refused(app, lambda: auth.post(path, {"position": "1", "answer": "/fh"}), 404)
    with app.app_context():
        assert all(turn.answered_at is None for turn in db.session.get(ReplySession, session_id).turns)


def test_a_category_without_messages_is_explained(app, auth, people, drill_content):
    with app.app_context():
        db.session.execute(sa.update(CustomerMessage).values(active=False))
        db.session.commit()
    auth.login(people["agent"])
    refused(app, lambda: auth.post("/drills/replies", {"mode": "recall"}), 200, "这个类别还没有客户消息")


def test_exam_post_refusals_change_nothing(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start_exam(auth)
    save, finish = f"/attempts/{attempt_id}/answers/1", f"/attempts/{attempt_id}/finish"
    refused(app, lambda: client.post(save, data={"q1__shown": "1", "q1": "0"}), 400)
    refused(app, lambda: client.post(finish, data={}), 400)
    refused(app, lambda: auth.post(f"/attempts/{attempt_id}/answers/99", {"q99__shown": "1", "q99": "0"}), 404)
    auth.post("/logout")
    auth.login(people["new_hire"])
    refused(app, lambda: auth.post(save, {"q1__shown": "1", "q1": "0"}), 404)
    refused(app, lambda: auth.post(finish), 404)
    auth.post("/logout")
    auth.login(people["supervisor"])
    refused(app, lambda: auth.post(finish), 403)
    auth.post("/logout")
    auth.login(people["agent"])
    for item in items(app, attempt_id):  # nonsense in every field is stored as "no answer", never a 500
        name = f"q{item.position}"
        junk = {f"{name}__shown": "1", name: "99", f"{name}_0": "x", f"{name}_1": "-1"}
        assert auth.post(f"/attempts/{attempt_id}/answers/{item.position}", junk).status_code == 200
    assert all(item.answer in (None, [], "99") for item in items(app, attempt_id))
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).status == "in_progress"


def test_admin_refusals_change_nothing(app, auth, people):
    auth.login(people["admin"])
    me = user_id(app, people["admin"])
    refused(app, lambda: auth.post(f"/admin/users/{me}/active", follow_redirects=True), 200, "不能停用自己的账号")
    with app.app_context():
        team_id = db.session.scalar(sa.select(User.team_id).where(User.employee_no == people["agent"]))
    refused(app, lambda: auth.post(f"/admin/teams/{team_id}/active", follow_redirects=True), 200, "名在职成员")
    refused(app, lambda: auth.post("/admin/users/99999/active"), 404)


def test_a_refused_password_change_changes_nothing(app, auth, people):
    auth.login(people["agent"])
    for data in (
        {"current": "wrong-pass1", "new": "newpass99", "repeat": "newpass99"},
        {"current": "pass1234", "new": "short1", "repeat": "short1"},
    ):
        refused(app, lambda data=data: auth.post("/password", data), 200)


def test_a_supervisor_of_no_team_assesses_no_one(app, client, auth, people):
    with app.app_context():
        make_user("S9", "新主管", Role.SUPERVISOR)
        db.session.commit()
    auth.login("S9")
    path = f"/team/people/{user_id(app, people['agent'])}"
    refused(app, lambda: auth.post(path, {"c-submit": "1", **{f"c-{c}": "4" for c in competency.WEIGHTS}}), 404)
    assert re.search("没有带领任何团队", client.get("/team").get_data(as_text=True))
