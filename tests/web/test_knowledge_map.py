"""The team knowledge map and its refreshers: figures, scope, the two clicks, and the agent's side of a refresher."""

import re
from datetime import timedelta

import sqlalchemy as sa

from lms import timeutil
from lms.extensions import db
from lms.models import Assignment, ModuleFact, Team, User
from tests.factories import READ_LATER, backdate_openings, make_fact_card, make_other_team

TODAY = timeutil.today()


def ids(app) -> dict[str, int]:
    """User ids by employee number, and the alpha module's fact ids as fact1, fact2."""
    with app.app_context():
        found = dict(db.session.execute(sa.select(User.employee_no, User.id)).all())
        for fact in db.session.scalars(sa.select(ModuleFact).order_by(ModuleFact.number)):
            found[f"fact{fact.number}"] = fact.id
        return found


def card(app, employee_no: str, number: int, days_ago: int | None, stability: float = 10.0) -> None:
    """A key-fact card of alpha's fact ``number``, last answered ``days_ago`` (None: never answered)."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == employee_no))
        fact = db.session.scalar(sa.select(ModuleFact).where(ModuleFact.number == number))
        make_fact_card(user, fact, days_ago, stability)
        db.session.commit()


def other_team(app) -> None:
    """A second team (售后二组) with its supervisor S2 and agent X1, who recalls fact 1."""
    make_other_team(app)
    card(app, "X1", 1, 0)


def team_cards(app, people) -> None:
    """The agent recalls fact 1 (answered today) but not fact 2 (20 days ago, stability 10: 0.846); the new hire
    has no cards. So fact 1 is 1/2 = 50%, fact 2 is 0/2 = 0%, and the module 1 of 4 pairs = 25%."""
    card(app, people["agent"], 1, 0)
    card(app, people["agent"], 2, 20)


def refreshers(app) -> set[tuple[str, str, int | None]]:
    """(employee number, module, section position) of every assignment."""
    with app.app_context():
        rows = db.session.scalars(sa.select(Assignment))
        return {(a.user.employee_no, a.module.slug, a.section.position if a.section else None) for a in rows}


def cells(html: str) -> list[str]:
    """The fact rows' texts, in order, without tags."""
    body = html.split('data-test="facts"', 1)[1]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("<tr>")[2:]]


def test_a_supervisor_sees_the_weakest_fact_first_with_hand_computed_shares(app, auth, people, courses):
    team_cards(app, people)
    auth.login(people["supervisor"])
    html = auth.client.get("/knowledge-map").get_data(as_text=True)
    assert "不低于90%" in html  # the definition, with FSRS's desired retention
    rows = cells(html)
    assert "通话结束时谁先挂电话？" in rows[0] and "0%" in rows[0] and "0 / 2 人" in rows[0]
    assert "电话响几声之内要接起？" in rows[1] and "50%" in rows[1] and "1 / 2 人" in rows[1]
    assert "给 2 人布置复习" in rows[0] and "给 1 人布置复习" in rows[1]
    modules = html.split('data-test="modules"', 1)[1].split('data-test="facts"', 1)[0]
    assert "接听礼仪" in modules and "25%" in modules
    assert "售后一组" not in modules  # one team: no team column


def test_hr_sees_every_team_with_a_team_column_and_filter_but_no_assign_button(app, auth, people, courses):
    team_cards(app, people)
    other_team(app)
    auth.login(people["hr"])
    html = auth.client.get("/knowledge-map").get_data(as_text=True)
    rows = cells(html)
    assert len(rows) == 4 and "布置复习" not in html
    assert any("售后二组" in row and "电话响几声之内要接起？" in row and "100%" in row for row in rows)
    with app.app_context():
        second = db.session.scalar(sa.select(Team.id).where(Team.name == "售后二组"))
    only = cells(auth.client.get(f"/knowledge-map?team={second}").get_data(as_text=True))
    assert len(only) == 2 and "100%" in only[1] and "1 / 1 人" in only[1]
    found = ids(app)  # HR sees, supervisors assign: a refresher from HR is refused and writes nothing
    path = f"/knowledge-map/facts/{found['fact2']}/refresher?team={second}"
    assert auth.client.get(path).status_code == 403
    assert auth.post(path, {"people": [found["X1"]], "due_date": TODAY.isoformat()}).status_code == 403
    assert refreshers(app) == set()


def test_an_agent_may_neither_see_the_map_nor_assign(app, auth, people, courses):
    team_cards(app, people)
    found = ids(app)
    with app.app_context():
        team = db.session.scalar(sa.select(Team.id).where(Team.name == "售后一组"))
    auth.login(people["agent"])
    assert auth.client.get("/knowledge-map").status_code == 403
    assert auth.client.get(f"/knowledge-map/facts/{found['fact2']}/refresher?team={team}").status_code == 403
    data = {"people": [found[people["agent"]]], "due_date": TODAY.isoformat()}
    assert auth.post(f"/knowledge-map/facts/{found['fact2']}/refresher?team={team}", data).status_code == 403
    assert refreshers(app) == set()


def test_another_teams_supervisor_sees_only_their_team_and_cannot_assign_to_ours(app, auth, people, courses):
    team_cards(app, people)
    other_team(app)
    found = ids(app)
    with app.app_context():
        ours = db.session.scalar(sa.select(Team.id).where(Team.name == "售后一组"))
    auth.login("S2")
    html = auth.client.get(f"/knowledge-map?team={ours}").get_data(as_text=True)
    assert "李客服" not in html and 'data-test="facts"' not in html
    rows = cells(auth.client.get("/knowledge-map").get_data(as_text=True))
    assert len(rows) == 2 and all("1 人" in row for row in rows)  # their team of one only
    path = f"/knowledge-map/facts/{found['fact2']}/refresher?team={ours}"
    assert auth.client.get(path).status_code == 404
    data = {"people": [found[people["agent"]]], "due_date": TODAY.isoformat()}
    assert auth.post(path, data).status_code == 404
    assert refreshers(app) == set()


