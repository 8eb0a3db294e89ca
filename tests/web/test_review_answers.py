"""Answers to review cards over HTTP: stored once per client key (a resend from the offline queue changes nothing),
refused with a reason when the phone's times are implausible, and another person's card is not found."""

import re
from datetime import UTC, timedelta

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Module, ReviewCard, ReviewLog, User
from lms.services import review_cards
from lms.timeutil import utcnow
from tests.factories import make_user


@pytest.fixture
def due_cards(app, courses):
    """Agents A1 and A2, each with alpha's two fact cards, made two days ago and due since yesterday."""
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        for number in ("A1", "A2"):
            user = make_user(number)
            db.session.flush()
            review_cards.module_read(user.id, module, utcnow() - timedelta(days=2))
        db.session.commit()
        return {
            number: [
                c.id
                for c in db.session.scalars(
                    sa.select(ReviewCard).join(User).where(User.employee_no == number).order_by(ReviewCard.id)
                )
            ]
            for number in ("A1", "A2")
        }


def _token(client) -> str:
    page = client.get("/review").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _post(client, card_id, key, *, answer="两声之内", duration_ms=4000, at=None, token=None):
    at = at or utcnow()
    millis = int(at.replace(tzinfo=UTC).timestamp() * 1000)
    return client.post(
        f"/review/cards/{card_id}/answer",
        data={
            "csrf_token": token or _token(client),
            "client_key": key,
            "answer": answer,
            "duration_ms": duration_ms,
            "answered_at": millis,
        },
    )


def _state(app) -> list:
    with app.app_context():
        cards = [
            (c.id, c.due, c.stability, c.last_review)
            for c in db.session.scalars(sa.select(ReviewCard).order_by(ReviewCard.id))
        ]
        logs = db.session.scalar(sa.select(sa.func.count(ReviewLog.id)))
        return [cards, logs]


def test_the_session_page_shows_the_agents_due_cards(auth, due_cards):
    auth.login("A1")
    page = auth.client.get("/review").get_data(as_text=True)
    assert [int(n) for n in re.findall(r'data-card="(\d+)"', page)] == due_cards["A1"]
    assert "电话响几声之内要接起？" in page and 'data-test="due-count">2<' in page


def test_an_answer_sent_twice_is_stored_once(app, auth, due_cards):
    auth.login("A1")
    token = _token(auth.client)
    first = _post(auth.client, due_cards["A1"][0], "key-00000001", token=token, at=utcnow() - timedelta(hours=3))
    assert first.status_code == 200 and first.json == {"accepted": True, "duplicate": False, "correct": True}
    before = _state(app)
    again = _post(auth.client, due_cards["A1"][0], "key-00000001", token=token, at=utcnow() - timedelta(hours=3))
    assert again.status_code == 200 and again.json["duplicate"] is True
    assert _state(app) == before and before[1] == 1
    with app.app_context():
        log = db.session.scalar(sa.select(ReviewLog))
        assert log.offline is True and log.answer == "两声之内" and log.rating == 4  # right in 4 s: Easy


@pytest.mark.parametrize(
    "shift, duration_ms, reason",
    [
        (timedelta(minutes=10), 4000, "future"),
        (-timedelta(days=3), 4000, "too_old"),
        (timedelta(0), 100, "too_fast"),
    ],
)
def test_implausible_answers_are_refused_with_a_reason_and_change_nothing(
    app, auth, due_cards, shift, duration_ms, reason
):
    auth.login("A1")
    before = _state(app)
    response = _post(auth.client, due_cards["A1"][0], "key-refused", at=utcnow() + shift, duration_ms=duration_ms)
    assert response.status_code == 422 and response.json["refused"] == reason and response.json["error"]
    assert _state(app) == before


def test_a_second_answer_to_a_card_the_same_day_is_refused(app, auth, due_cards):
    auth.login("A1")
    token = _token(auth.client)
    assert (
        _post(
            auth.client, due_cards["A1"][0], "key-00000002", token=token, at=utcnow() - timedelta(minutes=2)
        ).status_code
        == 200
    )
    before = _state(app)
    response = _post(auth.client, due_cards["A1"][0], "key-00000003", token=token)
    assert response.status_code == 422 and response.json["refused"] == "not_due"
    assert _state(app) == before


def test_another_persons_card_is_not_found_and_nothing_changes(app, auth, due_cards):
    auth.login("A1")
    before = _state(app)
    assert _post(auth.client, due_cards["A2"][0], "key-00000004").status_code == 404
    assert _state(app) == before


def test_bad_input_gets_a_clear_message_and_changes_nothing(app, auth, due_cards):
    auth.login("A1")
    before = _state(app)
    response = _post(auth.client, due_cards["A1"][0], "短")
    assert response.status_code == 400 and "回答编号无效" in response.json["error"]
    response = auth.client.post(f"/review/cards/{due_cards['A1'][0]}/answer", data={"client_key": "key-00000005"})
    assert response.status_code == 400
    assert _state(app) == before


def test_only_learners_have_a_daily_review(auth, people, due_cards):
    auth.login(people["supervisor"])
    assert auth.client.get("/review").status_code == 403
    assert auth.client.post(f"/review/cards/{due_cards['A1'][0]}/answer", data={}).status_code in (400, 403)


def test_the_service_worker_and_manifest_are_served_from_the_root(client):
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and worker.mimetype == "text/javascript"
    assert (
        "Content-Security-Policy" in worker.headers and "worker-src 'self'" in worker.headers["Content-Security-Policy"]
    )
    manifest = client.get("/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest.mimetype == "application/manifest+json"
    assert manifest.json["start_url"] == "/review" and manifest.json["scope"] == "/"
