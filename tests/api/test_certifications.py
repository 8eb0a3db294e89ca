"""Certifications by filter (paged), by employee number, and verification by number."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms import timeutil
from lms.domain import certificate_number
from lms.extensions import db
from lms.models import Certificate, LevelAward, Role, Team, User
from lms.services import certificates
from tests.api.conftest import bearer
from tests.factories import make_user


def award(user: User, level: str, *issued_days_ago: int, revoked: bool = False, expired: bool = False) -> list[str]:
    """Certificates of one award, oldest first (the last revoked or expired if asked); their numbers."""
    today = timeutil.today()
    row = LevelAward(user_id=user.id, level=level, evidence=[])
    for days in issued_days_ago:
        issued = today - timedelta(days=days)
        row.certificates.append(
            Certificate(number=certificate_number.generate(), issued_on=issued, expires_on=issued + timedelta(days=365))
        )
    last = row.certificates[-1]
    if revoked:
        last.revoked_at, last.revoked_reason = timeutil.utcnow(), "考试作弊"
    if expired:
        last.expires_on = today - timedelta(days=1)
    db.session.add(row)
    db.session.flush()
    return [c.number for c in row.certificates]


@pytest.fixture
def records(app, people):
    """Certificates of four people in two teams, one of whom has left; numbers by what they are."""
    with app.app_context():
        users = {u.employee_no: u for u in db.session.scalars(sa.select(User))}
        other = Team(name="售后二组")
        gone = make_user("X1", "离职者", Role.AGENT, team=other, active=False)
        second = make_user("X2", "二组客服", Role.AGENT, team=other)
        db.session.flush()
        made = {
            "agent-junior": award(users[people["agent"]], "junior", 400, 20),
            "agent-intermediate": award(users[people["agent"]], "intermediate", 10, revoked=True),
            "gone-junior": award(gone, "junior", 300, expired=True),
            "second-junior": award(second, "junior", 5),
        }
        db.session.commit()
    return made


def get(client, token: str, path: str, **headers):
    """A GET with the token; the answer's JSON and status."""
    response = client.get(path, headers=bearer(token) | headers)
    return response.get_json(), response.status_code


def numbers(body: dict) -> list[str]:
    return [item["number"] for item in body["items"]]


def test_the_list_pages_through_every_certificate_oldest_first(client, tokens, records):
    everything = [
        *records["agent-junior"],
        *records["agent-intermediate"],
        *records["gone-junior"],
        *records["second-junior"],
    ]
    body, status = get(client, tokens["read"], "/api/v1/certifications?per_page=2")
    assert status == 200 and body["total"] == 5 and body["page"] == 1 and body["per_page"] == 2
    seen = numbers(body)
    while body["next"]:
        body, status = get(client, tokens["read"], body["next"])
        seen += numbers(body)
    assert seen == everything
    assert body["page"] == 3 and body["next"] is None
    body, _ = get(client, tokens["read"], "/api/v1/certifications?page=9")
    assert body["items"] == [] and body["total"] == 5 and body["next"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=valid", ["agent-junior:1", "second-junior:0"]),
        ("status=expired", ["agent-junior:0", "gone-junior:0"]),
        ("status=revoked", ["agent-intermediate:0"]),
        ("level=intermediate", ["agent-intermediate:0"]),
        ("team=售后二组", ["gone-junior:0", "second-junior:0"]),
        ("employee_no=t3", ["agent-junior:0", "agent-junior:1", "agent-intermediate:0"]),
        ("latest=true&employee_no=T3", ["agent-junior:1", "agent-intermediate:0"]),
        ("latest=true&status=valid&level=junior", ["agent-junior:1", "second-junior:0"]),
        ("issued_from={d15}&issued_to={d5}", ["agent-intermediate:0", "second-junior:0"]),
        ("expires_before={d0}", ["agent-junior:0", "gone-junior:0"]),
    ],
)
def test_filters(client, tokens, records, query, expected):
    today = timeutil.today()
    days = {f"d{n}": (today - timedelta(days=n)).isoformat() for n in (0, 5, 15)}
    body, status = get(client, tokens["read"], "/api/v1/certifications?" + query.format(**days))
    assert status == 200
    wanted = [records[key.split(":")[0]][int(key.split(":")[1])] for key in expected]
    assert sorted(numbers(body)) == sorted(wanted) and body["total"] == len(wanted)


