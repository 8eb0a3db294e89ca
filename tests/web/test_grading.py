"""Promotion exams' scenario answers wait for a person: the queue, the grading page, the award after it, refusals."""

import re
import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms import timeutil
from lms.domain.scoring import model_answer
from lms.domain.states import AttemptStatus
from lms.extensions import db
from lms.models import (
    Attempt,
    AttemptItem,
    AuditLog,
    Certificate,
    Module,
    ModuleProgress,
    Notification,
    Role,
    User,
)
from lms.services import exams, reminders
from lms.timeutil import utcnow
from tests.factories import make_other_team, make_user, profile_form
from tests.web.test_exams import answer_everything, attempt, form_fields, items, set_deadline, start
from tests.web.test_refusals import refused

PROMOTION = "promotion-junior"
#: A scenario answer with markup in it, an over-promise, and too short to judge: the rubric's idea is there.
SHORT_PROMISE = "<b>非常抱歉</b>，今天肯定到。"


def ready(app, employee_no: str) -> None:
    """Every junior rule but the exam holds: the alpha module is complete."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == employee_no))
        module = db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        db.session.add(ModuleProgress(user_id=user.id, module_id=module.id, completed_at=utcnow(), completed_version=1))
        db.session.commit()


def hand_in(app, auth, employee_no: str, scenario_answer: str | None = None) -> int:
    """Sign in as ``employee_no``, sit the promotion exam with every closed answer right, hand in; the attempt id."""
    ready(app, employee_no)
    auth.login(employee_no)
    attempt_id = start(auth, PROMOTION)
    fields = {}
    for item in items(app, attempt_id):
        given = model_answer(item.version.content)
        if item.version.type == "scenario" and scenario_answer is not None:
            given = scenario_answer
        fields.update(form_fields(item.version.content, item.position, given))
    assert auth.post(f"/attempts/{attempt_id}/finish", fields).status_code == 302
    auth.post("/logout")
    return attempt_id


def scenario_position(app, attempt_id: int) -> int:
    return next(i.position for i in items(app, attempt_id) if i.version.type == "scenario")


def marks(position: int, percent: str = "90", comment: str = "") -> dict:
    """The grading form's fields for one scenario answer."""
    return {"marks-0-position": str(position), "marks-0-percent": percent, "marks-0-comment": comment}


def certificates(app) -> list[tuple[str, int | None]]:
    with app.app_context():
        return [(c.number, c.attempt_id) for c in db.session.scalars(sa.select(Certificate))]


def test_a_promotion_paper_with_a_scenario_answer_waits_for_a_grader(app, client, auth, people, promotion_content):
    attempt_id = hand_in(app, auth, people["agent"])
    row = attempt(app, attempt_id)
    assert row.status == AttemptStatus.AWAITING_GRADING and row.finished_at is not None
    assert (row.score, row.percent, row.passed) == (None, None, None)
    assert [i.score for i in items(app, attempt_id)] == [1.0] * 8  # closed answers scored, the scenario suggested
    assert certificates(app) == []
    auth.login(people["agent"])
    result = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert 'data-test="awaiting-grading"' in result and "badge-done" not in result and "100.0%" not in result
    overview = client.get(f"/exams/{PROMOTION}").get_data(as_text=True)
    assert "待评分" in overview and "正在等待评分" in overview and "开始考试" not in overview
    again = auth.post(f"/exams/{PROMOTION}/start", follow_redirects=True).get_data(as_text=True)
    assert "现在不能开始新的考试" in again
    assert "待评分" in client.get("/exams").get_data(as_text=True)
    level = client.get("/level").get_data(as_text=True)
    assert "✗ 晋级考试：答卷已交，等待评分（需达到 75 分）" in level and "晋级考试待评分" in level
    assert "可以参加晋级考试" not in level and "参加初级客服晋级考试" not in level
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 1


def test_a_module_quiz_keeps_its_automatic_score(app, auth, people, promotion_content):
    auth.login(people["agent"])
    attempt_id = start(auth, "final")
    assert auth.post(f"/attempts/{attempt_id}/finish").status_code == 302
    assert attempt(app, attempt_id).status == AttemptStatus.FINISHED


