"""A supervisor can make the day's review (班前五分钟) part of "ready for shift" for a team: then an agent with cards
due is not ready until they have done them, on every page; streak and due count show in the pre-shift list."""

from datetime import timedelta

import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuditLog, Module, Team, User
from lms.services import readiness, review_cards
from lms.timeutil import utcnow
from tests.web.test_readiness import _complete_path, _typed


def _agent_with_due_cards(app, employee_no: str) -> int:
    """The agent's onboarding done and typing passed, and the 客服礼仪 key facts due since yesterday."""
    _complete_path(app, employee_no)
    _typed(app, employee_no, 90, 0.99)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == employee_no))
        module = db.session.scalar(sa.select(Module).where(Module.slug == "etiquette"))
        review_cards.module_read(user.id, module, utcnow() - timedelta(days=2))
        db.session.commit()
        return user.id


def _ready(app, user_id: int) -> bool:
    with app.app_context():
        return readiness.of_user(db.session.get(User, user_id)).ready


def test_the_team_switch_makes_todays_review_part_of_ready_for_shift(app, client, auth, people, real_content):
    user_id = _agent_with_due_cards(app, people["agent"])
    assert _ready(app, user_id)
    auth.login(people["supervisor"])
    page = client.get("/supervisor/progress").get_data(as_text=True)
    assert 'data-test="review-for-shift"' in page and "李客服" not in page.split("尚未可上岗的成员")[1]
    members = page.split('data-test="review-members"')[1]
    assert "李客服" in members and '<td data-label="今天待复习">8</td>' in members  # due today, shown either way
    with app.app_context():
        team_id = db.session.scalar(sa.select(Team.id))
    response = auth.post(f"/review/teams/{team_id}/for-shift", {"required": "y"}, follow_redirects=True)
    assert "今天的班前五分钟已计入可上岗" in response.get_data(as_text=True)
    assert not _ready(app, user_id)
    page = client.get("/supervisor/progress").get_data(as_text=True)
    assert "李客服" in page and "班前五分钟：待复习 8 张，连续 0 天，今天未完成" in page
    overview = client.get("/supervisor/overview/not-ready").get_data(as_text=True)
    assert "李客服" in overview and "今天未完成" in overview
    with app.app_context():
        assert db.session.scalar(sa.select(AuditLog.action).order_by(AuditLog.id.desc())) == "team.review_for_shift"
    # the agent does today's session (here: all eight cards answered through the service)
    with app.app_context():
        from lms.services import review_daily

        user = db.session.get(User, user_id)
        at = utcnow() - timedelta(minutes=20)
        for number, view in enumerate(review_daily.session(user, utcnow())):
            outcome = review_daily.answer(
                user, view.card, review_daily.Answer(f"done-{number:05d}", view.right, 5000, at), utcnow()
            )
            assert outcome.accepted, outcome
            at += timedelta(seconds=10)
    assert _ready(app, user_id)
    page = client.get("/supervisor/progress").get_data(as_text=True)
    assert "李客服" not in page.split("尚未可上岗的成员")[1]
    auth.post("/logout")
    auth.login(people["agent"])
    home = client.get("/").get_data(as_text=True)
    assert 'data-test="home-streak">1<' in home and "今天已完成" in home


def test_only_the_teams_own_supervisor_may_switch_it(app, client, auth, people):
    with app.app_context():
        other = Team(name="售前二组")
        db.session.add(other)
        db.session.commit()
        other_id, own_id = other.id, db.session.scalar(sa.select(Team.id).where(Team.name == "售后一组"))
    auth.login(people["supervisor"])
    assert auth.post(f"/review/teams/{other_id}/for-shift", {"required": "y"}).status_code == 404
    auth.post("/logout")
    auth.login(people["agent"])
    assert auth.post(f"/review/teams/{own_id}/for-shift", {"required": "y"}).status_code == 403
    with app.app_context():
        assert not any(db.session.scalars(sa.select(Team.review_for_shift)))
        assert (
            db.session.scalar(sa.select(sa.func.count(AuditLog.id)).where(AuditLog.action == "team.review_for_shift"))
            == 0
        )


def test_a_new_hire_sees_the_review_among_the_conditions_when_the_team_requires_it(
    app, client, auth, people, real_content
):
    user_id = _agent_with_due_cards(app, people["new_hire"])
    with app.app_context():
        db.session.get(User, user_id).team.review_for_shift = True
        db.session.commit()
    auth.login(people["new_hire"])
    home = client.get("/").get_data(as_text=True)
    assert "尚未可上岗" in home and "✗ 今天的班前五分钟：待复习 8 张" in home and 'data-test="review-required"' in home
