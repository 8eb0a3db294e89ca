"""Scope on the team overview and every list behind it: supervisor A never sees team B nor A's departed member.

Not by list, search, statistics or an id in the URL. Both teams have the same history (``tests.team_history``),
so a figure that counted team B would come out double.
"""

import re

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import DrillAssignment, User
from tests.team_history import build_team

OVERVIEW_LISTS = [
    "/supervisor/overview/not-ready",
    "/supervisor/overview/overdue-assignments",
    "/supervisor/overview/module?module=alpha",
    "/supervisor/overview/module?module=alpha&status=done",
    "/supervisor/overview/module?module=s-1&status=overdue",
    "/supervisor/overview/module?module=s-2&status=pending",
    "/supervisor/overview/level",
    "/supervisor/overview/level?level=junior",
    "/supervisor/overview/exam-ready",
    "/supervisor/overview/expiring",
    "/supervisor/overview/violations",
    "/supervisor/overview/ratings?module=alpha",
]


@pytest.fixture
def teams(app, exam_content, drill_content):
    """Teams A and B of six each; A's member A0003 has left (deactivated)."""
    with app.app_context():
        a, b = build_team("A", 6), build_team("B", 6)
        db.session.get(User, a.member_ids[3]).active = False
        db.session.commit()
        batches = {
            name: sorted(
                db.session.scalars(sa.select(DrillAssignment.id).where(DrillAssignment.user_id.in_(team.member_ids)))
            )
            for name, team in (("A", a), ("B", b))
        }
    return a, b, batches


def hidden(page: str) -> list[str]:
    """What of team B or of A's departed member shows on ``page``."""
    return re.findall(r"B成员\d{4}|B\d{4} 的留言|A成员0003|A0003 的留言|B组", page)


def test_supervisor_a_sees_only_team_a_on_the_overview_and_every_list(client, auth, teams):
    a, _b, batches = teams
    auth.login(a.supervisor)
    paths = ["/supervisor/", "/supervisor/?q=成员", "/supervisor/drills", "/supervisor/drills/assignments"]
    paths += OVERVIEW_LISTS + [f"{path}{'&' if '?' in path else '?'}q=成员" for path in OVERVIEW_LISTS]
    paths += [f"/supervisor/drills/assignments/{batches['A'][0]}", f"/supervisor/drills/assignments/{batches['A'][-1]}"]
    seen = ""
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        assert hidden(page) == [], path
        seen += page
    assert "A成员0001" in seen and "A成员0005" in seen  # the team itself is there


def test_searching_for_team_b_finds_no_one(client, auth, teams):
    a, _b, _batches = teams
    auth.login(a.supervisor)
    for path in ["/supervisor/?q=B成员0001"] + [
        f"{path}{'&' if '?' in path else '?'}q=B成员0001" for path in OVERVIEW_LISTS if "ratings" not in path
    ]:
        page = re.sub(r'value="[^"]*"', "", client.get(path).get_data(as_text=True))  # the search box echoes it
        assert hidden(page) == [] and "没有找到匹配的成员" in page, path


def test_the_figures_count_team_a_only(client, auth, teams):
    a, _b, _batches = teams
    auth.login(a.supervisor)
    page = client.get("/supervisor/").get_data(as_text=True)
    # six members built, one left: i = 0, 1, 2, 4, 5; one new hire (i = 0), not ready
    assert "A组（5 人）" in page and "新员工共 1 人" in page
    assert re.search(r"<strong>1</strong>尚未可上岗", page)
    # violations this month: i = 0 and 5 (2 points each); team B's two do not count
    assert re.search(r"<strong>2</strong>本月违规", page) and "扣 4 分，涉及 2 人" in page
    # the drills were assigned to all six; the departed member is not counted
    assert "（共 5 人）" in page and "（共 6 人）" not in page
    levels = page[page.index('data-test="levels"') : page.index('data-test="drill-batches"')]
    assert sum(int(n) for n in re.findall(r"level[^\"]*\">(\d+)</a>", levels)) == 5


def test_team_b_ids_in_the_url_are_not_found(client, auth, teams):
    a, _b, batches = teams
    auth.login(a.supervisor)
    for assignment_id in batches["B"][:1] + batches["B"][-1:]:
        assert client.get(f"/supervisor/drills/assignments/{assignment_id}").status_code == 404
        assert client.get(f"/supervisor/drills/assignments/{assignment_id}?state=met").status_code == 404
    assert client.get("/supervisor/drills/assignments/999999").status_code == 404


def test_other_roles_are_refused_and_bad_filters_answered(client, auth, teams, people):
    a, _b, _batches = teams
    for role in ("agent", "new_hire", "hr", "admin"):
        auth.login(people[role])
        for path in ["/supervisor/", OVERVIEW_LISTS[0], "/supervisor/drills/assignments"]:
            assert client.get(path).status_code == 403, (role, path)
        auth.post("/logout")
    auth.login(a.supervisor)
    for path in (
        "/supervisor/overview/nonsense",
        "/supervisor/overview/module?module=nope",
        "/supervisor/overview/module",
        "/supervisor/overview/ratings?module=nope",
        "/supervisor/overview/level?level=guru",
        "/supervisor/overview/overdue-assignments?page=99",
    ):
        assert client.get(path).status_code == 404, path
    bad = client.get("/supervisor/overview/module?module=alpha&status=weird").get_data(as_text=True)
    assert "不是有效的选择" in bad and "A成员0001" in bad  # the bad filter is named and ignored
    long = client.get("/supervisor/?q=" + "长" * 65).get_data(as_text=True)
    assert "搜索词最多 64 个字" in long
