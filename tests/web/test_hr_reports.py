"""HR's reports: level distribution (per team, overall, by month), the training report, and their query counts."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms import timeutil
from lms.domain.states import AttemptStatus
from lms.extensions import db
from lms.models import Assignment, Attempt, Exam, Module, ModuleProgress, ModuleRating, Role, Team, User, Violation
from lms.services import level_report
from lms.timeutil import utcnow
from tests.factories import make_user
from tests.sql import statements
from tests.web.test_hr_records import add_certificate

TODAY = timeutil.today()


def user(employee_no: str) -> User:
    return db.session.scalar(sa.select(User).where(User.employee_no == employee_no))


@pytest.fixture
def teams(app, people) -> dict[str, int]:
    """Two teams: 东组 holds junior ×2 (one also intermediate) and a revoked senior; 西组 one expert and a novice."""
    with app.app_context():
        east, west = Team(name="东组"), Team(name="西组")
        db.session.add_all([east, west])
        a, b, c = (make_user(f"E{i}", f"东{i}", Role.AGENT, team=east) for i in range(3))
        x, y = make_user("W0", "西0", Role.AGENT, team=west), make_user("W1", "西1", Role.NEW_HIRE, team=west)
        gone = make_user("W2", "西离职", Role.AGENT, team=west, active=False)
        db.session.flush()
        long_ago = TODAY - timedelta(days=200)
        add_certificate(a, "junior", long_ago, TODAY + timedelta(days=500))
        add_certificate(b, "junior", long_ago, TODAY - timedelta(days=1))  # expired: still held
        add_certificate(b, "intermediate", TODAY - timedelta(days=10), TODAY + timedelta(days=700))
        add_certificate(c, "senior", TODAY - timedelta(days=40), TODAY + timedelta(days=700), revoked=True)
        add_certificate(x, "expert", TODAY - timedelta(days=70), TODAY + timedelta(days=700))
        add_certificate(gone, "expert", long_ago, TODAY + timedelta(days=700))  # left: not counted
        db.session.commit()
        return {"east": east.id, "west": west.id, "y": y.id}


def test_the_distribution_counts_each_active_learner_once_at_the_highest_level_held(app, teams):
    with app.app_context():
        report = level_report.report(user("T1"))
        assert report.codes == ("junior", "intermediate", "senior", "expert")
        assert report.of(teams["east"]).counts == (1, 1, 1, 0, 0)  # c's senior was revoked
        assert report.of(teams["west"]).counts == (1, 0, 0, 0, 1)
        assert report.of(None).total == 0  # the people fixture's two learners are in 售后一组
        assert report.of(db.session.scalar(sa.select(Team.id).where(Team.name == "售后一组"))).counts == (2, 0, 0, 0, 0)
        assert report.overall.total == 7 and report.overall.certified == 3


def test_the_trend_ends_at_today_s_distribution_and_follows_issue_and_revocation_dates(app, teams):
    with app.app_context():
        hr = user("T1")
        trend = level_report.trend(hr, TODAY)
        assert len(trend.months) == 12 and trend.months[-1] == TODAY
        now = [series[-1] for series in trend.series]
        assert now == list(level_report.report(hr).overall.counts[1:])
        before = trend.months.index(next(m for m in trend.months if m >= TODAY - timedelta(days=40))) - 1
        assert trend.series[2][before] == 0 and trend.series[2][-1] == 0  # the senior was not yet issued, then revoked
        west = level_report.trend(hr, TODAY, teams["west"])
        assert [series[-1] for series in west.series] == [0, 0, 0, 1]


def test_the_levels_page_shows_teams_charts_and_refuses_a_bad_team(client, auth, teams):
    auth.login("T1")
    page = client.get("/hr/levels").get_data(as_text=True)
    assert "东组" in page and "西组" in page and page.count('<svg class="chart"') == 3
    assert re.search(r"<strong>7</strong>人", page) and re.search(r"<strong>3</strong>已定级", page)
    one = client.get(f"/hr/levels?team={teams['west']}").get_data(as_text=True)
    assert "按月趋势：西组" in one
    bad = client.get("/hr/levels?team=x")
    assert bad.status_code == 400 and "请选择列表中的团队" in bad.get_data(as_text=True)


def test_an_empty_levels_page_says_what_to_do(client, auth, people):
    auth.login("T1")
    page = client.get("/hr/levels").get_data(as_text=True)
    assert "过去 12 个月还没有人持有等级" in page


def finished(user_id: int, exam_id: int, passed: bool) -> Attempt:
    now = utcnow()
    return Attempt(
        exam_id=exam_id,
        user_id=user_id,
        status=AttemptStatus.FINISHED,
        deadline=now,
        finished_at=now,
        percent=90.0 if passed else 40.0,
        passed=passed,
    )


def test_the_training_report_gives_each_module_s_figures(app, client, auth, people, exam_content):
    with app.app_context():
        alpha = db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        quiz = db.session.scalar(sa.select(Exam).where(Exam.slug == "quiz-alpha"))
        learners = [make_user(f"L{i}", f"学员{i}") for i in range(4)]
        db.session.flush()
        for index, learner in enumerate(learners):  # four assigned, three started, two completed
            db.session.add(Assignment(user_id=learner.id, module_id=alpha.id, due_date=TODAY))
            if index < 3:
                done = utcnow() if index < 2 else None
                db.session.add(ModuleProgress(user_id=learner.id, module_id=alpha.id, completed_at=done))
        # quiz: L0 passes at once, L1 fails then passes, L2 fails twice -> 2 of 3 passed, 5 attempts
        for user_index, passed in ((0, True), (1, False), (1, True), (2, False), (2, False)):
            db.session.add(finished(learners[user_index].id, quiz.id, passed))
        for learner, answers in zip(learners, ((5, 5, 4), (3, 4, 2)), strict=False):
            db.session.add(ModuleRating(user_id=learner.id, module_id=alpha.id, content=answers[0],
                                        usefulness=answers[1], clarity=answers[2]))  # fmt: skip
        db.session.commit()
    auth.login("T1")
    page = client.get("/hr/training").get_data(as_text=True)
    row = page[page.index("接听礼仪") :].split("</tr>")[0]
    assert "50.0%" in row and "2 / 4 人" in row  # completion
    assert "66.7%" in row and "2 / 3 人" in row  # quiz pass rate
    assert "1.7" in row  # attempts per person who sat the quiz
    assert "66.7%" in row and "2 人评价" in row  # 4 of 6 answers are 4 or 5
    assert "全部微课程的满意率：66.7%" in page
    opening = page[page.index(">开场<") :].split("</tr>")[0]  # a module of a series, not yet rated
    assert '<small class="muted">营销系列</small>' in opening and "暂无评价" in opening


def test_the_team_report_counts_this_week_s_pre_shift_learning(app, client, auth, people, courses):
    with app.app_context():
        team = db.session.scalar(sa.select(Team).where(Team.name == "售后一组"))
        agent, alpha = user(people["agent"]), db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        s1, s2 = (db.session.scalar(sa.select(Module).where(Module.slug == slug)) for slug in ("s-1", "s-2"))
        monday = TODAY - timedelta(days=TODAY.weekday())
        db.session.add_all(
            [
                Assignment(user_id=agent.id, module_id=alpha.id, due_date=monday),  # due this week, done
                Assignment(user_id=agent.id, module_id=s1.id, due_date=TODAY),  # due today, not done
                Assignment(user_id=agent.id, module_id=s2.id, due_date=monday - timedelta(days=1)),  # last week
                ModuleProgress(user_id=agent.id, module_id=alpha.id, completed_at=utcnow()),
                ModuleProgress(user_id=agent.id, module_id=s2.id, completed_at=utcnow()),
            ]
        )
        db.session.add(Team(name="空组"))
        db.session.commit()
        assert team is not None
    auth.login("T1")
    page = client.get("/hr/training/teams").get_data(as_text=True)
    row = page[page.index(">售后一组</td>") :].split("</tr>")[0]
    assert re.findall(r"<td[^>]*>(\d+)</td>", row) == ["2", "1", "1"] and "50.0%" in row
    assert "本周没有截止的任务" in page[page.index(">空组</td>") :]


def crowd(app, start: int, count: int) -> None:
    """``count`` more learners in teams of ten, each with a certificate, learning due this week, a quiz and a rating."""
    with app.app_context():
        alpha = db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        quiz = db.session.scalar(sa.select(Exam).where(Exam.slug == "quiz-alpha"))
        team = None
        for index in range(start, start + count):
            if index % 10 == 0:
                team = Team(name=f"队{index // 10:03d}")
                db.session.add(team)
            person = make_user(f"C{index:04d}", f"人{index}", Role.AGENT, team=team)
            db.session.flush()
            add_certificate(person, "junior", TODAY - timedelta(days=index % 300), TODAY + timedelta(days=index % 50))
            db.session.add_all(
                [
                    Assignment(user_id=person.id, module_id=alpha.id, due_date=TODAY),
                    ModuleProgress(user_id=person.id, module_id=alpha.id, completed_at=utcnow()),
                    finished(person.id, quiz.id, index % 3 > 0),
                    ModuleRating(user_id=person.id, module_id=alpha.id, content=4, usefulness=5, clarity=3),
                    Violation(user_id=person.id, code="late", points=2, day=TODAY),
                ]
            )
        db.session.commit()


PAGES = [
    "/hr/certificates",
    "/hr/certificates?q=C00&status=expiring",
    "/hr/certificates?level=junior&dates=expires&date_from=2000-01-01",
    "/hr/levels",
    "/hr/training",
    "/hr/training/teams",
    "/hr/certificates/export.csv",
    "/hr/certificates/export.xlsx",
    "/hr/training/export.csv",
]


def counts(app, client) -> dict[str, int]:
    """Statements each HR page runs (after a first visit, so nothing is loaded once for good)."""
    found = {}
    for path in PAGES:
        assert client.get(path).status_code == 200, path
        with statements(app) as seen:
            assert client.get(path).status_code == 200, path
        found[path] = len(seen)
    return found


def test_each_hr_page_runs_as_many_queries_for_200_people_as_for_20(app, client, auth, people, exam_content):
    crowd(app, 0, 20)
    auth.login("T1")
    few = counts(app, client)
    crowd(app, 20, 180)
    many = counts(app, client)
    assert many == few
    assert max(few.values()) <= 15  # and few at that
    # sign-in and the bell (2); the certificates' page and count, failed awards, PDFs, teams; the levels' teams,
    # distribution, trend; the training report's modules' page and count, figures (2), ratings with their modules
    mine = {path: few[path] for path in ("/hr/certificates", "/hr/levels", "/hr/training")}
    assert mine == {"/hr/certificates": 7, "/hr/levels": 5, "/hr/training": 7}


def test_a_transcript_runs_as_many_queries_for_a_long_record_as_for_a_short_one(
    app, client, auth, people, exam_content
):
    crowd(app, 0, 1)
    auth.login("T1")
    with app.app_context():
        person = user("C0000").id
    path = f"/hr/people/{person}"
    client.get(path)
    with statements(app) as short:
        client.get(path)
    with app.app_context():
        quiz = db.session.scalar(sa.select(Exam).where(Exam.slug == "quiz-alpha"))
        db.session.add_all([finished(person, quiz.id, False) for _ in range(10)])
        db.session.add_all([Violation(user_id=person, code="desk", points=2, day=TODAY) for _ in range(10)])
        add_certificate(db.session.get(User, person), "intermediate", TODAY, TODAY + timedelta(days=700))
        db.session.commit()
    with statements(app) as long:
        page = client.get(path).get_data(as_text=True)
    assert len(long) == len(short) and "中级客服" in page and page.count("在工位处理私事") == 10


def test_a_transcript_looks_its_person_up_once_and_still_offers_the_group_lead_form(
    app, client, auth, people, exam_content
):
    crowd(app, 0, 1)
    auth.login("T1")
    with app.app_context():
        path = f"/hr/people/{user('C0000').id}"
    client.get(path)
    with statements(app) as seen:
        page = client.get(path).get_data(as_text=True)
    users = [s for s in seen if s.startswith("SELECT users.") and "WHERE users.id = " in s]  # ? or %(…)s
    assert len(users) == 2, users  # the viewer (sign-in), then the person (scope.visible_person)
    assert not [s for s in seen if s.startswith("SELECT teams.")]  # the person's team comes with them (with_team)
    assert 'data-test="group-lead-form"' in page


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_the_trend_s_dots_and_the_monthly_cells_are_what_a_template_loop_wrote(app, locale):
    """``dots`` and ``cells`` write in one call what the level report's template wrote an expression a point or cell."""
    from flask import render_template_string
    from flask_babel import force_locale

    from lms.domain import charts

    line = charts.Line(name='<初级 & "A">', series=0, points=((40.0, 182.0, 0.0), (71.6, 90.5, 2.5), (90.2, 3.0, 12)))
    loop = (
        '{% for x, y, v in line.points %}<circle cx="{{ x }}" cy="{{ y }}" r="2.5" fill="{{ colour }}">'
        "<title>{{ _('%(what)s：%(value)s', what=line.name, value=v|figure) }}</title></circle>{% endfor %}"
        "|{% for c in row %}<td>{{ c }}</td>{% endfor %}"
    )
    row = ("2026-01", 3, 0, "<b>")
    with app.test_request_context(), force_locale(locale):
        expected = render_template_string(loop, line=line, colour='#0b6e4f"', row=row)
        assert (
            render_template_string("{{ line|dots(colour) }}|{{ row|cells }}", line=line, colour='#0b6e4f"', row=row)
            == expected
        )
        assert ("：" in expected) == (locale == "zh_CN") and "&lt;初级 &amp; &#34;A&#34;&gt;" in expected
