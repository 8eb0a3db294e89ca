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


def _finished(client, location: str) -> dict:
    """Poll a job's state until it is done or failed."""
    import time

    for _ in range(200):
        state = client.get(location + ".json").get_json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.05)
    return state


def test_a_large_upload_is_imported_by_a_job_whose_page_shows_the_result(
    app, client, auth, people, tmp_path, monkeypatch
):
    import os

    from lms.services import question_import_job

    monkeypatch.setitem(app.config, "JOBS_DIR", str(tmp_path / "jobs"))
    monkeypatch.setattr(question_import_job, "JOB_BYTES", 100)
    auth.login(people["admin"])
    response = upload(auth, CONFORMANCE / "moodle-gift-questions.gift.txt", "gift", "moodle-big")
    assert response.status_code == 302 and "/jobs/" in response.location
    state = _finished(client, response.location)
    assert state["status"] == "done" and state["done"] == state["total"] == 8
    page = client.get(response.location).get_data(as_text=True)
    assert "导入题目" in page and "导入完成：8 道题（新题 8 道，修订 0 道）" in page
    assert "问答题（{}）不能自动评分，已跳过。" in page
    assert len(active_questions(app, "moodle-big")) == 8
    assert os.listdir(tmp_path / "jobs") == []  # the upload is gone once read
    auth.post("/logout")
    auth.login(people["hr"])
    assert client.get(response.location).status_code == 404


def test_a_large_upload_with_errors_imports_nothing_and_lists_them_by_line(
    app, client, auth, people, tmp_path, monkeypatch
):
    from lms.services import question_import_job

    monkeypatch.setitem(app.config, "JOBS_DIR", str(tmp_path / "jobs"))
    monkeypatch.setattr(question_import_job, "JOB_BYTES", 100)
    bad = tmp_path / "bad.gift.txt"
    good = "".join(f"::q{n}::第 {n} 题：客服先做什么？{{=倾听 ~打断}}\n\n" for n in range(30))
    bad.write_text(good + "::坏::数字题 {#abc}\n\n::也坏::{~%50%甲 ~乙}\n", encoding="utf-8")
    auth.login(people["admin"])
    response = upload(auth, bad, "gift", "broken-big", "bad.txt")
    assert response.status_code == 302
    assert _finished(client, response.location)["status"] == "failed"
    page = client.get(response.location).get_data(as_text=True)
    assert "有问题的行（没有导入任何题目）" in page
    assert '<span class="number">61</span> “abc”不是数字' in page
    assert '<span class="number">63</span> 多选题里得分选项的权重加起来应为 100%' in page
    assert active_questions(app, "broken-big") == []
