"""HR's certification records: searching certificates, a person's transcript (page and PDF), and who may open them."""

import subprocess
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from lms import timeutil
from lms.domain import certificate_number, competency
from lms.domain.states import AttemptStatus, CertificateFilter, certificate_window
from lms.extensions import db
from lms.models import (
    Attempt,
    Certificate,
    CompetencyRating,
    Exam,
    LevelAward,
    Module,
    ModuleProgress,
    ReplySession,
    Role,
    Team,
    TypingText,
    User,
    Violation,
)
from lms.services import records
from lms.timeutil import utcnow
from tests.factories import make_typing_result, make_user
from tests.web.test_scope import world  # noqa: F401  (the two-team world of the scope tests)

TODAY = timeutil.today()
#: (key, employee number, name, team, level, issued days ago, expires in days, revoked)
HOLDERS = [
    ("valid", "HZ-10234", "赵一鸣", "北区", "junior", 100, 400, False),
    ("expiring", "HZ-10235", "钱二丫", "北区", "intermediate", 700, 12, False),
    ("expired", "SH-20777", "孙三", "南区", "junior", 800, -5, False),
    ("revoked", "SH-20778", "李四海", "南区", "senior", 30, 700, True),
]


def add_certificate(user: User, level: str, issued: date, expires: date, revoked: bool = False) -> str:
    """Give ``user`` a certificate (with a stored PDF) for ``level``; its number (the caller commits)."""
    award = LevelAward(user_id=user.id, level=level, evidence=[])
    number = certificate_number.generate()
    certificate = Certificate(number=number, issued_on=issued, expires_on=expires, pdf=b"%PDF-1.4 test")
    if revoked:
        certificate.revoked_at, certificate.revoked_reason = utcnow(), "考试违纪"
    award.certificates.append(certificate)
    db.session.add(award)
    return number


@pytest.fixture
def holders(app, people) -> dict[str, str]:
    """Four holders in two teams, one certificate each in a different status; certificate numbers by key."""
    with app.app_context():
        teams = {name: Team(name=name) for name in ("北区", "南区")}
        db.session.add_all(teams.values())
        numbers = {}
        for key, number, name, team, level, issued, expires, revoked in HOLDERS:
            user = make_user(number, name, Role.AGENT, team=teams[team])
            db.session.flush()
            numbers[key] = add_certificate(
                user, level, TODAY - timedelta(days=issued), TODAY + timedelta(days=expires), revoked
            )
        db.session.commit()
        return numbers


def found(client, query: str) -> set[str]:
    """Which of the holders' names the HR search page lists for ``query``."""
    response = client.get(f"/hr/certificates?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:400]
    page = response.get_data(as_text=True).split('data-test="certificate-search"')[1]
    return {name for _key, _no, name, *_ in HOLDERS if name in page}


def team_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Team.id).where(Team.name == name))


def test_hr_finds_certificates_by_partial_employee_and_certificate_numbers(app, client, auth, holders):
    auth.login("T1")
    middle = holders["expired"][4:9]
    assert found(client, "q=1023") == {"赵一鸣", "钱二丫"}
    assert found(client, "q=sh-2077") == {"孙三", "李四海"}  # any case, a fragment
    assert found(client, f"q={middle.lower()}") == {"孙三"}
    assert found(client, f"q={holders['revoked'][:4]}-{holders['revoked'][4:8]}") == {"李四海"}  # typed with a hyphen
    assert found(client, "q=二丫") == {"钱二丫"}
    assert found(client, "q=%25") == set() and found(client, "q=_") == set()  # LIKE wildcards are taken literally


