"""Moodle GIFT and Aiken files through lms import-questions and the admin upload page."""

import io
from pathlib import Path

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Question, QuestionBank

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"


def active_questions(app, bank: str) -> list[dict]:
    """Current content of the bank's active questions, by key."""
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Question)
            .join(QuestionBank)
            .where(QuestionBank.slug == bank, Question.active.is_(True))
            .order_by(Question.key)
        ).all()
        return [row.current.content for row in rows]


def test_moodles_gift_file_imports_as_moodle_reads_it(app, runner):
    result = runner.invoke(
        args=[
            "import-questions",
            str(CONFORMANCE / "moodle-gift-questions.gift.txt"),
            "--format",
            "gift",
            "--bank",
            "moodle",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "导入完成：8 道题" in result.output and "跳过 1 道" in result.output
    assert "moodle-gift-questions.gift.txt:2: 问答题（{}）不能自动评分，已跳过。" in result.output
    questions = active_questions(app, "moodle")
    assert [q["type"] for q in questions] == [
        "matching",
        "single",
        "multiple",
        "numerical",
        "fill",
        "truefalse",
        "truefalse",
        "truefalse",
    ]
    assert [q.get("title") for q in questions][:3] == ["Moodle activities", "Q2", "colours"]
    again = runner.invoke(
        args=[
            "import-questions",
            str(CONFORMANCE / "moodle-gift-questions.gift.txt"),
            "--format",
            "gift",
            "--bank",
            "moodle",
        ]
    )
    assert "新题 0 道，修订 0 道" in again.output


def test_aiken_errors_are_reported_by_line_and_nothing_is_imported(app, runner):
    result = runner.invoke(
        args=[
            "import-questions",
            str(CONFORMANCE / "moodle-aiken-errors.aiken.txt"),
            "--format",
            "aiken",
            "--bank",
            "aiken",
        ]
    )
    assert result.exit_code == 1
    lines = [line.split(":")[1] for line in result.output.splitlines() if "aiken-errors.aiken.txt:" in line]
    assert lines == ["3", "5", "7", "18"]
    assert active_questions(app, "aiken") == []


def test_a_bank_from_the_content_files_cannot_be_overwritten(app, runner, exam_content):
    result = runner.invoke(
        args=[
            "import-questions",
            str(CONFORMANCE / "moodle-aiken-questions.aiken.txt"),
            "--format",
            "aiken",
            "--bank",
            "alpha",
        ]
    )
    assert result.exit_code == 1 and "来自 question_banks/ 下的文件" in result.output


def upload(auth, path: Path, fmt: str, bank: str, name: str | None = None):
    """Post the admin import form."""
    data = {"file": (io.BytesIO(path.read_bytes()), name or path.name), "fmt": fmt, "bank": bank}
    return auth.post("/admin/questions/", data, content_type="multipart/form-data")


def test_admin_uploads_aiken_and_html_in_questions_stays_text(app, client, auth, people):
    auth.login(people["admin"])
    response = upload(auth, CONFORMANCE / "moodle-aiken-questions.aiken.txt", "aiken", "aiken-demo")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "导入完成：2 道题" in page
    assert [
        q["options"][q["options"].index(max(q["options"], key=lambda o: o["weight"]))]["text"]
        for q in active_questions(app, "aiken-demo")
    ] == ["Martin Dougiamas", "True"]
    assert 'class="cool"' in active_questions(app, "aiken-demo")[1]["text"]


def test_admin_upload_refuses_bad_files_and_names(app, auth, people, tmp_path, monkeypatch):
    monkeypatch.setattr("lms.admin.questions.MAX_BYTES", 1024)  # a 1 MB body would be spooled to an unclosed file
    auth.login(people["admin"])
    errors = upload(auth, CONFORMANCE / "moodle-aiken-errors.aiken.txt", "aiken", "x").get_data(as_text=True)
    assert "发现 4 处错误，未导入任何题目" in errors
    assert "题库名只能由小写字母" in upload(
        auth, CONFORMANCE / "moodle-aiken-questions.aiken.txt", "aiken", "Bad Name"
    ).get_data(as_text=True)
    assert "只能导入" in upload(auth, CONFORMANCE / "moodle-aiken-questions.aiken.txt", "aiken", "x", "q.exe").get_data(
        as_text=True
    )
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 1025)
    assert "文件超过 1 MB" in upload(auth, big, "gift", "x").get_data(as_text=True)
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("题目？{T}".encode("gbk"))
    assert "不是 UTF-8 编码" in upload(auth, gbk, "gift", "x").get_data(as_text=True)


def test_only_admins_import_questions(client, auth, people):
    auth.login(people["supervisor"])
    assert client.get("/admin/questions/").status_code == 403