def test_a_promotion_paper_whose_time_ran_out_waits_too(app, client, auth, people, promotion_content):
    ready(app, people["agent"])
    auth.login(people["agent"])
    attempt_id = start(auth, PROMOTION)
    set_deadline(app, attempt_id, -timedelta(minutes=5))
    response = client.get(f"/attempts/{attempt_id}")
    assert response.status_code == 302 and response.location.endswith("/result")
    row = attempt(app, attempt_id)
    assert row.status == AttemptStatus.AWAITING_GRADING and row.timed_out and row.percent is None


def test_the_supervisor_grades_from_the_queue_and_the_level_follows(app, client, auth, people, promotion_content):
    attempt_id = hand_in(app, auth, people["agent"], SHORT_PROMISE)
    position = scenario_position(app, attempt_id)
    auth.login(people["supervisor"])
    overview = client.get("/supervisor/").get_data(as_text=True)
    assert re.search(r'data-test="grading"><a href="/grading/"><strong>1</strong>待评分答卷', overview)
    assert re.search(r'exam-ready"><strong>0</strong>可参加晋级考试', overview)  # it is handed in
    assert "晋级考试待评分" in client.get("/supervisor/overview/level").get_data(as_text=True)
    assert '<a href="/grading/"' in overview[: overview.index("</nav>")]  # in the menu too
    queue = client.get("/grading/").get_data(as_text=True)
    assert "李客服" in queue and f'href="/grading/{attempt_id}"' in queue and "初级客服晋级考试" in queue
    for listed in (f"/supervisor/exams/{PROMOTION}", f"/supervisor/exams/{PROMOTION}?result=awaiting"):
        results = client.get(listed).get_data(as_text=True)
        assert "李客服" in results and "badge-in_progress" in results and f'href="/grading/{attempt_id}"' in results
    for other in ("passed", "failed"):
        assert "李客服" not in client.get(f"/supervisor/exams/{PROMOTION}?result={other}").get_data(as_text=True)
    export = client.get(f"/supervisor/exams/{PROMOTION}/export.csv").get_data(as_text=True)
    assert "李客服" in export and "待评分" in export
    page = client.get(f"/grading/{attempt_id}").get_data(as_text=True)
    assert "客户抱怨久等，你怎么回答？" in page
    assert "&lt;b&gt;非常抱歉&lt;/b&gt;，今天肯定到。" in page and "<b>非常抱歉</b>" not in page
    assert "✓ 道歉（占100%）" in page and "关键词：抱歉、对不起" in page
    assert "太短：去掉题目原文后不足 20 字" in page and "过度承诺（保证做不到的结果）" in page
    assert "扣分的说法：“今天肯定到”" in page
    assert "建议分：30%（0.3 / 1 分）" in page and 'value="30"' in page  # the idea (100%) less 25%, capped at 30%
    assert "非常抱歉让您久等了" in page  # the model answer, folded away
    response = auth.post(f"/grading/{attempt_id}", marks(position, "90", "道歉很及时；不要承诺送达时间。"))
    assert response.status_code == 302 and response.location == "/grading/"
    done = client.get("/grading/").get_data(as_text=True)
    assert "已完成 李客服 的评分：总分 98.8%，通过。" in done and "李客服 已取得初级客服，证书编号" in done
    assert "目前没有等待您评分的答卷" in done
    row = attempt(app, attempt_id)
    assert (row.status, row.percent, row.passed) == (AttemptStatus.FINISHED, 98.75, True)
    with app.app_context():
        grader = db.session.get(User, row.graded_by_id)
        assert grader.employee_no == people["supervisor"] and row.graded_at is not None
    item = next(i for i in items(app, attempt_id) if i.position == position)
    assert (item.override, item.score, item.comment) == (0.9, 0.9, "道歉很及时；不要承诺送达时间。")
    assert [attempt_id] == [at for _number, at in certificates(app)]
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "attempt.grade"))
        assert entry is not None and entry.object_id == str(attempt_id)
    auth.post("/logout")
    auth.login(people["agent"])
    result = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "98.8%" in result and "badge-done" in result and "恭喜！您已取得初级客服" in result
    assert "评分人的评语" in result and "道歉很及时；不要承诺送达时间。" in result
    assert "本题得分 0.9 / 1" in result
    assert "当前等级：初级客服" in client.get("/level").get_data(as_text=True)
    auth.post("/language", {"locale": "en"})
    english = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "You are now a Junior agent, certificate number" in english  # the level named in English, not 初级客服


