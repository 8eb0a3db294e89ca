"""Quick-reply drills: the server's times, right replies by shortcut, fidelity when typed out, session figures."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms import timeutil
from lms.extensions import db
from lms.models import DrillAssignment, ReplySession, ReplyTurn, User
from lms.services import level_facts

FULL = {
    "fh-time": "亲，您的订单会在付款后48小时内发出，发货后会短信通知您。",
    "kd-which": "亲，我们默认使用中通快递，如需其他快递请留言说明。",
}
SHORTCUT = {"fh-time": "/fh", "kd-which": "/kd"}


def start(auth, mode: str, category: str = "") -> int:
    """Start a session; its id."""
    response = auth.post("/drills/replies", {"mode": mode, "category": category})
    assert response.status_code == 302, response.get_data(as_text=True)[:200]
    return int(re.search(r"/drills/replies/(\d+)", response.location).group(1))


def waiting(app, session_id: int) -> ReplyTurn | None:
    """The turn waiting for an answer, detached with its message."""
    with app.app_context():
        session = db.session.get(ReplySession, session_id)
        turn = next((t for t in session.turns if t.answered_at is None), None)
        if turn is not None:
            turn.message.replies  # noqa: B018
            db.session.expunge_all()
        return turn


def shown_seconds_ago(app, turn_id: int, seconds: float) -> None:
    """Pretend the server showed the message ``seconds`` ago."""
    with app.app_context():
        turn = db.session.get(ReplyTurn, turn_id)
        turn.sent_at -= timedelta(seconds=seconds)
        db.session.commit()


def test_recognition_session_scores_shortcuts_and_times_from_the_server(app, client, auth, people, drill_content):
    auth.login(people["agent"])
    session_id = start(auth, "recognition")
    for index in range(3):
        client.get(f"/drills/replies/{session_id}")
        turn = waiting(app, session_id)
        shown_seconds_ago(app, turn.id, 2 + index * 2)
        answer = SHORTCUT[turn.message.replies[0]] if index < 2 else "/zz"
        auth.post(f"/drills/replies/{session_id}", {"position": turn.position, "answer": answer})
    with app.app_context():
        session = db.session.get(ReplySession, session_id)
        assert [t.right for t in session.turns] == [True, True, False]
        assert [round(t.seconds) for t in session.turns] == [2, 4, 6]
        assert (session.share_right, session.mean_fidelity) == (0.6667, None)
        assert (session.mean_seconds, session.p90_seconds) == (pytest.approx(4.0, abs=0.5), pytest.approx(6.0, abs=0.5))
    page = client.get(f"/drills/replies/{session_id}").get_data(as_text=True)
    assert "67%" in page and "本次成绩" in page
    assert (
        "一致度" not in page and "响应时间从服务器发出消息算到收到回复。" in page
    )  # by shortcut: no fidelity to explain


def recall_once(app, client, auth, typed: str, seconds: float, category: str = "快递", **form) -> ReplySession:
    """A recall session of the one 快递 message, answered with ``typed`` ``seconds`` after it was shown; detached."""
    response = auth.post("/drills/replies", {"mode": "recall", "category": category, **form})
    session_id = int(re.search(r"/drills/replies/(\d+)", response.location).group(1))
    client.get(f"/drills/replies/{session_id}")
    turn = waiting(app, session_id)
    shown_seconds_ago(app, turn.id, seconds)
    auth.post(f"/drills/replies/{session_id}", {"position": turn.position, "answer": typed})
    with app.app_context():
        session = db.session.get(ReplySession, session_id)
        session.turns  # noqa: B018
        db.session.expunge_all()
        return session


def test_recall_is_right_only_word_for_word_after_folding_width_and_spaces(app, client, auth, people, drill_content):
    auth.login(people["agent"])
    folded = FULL["kd-which"].replace("中通", "中通 ").replace("。", ".").replace("，", ",")
    exact = recall_once(app, client, auth, folded, 20)
    assert (exact.threshold, exact.turns[0].right, exact.turns[0].fidelity, exact.refused) == (1.0, True, 1.0, 0)
    assert exact.share_right == 1.0 and exact.finished_at is not None


def test_a_reply_at_90_percent_fidelity_does_not_count_under_word_for_word(app, client, auth, people, drill_content):
    """The issue's finding: 90% fidelity was marked ✓ under a label that says 一字不差."""
    auth.login(people["agent"])
    typed = FULL["kd-which"][:-3] + "吧"  # 23 of 25 characters kept, two dropped and one changed: 88%
    session = recall_once(app, client, auth, typed, 20)
    turn = session.turns[0]
    assert 0.85 < turn.fidelity < 0.95 and turn.right is False and session.share_right == 0.0
    page = client.get(f"/drills/replies/{session.id}").get_data(as_text=True)
    assert "✗" in page and "要求：一字不差" in page
    assert '<span class="run-extra">吧</span>' in page and '<span class="run-missing">说明.</span>' in page


