"""Sittings: a supervisor opens a timed exam for their learners, whose clock starts when their paper is first shown."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from lms.domain.states import AttemptStatus
from lms.extensions import db
from lms.models import Attempt, AuditLog, Role, Sitting, Team, User
from lms.timeutil import utcnow
from tests.conftest import Auth
from tests.factories import make_other_team, make_user

#: The test exam "final": 8 questions, 10 minutes (tests/content.py).
LIMIT = timedelta(minutes=10)


def user_id(app, number: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.employee_no == number))


@pytest.fixture
def other_team(app, people):
    """A second team with its own supervisor (S2) and agent (X1)."""
    make_other_team(app)


def open_sitting(auth, **form) -> object:
    """Post the supervisor's form (the final exam, 60 minutes, unless said otherwise)."""
    return auth.post("/supervisor/sittings", {"what": "final", "minutes": "60", **form})


def counts(app) -> tuple[int, int, int]:
    """Sittings, attempts and audit entries about sittings, to show that a refusal wrote nothing."""
    with app.app_context():
        return (
            db.session.scalar(sa.select(sa.func.count(Sitting.id))),
            db.session.scalar(sa.select(sa.func.count(Attempt.id))),
            db.session.scalar(sa.select(sa.func.count(AuditLog.id)).where(AuditLog.action == "sitting.open")),
        )


def start_button(page: str) -> str:
    match = re.search(r'action="(/sittings/\d+/start)"', page)
    assert match, "no start button on the home page"
    return match.group(1)


def test_a_sitting_shows_on_the_home_page_and_the_clock_starts_when_the_paper_is_first_shown(
    app, client, auth, people, exam_content
):
    begin = utcnow().replace(microsecond=0)
    with time_machine.travel(begin, tick=False) as clock:
        auth.login(people["supervisor"])
        assert open_sitting(auth, whole_team="y").location == "/supervisor/sittings"
        page = client.get("/supervisor/sittings").get_data(as_text=True)
        assert "开场测验" in page and "<td>2</td><td>0</td>" in page  # the team's agent and new hire, none on a paper
        auth.post("/logout")

        auth.login(people["agent"])
        home = client.get("/").get_data(as_text=True)
        assert "考试：开场测验" in home and "从试卷显示时开始计时" in home
        started = auth.post(start_button(home))
        attempt_id = int(re.search(r"/attempts/(\d+)$", started.location).group(1))
        clock.shift(5 * 60)  # five minutes in a queue before the paper reaches the screen
        paper = client.get(started.location).get_data(as_text=True)
        assert re.search(r'data-remaining="600"', paper)  # the full ten minutes
        with app.app_context():
            row = db.session.get(Attempt, attempt_id)
            assert row.shown_at == row.started_at == begin + timedelta(minutes=5)
            assert row.deadline == begin + timedelta(minutes=5) + LIMIT
        clock.shift(60)
        assert re.search(r'data-remaining="540"', client.get(started.location).get_data(as_text=True))
        with app.app_context():  # a second showing moves nothing
            assert db.session.get(Attempt, attempt_id).deadline == begin + timedelta(minutes=5) + LIMIT
        assert "继续作答" in client.get("/").get_data(as_text=True)
        assert auth.post(start_button(home)).location == started.location  # starting again resumes the paper
        with app.app_context():  # handed in: the card links to the result
            db.session.execute(sa.update(Attempt).values(status=AttemptStatus.FINISHED))
            db.session.commit()
        card = client.get("/").get_data(as_text=True)
        assert "您已交卷" in card and f'href="/attempts/{attempt_id}/result"' in card and "继续作答" not in card
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "sitting.open"))
        assert entry.actor.employee_no == people["supervisor"]


def test_chosen_people_only_see_the_sitting(app, client, auth, people, exam_content):
    auth.login(people["supervisor"])
    open_sitting(auth, people=str(user_id(app, people["agent"])))
    auth.post("/logout")
    auth.login(people["new_hire"])
    assert "考试：开场测验" not in client.get("/").get_data(as_text=True)
    with app.app_context():
        sitting_id = db.session.scalar(sa.select(Sitting.id))
    assert auth.post(f"/sittings/{sitting_id}/start").status_code == 404  # another's sitting looks like none
    assert counts(app)[1] == 0


def test_a_supervisor_cannot_open_a_sitting_for_another_teams_agent(app, auth, people, exam_content, other_team):
    auth.login(people["supervisor"])
    refused = open_sitting(auth, people=str(user_id(app, "X1")))
    assert refused.status_code == 200 and "所选学员不在您带领的团队中" in refused.get_data(as_text=True)
    mixed = open_sitting(auth, people=[str(user_id(app, people["agent"])), str(user_id(app, "X1"))])
    assert mixed.status_code == 200
    assert counts(app) == (0, 0, 0)