def test_a_failing_total_decides_the_attempt_without_an_award(app, client, auth, people, promotion_content):
    ready(app, people["agent"])
    auth.login(people["agent"])
    attempt_id = start(auth, PROMOTION)
    answer_everything(app, auth, attempt_id, right=False)  # four closed answers wrong
    auth.post(f"/attempts/{attempt_id}/finish")
    auth.post("/logout")
    auth.login(people["supervisor"])
    response = auth.post(f"/grading/{attempt_id}", marks(scenario_position(app, attempt_id), "100"))
    assert "已完成 李客服 的评分：总分 50.0%，未通过。" in client.get(response.location).get_data(as_text=True)
    row = attempt(app, attempt_id)
    assert (row.status, row.percent, row.passed) == (AttemptStatus.FINISHED, 50.0, False)
    assert certificates(app) == []
    auth.post("/logout")
    auth.login(people["agent"])
    assert "开始考试" in client.get(f"/exams/{PROMOTION}").get_data(as_text=True)  # the second of two attempts


@pytest.mark.parametrize("role", ["agent", "new_hire", "hr", "admin"])
def test_who_is_not_a_grader_is_refused(app, client, auth, people, promotion_content, role):
    attempt_id = hand_in(app, auth, people["agent"])
    auth.login(people[role])
    path = f"/grading/{attempt_id}"
    assert client.get("/grading/").status_code == 403
    assert client.get(path).status_code == 403
    refused(app, lambda: auth.post(path, marks(scenario_position(app, attempt_id))), 403, "没有权限")
    assert 'href="/grading/"' not in client.get("/").get_data(as_text=True)


def test_grading_refuses_other_teams_bad_numbers_and_a_second_grading(app, client, auth, people, promotion_content):
    attempt_id = hand_in(app, auth, people["agent"])
    position = scenario_position(app, attempt_id)
    path = f"/grading/{attempt_id}"
    make_other_team(app)
    auth.login("S2")
    assert "目前没有等待您评分的答卷" in client.get("/grading/").get_data(as_text=True)
    assert client.get(path).status_code == 404
    refused(app, lambda: auth.post(path, marks(position)), 404, "页面不存在")
    auth.post("/logout")
    auth.login(people["supervisor"])
    range_error, not_a_number = "得分应在 0 到 100 之间（百分比）。", "得分应是 0 到 100 之间的数字。"
    for percent, message, not_said in (
        ("150", range_error, not_a_number),
        ("-5", range_error, not_a_number),
        ("", "请给这道题打分：0 到 100 之间的百分比。", not_a_number),
        ("很好", not_a_number, range_error),  # one message: not a number, not also "out of range"
    ):
        page = refused(app, lambda percent=percent: auth.post(path, marks(position, percent)), 400, message)
        assert not_said not in page.get_data(as_text=True)
    refused(app, lambda: auth.post(path, marks(position, "50", "长" * 501)), 400, "评语最多 500 个字。")
    refused(app, lambda: auth.post(path, marks(position + 100)), 400, "每道情景题都要打分，且只能打一次")
    empty = refused(app, lambda: auth.post(path, {}), 400, "评分没有保存")
    assert 'name="marks-0-percent"' in empty.get_data(as_text=True)  # the answers are shown again to grade
    refused(app, lambda: client.post(path, data=marks(position)), 400, "安全校验")
    hand_score = {"position": position, "percent": "50"}  # the old one-answer form does not decide an attempt
    hand = refused(app, lambda: auth.post(f"/supervisor/attempts/{attempt_id}", hand_score, follow_redirects=True), 200)
    assert "这份答卷正在等待评分，请在评分页面一次评完全部情景题。" in hand.get_data(as_text=True)
    with app.app_context():  # another grader is first
        grader = make_user("G1", "郑评分", Role.HR)
        grader.grader = True
        db.session.commit()
        row = db.session.get(Attempt, attempt_id)
        exams.grade(grader, row, [exams.Mark(position, 1.0)])
    second = refused(app, lambda: auth.post(path, marks(position, "10"), follow_redirects=True), 200)
    assert "李客服 的这份答卷已由 郑评分 完成评分，不能再改。" in second.get_data(as_text=True)
    assert "已由 郑评分 完成评分" in client.get(path, follow_redirects=True).get_data(as_text=True)
    assert attempt(app, attempt_id).percent == 100.0