def test_a_reply_from_another_category_does_not_count(app, client, auth, people, drill_content):
    """The issue's finding: a reply typed out from another category counted as that reply."""
    auth.login(people["agent"])
    session = recall_once(app, client, auth, FULL["fh-time"], 20)
    turn = session.turns[0]
    assert turn.right is False and turn.fidelity < 0.5
    with app.app_context():
        assert db.session.get(ReplyTurn, turn.id).reply.slug == "kd-which"  # judged against the accepted reply only


def test_a_reply_typed_faster_than_anyone_types_is_refused_and_kept_as_refused(
    app, client, auth, people, drill_content
):
    """The issue's finding: a reply was accepted at 750 字/分钟. Here 25 characters in 2 s, as fast (the 60-character
    reply in 4.8 s is a row of the domain table: the server's own time would add to 4.8 s here)."""
    auth.login(people["agent"])
    session = recall_once(app, client, auth, FULL["kd-which"], 2)
    turn = session.turns[0]
    assert (turn.refused, turn.right, turn.fidelity, turn.answer) == ("too_fast", False, 1.0, FULL["kd-which"])
    assert (session.refused, session.share_right) == (1, 0.0)
    page = client.get(f"/drills/replies/{session.id}").get_data(as_text=True)
    assert "已拒绝" in page and "这次练习不计入等级和练习目标" in page
    with app.app_context():  # never counted: no quick-reply fact for the level rules
        agent = db.session.get(User, session.user_id)
        assert level_facts.gather([agent], timeutil.today())[agent.id].replies == ()


def test_an_assignment_sets_the_threshold_and_near_enough_counts_at_95_percent(
    app, client, auth, people, drill_content
):
    with app.app_context():
        agent = db.session.scalar(sa.select(User).where(User.employee_no == people["agent"]))
        assignment = DrillAssignment(
            user_id=agent.id,
            kind="quick_reply",
            category="快递",
            target_share=0.9,
            threshold=0.95,
            due_date=timeutil.today(),
        )
        db.session.add(assignment)
        db.session.commit()
        assignment_id = assignment.id
    auth.login(people["agent"])
    page = client.get(f"/drills/replies?assignment={assignment_id}").get_data(as_text=True)
    assert "基本一致（一致度 ≥ 95%）" in page
    typed = FULL["kd-which"][:-1]  # the last character left off: 96%
    session = recall_once(app, client, auth, typed, 20, category="", assignment=assignment_id)
    assert session.threshold == 0.95 and session.category == "快递"
    assert session.turns[0].right and session.turns[0].fidelity == 0.96
    assert client.get("/drills/replies?assignment=999999").status_code == 404
    assert client.get("/drills/replies?assignment=99999999999").status_code == 404


def test_a_stale_or_replayed_answer_does_not_count(app, client, auth, people, drill_content):
    auth.login(people["agent"])
    session_id = start(auth, "recognition")
    client.get(f"/drills/replies/{session_id}")
    first = waiting(app, session_id)
    auth.post(f"/drills/replies/{session_id}", {"position": first.position, "answer": "/fh"})
    replay = auth.post(
        f"/drills/replies/{session_id}", {"position": first.position, "answer": "/kd"}, follow_redirects=True
    )
    assert "已经回复过了" in replay.get_data(as_text=True)
    ahead = waiting(app, session_id)
    assert (
        auth.post(f"/drills/replies/{session_id}", {"position": ahead.position + 1, "answer": "/fh"}).status_code == 302
    )
    with app.app_context():
        answered = [t for t in db.session.get(ReplySession, session_id).turns if t.answered_at is not None]
        assert [t.position for t in answered] == [first.position] and answered[0].answer == "/fh"


def test_an_answer_before_the_message_was_shown_is_refused(app, auth, people, drill_content):
    auth.login(people["agent"])
    session_id = start(auth, "recognition")
    auth.post(f"/drills/replies/{session_id}", {"position": 1, "answer": "/fh"})
    with app.app_context():
        assert all(t.answered_at is None for t in db.session.get(ReplySession, session_id).turns)


def test_bad_choices_and_other_learners_are_refused(app, client, auth, people, drill_content):
    auth.login(people["agent"])
    assert "请选择练习方式" in auth.post("/drills/replies", {"mode": "guess"}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "请选择练习方式" in auth.post(
        "/drills/replies", {"mode": "recall", "category": "无此类"}, follow_redirects=True
    ).get_data(as_text=True)
    session_id = start(auth, "recognition")
    auth.post("/logout")
    auth.login(people["new_hire"])
    assert client.get(f"/drills/replies/{session_id}").status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ReplySession.id))) == 1