def test_two_clicks_assign_the_facts_section_to_those_below_the_threshold(app, auth, people, courses):
    team_cards(app, people)
    found = ids(app)
    with app.app_context():
        team = db.session.scalar(sa.select(Team.id).where(Team.name == "售后一组"))
    auth.login(people["supervisor"])
    map_page = auth.client.get("/knowledge-map").get_data(as_text=True)
    path = f"/knowledge-map/facts/{found['fact1']}/refresher?team={team}"
    assert path in map_page  # the first click: the row's button
    confirm = auth.client.get(path).get_data(as_text=True)
    assert "王新人" in confirm and "李客服" not in confirm and "“问候”这一节" in confirm
    due = (TODAY + timedelta(days=2)).isoformat()
    response = auth.post(path, {"people": [found[people["new_hire"]]], "due_date": due})  # second click
    assert response.status_code == 302
    assert refreshers(app) == {(people["new_hire"], "alpha", 1)}


def test_a_refused_refresher_writes_nothing(app, auth, people, courses):
    team_cards(app, people)
    other_team(app)
    found = ids(app)
    with app.app_context():
        team = db.session.scalar(sa.select(Team.id).where(Team.name == "售后一组"))
    auth.login(people["supervisor"])
    path = f"/knowledge-map/facts/{found['fact2']}/refresher?team={team}"
    for data in (
        {"people": [found["X1"]], "due_date": TODAY.isoformat()},  # someone of another team
        {"people": [found[people["agent"]]], "due_date": (TODAY - timedelta(days=1)).isoformat()},  # in the past
        {"due_date": TODAY.isoformat()},  # nobody
        {"people": ["x"], "due_date": TODAY.isoformat()},
    ):
        response = auth.post(path, data)
        assert response.status_code == 200 and 'class="error"' in response.get_data(as_text=True)
    assert refreshers(app) == set()


def test_the_agent_sees_the_refresher_and_it_is_done_when_the_section_is_read_again(app, auth, people, courses):
    found = ids(app)
    auth.login(people["agent"])
    for position in (1, 2, 3):  # the agent read the whole module once
        auth.client.get(f"/courses/alpha/{position}")
    backdate_openings(app)
    for position in (1, 2, 3):
        auth.post(f"/courses/alpha/{position}/read")
    card(app, people["agent"], 2, 20)
    auth.post("/logout")
    auth.login(people["supervisor"])
    with app.app_context():
        team = db.session.scalar(sa.select(Team.id).where(Team.name == "售后一组"))
    auth.post(
        f"/knowledge-map/facts/{found['fact2']}/refresher?team={team}",
        {"people": [found[people["agent"]]], "due_date": TODAY.isoformat()},
    )
    auth.post("/logout")
    auth.login(people["agent"])
    mine = auth.client.get("/my/assignments").get_data(as_text=True)
    assert "复习《接听礼仪》：道别" in mine and "/courses/alpha/3" in mine
    assert "复习《接听礼仪》：道别" in auth.client.get("/").get_data(as_text=True)  # today's pre-shift learning
    # the old reading does not count: marking it read without opening it again is refused
    too_soon = auth.post("/courses/alpha/3/read", follow_redirects=True).get_data(as_text=True)
    assert "还不能标记已读" in too_soon
    assert pending(app)
    section = auth.client.get("/courses/alpha/3").get_data(as_text=True)
    assert 'data-test="refresher"' in section
    earlier(app)
    done = auth.post("/courses/alpha/3/read", follow_redirects=True).get_data(as_text=True)
    assert "复习任务已完成" in done
    assert not pending(app)
    assert 'data-test="refresher"' not in auth.client.get("/courses/alpha/3").get_data(as_text=True)
    assert "复习《接听礼仪》：道别" not in auth.client.get("/").get_data(as_text=True)


def earlier(app) -> None:
    """Every opening and assignment happened ``READ_LATER`` earlier: the section has been open long enough."""
    with app.app_context():
        for row in db.session.scalars(sa.select(Assignment)):
            row.created_at -= READ_LATER
        db.session.commit()
    backdate_openings(app)


def pending(app) -> bool:
    """Whether a refresher is still to do."""
    with app.app_context():
        return db.session.scalar(sa.select(Assignment.id).where(Assignment.refreshed_at.is_(None))) is not None


def test_a_module_assignment_and_a_refresher_of_it_live_side_by_side(app, auth, people, courses):
    team_cards(app, people)
    found = ids(app)
    with app.app_context():
        team = db.session.scalar(sa.select(Team.id).where(Team.name == "售后一组"))
    auth.login(people["supervisor"])
    due = TODAY.isoformat()
    auth.post("/supervisor/assign", {"what": "module:alpha", "people": found[people["agent"]], "due_date": due})
    auth.post(
        f"/knowledge-map/facts/{found['fact2']}/refresher?team={team}",
        {"people": [found[people["agent"]]], "due_date": due},
    )
    auth.post("/supervisor/assign", {"what": "module:alpha", "people": found[people["agent"]], "due_date": due})
    assert refreshers(app) == {(people["agent"], "alpha", None), (people["agent"], "alpha", 3)}
    progress = auth.client.get("/supervisor/progress").get_data(as_text=True)
    assert progress.count('<th title="接听礼仪">') == 1  # the matrix counts the module once
