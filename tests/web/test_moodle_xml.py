"""Moodle XML through lms import-questions and the admin upload page; any bank out as GIFT or Moodle XML."""

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuditLog
from tests.web.test_question_import import CONFORMANCE, active_questions

CHINESE = Path(__file__).resolve().parents[1] / "domain" / "fixtures" / "moodle-xml-chinese.xml"


def import_cli(runner, path: Path, fmt: str, bank: str):
    return runner.invoke(args=["import-questions", str(path), "--format", fmt, "--bank", bank])


def test_moodles_nested_categories_file_imports_and_lists_the_essay(app, runner):
    result = import_cli(runner, CONFORMANCE / "moodle-xml-nested-categories.xml", "moodle-xml", "moodle-xml")
    assert result.exit_code == 0, result.output
    assert "导入完成：4 道题" in result.output and "跳过 1 道" in result.output
    assert "moodle-xml-nested-categories.xml:55: 问答题（essay）没有评分要点，不能自动评分，已跳过。" in result.output
    questions = active_questions(app, "moodle-xml")
    assert [(q["category"], q["type"], q["text_format"]) for q in questions] == [
        ("Iota", "truefalse", "html"),
        ("Iota/Kappa", "truefalse", "html"),
        ("Iota/Kappa/Lambda", "truefalse", "html"),
        ("Iota/Mu", "truefalse", "html"),
    ]


def test_chinese_file_imports_every_type(app, runner):
    result = import_cli(runner, CHINESE, "moodle-xml", "zh-xml")
    assert result.exit_code == 0, result.output
    assert "导入完成：6 道题" in result.output and "跳过 3 道" in result.output
    questions = active_questions(app, "zh-xml")
    assert [q["type"] for q in questions] == ["single", "multiple", "truefalse", "fill", "numerical", "matching"]
    assert questions[3]["case_sensitive"] is True and questions[0]["points"] == 2


def test_an_error_anywhere_imports_nothing_and_names_the_line(app, runner, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text(
        CHINESE.read_text(encoding="utf-8").replace("<text>30</text>", "<text>三十</text>"), encoding="utf-8"
    )
    result = import_cli(runner, broken, "moodle-xml", "zh-xml")
    assert result.exit_code == 1
    assert "broken.xml:56: 数值题答案“三十”不是数字。" in result.output
    assert "共 1 处错误，未导入任何题目。" in result.output
    assert active_questions(app, "zh-xml") == []


def upload(auth, data: bytes, name: str, bank: str):
    form = {"file": (io.BytesIO(data), name), "fmt": "moodle-xml", "bank": bank}
    return auth.post("/admin/questions/", form, content_type="multipart/form-data")


def test_admin_uploads_moodle_xml_and_sees_errors_by_line(app, auth, people):
    auth.login(people["admin"])
    page = upload(auth, CHINESE.read_bytes(), "题目.xml", "zh-upload").get_data(as_text=True)
    assert "导入完成：6 道题" in page and "不支持的 Moodle 题型“calculated”，已跳过。" in page
    unsafe = b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "aaaa">]>\n<quiz>&a;</quiz>'
    response = upload(auth, unsafe, "bomb.xml", "zh-bomb")
    assert response.status_code == 400

    assert "文件含有 DTD（DOCTYPE 声明），出于安全考虑不予导入。" in response.get_data(as_text=True)
    assert active_questions(app, "zh-bomb") == []


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_a_built_in_bank_exports_and_imports_back(app, runner, exam_content, tmp_path, fmt):
    out = tmp_path / f"alpha.{fmt}"
    result = runner.invoke(args=["export-questions", "--bank", "alpha", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"已导出到 {out}" in result.output
    assert "q08: 情景题导出为 Moodle 的问答题" in result.output
    assert import_cli(runner, out, fmt, f"alpha-{fmt}").exit_code == 0
    original = {q["text"]: q for q in active_questions(app, "alpha")}
    back = active_questions(app, f"alpha-{fmt}")
    lost = {"scenario"} | ({"ordering"} if fmt == "gift" else set())
    assert sorted(q["text"] for q in back) == sorted(t for t, q in original.items() if q["type"] not in lost)
    assert all(q["type"] == original[q["text"]]["type"] for q in back)


def test_exporting_an_unknown_bank_is_refused(runner, tmp_path):
    result = runner.invoke(
        args=["export-questions", "--bank", "nope", "--format", "gift", "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 1 and "没有名为「nope」的题库。" in result.output


def test_admin_downloads_a_bank_and_the_download_is_audited(app, client, auth, people, exam_content):
    auth.login(people["admin"])
    page = client.get("/admin/questions/").get_data(as_text=True)
    assert 'href="/admin/questions/banks/alpha/export.xml"' in page
    response = client.get("/admin/questions/banks/alpha/export.xml")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="alpha.xml"'
    assert response.mimetype == "application/xml"
    assert response.get_data(as_text=True).startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    gift = client.get("/admin/questions/banks/alpha/export.gift")
    assert gift.status_code == 200 and "$CATEGORY:" in gift.get_data(as_text=True)
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditLog.action).where(AuditLog.action == "questions.export")).all()
    assert len(actions) == 2
    assert client.get("/admin/questions/banks/nope/export.xml").status_code == 404
    assert client.get("/admin/questions/banks/alpha/export.pdf").status_code == 404


def test_only_admins_download_banks(client, auth, people, exam_content):
    auth.login(people["supervisor"])
    assert client.get("/admin/questions/banks/alpha/export.gift").status_code == 403
