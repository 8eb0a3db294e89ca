"""Stored UTC times are shown in LMS_TIMEZONE, in the user's language, and no page names a zone."""

from datetime import datetime

from lms.extensions import db
from lms.models import Attempt, AuditLog
from tests.web.test_exam_reports import finished_attempt

#: 16:20 and 16:30 UTC on 30 November are 00:20 and 00:30 on 1 December in Shanghai.
STARTED, FINISHED = datetime(2026, 11, 30, 16, 20), datetime(2026, 11, 30, 16, 30)


def at_half_past_midnight_in_shanghai(app, attempt_id: int) -> None:
    """Move the attempt to 00:20-00:30 Shanghai time, late the evening before in UTC."""
    with app.app_context():
        row = db.session.get(Attempt, attempt_id)
        row.started_at, row.finished_at, row.deadline = STARTED, FINISHED, FINISHED
        db.session.commit()


def test_a_finish_time_is_shown_in_lms_timezone_with_no_zone_name(app, client, auth, people, exam_content):
    at_half_past_midnight_in_shanghai(app, finished_attempt(app, auth, people))
    auth.login(people["supervisor"])
    detail = client.get("/supervisor/exams/final").get_data(as_text=True)
    assert "2026年12月1日 00:30" in detail and "2026年11月30日" not in detail and "16:30" not in detail
    assert "UTC" not in detail and "交卷时间</th>" in detail
    auth.post("/language", {"locale": "en"})
    english = client.get("/supervisor/exams/final").get_data(as_text=True)
    assert "Dec 1, 2026, 12:30\u202fAM" in english and "UTC" not in english


def test_the_learner_sees_the_start_time_in_lms_timezone(app, client, auth, people, exam_content):
    at_half_past_midnight_in_shanghai(app, finished_attempt(app, auth, people))
    auth.login(people["agent"])
    overview = client.get("/exams/final").get_data(as_text=True)
    assert "2026年12月1日 00:20" in overview and "UTC" not in overview


def test_another_lms_timezone_moves_every_shown_time(app, client, auth, people, exam_content, monkeypatch):
    at_half_past_midnight_in_shanghai(app, finished_attempt(app, auth, people))
    monkeypatch.setitem(app.config, "TIMEZONE", "America/Los_Angeles")
    auth.login(people["supervisor"])
    assert "2026年11月30日 08:30" in client.get("/supervisor/exams/final").get_data(as_text=True)


def test_the_audit_log_shows_local_times_to_the_second(app, client, auth, people):
    auth.login(people["admin"])
    with app.app_context():
        db.session.add(AuditLog(action="user.create", created_at=datetime(2026, 11, 30, 16, 30, 5), detail="时区测试"))
        db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "2026年12月1日 00:30:05" in page and "UTC" not in page
