"""Quick-reply drills: the server's times, right replies by shortcut, fidelity when typed out, session figures."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import ReplySession, ReplyTurn

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


def test_recall_mode_scores_fidelity_against_the_closest_reply(app, client, auth, people, drill_content):
    auth.login(people["agent"])
    session_id = start(auth, "recall", "快递")
    client.get(f"/drills/replies/{session_id}")
    turn = waiting(app, session_id)
    typed = FULL["kd-which"].replace("中通", "中通 ").replace("。", ".")[:-3]
    auth.post(f"/drills/replies/{session_id}", {"position": turn.position, "answer": typed})
    with app.app_context():
        done = db.session.get(ReplySession, session_id)
        assert len(done.turns) == 1 and done.turns[0].right and 0.85 < done.turns[0].fidelity < 1
        assert done.finished_at is not None and done.mean_fidelity == done.turns[0].fidelity
    page = client.get(f"/drills/replies/{session_id}").get_data(as_text=True)
    assert "平均一致度" in page and "一致度 = 1 − 编辑距离 ÷ 较长一方的字数" in page


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
