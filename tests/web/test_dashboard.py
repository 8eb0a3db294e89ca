"""The supervisor's team overview: the right figures, each linking to its list, and a fixed number of queries.

The teams come from ``tests.team_history`` (a year of history); the expected figures below follow from its rules.
"""

import re
import time

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Module
from tests.sql import statements
from tests.team_history import build_team


def figure(page: str, label: str) -> int:
    """The number of the overview tile named ``label``."""
    return int(re.search(rf"<strong>(\d+)</strong>{label}</a>", page).group(1))


@pytest.fixture
def team(app, exam_content, drill_content):
    """A team of ten with a year of history."""
    with app.app_context():
        return build_team("F", 10)


def test_the_overview_counts_the_team(client, auth, team):
    auth.login(team.supervisor)
    page = client.get("/supervisor/").get_data(as_text=True)
    assert (figure(page, "尚未可上岗"), figure(page, "逾期学习任务"), figure(page, "30 天内到期的证书")) == (1, 11, 1)
    assert figure(page, "本月违规") == 2 and "扣 4 分，涉及 2 人" in page and "涉及 8 人" in page
    modules = page[page.index('data-test="modules"') : page.index('data-test="exams"')]
    rows = re.findall(r"<tr><td>([^<]+)</td>\s*<td><a[^>]*>(\d+)</a></td>\s*<td><a[^>]*>(\d+)</a></td>", modules)
    assert rows == [("成交", "10", "0"), ("开场", "10", "3"), ("接听礼仪", "10", "6")]  # least finished first
    levels = page[page.index('data-test="levels"') : page.index('data-test="drill-batches"')]
    assert re.findall(r"<td>([^<]+)</td>\s*<td><a[^>]*>(\d+)</a>", levels)[:2] == [("尚未定级", "7"), ("初级客服", "3")]
    drills = page[page.index('data-test="drill-batches"') : page.index('data-test="trends"')]
    assert "已达标 3</a>" in drills and "未达标 7</a>" in drills  # typing: only the three fastest reach 60
    assert "已达标 8</a>" in drills and "未达标 2</a>" in drills  # quick replies
    ratings = page[page.index('data-test="ratings"') :]
    assert "F0005 的留言：例子很实用" in ratings and "F0001 的留言：例子很实用" in ratings
    trends = page[page.index('data-test="trends"') : page.index('data-test="ratings"')]
    assert trends.count("<polyline") == 20  # two sparklines for each of the ten members


