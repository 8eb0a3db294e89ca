"""Exports: every list as CSV and XLSX, read back with Chinese intact, formulas neutralised, scoped and audited."""

import csv
import io
import json

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from lms.extensions import db
from lms.models import AuditLog, Role, Team, User
from tests.factories import make_user
from tests.web.test_hr_records import TODAY, add_certificate, holders, team_id  # noqa: F401
from tests.web.test_scope import world  # noqa: F401


def read_csv(response) -> list[list[str]]:
    """A CSV response as rows, checking it starts with the UTF-8 byte order mark."""
    assert response.status_code == 200
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list]:
    """An XLSX response as rows of values."""
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def exports(app) -> list[dict]:
    """The details of every export audited so far, oldest first."""
    with app.app_context():
        found = db.session.scalars(
            sa.select(AuditLog).where(AuditLog.action == "export.download").order_by(AuditLog.id)
        )
        return [json.loads(entry.detail) | {"actor": entry.actor_id} for entry in found]


@pytest.fixture
def formula_holder(app, holders):  # noqa: F811
    """A holder whose name a spreadsheet would run as a formula."""
    with app.app_context():
        north = db.session.scalar(sa.select(Team).where(Team.name == "北区"))
        user = make_user("HZ-10299", '=HYPERLINK("http://evil")', Role.AGENT, team=north)
        db.session.flush()
        add_certificate(user, "junior", TODAY, TODAY.replace(year=TODAY.year + 1))
        db.session.commit()


def test_hr_exports_the_filtered_certificates_as_csv_and_xlsx(app, client, auth, holders, formula_holder):  # noqa: F811
    auth.login("T1")
    north = team_id(app, "北区")
    rows = read_csv(client.get(f"/hr/certificates/export.csv?team={north}"))
    assert rows[0][:3] == ["证书编号", "姓名", "工号"]
    names = {row[1] for row in rows[1:]}
    assert names == {"赵一鸣", "钱二丫", '\'=HYPERLINK("http://evil")'}
    sheet = read_xlsx(client.get(f"/hr/certificates/export.xlsx?team={north}&status=expiring"))
    assert [row[1] for row in sheet[1:]] == ["钱二丫"]
    assert sheet[1][5] is not None
    audited = exports(app)
    assert [(e["list"], e["format"], e["rows"]) for e in audited] == [
        ("certifications", "csv", 3),
        ("certifications", "xlsx", len(sheet) - 1),
    ]
    assert audited[0]["filter"] == {"team": str(north), "dates": "issued"}


def test_bad_filters_and_formats_are_refused_without_an_export(app, client, auth, holders):  # noqa: F811
    auth.login("T1")
    assert client.get("/hr/certificates/export.pdf").status_code == 404
    response = client.get("/hr/certificates/export.csv?date_from=31-01-2026")
    assert response.status_code == 302 and "/hr/certificates?" in response.location
    auth.post("/logout")
    auth.login("T2")  # a supervisor
    assert client.get("/hr/certificates/export.csv").status_code == 403
    assert exports(app) == []


def test_a_supervisor_exports_only_their_team(app, client, auth, world):  # noqa: F811
    auth.login(world.numbers["SA"])
    progress = read_csv(client.get("/supervisor/progress/export.csv"))
    results = read_xlsx(client.get("/supervisor/exams/final/export.xlsx"))
    text = json.dumps([progress, results], ensure_ascii=False, default=str)
    assert world.names["A1"] in text and world.names["A2"] in text
    for hidden in world.hidden_from_a():
        assert hidden not in text
    assert {row[0] for row in progress[1:]} == {world.names["A1"], world.names["A2"]}
    assert [e["list"] for e in exports(app)] == ["progress", "exam_results"]


def test_hr_exports_the_training_report_transcript_and_audit_log(app, client, auth, world):  # noqa: F811
    auth.login(world.numbers["HR"])
    training = read_csv(client.get("/hr/training/export.csv"))
    assert training[0][0] == "模块" and len(training) > 1
    transcript = read_xlsx(client.get(f"/hr/people/{world.users['A1']}/transcript.xlsx"))
    assert transcript[0][0] == "类别" and any(row[0] == "考试" for row in transcript[1:])
    log = read_csv(client.get("/admin/audit/export.csv?action=export.download"))
    assert len(log) == 1 + 2  # the two exports before it, each as a sentence
    assert "导出" in log[1][4]
    with app.app_context():
        other = db.session.scalar(sa.select(User.id).where(User.employee_no == world.numbers["SA"]))
    auth.post("/logout")
    auth.login(world.numbers["SA"])
    assert client.get(f"/hr/people/{other}/transcript.csv").status_code == 403
    assert client.get("/admin/audit/export.csv").status_code == 403


def test_the_command_line_exports_certificates(app, runner, holders, formula_holder, tmp_path):  # noqa: F811
    out = tmp_path / "certs.xlsx"
    result = runner.invoke(args=["export-certifications", "--format", "xlsx", "--out", str(out), "--team", "北区"])
    assert result.exit_code == 0, result.output
    rows = [list(r) for r in load_workbook(out, read_only=True).active.iter_rows(values_only=True)]
    assert {r[1] for r in rows[1:]} == {"赵一鸣", "钱二丫", '\'=HYPERLINK("http://evil")'}
    out = tmp_path / "certs.csv"
    result = runner.invoke(args=["export-certifications", "--format", "csv", "--out", str(out), "--status", "revoked"])
    assert result.exit_code == 0
    assert [r[1] for r in csv.reader(io.StringIO(out.read_text("utf-8-sig")))][1:] == ["李四海"]
    result = runner.invoke(args=["export-certifications", "--format", "csv", "--out", str(out), "--team", "无此组"])
    assert result.exit_code == 1 and not out.exists()
    assert [(e["list"], e["rows"], e["actor"]) for e in exports(app)] == [
        ("certifications", 3, None),
        ("certifications", 1, None),
    ]


def test_the_audit_log_export_keeps_the_person_and_date_filters(app, client, auth, world):  # noqa: F811
    from datetime import timedelta

    from lms import timeutil

    auth.login(world.numbers["HR"])
    client.get("/hr/training/export.csv")  # an entry by HR, besides the sign-ins
    everyone = read_csv(client.get("/admin/audit/export.csv"))
    mine = read_csv(client.get(f"/admin/audit/export.csv?person={world.numbers['HR']}"))
    assert 1 < len(mine) < len(everyone)
    assert all(world.names["A1"] not in " ".join(row) for row in mine[1:])
    tomorrow = (timeutil.today() + timedelta(days=1)).isoformat()
    assert len(read_csv(client.get(f"/admin/audit/export.csv?start={tomorrow}"))) == 1  # the header only
    today = timeutil.today().isoformat()
    assert len(read_csv(client.get(f"/admin/audit/export.csv?start={today}&end={today}"))) > 1
