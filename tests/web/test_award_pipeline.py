"""Grading, the level award and the certificate either all happen or are retried until they do; revocation ends a level."""

import uuid

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Attempt, Certificate, LevelAward, User
from lms.services import awards, certificates
from tests.web.test_levels import certificate_of, make_ready_for_junior, pass_exam


def _certificates(app) -> list[tuple[str, bool, int | None]]:
    """(number, has a PDF, attempt id) of every certificate."""
    with app.app_context():
        return [
            (c.number, certificates.has_pdf(c), c.attempt_id)
            for c in db.session.scalars(sa.select(Certificate).order_by(Certificate.id))
        ]


def test_a_promotion_result_names_the_level_and_links_the_certificate(app, client, auth, people, real_content):
    make_ready_for_junior(app, people["agent"])
    auth.login(people["agent"])
    attempt_id = pass_exam(app, auth, "promotion-junior")
    page = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    number = certificate_of(app, people["agent"]).number
    assert "恭喜！您已取得初级客服" in page and f"/certificates/{number}.pdf" in page
    assert _certificates(app) == [(number, True, attempt_id)]
    with app.app_context():  # settling the same attempt again is a no-op
        attempt = db.session.get(Attempt, attempt_id)
        assert awards.settle(attempt).number == number
        db.session.commit()
    assert len(_certificates(app)) == 1


def test_after_revocation_the_level_is_no_longer_held_and_must_be_earned_again(app, client, auth, people, real_content):
    make_ready_for_junior(app, people["agent"])
    auth.login(people["agent"])
    pass_exam(app, auth, "promotion-junior")
    number = certificate_of(app, people["agent"]).number
    auth.post("/logout")
    auth.login(people["hr"])
    auth.post(f"/hr/certificates/{number}/revoke", {"reason": "考试作弊，经核实", "confirm": "y"})
    assert certificate_of(app, people["agent"]).revoked_at is not None
    auth.post("/logout")
    auth.login(people["agent"])
    home = client.get("/").get_data(as_text=True)
    assert "初级客服证书" in home and "已被人事撤销" in home and "考试作弊，经核实" in home
    mine = client.get("/level").get_data(as_text=True)
    assert "当前等级：尚未定级" in mine and "下一等级：初级客服" in mine
    assert "已被人事撤销" in mine and "考试作弊，经核实" in mine and "有效期至" not in mine.split("证书")[-1]
    refused = client.get(f"/certificates/{number}.pdf")
    assert refused.status_code == 410 and "考试作弊，经核实" in refused.get_data(as_text=True)
    assert "已撤销" in client.get(f"/verify/{number}").get_data(as_text=True)
    # The old pass no longer counts; a new pass earns the level again with a new certificate.
    assert "晋级考试：尚未参加" in mine
    second = pass_exam(app, auth, "promotion-junior")
    numbers = [n for n, _pdf, _a in _certificates(app)]
    assert len(numbers) == 2 and _certificates(app)[-1][2] == second
    assert "当前等级：初级客服" in client.get("/level").get_data(as_text=True)
    assert "已被人事撤销" not in client.get("/").get_data(as_text=True)  # earned again: nothing lost any more


def test_a_failed_award_keeps_the_grade_is_shown_to_hr_and_the_sweep_finishes_it(
    app, client, auth, people, real_content, runner, monkeypatch
):
    make_ready_for_junior(app, people["agent"])

    def broken(*_args, **_kwargs):
        raise RuntimeError("证书服务不可用")

    monkeypatch.setattr(certificates, "issue", broken)
    auth.login(people["agent"])
    attempt_id = pass_exam(app, auth, "promotion-junior")
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.status == "finished" and attempt.passed and "证书服务不可用" in attempt.award_error
        assert db.session.scalar(sa.select(sa.func.count(LevelAward.id))) == 0
    result = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "系统会自动重试" in result
    assert auth.post("/exams/promotion-junior/start").location == "/exams/promotion-junior"  # no second sitting
    auth.post("/logout")
    auth.login(people["hr"])
    assert "证书服务不可用" in client.get("/hr/certificates").get_data(as_text=True)
    still = runner.invoke(args=["sweep-awards"])
    assert still.exit_code == 1 and "仍失败 1 项" in still.output
    monkeypatch.undo()
    done = runner.invoke(args=["sweep-awards"])
    assert done.exit_code == 0 and "补发等级 1 项" in done.output, done.output
    assert [a for _n, _pdf, a in _certificates(app)] == [attempt_id]
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).award_error is None
    assert "待处理的颁证" not in client.get("/hr/certificates").get_data(as_text=True)


def test_a_failed_pdf_is_recorded_refused_with_a_message_and_rendered_later(
    app, client, auth, people, real_content, runner, monkeypatch
):
    make_ready_for_junior(app, people["agent"])

    def broken(_page):
        raise OSError("字体文件缺失")

    monkeypatch.setattr(certificates, "page_pdf", broken)
    auth.login(people["agent"])
    attempt_id = pass_exam(app, auth, "promotion-junior")
    [(number, has_pdf, earned_by)] = _certificates(app)
    assert not has_pdf and earned_by == attempt_id
    assert "当前等级：初级客服" in client.get("/level").get_data(as_text=True)  # the level is held already
    unavailable = client.get(f"/certificates/{number}.pdf")
    assert unavailable.status_code == 503 and "系统会自动重试" in unavailable.get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(sa.select(Certificate))
        assert row.pdf_tries == 2 and "字体文件缺失" in row.pdf_error
    auth.post("/logout")
    auth.login(people["hr"])
    assert "字体文件缺失" in client.get("/hr/certificates").get_data(as_text=True)
    monkeypatch.undo()
    assert "证书 PDF 1 份" in runner.invoke(args=["sweep-awards"]).output
    assert _certificates(app) == [(number, True, attempt_id)]
    assert client.get(f"/certificates/{number}.pdf").data.startswith(b"%PDF")