def test_a_certificate_says_everything_hr_needs(app, client, tokens, records):
    number = records["agent-intermediate"][0]
    body, status = get(client, tokens["read"], "/api/v1/certifications?status=revoked")
    issued = timeutil.today() - timedelta(days=10)
    assert status == 200 and body["items"][0] | {"revoked_at": None} == {
        "number": number,
        "status": "revoked",
        "level": "intermediate",
        "level_name": "中级客服",
        "issued_on": issued.isoformat(),
        "expires_on": (issued + timedelta(days=365)).isoformat(),
        "revoked_at": None,
        "revoked_reason": "考试作弊",
        "holder": {
            "employee_no": "T3",
            "name": "李客服",
            "team": "售后一组",
            "role": "agent",
            "hire_date": (timeutil.today() - timedelta(days=100)).isoformat(),
            "active": True,
        },
        "verify_url": f"{app.config['BASE_URL']}/verify/{number}",
    }
    assert body["items"][0]["revoked_at"].endswith("+08:00")
    body, _ = get(client, tokens["read"], "/api/v1/certifications?status=revoked", **{"Accept-Language": "en"})
    assert body["items"][0]["level_name"] == "Intermediate agent"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("per_page=101", "per_page", "必须是 1 到 100 之间的整数。"),
        ("per_page=0", "per_page", "必须是 1 到 100 之间的整数。"),
        ("page=0", "page", "必须是大于等于 1 的整数。"),
        ("page=two", "page", "必须是整数。"),
        (f"page={2**64}", "page", "页码超出范围。"),
        ("status=lost", "status", "只接受 valid, expired, revoked。"),
        ("level=master", "level", "只接受 junior, intermediate, senior, expert。"),
        ("issued_from=2026/01/01", "issued_from", "必须是 2026-01-31 这样的日期。"),
        ("latest=yes", "latest", "只接受 true 或 false。"),
        ("pagesize=10", "pagesize", "没有这个参数。"),
    ],
)
def test_a_bad_parameter_is_named_in_chinese(client, tokens, records, query, field, message):
    body, status = get(client, tokens["read"], "/api/v1/certifications?" + query)
    assert status == 400
    assert body["error"] == {
        "code": "invalid_parameter",
        "message": f"参数 {field} 有误：{message}",
        "details": [{"field": field, "message": message}],
    }


def test_refusals_are_in_english_when_asked(client, tokens, records):
    body, _ = get(
        client, tokens["read"], "/api/v1/certifications?per_page=500", **{"Accept-Language": "en-GB,en;q=0.9"}
    )
    assert body["error"]["message"] == "Parameter per_page is wrong: Must be a whole number from 1 to 100."
    body, _ = get(client, tokens["revoked-read"], "/api/v1/certifications", **{"Accept-Language": "en"})
    assert body["error"] == {
        "code": "token_revoked",
        "message": "The access token has been revoked; ask HR for a new one.",
    }
    body, _ = get(client, tokens["read"], "/api/v1/nowhere", **{"Accept-Language": "zh-CN,en;q=0.5"})
    assert body["error"] == {"code": "not_found", "message": "没有这个地址。"}


def test_one_persons_certifications_including_someone_who_left(client, tokens, records):
    body, status = get(client, tokens["read"], "/api/v1/employees/x1/certifications")
    assert status == 200 and body["employee_no"] == "X1" and numbers(body) == records["gone-junior"]
    assert body["items"][0]["holder"]["active"] is False and body["items"][0]["status"] == "expired"
    body, status = get(client, tokens["read"], "/api/v1/employees/T4/certifications")  # the new hire: none yet
    assert status == 200 and body["items"] == []
    body, status = get(client, tokens["read"], "/api/v1/employees/NOBODY/certifications")
    assert status == 404 and body["error"] == {"code": "employee_not_found", "message": "没有工号为 NOBODY 的人员。"}


def test_verification_by_number(client, tokens, records):
    number = records["agent-junior"][1]
    spaced = f" {number[:4]} {number[4:].lower()} "
    body, status = get(client, tokens["read"], f"/api/v1/certifications/{spaced}")
    assert (
        status == 200 and body["number"] == number and body["status"] == "valid" and body["holder"]["name"] == "李客服"
    )
    body, status = get(client, tokens["read"], f"/api/v1/certifications/{records['gone-junior'][0]}")
    assert body["status"] == "expired"
    wrong = number[:-1] + ("A" if number[-1] != "A" else "B")
    body, status = get(client, tokens["read"], f"/api/v1/certifications/{wrong}")
    assert status == 404 and body["error"]["code"] == "certificate_not_found"


def test_the_status_filter_agrees_with_the_status_shown(app, records):
    from lms.domain.states import CertificateStatus

    with app.app_context():
        every = db.session.scalars(sa.select(Certificate)).all()
        for wanted in CertificateStatus:
            chosen = set(db.session.scalars(sa.select(Certificate.id).where(certificates.status_is(wanted))))
            assert chosen == {c.id for c in every if certificates.status(c) is wanted}, wanted


def test_a_page_loads_in_the_same_number_of_statements_however_many_people(app, client, tokens, people):
    from tests.sql import statements as counting

    def grow(count: int) -> None:
        with app.app_context():
            team = db.session.scalar(sa.select(Team).where(Team.name == "售后一组"))
            start = db.session.scalar(sa.select(sa.func.count(User.id)))
            for index in range(count):
                user = make_user(f"Q{start + index}", "批量", Role.AGENT, team=team)
                db.session.flush()
                award(user, "junior", 30)
            db.session.commit()

    grow(3)
    with counting(app) as small:
        assert client.get("/api/v1/certifications?per_page=100", headers=bearer(tokens["read"])).status_code == 200
    grow(30)
    with counting(app) as large:
        body = client.get("/api/v1/certifications?per_page=100", headers=bearer(tokens["read"])).get_json()
    assert body["total"] == 33 and len(large) == len(small), large
