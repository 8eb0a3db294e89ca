"""Assignments, pre-shift learning, the progress matrix, readiness for shift and module ratings."""

from datetime import date, timedelta

import sqlalchemy as sa

from lms import timeutil
from lms.extensions import db
from lms.models import Assignment, Role, Team, User
from tests.factories import make_other_team, make_user, read_sections

TODAY = timeutil.today()


def user_id(app, employee_no: str) -> int:
    """The id of the user with this number."""
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.employee_no == employee_no))


def assigned(app) -> set[tuple[str, str, date]]:
    """(employee number, module, due date) of every assignment."""
    with app.app_context():
        return {(a.user.employee_no, a.module.slug, a.due_date) for a in db.session.scalars(sa.select(Assignment))}


def test_supervisor_assigns_a_series_to_the_whole_team(app, auth, people, courses):
    auth.login(people["supervisor"])
    due = (TODAY + timedelta(days=7)).isoformat()
    response = auth.post("/supervisor/assign", {"what": "series:sales", "whole_team": "y", "due_date": due})
    assert response.status_code == 302
    expected = {(people[r], slug, TODAY + timedelta(days=7)) for r in ("agent", "new_hire") for slug in ("s-1", "s-2")}
    assert assigned(app) == expected


def test_assigning_again_changes_only_the_due_date(app, auth, people, courses):
    auth.login(people["supervisor"])
    agent = user_id(app, people["agent"])
    auth.post("/supervisor/assign", {"what": "module:alpha", "people": agent, "due_date": TODAY.isoformat()})
    later = TODAY + timedelta(days=3)
    auth.post("/supervisor/assign", {"what": "module:alpha", "people": agent, "due_date": later.isoformat()})
    assert assigned(app) == {(people["agent"], "alpha", later)}


def test_bad_assignments_are_refused_with_reasons(app, auth, people, courses):
    auth.login(people["supervisor"])
    page = auth.post(
        "/supervisor/assign", {"what": "module:alpha", "due_date": (TODAY - timedelta(days=1)).isoformat()}
    ).get_data(as_text=True)
    assert "截止日期不能早于今天" in page and "请选择学员" in page
    ghost = auth.post("/supervisor/assign", {"what": "module:ghost", "whole_team": "y", "due_date": TODAY.isoformat()})
    assert "不是有效的选择" in ghost.get_data(as_text=True)
    assert assigned(app) == set()


def test_a_supervisor_cannot_assign_to_another_team(app, auth, people, courses):
    make_other_team(app)
    auth.login(people["supervisor"])
    stranger = user_id(app, "X1")
    response = auth.post(
        "/supervisor/assign", {"what": "module:alpha", "people": stranger, "due_date": TODAY.isoformat()}
    )
    assert response.status_code == 200 and assigned(app) == set()


def test_agent_sees_own_assignments_overdue_first_and_today_on_home(app, client, auth, people, courses):
    with app.app_context():
        agent = db.session.scalar(sa.select(User).where(User.employee_no == people["agent"]))
        from lms.models import Module

        mods = {m.slug: m for m in db.session.scalars(sa.select(Module))}
        db.session.add_all(
            [
                Assignment(user=agent, module=mods["s-2"], due_date=TODAY + timedelta(days=5)),
                Assignment(user=agent, module=mods["s-1"], due_date=TODAY - timedelta(days=2)),
                Assignment(user=agent, module=mods["alpha"], due_date=TODAY),
            ]
        )
        db.session.commit()
    auth.login(people["agent"])
    page = client.get("/my/assignments").get_data(as_text=True)
    assert page.index("开场") < page.index("接听礼仪") < page.index("成交") and "已逾期" in page
    home = client.get("/").get_data(as_text=True)
    today = home[home.index('data-test="today"') :]
    assert "开场" in today and "接听礼仪" in today and "成交" not in today


def test_a_new_hire_is_ready_for_shift_only_after_the_onboarding_path_and_typing(
    app, client, auth, people, drill_content
):
    from tests.web.test_readiness import _typed

    auth.login(people["new_hire"])
    home = client.get("/").get_data(as_text=True)
    assert "尚未可上岗" in home and "已完成 0 / 1 门" in home
    read_sections(auth, "alpha", (1, 2, 3))
    home = client.get("/").get_data(as_text=True)
    assert "尚未可上岗" in home and "已完成 1 / 1 门" in home
    _typed(app, people["new_hire"], net=50, accuracy=0.96)
    home = client.get("/").get_data(as_text=True)
    assert "尚未可上岗" not in home and "可上岗" in home