def _redis_or_skip(url: str):
    """A Redis connection; skipped only outside CI when no Redis runs (CI has one on 127.0.0.1)."""
    import os

    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    connection = Redis.from_url(url)
    try:
        connection.ping()
    except RedisDown:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {url}")
    return connection


def test_with_redis_the_pdf_is_rendered_by_an_rq_worker(app, client, auth, people, real_content):
    from lms import jobs

    url = "redis://127.0.0.1:6379/15"
    _redis_or_skip(url)
    make_ready_for_junior(app, people["agent"])
    saved = dict(app.config)
    app.config.update(REDIS_URL=url, RQ_QUEUE=f"lms-test-{uuid.uuid4().hex}")
    try:
        auth.login(people["agent"])
        attempt_id = pass_exam(app, auth, "promotion-junior")
        [(number, has_pdf, _)] = _certificates(app)
        assert not has_pdf
        with app.app_context():
            assert jobs.queue().count == 1
            jobs.work(burst=True)
            assert jobs.queue().count == 0
            jobs.queue().delete(delete_jobs=True)
        assert _certificates(app) == [(number, True, attempt_id)]
    finally:
        app.config.clear()
        app.config.update(saved)


def test_hr_alone_revokes_and_a_refused_revocation_changes_nothing(app, client, auth, people, real_content):
    make_ready_for_junior(app, people["agent"])
    auth.login(people["agent"])
    pass_exam(app, auth, "promotion-junior")
    number = certificate_of(app, people["agent"]).number
    assert auth.post(f"/hr/certificates/{number}/revoke", {"reason": "x", "confirm": "y"}).status_code == 403
    assert certificate_of(app, people["agent"]).revoked_at is None
    assert client.get(f"/certificates/{number}.pdf").data.startswith(b"%PDF")


def test_hr_retries_failed_awards_now_as_a_job_and_watches_it_finish(
    app, client, auth, people, real_content, monkeypatch, tmp_path
):
    import time

    from tests.conftest import csrf_token

    monkeypatch.setitem(app.config, "JOBS_DIR", str(tmp_path / "jobs"))
    make_ready_for_junior(app, people["agent"])

    def broken(*_args, **_kwargs):
        raise RuntimeError("证书服务不可用")

    monkeypatch.setattr(certificates, "issue", broken)
    auth.login(people["agent"])
    attempt_id = pass_exam(app, auth, "promotion-junior")
    monkeypatch.undo()
    monkeypatch.setitem(app.config, "JOBS_DIR", str(tmp_path / "jobs"))
    auth.post("/logout")
    auth.login(people["supervisor"])
    assert auth.post("/hr/certificates/retry").status_code == 403  # HR's alone
    auth.post("/logout")
    auth.login(people["hr"])
    assert client.post("/hr/certificates/retry").status_code == 400  # no CSRF token: nothing starts
    assert _certificates(app) == []
    page = client.get("/hr/certificates").get_data(as_text=True)
    assert "立即重试" in page
    response = client.post("/hr/certificates/retry", data={"csrf_token": csrf_token(client, "/hr/certificates")})
    assert response.status_code == 302 and "/jobs/" in response.location
    for _ in range(200):
        state = client.get(response.location + ".json").get_json()
        if state["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert state["status"] == "done" and state["percent"] == 100 and state["errors"] == 0
    assert [a for _n, _pdf, a in _certificates(app)] == [attempt_id]
    assert "重试颁证" in client.get(response.location).get_data(as_text=True)


def test_fifty_certificates_issued_at_once_on_sqlite_are_all_stored_with_their_pdfs(app):
    """Each award's write transaction is short and no PDF is rendered inside one, so nobody waits out the busy timeout.

    Fifty threads share the file database and the one font setup; a PDF rendered while holding SQLite's write lock
    would make the others wait its whole rendering, one after another, and give up ("database is locked").
    """
    import threading

    from lms.services import levels as level_service
    from tests.factories import make_user

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite's database-wide write lock is what this is about")
    with app.app_context():
        users = [make_user(f"B{n:04d}", f"王喆{n}") for n in range(50)]
        db.session.commit()
        ids = [user.id for user in users]
    errors: list[BaseException] = []
    start = threading.Barrier(50, timeout=60)

    def award(user_id: int) -> None:
        try:
            start.wait()  # before any database work: a waiting thread must not hold a pooled connection
            with app.app_context():
                try:
                    user = db.session.get(User, user_id)
                    awards.by_hand(user, "junior", level_service.evaluate(user), reason="批量补录")
                finally:
                    db.session.remove()
        except BaseException as error:  # every failure is reported below
            errors.append(error)

    threads = [threading.Thread(target=award, args=(user_id,)) for user_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = _certificates(app)
    assert len(stored) == 50 and all(has_pdf for _number, has_pdf, _attempt in stored)
    with app.app_context():
        assert (
            db.session.scalar(sa.select(sa.func.count(Certificate.id)).where(Certificate.pdf_error.is_not(None))) == 0
        )