def test_the_service_refuses_people_a_supervisor_may_not_see_and_writes_nothing(app, people, exam_content, other_team):
    from lms.models import Exam
    from lms.services import sittings

    with app.app_context():
        supervisor = db.session.scalar(sa.select(User).where(User.employee_no == people["supervisor"]))
        hr = db.session.scalar(sa.select(User).where(User.employee_no == people["hr"]))
        exam = db.session.scalar(sa.select(Exam).where(Exam.slug == "final"))
        agent, stranger = user_id(app, people["agent"]), user_id(app, "X1")
        for who, ids in ((supervisor, [agent, stranger]), (supervisor, []), (hr, [agent])):
            with pytest.raises(PermissionError):
                sittings.open_sitting(who, exam, ids, 60)
        for minutes in (4, 721):
            with pytest.raises(ValueError):
                sittings.open_sitting(supervisor, exam, [agent], minutes)
        db.session.rollback()
    assert counts(app) == (0, 0, 0)


@pytest.mark.parametrize("role", ["agent", "hr", "admin"])
def test_only_supervisors_open_sittings(client, auth, people, exam_content, role, app):
    auth.login(people[role])
    assert client.get("/supervisor/sittings").status_code == 403
    assert open_sitting(auth, whole_team="y").status_code == 403
    assert counts(app) == (0, 0, 0)


@pytest.mark.parametrize(("minutes", "message"), [("", "请填写开考时段"), ("4", "5–720"), ("721", "5–720")])
def test_a_bad_window_is_refused_in_chinese(app, auth, people, exam_content, minutes, message):
    auth.login(people["supervisor"])
    refused = open_sitting(auth, whole_team="y", minutes=minutes)
    assert refused.status_code == 200 and message in refused.get_data(as_text=True)
    assert counts(app) == (0, 0, 0)


def test_once_the_window_closes_no_paper_starts_but_one_started_in_time_runs_its_full_time(
    app, client, auth, people, exam_content
):
    begin = utcnow().replace(microsecond=0)
    with time_machine.travel(begin, tick=False) as clock:
        auth.login(people["supervisor"])
        open_sitting(auth, whole_team="y", minutes="5")
        auth.post("/logout")
        auth.login(people["agent"])
        button = start_button(client.get("/").get_data(as_text=True))
        late = Auth(app.test_client())
        late.login(people["new_hire"])
        clock.shift(5 * 60 - 1)
        paper = auth.post(button).location
        assert client.get(paper).status_code == 200
        clock.shift(2)
        refused = late.post(button)
        assert refused.location == "/" and "开考时间已过" in late.client.get("/").get_data(as_text=True)
        assert "考试：开场测验" not in late.client.get("/").get_data(as_text=True)
        assert counts(app)[1] == 1  # the refused start drew no paper
        clock.shift(9 * 60)
        assert client.get(paper).status_code == 200  # ten minutes from its first showing, past the window


def _shift_start(app, number: str, sitting_id: int) -> list[int]:
    """The statements of each step as an agent signs in, opens the home page, starts the sitting and sees the paper."""
    from tests.conftest import csrf_token
    from tests.sql import statements

    client = app.test_client()
    token = csrf_token(client)
    steps = [
        lambda: client.post("/login", data={"employee_no": number, "password": "pass1234", "csrf_token": token}),
        lambda: client.get("/"),
    ]
    seen = []
    for step in steps:
        with statements(app) as run:
            assert step().status_code in (200, 302)
        seen.append(len(run))
    token = csrf_token(client, "/password")
    with statements(app) as run:
        paper = client.post(f"/sittings/{sitting_id}/start", data={"csrf_token": token}).location
    seen.append(len(run))
    with statements(app) as run:
        assert client.get(paper).status_code == 200
    seen.append(len(run))
    return seen


def test_a_shift_start_runs_as_many_statements_with_a_big_team_and_more_sittings(app, auth, people, exam_content):
    """Sign-in, home page, start and first showing do no query per person, sitting or question in the banks."""
    auth.login(people["supervisor"])
    open_sitting(auth, whole_team="y")
    with app.app_context():
        first = db.session.scalar(sa.select(Sitting.id))
    small = _shift_start(app, people["agent"], first)
    with app.app_context():
        team = db.session.scalar(sa.select(Team))
        for index in range(30):
            make_user(f"M{index:03d}", f"成员{index}", Role.AGENT, team=team)
        db.session.commit()
    open_sitting(auth, whole_team="y", what="quiz-alpha")
    open_sitting(auth, whole_team="y")
    with app.app_context():
        last = db.session.scalar(sa.select(sa.func.max(Sitting.id)))
    assert _shift_start(app, "M007", last) == small
    sign_in, home, start, paper = small
    assert sign_in <= 4, "a sign-in: the user, its failures (2), the audit entry; nothing read again after the commit"
    assert home <= 14
    assert start <= 10, "the sitting, its exam, the attempts (2), the draw (2), the version, the attempt, its items"
    assert paper <= 7, "the user, the attempt, its exam, the clock, the bell, the items and their questions"
