"""Typing drills: the server's clock and figures; forged, too fast and clock-gap results refused."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms.domain import typing
from lms.extensions import db
from lms.models import TypingResult
from lms.services import level_facts, typing_drills
from lms.timeutil import today
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


def test_a_partial_text_is_shown_as_incomplete_and_never_counts_for_levels(app, client, auth, people, drill_content):
    """The issue's finding: a partly typed text was scored like a complete one; a fast first line made a level."""
    auth.login(people["agent"])
    page = client.get("/drills/typing/zh-test-01").get_data(as_text=True)
    assert "输入不到原文的 90% 的成绩显示为“未完成”，不计入等级和练习目标。" in page  # the rule, before the start
    result_id = start(auth)
    backdate(app, result_id, 20)
    response = auth.post(f"/drills/typing/results/{result_id}", {"typed": ZH_TEXT[:60], "client_seconds": "20"})
    row = stored(app, result_id)
    assert (row.refused, row.reached, row.net) == (
        None,
        0.4,
        typing.score(ZH_TEXT, ZH_TEXT[:60], row.seconds, "zh").net,
    )
    assert 'data-test="incomplete"' in client.get(response.location).get_data(as_text=True)

    def typing_facts():
        with app.app_context():
            return level_facts.gather([db.session.get(TypingResult, result_id).user], today())[row.user_id].typing

    assert typing_facts() == ()
    whole = start(auth)
    backdate(app, whole, 60)
    auth.post(f"/drills/typing/results/{whole}", {"typed": ZH_TEXT[:140], "client_seconds": "60"})  # 93%: complete
    assert stored(app, whole).reached == 0.9333 and [fact[2] for fact in typing_facts()] == [stored(app, whole).net]


def timed(app, client, auth, minutes: int = 1, lang: str = "zh") -> int:
    """Open a timed test and start its clock; the result id."""
    page = client.get(f"/drills/typing/timed/{lang}/{minutes}").get_data(as_text=True)
    start_url = re.search(r'data-start-url="([^"]+)"', page).group(1)
    response = auth.post(start_url)
    assert response.status_code == 200
    return response.json["result"]


def test_a_timed_test_runs_its_text_on_and_is_scored_over_the_fixed_time(app, client, auth, people, drill_content):
    auth.login(people["agent"])
    page = client.get("/drills/typing/timed/zh/3").get_data(as_text=True)
    assert "限时打字测试（3 分钟）" in page and 'data-minutes="3"' in page and "净速度 = 正确字数 ÷ 3 分钟" in page
    result_id = timed(app, client, auth, 3)
    row = stored(app, result_id)
    assert row.minutes == 3 and row.target.startswith(ZH_TEXT * 2) and len(row.target) >= 1500  # the text runs on
    backdate(app, result_id, 180)
    typed = (ZH_TEXT * 2)[:240].replace("帮", "邦")  # 240 characters, 8 of them wrong (帮 comes up 8 times)
    response = auth.post(f"/drills/typing/results/{result_id}", {"typed": typed, "client_seconds": "180"})
    row = stored(app, result_id)
    # by hand: gross 240 ÷ 3 = 80, net (240 − 8) ÷ 3 = 77.3, accuracy 232 ÷ 240 = 96.67%; the whole time was run
    assert (row.gross, row.net, row.accuracy, row.reached, row.refused) == (80.0, 77.3, 0.9667, 1.0, None)
    assert row.misses["帮"] == [8, 8] and row.misses["您"][1] == 0
    result = client.get(response.location).get_data(as_text=True)
    assert 'data-test="incomplete"' not in result and "<strong>77.3</strong>" in result and "这次最常出错的字" in result
    assert "<code>帮</code></td><td>8</td><td>8</td><td>100%</td>" in result
    drills = client.get("/drills").get_data(as_text=True)
    assert "最常出错的字" in drills and "<code>帮</code>" in drills


def test_a_timed_test_handed_in_early_is_incomplete_and_one_handed_in_late_is_refused(
    app, client, auth, people, drill_content
):
    auth.login(people["agent"])
    early = timed(app, client, auth)
    backdate(app, early, 30)
    response = auth.post(f"/drills/typing/results/{early}", {"typed": ZH_TEXT[:40], "client_seconds": "30"})
    row = stored(app, early)
    # 40 characters over the fixed minute; half the minute run (the server's time adds a few ms)
    assert (row.reached, row.net, row.refused) == (pytest.approx(0.5, abs=0.01), 40.0, None)
    assert "测试在时间结束前提交（只用了 50% 的时间）" in client.get(response.location).get_data(as_text=True)
    late = timed(app, client, auth)
    backdate(app, late, 90)
    auth.post(f"/drills/typing/results/{late}", {"typed": ZH_TEXT[:80], "client_seconds": "60"})
    assert stored(app, late).refused == "late"
    with app.app_context():
        assert typing_drills.bests([row.user_id]) == {}


def test_bad_timed_tests_are_not_found_and_start_nothing(app, client, auth, people, drill_content):
    auth.login(people["agent"])
    for url in ("/drills/typing/timed/zh/2", "/drills/typing/timed/fr/1", "/drills/typing/timed/zh/99999999999"):
        assert client.get(url).status_code == 404
    assert auth.post("/drills/typing/timed/zh/1/nope/start").status_code == 404
    assert auth.post("/drills/typing/timed/zh/1/en-test-01/start").status_code == 404  # an English text
    assert auth.post("/drills/typing/timed/zh/4/zh-test-01/start").status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(TypingResult.id))) == 0


def test_the_drills_page_reads_the_trends_and_the_missed_characters_of_the_last_results_in_one_query(
    app, people, drill_content
):
    """``recent`` says what each trend and the last accepted results say, whatever mix of kinds came last."""
    from lms.models import TypingText, User
    from lms.timeutil import utcnow
    from tests.sql import statements

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == people["agent"]))
        text_id = db.session.scalar(sa.select(TypingText.id))
        start_at = utcnow() - timedelta(days=10)
        for i in range(70):  # zh and en, some refused, some incomplete, each with a missed character of its own
            refused, reached = ("too_fast" if i % 7 == 3 else None), (0.5 if i % 5 == 1 else 1.0)
            at = start_at + timedelta(minutes=i)
            db.session.add(
                TypingResult(
                    user_id=user.id, text_id=text_id, lang="zh" if i % 3 else "en", target="x", started_at=at,
                    finished_at=at, net=float(i), accuracy=0.9, refused=refused, reached=reached,
                    misses={chr(0x4E00 + i): [2, 1]},
                )
            )  # fmt: skip
        db.session.commit()
        db.session.refresh(user)
        with statements(app) as run:
            found = typing_drills.recent(user)
        accepted = db.session.scalars(
            typing_drills.finished_results([user.id]).where(TypingResult.refused.is_(None)).limit(20)
        )
        misses = typing.worst((result.misses for result in accepted), 10)
        assert len(run) == 1
        assert [r.id for r in found.trend["zh"]] == [r.id for r in typing_drills.trend(user, "zh")]
        assert [r.id for r in found.trend["en"]] == [r.id for r in typing_drills.trend(user, "en")]
        assert len(found.trend["zh"]) == 20 and 0 < len(found.trend["en"]) <= 20
        assert found.misses == misses and len(misses) == 10
