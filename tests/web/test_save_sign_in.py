"""The answer save reads the signed-in user in its own statements (not through Flask-Login), so it must refuse every
session Flask-Login would: signed out elsewhere, deactivated, another browser, the wrong role, a password to change.
Each save here is the page's own (its item named, so the one-UPDATE save is tried first); each refusal stores
nothing."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms.domain.scoring import model_answer
from lms.extensions import db
from lms.models import Attempt, Role, User
from lms.timeutil import utcnow
from tests.conftest import csrf_token
from tests.web.test_exams import form_fields, items, page_ref, start
from tests.web.test_refusals import refused


@pytest.fixture
def paper(app, client, auth, people, exam_content):
    """The agent's open attempt, and a save of its first answer as the page sends it (its token included)."""
    auth.login(people["agent"])
    attempt_id = start(auth)
    first = items(app, attempt_id)[0]
    fields = {**form_fields(first.version.content, 1, model_answer(first.version.content)), **page_ref(first)}
    fields["csrf_token"] = csrf_token(client, f"/attempts/{attempt_id}")

    def save(**kwargs):
        return client.post(f"/attempts/{attempt_id}/answers/1", data=fields, **kwargs)

    return attempt_id, save


def change_agent(app, people, **values) -> None:
    with app.app_context():
        db.session.execute(sa.update(User).where(User.employee_no == people["agent"]).values(**values))
        db.session.commit()


def test_the_save_stores_for_a_good_session(app, paper):
    attempt_id, save = paper
    assert save().json == {"saved": True, "positions": [1]}
    assert items(app, attempt_id)[0].answer is not None


def test_a_session_signed_out_elsewhere_is_sent_to_sign_in(app, people, paper):
    _, save = paper
    change_agent(app, people, session_version=User.session_version + 1)
    assert "/login" in refused(app, save, 302).location


def test_a_deactivated_user_is_sent_to_sign_in(app, people, paper):
    _, save = paper
    change_agent(app, people, active=False)
    assert "/login" in refused(app, save, 302).location


def test_the_session_cookie_from_another_browser_is_refused(app, paper):
    """Flask-Login's strong session protection: the cookie is bound to the address and browser it was issued to."""
    _, save = paper
    assert "/login" in refused(app, lambda: save(headers={"User-Agent": "another browser"}), 302).location


def test_a_learner_made_supervisor_may_no_longer_save(app, people, paper):
    _, save = paper
    change_agent(app, people, role=Role.SUPERVISOR)
    refused(app, save, 403)


def test_a_password_to_change_comes_first(app, people, paper):
    _, save = paper
    change_agent(app, people, must_change_password=True)
    assert refused(app, save, 302).location.endswith("/password")


def test_nobody_signed_in_is_sent_to_sign_in(app, client, paper):
    attempt_id, save = paper
    client.delete_cookie(app.config["SESSION_COOKIE_NAME"])
    assert "/login" in refused(app, save, 302).location
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).status == "in_progress"


def test_another_learners_item_named_by_the_page_is_not_found(app, client, auth, people, paper):
    """The one-UPDATE save trusts nothing the page names: another's item, in this attempt's URL or in theirs."""
    attempt_id, save = paper
    client.post("/logout", data={"csrf_token": csrf_token(client, "/password")})
    auth.login(people["new_hire"])
    theirs = start(auth, "quiz-alpha")
    their_first = items(app, theirs)[0]
    fields = {
        **form_fields(their_first.version.content, 1, model_answer(their_first.version.content)),
        **page_ref(their_first),
    }
    fields["csrf_token"] = csrf_token(client, f"/attempts/{theirs}")
    auth.post("/logout")
    auth.login(people["agent"])
    fields["csrf_token"] = csrf_token(client, f"/attempts/{attempt_id}")
    refused(app, lambda: client.post(f"/attempts/{theirs}/answers/1", data=fields), 404)
    mine = items(app, attempt_id)[0]
    if mine.question_version_id != their_first.question_version_id:  # their item in my URL: not this question
        assert client.post(f"/attempts/{attempt_id}/answers/1", data=fields).status_code == 200
    assert items(app, theirs)[0].answer is None


def test_an_item_named_for_another_place_is_saved_where_the_url_says(app, client, paper):
    attempt_id, _ = paper
    first, second = items(app, attempt_id)[:2]
    fields = {**form_fields(second.version.content, 2, model_answer(second.version.content)), **page_ref(first)}
    fields["csrf_token"] = csrf_token(client, f"/attempts/{attempt_id}")
    assert client.post(f"/attempts/{attempt_id}/answers/2", data=fields).json == {"saved": True, "positions": [2]}
    assert [item.answer is not None for item in items(app, attempt_id)[:2]] == [False, True]


def test_an_attempt_past_its_grace_is_refused_and_handed_in(app, paper):
    attempt_id, save = paper
    with app.app_context():  # a one-hour exam started two hours ago
        row = db.session.get(Attempt, attempt_id)
        row.started_at, row.deadline = utcnow() - timedelta(hours=2), utcnow() - timedelta(hours=1)
        db.session.commit()
    response = save()
    assert response.status_code == 409 and response.json["result"].endswith(f"/attempts/{attempt_id}/result")
    assert items(app, attempt_id)[0].answer is None
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).status != "in_progress"
