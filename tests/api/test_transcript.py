"""A person's transcript: levels held, certificates, modules completed, exams finished, ready for shift."""

from datetime import timedelta

import sqlalchemy as sa

from lms import timeutil
from lms.domain.states import AttemptStatus, ExamKind
from lms.extensions import db
from lms.models import Attempt, Exam, Module, ModuleProgress, User
from tests.api.conftest import bearer
from tests.api.test_certifications import award


def _record(app, employee_no: str) -> dict:
    """A module completed, one in progress, a passed promotion exam, an open attempt, and junior held; numbers."""
    now = timeutil.utcnow()
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == employee_no))
        done, started = (
            Module(slug=slug, title=title, level="junior", digest="x", source=f"{slug}.md")
            for slug, title in (("etiquette", "客服礼仪"), ("complaints", "投诉处理"))
        )
        exam = Exam(
            slug="promotion-junior",
            title="初级晋级考试",
            kind=ExamKind.PROMOTION,
            level="junior",
            settings={},
            sections=[],
            digest="x",
        )
        db.session.add_all([done, started, exam])
        db.session.flush()
        db.session.add_all(
            [
                ModuleProgress(
                    user_id=user.id, module_id=done.id, completed_at=now - timedelta(days=3), completed_version=2
                ),
                ModuleProgress(user_id=user.id, module_id=started.id),
                Attempt(
                    exam_id=exam.id,
                    user_id=user.id,
                    status=AttemptStatus.FINISHED,
                    started_at=now - timedelta(days=2, minutes=30),
                    deadline=now,
                    finished_at=now - timedelta(days=2),
                    percent=86.5,
                    passed=True,
                ),
                Attempt(exam_id=exam.id, user_id=user.id, deadline=now + timedelta(minutes=30)),
            ]
        )
        junior = award(user, "junior", 2)
        revoked = award(user, "intermediate", 1, revoked=True)
        db.session.commit()
    return {"junior": junior[0], "intermediate": revoked[0]}


def test_the_transcript_of_an_agent(app, client, people, tokens):
    numbers = _record(app, people["agent"])
    response = client.get("/api/v1/employees/t3/transcript", headers=bearer(tokens["read"]))
    body = response.get_json()
    assert response.status_code == 200
    assert body["person"]["employee_no"] == "T3" and body["person"]["team"] == "售后一组"
    assert (body["current_level"], body["current_level_name"]) == ("junior", "初级客服")
    assert [level["level"] for level in body["levels"]] == ["junior"]  # the revoked intermediate is not held
    assert [(c["number"], c["status"]) for c in body["certificates"]] == [
        (numbers["junior"], "valid"),
        (numbers["intermediate"], "revoked"),
    ]
    assert [(m["module"], m["title"], m["version"]) for m in body["modules"]] == [("etiquette", "客服礼仪", 2)]
    assert [(e["exam"], e["kind"], e["level"], e["percent"], e["passed"]) for e in body["exams"]] == [
        ("promotion-junior", "promotion", "junior", 86.5, True)
    ]
    assert body["ready_for_shift"] is False  # no onboarding path imported, and no typing result


def test_someone_with_nothing_yet_and_a_role_without_readiness(app, client, people, tokens):
    body = client.get(f"/api/v1/employees/{people['hr']}/transcript", headers=bearer(tokens["read"])).get_json()
    assert body["person"]["role"] == "hr" and body["person"]["team"] is None
    assert body["current_level"] is None and body["ready_for_shift"] is None
    assert body["levels"] == body["certificates"] == body["modules"] == body["exams"] == []


def test_no_such_person(client, people, tokens):
    response = client.get("/api/v1/employees/Z999/transcript", headers=bearer(tokens["read"]))
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "employee_not_found"


def test_a_transcript_loads_in_a_fixed_number_of_statements(app, client, people, tokens):
    from tests.sql import statements as counting

    _record(app, people["agent"])
    with counting(app) as first:
        client.get("/api/v1/employees/T3/transcript", headers=bearer(tokens["read"]))
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == people["agent"]))
        award(user, "senior", 60, 50, 40)
        award(user, "expert", 30)
        db.session.commit()
    with counting(app) as second:
        body = client.get("/api/v1/employees/T3/transcript", headers=bearer(tokens["read"])).get_json()
    assert len(body["certificates"]) == 6 and len(body["levels"]) == 3 and len(second) == len(first)