def test_hr_filters_by_team_level_status_and_date_range(app, client, auth, holders):
    auth.login("T1")
    north = team_id(app, "北区")
    assert found(client, f"team={north}") == {"赵一鸣", "钱二丫"}
    assert found(client, "level=junior") == {"赵一鸣", "孙三"}
    assert found(client, f"team={north}&level=junior") == {"赵一鸣"}
    statuses = {status: found(client, f"status={status.value}") for status in CertificateFilter}
    assert statuses == {
        CertificateFilter.VALID: {"赵一鸣", "钱二丫"},  # expiring is still valid
        CertificateFilter.EXPIRING: {"钱二丫"},
        CertificateFilter.EXPIRED: {"孙三"},
        CertificateFilter.REVOKED: {"李四海"},
    }
    since = (TODAY - timedelta(days=200)).isoformat()
    assert found(client, f"date_from={since}") == {"赵一鸣", "李四海"}
    until = (TODAY + timedelta(days=30)).isoformat()
    assert found(client, f"dates=expires&date_from={TODAY.isoformat()}&date_to={until}") == {"钱二丫"}
    assert "即将到期" in client.get("/hr/certificates?q=钱二丫").get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=2026-13-01", "开始日期格式不对"),
        ("date_from=2026-05-01&date_to=2026-04-01", "结束日期不能早于开始日期"),
        ("team=abc", "请选择列表中的团队"),
        ("team=99999", "请选择列表中的团队"),
        ("status=lost", "请选择列表中的状态"),
        ("level=master", "请选择列表中的等级"),
    ],
)
def test_bad_search_input_is_answered_in_chinese_and_lists_nothing(client, auth, holders, query, message):
    auth.login("T1")
    response = client.get(f"/hr/certificates?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page and "请先改正上面标出的条件" in page
    assert not any(name in page for _key, _no, name, *_ in HOLDERS)


def test_the_status_filter_is_the_domain_definition_in_sql(app, people):
    """Every filter finds exactly the certificates that certificate_window says are in it, on three days."""
    with app.app_context():
        for offset in range(-3, 40, 3):
            for revoked in (False, True):
                user = make_user(f"GRID{offset}{revoked}", "格子")
                db.session.flush()
                add_certificate(user, "junior", TODAY - timedelta(days=400), TODAY + timedelta(days=offset), revoked)
        db.session.commit()
        hr = db.session.scalar(sa.select(User).where(User.employee_no == "T1"))
        every = db.session.scalars(sa.select(Certificate)).all()
        for day in (TODAY - timedelta(days=2), TODAY, TODAY + timedelta(days=9)):
            for wanted in CertificateFilter:
                window = certificate_window(wanted, day)
                expected = {c.number for c in every if window.holds(c.revoked_at, c.expires_on)}
                listed = db.session.scalars(records.search(hr, records.Criteria(status=wanted), day)).all()
                assert {c.number for c in listed} == expected, (day, wanted)
                assert expected  # each status has certificates in the grid, so the check can fail


@pytest.fixture
def record(app, people, exam_content, drill_content) -> int:
    """The agent's full record: a held and a lost level, a course, quiz attempts, drills, a violation, ratings."""
    with app.app_context():
        agent = db.session.scalar(sa.select(User).where(User.employee_no == people["agent"]))
        supervisor = db.session.scalar(sa.select(User).where(User.employee_no == people["supervisor"]))
        evidence = [{"kind": "modules", "holds": True, "message": "已完成规定课程", "params": {}}]
        add_certificate(agent, "junior", TODAY - timedelta(days=90), TODAY + timedelta(days=640))
        add_certificate(agent, "intermediate", TODAY - timedelta(days=20), TODAY + timedelta(days=700), revoked=True)
        db.session.flush()
        db.session.scalars(sa.select(LevelAward)).first().evidence = evidence
        alpha = db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        quiz = db.session.scalar(sa.select(Exam).where(Exam.slug == "quiz-alpha"))
        db.session.add(ModuleProgress(user_id=agent.id, module_id=alpha.id, completed_at=utcnow()))
        for percent in (50.0, 87.5):
            db.session.add(finished_attempt(agent, quiz, percent))
        make_typing_result(agent, db.session.scalar(sa.select(TypingText).where(TypingText.lang == "zh")), 83.5, 0.97)
        db.session.add_all(
            [
                ReplySession(user_id=agent.id, mode="recall", finished_at=utcnow(), share_right=0.85, mean_seconds=4.2),
                Violation(user_id=agent.id, code="late", points=2, day=TODAY, note="早班迟到 7 分钟"),
                CompetencyRating(
                    user_id=agent.id, rated_by_id=supervisor.id, ratings=dict.fromkeys(competency.WEIGHTS, 4), score=4.0
                ),
            ]
        )
        db.session.commit()
        return agent.id


def finished_attempt(user: User, exam: Exam, percent: float) -> Attempt:
    """A finished attempt at ``percent`` (passed at 75), without a paper."""
    now = utcnow()
    return Attempt(
        exam_id=exam.id,
        user_id=user.id,
        status=AttemptStatus.FINISHED,
        deadline=now,
        finished_at=now,
        percent=percent,
        passed=percent >= 75,
    )


def test_the_transcript_page_shows_every_part_of_the_record(client, auth, record):
    auth.login("T1")
    page = client.get(f"/hr/people/{record}").get_data(as_text=True)
    for text in (
        "李客服",
        "当前等级",
        "初级客服",
        "持有",
        "中级客服",
        "已失去（证书被撤销）",
        "✓ 已完成规定课程",
        "接听礼仪",
        "已完成",
        "接听礼仪测验",
        "87.5",
        "净速度 83.5 字/分钟",
        "选对 85%",
        "早班迟到 7 分钟",
        "加权得分 4.0",
        "评定人：周主管",
    ):
        assert text in page, text
    assert page.index("初级客服") < page.index("中级客服")


def test_the_transcript_pdf_names_the_person_and_their_levels(client, auth, record, tmp_path):
    auth.login("T1")
    response = client.get(f"/hr/people/{record}/transcript.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    (tmp_path / "t.pdf").write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(tmp_path / "t.pdf"), "-"], capture_output=True, check=True, text=True)
    words = text.stdout
    assert "李客服" in words and "T3" in words and "初级客服" in words and "中级客服" in words
    assert "早班迟到 7 分钟" in words and "接听礼仪测验" in words


HR_PAGES = ["/hr/levels", "/hr/training", "/hr/training/teams"]


@pytest.mark.parametrize("role", ["SA", "A1", "AD"])
def test_others_are_refused_every_hr_page(client, auth, world, role):  # noqa: F811
    auth.login(world.numbers[role])
    person = world.users["A1"]
    for path in [*HR_PAGES, f"/hr/people/{person}", f"/hr/people/{person}/transcript.pdf"]:
        assert client.get(path).status_code == 403, path


def test_hr_sees_everyone_in_every_report_and_transcript(client, auth, world):  # noqa: F811
    auth.login(world.numbers["HR"])
    for key in ("A1", "A3", "B1", "SA"):  # other teams, people who left, supervisors
        page = client.get(f"/hr/people/{world.users[key]}").get_data(as_text=True)
        assert world.names[key] in page, key
    levels = client.get("/hr/levels").get_data(as_text=True)
    assert "甲组" in levels and "乙组" in levels
    assert client.get("/hr/people/999999").status_code == 404
    people = client.get("/people?status=all").get_data(as_text=True)
    assert f"/hr/people/{world.users['B1']}" in people


@pytest.mark.parametrize("query", ["", "q=%3Cb%3E%22&date_from=2026-13-01&date_to=abc", "date_from=2025-01-01&q=CN"])
def test_the_search_s_inputs_are_written_as_wtforms_writes_them(app, query):
    """The ``input`` macro writes the certificate search's text and date inputs as the fields' own widgets did."""
    from flask import render_template_string, request

    from lms.certificates.forms import CertificateSearchForm

    with app.test_request_context(f"/hr/certificates?{query}"):
        form = CertificateSearchForm(formdata=request.args)
        for field in (form.q, form.date_from, form.date_to):
            mine = render_template_string('{% from "_macros.html" import input %}{{ input(f) }}', f=field)
            assert mine == str(field()), field.name
