"""Typing drills: the server's clock and figures; forged, too fast and clock-gap results refused."""

from datetime import timedelta

import sqlalchemy as sa

from lms.domain import typing
from lms.extensions import db
from lms.models import TypingResult
from tests.content import ZH_TEXT


def start(auth, slug: str = "zh-test-01") -> int:
    """Start a drill; its result id."""
    response = auth.post(f"/drills/typing/{slug}/start")
    assert response.status_code == 200
    return response.json["result"]


def backdate(app, result_id: int, seconds: float) -> None:
    """Pretend the drill started ``seconds`` ago."""
    with app.app_context():
        row = db.session.get(TypingResult, result_id)
        row.started_at -= timedelta(seconds=seconds)
        db.session.commit()


def stored(app, result_id: int) -> TypingResult:
    """The result, detached."""
    with app.app_context():
        row = db.session.get(TypingResult, result_id)
        db.session.expunge(row)
        return row


def test_figures_are_computed_by_the_server_from_its_own_times(app, client, auth, people, drill_content):
    auth.login(people["agent"])
    result_id = start(auth)
    backdate(app, result_id, 30)
    typed = ZH_TEXT[:40] + "错字"
    response = auth.post(
        f"/drills/typing/results/{result_id}", {"typed": typed, "client_seconds": "29.5", "gross": "999"}
    )
    assert response.status_code == 302
    row = stored(app, result_id)
    expected = typing.score(ZH_TEXT, typed, row.seconds, "zh")
    assert (row.gross, row.net, row.accuracy, row.refused) == (expected.gross, expected.net, expected.accuracy, None)
    assert 30 <= row.seconds < 32 and row.typed == typed
    page = client.get(response.location).get_data(as_text=True)
    assert f"<strong>{expected.net}</strong>" in page and '<span class="run-extra">错字</span>' in page


def test_a_forged_fast_result_is_refused(app, client, auth, people, drill_content):
    auth.login(people["agent"])
    result_id = start(auth)
    backdate(app, result_id, 10)
    response = auth.post(f"/drills/typing/results/{result_id}", {"typed": ZH_TEXT, "client_seconds": "10"})
    assert stored(app, result_id).refused == "too_fast"
    assert "超过了人能达到的上限" in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        from lms.services.typing_drills import bests

        assert bests([stored(app, result_id).user_id]) == {}


def test_a_client_time_far_from_the_servers_is_refused(app, auth, people, drill_content):
    auth.login(people["agent"])
    result_id = start(auth)
    backdate(app, result_id, 60)
    auth.post(f"/drills/typing/results/{result_id}", {"typed": ZH_TEXT[:60], "client_seconds": "20"})
    assert stored(app, result_id).refused == "clock_gap"
    other = start(auth)
    backdate(app, other, 60)
    auth.post(f"/drills/typing/results/{other}", {"typed": ZH_TEXT[:60]})
    assert stored(app, other).refused == "clock_gap"


def test_english_is_in_words_per_minute(app, auth, people, drill_content):
    auth.login(people["agent"])
    result_id = start(auth, "en-test-01")
    backdate(app, result_id, 60)
    auth.post(
        f"/drills/typing/results/{result_id}", {"typed": "Good morning, thank you for calling", "client_seconds": "60"}
    )
    row = stored(app, result_id)
    expected = typing.score(row.target, row.typed, row.seconds, "en")  # 35 characters: 7 words in about a minute
    assert row.lang == "en" and row.net == expected.net and 6.9 <= row.net <= 7.0 and row.refused is None


def test_a_result_is_submitted_once_and_only_by_its_owner(app, client, auth, people, drill_content):
    auth.login(people["agent"])
    result_id = start(auth)
    backdate(app, result_id, 30)
    auth.post(f"/drills/typing/results/{result_id}", {"typed": ZH_TEXT[:30], "client_seconds": "30"})
    first = stored(app, result_id)
    again = auth.post(
        f"/drills/typing/results/{result_id}", {"typed": ZH_TEXT[:5], "client_seconds": "30"}, follow_redirects=True
    )
    assert "已经提交过了" in again.get_data(as_text=True) and stored(app, result_id).typed == first.typed
    auth.post("/logout")
    auth.login(people["new_hire"])
    assert client.get(f"/drills/typing/results/{result_id}").status_code == 404
    assert auth.post(f"/drills/typing/results/{result_id}", {"typed": "x"}).status_code == 404


def test_drills_are_for_learners(client, auth, people, drill_content):
    auth.login(people["hr"])
    assert client.get("/drills").status_code == 403
    assert auth.post("/drills/typing/zh-test-01/start").status_code == 403
    auth.post("/logout")
    auth.login(people["agent"])
    page = client.get("/drills").get_data(as_text=True)
    assert "标准问候" in page and "Greeting" in page
    assert client.get("/drills/typing/nope").status_code == 404


def test_the_trend_shows_the_last_results(app, client, auth, people, drill_content):
    auth.login(people["agent"])
    for seconds in (60, 40):
        result_id = start(auth)
        backdate(app, result_id, seconds)
        auth.post(f"/drills/typing/results/{result_id}", {"typed": ZH_TEXT, "client_seconds": str(seconds)})
    page = client.get("/drills").get_data(as_text=True)
    with app.app_context():
        nets = list(db.session.scalars(sa.select(TypingResult.net).order_by(TypingResult.id)))
    assert nets[0] < nets[1] and f"最近 2 次：净速度 {nets[0]} → {nets[1]} 字/分钟" in page and "<polyline" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(TypingResult.id))) == 2