def test_a_designated_grader_grades_every_learner_but_never_themselves(app, client, auth, people, promotion_content):
    agent_id, form = profile_form(app, people["agent"], grader="y")
    auth.login(people["admin"])
    assert "指定为评分员" in client.get(f"/admin/users/{agent_id}").get_data(as_text=True)
    assert auth.post(f"/admin/users/{agent_id}", form).status_code == 302
    assert "林管理 修改了 李客服 的资料：评分员 否 → 是" in client.get("/admin/audit").get_data(as_text=True)
    auth.post("/logout")
    make_other_team(app)
    other = hand_in(app, auth, "X1")
    own = hand_in(app, auth, people["agent"])
    auth.login(people["agent"])
    assert '<a href="/grading/"' in client.get("/").get_data(as_text=True)
    queue = client.get("/grading/").get_data(as_text=True)
    assert f'href="/grading/{other}"' in queue and f'href="/grading/{own}"' not in queue and "您是评分员" in queue
    assert client.get(f"/grading/{own}").status_code == 404
    refused(app, lambda: auth.post(f"/grading/{own}", marks(scenario_position(app, own))), 404)
    assert auth.post(f"/grading/{other}", marks(scenario_position(app, other), "100")).status_code == 302
    assert attempt(app, other).status == AttemptStatus.FINISHED
    assert attempt(app, own).status == AttemptStatus.AWAITING_GRADING


def test_graders_are_reminded_and_the_reminder_leads_to_the_queue(app, client, auth, people, promotion_content):
    attempt_id = hand_in(app, auth, people["agent"])
    with app.app_context():
        grader = make_user("G1", "郑评分", Role.HR)
        grader.grader = True
        db.session.commit()
        assert reminders.make(timeutil.today()) == 2
        rows = db.session.execute(sa.select(User.employee_no, Notification.key, Notification.id).join(User)).all()
    assert {(number, key) for number, key, _id in rows} == {
        (people["supervisor"], f"grading:attempt-{attempt_id}"),
        ("G1", f"grading:attempt-{attempt_id}"),
    }
    notification = next(i for number, _key, i in rows if number == people["supervisor"])
    auth.login(people["supervisor"])
    assert "李客服 交了晋级考试“初级客服晋级考试”，情景题等待您评分。" in client.get("/notifications").get_data(
        as_text=True
    )
    assert client.get(f"/notifications/{notification}").location == "/grading/"
    auth.post(f"/grading/{attempt_id}", marks(scenario_position(app, attempt_id)))
    with app.app_context():
        assert reminders.make(timeutil.today()) == 0


def test_two_graders_at_once_grade_once(app, auth, people, promotion_content, monkeypatch):
    attempt_id = hand_in(app, auth, people["agent"])
    position = scenario_position(app, attempt_id)
    with app.app_context():
        grader = make_user("G1", "郑评分", Role.HR)
        grader.grader = True
        db.session.commit()
        ids = [grader.id, db.session.scalar(sa.select(User.id).where(User.employee_no == people["supervisor"]))]
    real_grade, graded, outcomes = exams._grade, [], []

    def slow_grade(row):
        graded.append(row.id)
        time.sleep(0.3)  # keep the first grading inside its transaction while the second arrives
        real_grade(row)

    monkeypatch.setattr(exams, "_grade", slow_grade)

    def grade(user_id: int, fraction: float):
        with app.app_context():
            user, row = db.session.get(User, user_id), db.session.get(Attempt, attempt_id)
            try:
                outcomes.append(exams.grade(user, row, [exams.Mark(position, fraction)]).percent)
            except exams.AlreadyGraded:
                outcomes.append("already")
            db.session.remove()

    threads = [threading.Thread(target=grade, args=(user_id, f)) for user_id, f in zip(ids, (1.0, 0.5), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert graded == [attempt_id]
    assert sorted(map(str, outcomes)) in (["100.0", "already"], ["93.75", "already"])
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditLog.id)).where(AuditLog.action == "attempt.grade")) == 1
        assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 1
        override = sa.select(AttemptItem.override).where(
            AttemptItem.attempt_id == attempt_id, AttemptItem.position == position
        )
        assert db.session.scalar(override) in (1.0, 0.5)