def test_supervisor_sees_who_is_not_ready(app, client, auth, people, courses):
    auth.login(people["supervisor"])
    assert "王新人" in client.get("/supervisor/progress").get_data(as_text=True)
    home = client.get("/", follow_redirects=True).get_data(as_text=True)  # a supervisor's home is the overview
    assert "团队概览" in home and "尚未可上岗" in home
    listed = client.get("/supervisor/overview/not-ready").get_data(as_text=True)
    assert "王新人" in listed and "入职课程 0 / 1 门" in listed


def test_matrix_shows_each_state_and_only_the_supervisors_team(app, client, auth, people, courses):
    make_other_team(app)
    with app.app_context():
        from lms.models import Module

        mods = {m.slug: m for m in db.session.scalars(sa.select(Module))}
        agent = db.session.scalar(sa.select(User).where(User.employee_no == people["agent"]))
        hire = db.session.scalar(sa.select(User).where(User.employee_no == people["new_hire"]))
        stranger = db.session.scalar(sa.select(User).where(User.employee_no == "X1"))
        db.session.add_all(
            [
                Assignment(user=agent, module=mods["alpha"], due_date=TODAY),
                Assignment(user=hire, module=mods["alpha"], due_date=TODAY - timedelta(days=1)),
                Assignment(user=hire, module=mods["s-1"], due_date=TODAY),  # the agent's cell of s-1: not assigned
                Assignment(user=stranger, module=mods["s-2"], due_date=TODAY),
            ]
        )
        db.session.commit()
    auth.login(people["agent"])
    read_sections(auth, "alpha", [1])
    auth.post("/logout")
    auth.login(people["supervisor"])
    page = client.get("/supervisor/progress").get_data(as_text=True)
    assert "别组客服" not in page and "成交" not in page
    # each cell's state named once as its title and once as its text, an empty cell titled only (both languages)
    assert '<td class="cell cell-in_progress" title="学习中">学习中</td>' in page
    assert '<td class="cell cell-overdue" title="已逾期">已逾期</td>' in page
    assert '<td class="cell cell-none" title="未布置"></td>' in page
    assert '<span class="cell cell-none">未布置</span>' in page and 'data-label="今天待复习"' in page
    auth.post("/language", {"locale": "en", "next": "/"})
    page = client.get("/supervisor/progress").get_data(as_text=True)
    assert '<td class="cell cell-overdue" title="Overdue">Overdue</td>' in page
    assert '<td class="cell cell-none" title="Not assigned"></td>' in page and 'data-label="due today"' in page
    auth.post("/logout")
    auth.login(people["agent"])
    assert client.get("/supervisor/progress").status_code == 403


def test_matrix_pages_fifty_members_at_a_time(app, client, auth, people, courses):
    with app.app_context():
        team = db.session.scalar(sa.select(Team))
        for index in range(60):
            make_user(f"M{index:03d}", f"成员{index}", Role.AGENT, team=team)
        db.session.commit()
    auth.login(people["supervisor"])
    auth.post("/supervisor/assign", {"what": "module:alpha", "whole_team": "y", "due_date": TODAY.isoformat()})
    first = client.get("/supervisor/progress").get_data(as_text=True)
    assert "第 1 / 2 页，共 62 条" in first and "成员0<" in first and "成员59<" not in first
    assert "成员59<" in client.get("/supervisor/progress?page=2").get_data(as_text=True)


def test_ratings_page_shows_count_means_and_satisfaction(app, client, auth, people, courses):
    for role, scores in (("agent", (5, 4, 3)), ("new_hire", (4, 2, 5))):
        auth.login(people[role])
        read_sections(auth, "alpha", (1, 2, 3))
        auth.post("/courses/alpha/rate", dict(zip(("content", "usefulness", "clarity"), scores, strict=True)))
        auth.post("/logout")
    auth.login(people["supervisor"])
    page = client.get("/supervisor/ratings").get_data(as_text=True)
    row = page[page.index("<td>接听礼仪</td>") :]
    assert row.startswith("<td>接听礼仪</td><td>2</td>")
    assert "<td>4.50</td><td>3.00</td><td>4.00</td>" in row and "66.7%" in row
    assert "暂无评价" in page
