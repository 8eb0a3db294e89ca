"""The users import over the API: the rules of the CSV import, all or nothing, problems by line with a code."""

import json

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuditLog, Team, User
from tests.api.conftest import bearer

HEADER = "工号,姓名,入职日期,团队,角色\n"


def post(client, token: str, text: str | bytes, content_type: str = "text/csv; charset=utf-8", **headers):
    """Post a CSV body with the token; the answer's JSON and status."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    response = client.post(
        "/api/v1/users/import", data=data, content_type=content_type, headers=bearer(token) | headers
    )
    return response.get_json(), response.status_code


def everyone(app) -> dict[str, tuple]:
    """Every person's (name, role, team) by number, and the team names: what a refused import must not change."""
    with app.app_context():
        rows = db.session.execute(sa.select(User.employee_no, User.name, User.role, User.team_id)).all()
        teams = db.session.scalars(sa.select(Team.name).order_by(Team.name)).all()
        return {row[0]: tuple(row[1:]) for row in rows} | {"teams": tuple(teams)}


def test_an_import_creates_and_updates_and_says_what_it_did(app, client, people, tokens):
    text = (
        HEADER
        + "A100,王小明,2026-03-01,售后三组,客服\nt3,李客服,2020-01-01,售后一组,agent\nT4,王新人,2025/1/2,售后一组,新员工\n"
    )
    body, status = post(client, tokens["write"], text)
    assert status == 200
    assert body == {"created": ["A100"], "updated": ["T3", "T4"], "unchanged": 0, "teams_created": ["售后三组"]}
    with app.app_context():
        created = db.session.scalar(sa.select(User).where(User.employee_no == "A100"))
        assert created.name == "王小明" and created.team.name == "售后三组" and created.must_change_password
        detail = db.session.scalar(sa.select(AuditLog.detail).where(AuditLog.action == "user.import"))
        assert json.loads(detail)["via"] == "api_token:write-system"
    body, status = post(client, tokens["write"], text)
    assert status == 200 and body["created"] == [] and body["teams_created"] == []


def test_gbk_is_read_too(client, people, tokens):
    body, status = post(
        client, tokens["write"], (HEADER + "G1,赵六,2024-05-06,售后一组,客服\n").encode("gbk"), "text/csv"
    )
    assert status == 200 and body["created"] == ["G1"]


def test_bad_rows_import_nobody_and_are_listed_by_line_with_a_code(app, client, people, tokens):
    with app.app_context():
        db.session.add(Team(name="旧组", active=False))
        db.session.commit()
    before = everyone(app)
    rows = [
        "OK1,好人,2024-01-01,售后一组,客服",  # line 2: fine, but nothing is imported
        ",无号,2024-01-01,售后一组,客服",
        "坏 号,坏号,2024-01-01,售后一组,客服",
        "OK1,重复,2024-01-01,售后一组,客服",
        "B1,,2024-01-01,售后一组,客服",
        "B2," + "长" * 65 + ",2024-01-01,售后一组,客服",
        "B3,缺日期,,售后一组,客服",
        "B4,错日期,2024-13-01,售后一组,客服",
        "B5,组长,2024-01-01,售后一组,组长",
        "B6,没组,2024-01-01,,客服",
        "B7,长组,2024-01-01," + "组" * 65 + ",主管",
    ]
    body, status = post(client, tokens["write"], HEADER + "\n".join(rows) + "\n")
    assert status == 422 and everyone(app) == before
    error = body["error"]
    assert error["code"] == "import_rejected" and error["message"] == "CSV 中有 10 处错误，未导入任何人员。"
    assert [(d["line"], d["code"]) for d in error["details"]] == [
        (3, "employee_no_missing"),
        (4, "employee_no_invalid"),
        (5, "employee_no_duplicate"),
        (6, "name_missing"),
        (7, "name_too_long"),
        (8, "hire_date_missing"),
        (9, "hire_date_invalid"),
        (10, "role_unknown"),
        (11, "team_missing"),
        (12, "team_too_long"),
    ]
    assert error["details"][2]["message"] == "工号“OK1”与第 2 行重复。"
    body, status = post(client, tokens["write"], HEADER + "C1,停用组员,2024-01-01,旧组,客服\n")
    assert status == 422 and body["error"]["details"] == [
        {
            "line": 2,
            "code": "team_inactive",
            "message": "团队“旧组”已停用：请先在“团队管理”中重新启用，或改填其他团队。",
        }
    ]
    assert everyone(app) == before


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "empty_file"), ("工号,姓名\nA,B\n", "missing_columns"), (HEADER, "no_rows")],
    ids=["empty", "columns", "header-only"],
)
def test_a_file_without_people_is_refused(app, client, people, tokens, text, code):
    before = everyone(app)
    body, status = post(client, tokens["write"], text)
    assert status == 422 and [d["code"] for d in body["error"]["details"]] == [code]
    assert everyone(app) == before


def test_problems_in_english_when_asked(client, people, tokens):
    body, _ = post(client, tokens["write"], HEADER + "B1,,2024-01-01,售后一组,客服\n", **{"Accept-Language": "en"})
    assert body["error"]["message"] == "The CSV has 1 problems; nobody was imported."
    assert body["error"]["details"][0]["message"] == "The name is empty."


def test_not_csv_not_decodable_or_too_large_is_refused(app, client, people, tokens):
    before = everyone(app)
    body, status = post(client, tokens["write"], '{"users": []}', "application/json")
    assert status == 415 and body["error"]["code"] == "unsupported_media_type"
    body, status = post(client, tokens["write"], b"\xff\xfe\x00\x81\xff", "text/csv")
    assert status == 400 and body["error"]["code"] == "bad_encoding"
    app.config["MAX_CONTENT_LENGTH"], limit = 64, app.config["MAX_CONTENT_LENGTH"]
    try:
        body, status = post(client, tokens["write"], HEADER + "L1,长文件,2024-01-01,售后一组,客服\n" * 5)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert status == 413 and body["error"]["code"] == "payload_too_large"
    assert everyone(app) == before
    with app.app_context():
        statuses = [
            json.loads(d)["status"]
            for d in db.session.scalars(
                sa.select(AuditLog.detail).where(AuditLog.action == "api.request").order_by(AuditLog.id)
            )
        ]
    assert statuses == [415, 400, 413]


def test_a_wrong_method_answers_json(client, people, tokens):
    response = client.get("/api/v1/users/import", headers=bearer(tokens["write"]))
    assert response.status_code == 405 and response.get_json()["error"] == {
        "code": "method_not_allowed",
        "message": "此地址不支持 GET 请求。",
    }
    assert "POST" in response.headers["Allow"]