def test_exam_pass_rates_match_the_attempts(app, client, auth, team):
    auth.login(team.supervisor)
    page = client.get("/supervisor/").get_data(as_text=True)
    exams = page[page.index('data-test="exams"') : page.index('data-test="levels"')]
    # each member sat each exam twice; percent = 40 + (7i + 13k) % 60 with k = 0..3, a pass from 60
    for title, ks in (("开场测验", (0, 2)), ("接听礼仪测验", (1, 3))):
        scores = [40 + (7 * i + 13 * k) % 60 for i in range(10) for k in ks]
        passed = sum(1 for score in scores if score >= 60)
        row = exams[exams.index(title) :]
        found = re.search(r"result=passed\">(\d+)</a>.*?result=failed\">(\d+)</a>.*?</span> (\d+)%", row, re.S)
        assert found.groups() == (str(passed), str(20 - passed), str(100 * passed // 20))


def test_every_figure_links_to_its_list(client, auth, team):
    auth.login(team.supervisor)
    page = client.get("/supervisor/").get_data(as_text=True)
    lists = {
        "/supervisor/overview/not-ready": ["F成员0000"],
        "/supervisor/overview/overdue-assignments": ["F成员0000", "F成员0009"],
        "/supervisor/overview/module?module=alpha&amp;status=done": ["F成员0001"],
        "/supervisor/overview/level?level=junior": ["F成员0001", "F成员0004", "F成员0007"],
        "/supervisor/overview/expiring": ["F成员0001"],
        "/supervisor/overview/violations": ["F成员0000", "F成员0005"],
        "/supervisor/overview/ratings?module=alpha": ["F0001 的留言"],
    }
    for path, names in lists.items():
        assert f'href="{path}"' in page, path
        listed = client.get(path.replace("&amp;", "&")).get_data(as_text=True)
        assert all(name in listed for name in names), path
    overdue = client.get("/supervisor/overview/overdue-assignments").get_data(as_text=True)
    assert overdue.count("<tr><td>") == 11
    done = client.get("/supervisor/overview/module?module=alpha&status=done").get_data(as_text=True)
    assert done.count("<tr><td>") == 6 and "F成员0000" not in done
    ratings = client.get("/supervisor/overview/ratings?module=alpha").get_data(as_text=True)
    assert ratings.count("<tr><td>") == 6 and "F成员" not in ratings  # anonymous


def test_drill_progress_says_who_met_the_target_who_did_not_by_how_much_and_who_did_not_practise(
    app, client, auth, team
):
    auth.login(team.supervisor)
    page = client.get("/supervisor/drills").get_data(as_text=True)
    batch = re.search(r'href="/supervisor/drills/assignments/(\d+)">打字', page).group(1)
    detail = client.get(f"/supervisor/drills/assignments/{batch}").get_data(as_text=True)
    row = detail[detail.index("F成员0000") :]
    assert "53 字/分钟、准确率 95%：未达到目标 60 字/分钟（还差 7 字/分钟）" in row[: row.index("</tr>")]
    met = client.get(f"/supervisor/drills/assignments/{batch}?state=met").get_data(as_text=True)
    assert [name for name in ("F成员0007", "F成员0008", "F成员0009", "F成员0000") if name in met] == [
        "F成员0007",
        "F成员0008",
        "F成员0009",
    ]
    assert "60 字/分钟、准确率 95%：达到目标 60 字/分钟、95%" in met  # 53 + 7
    with app.app_context():  # a member who never practised since
        from lms.models import TypingResult

        db.session.execute(sa.delete(TypingResult).where(TypingResult.user_id == team.member_ids[1]))
        db.session.commit()
    none = client.get(f"/supervisor/drills/assignments/{batch}?state=none").get_data(as_text=True)
    assert "F成员0001" in none and "还没有练习：目标 60 字/分钟、准确率 95%" in none
    assert client.get(f"/supervisor/drills/assignments/{batch}?state=bogus").status_code == 200


def test_the_overview_takes_the_same_number_of_queries_for_20_and_200_members(
    app, client, auth, exam_content, drill_content
):
    with app.app_context():
        started = time.perf_counter()
        teams = {20: build_team("S", 20), 200: build_team("L", 200)}
        built = time.perf_counter() - started
        module = db.session.scalar(sa.select(Module.slug).where(Module.slug == "alpha"))
    paths = [
        "/supervisor/",
        "/supervisor/?page=2",
        "/supervisor/overview/not-ready",
        "/supervisor/overview/overdue-assignments",
        f"/supervisor/overview/module?module={module}&status=overdue",
        "/supervisor/overview/level",
        "/supervisor/overview/exam-ready",
        "/supervisor/overview/expiring",
        "/supervisor/overview/violations",
        f"/supervisor/overview/ratings?module={module}",
        "/supervisor/drills/assignments",
    ]
    counts: dict[int, dict[str, int]] = {}
    for size, team in teams.items():
        auth.login(team.supervisor)
        client.get("/supervisor/")
        counts[size] = {}
        for path in paths:
            with statements(app) as found:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - started
            assert response.status_code == (404 if "page=2" in path and size == 20 else 200), path
            counts[size][path] = len(found)
            if path == "/supervisor/":
                print(
                    f"\n{size} members: overview in {elapsed:.2f}s, {len(found)} statements (history built in {built:.1f}s)"
                )
                assert f"{'L' if size == 200 else 'S'}成员0001" in response.get_data(as_text=True)
        auth.post("/logout")
    counts[20].pop("/supervisor/?page=2")
    counts[200].pop("/supervisor/?page=2")
    assert counts[20] == counts[200]


def test_the_overview_and_the_progress_page_run_a_fixed_set_of_statements(app, client, auth, team):
    """Pinned (the pages bench's figures): a statement more is CPU time on every request; fewer, update the figure."""
    auth.login(team.supervisor)
    found = {}
    for path in ("/supervisor/", "/supervisor/progress"):
        client.get(path)
        with statements(app) as run:
            assert client.get(path).status_code == 200
        found[path] = len(run)
    assert found == {"/supervisor/": 31, "/supervisor/progress": 14}


def test_the_expiring_count_is_the_expiring_list(app, team):
    from lms.services import certificates

    with app.app_context():
        ids = list(team.member_ids)
        assert certificates.expiring_count(ids) == len(certificates.expiring(ids)) == 1
        assert certificates.expiring_count([]) == 0
