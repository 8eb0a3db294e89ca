"""Imported banks that can be used: browse, preview, retire and restore, and exams built in the browser."""

import io

import pytest
import sqlalchemy as sa

from lms.domain.states import ExamSource
from lms.extensions import db
from lms.models import Attempt, Exam, ExamVersion, Question, Role, User
from lms.services import exams
from lms.services.content import import_content
from tests.factories import make_user, profile_form

GIFT = """$CATEGORY: 退换货

::时限::顾客签收后几天内可以申请七天无理由退货？{=7天 ~3天 ~15天}

::运费::质量问题退货的运费由谁承担？{=商家 ~顾客 ~快递公司}

::换货::顾客要换尺码，客服先做什么？{=确认订单和尺码 ~直接退款 ~让顾客重新下单}

::破损::商品签收时外包装破损，可以当场拒收。{T}

$CATEGORY: 物流

::查件::顾客问包裹到哪了，客服先查什么？{=物流单号 ~顾客地址 ~商品价格}

::延误::快递延误时客服应主动告知原因和预计时间。{T}
"""


def upload(auth, text: str = GIFT, bank: str = "moodle-cn"):
    """Upload a GIFT file through the admin import page."""
    data = {"file": (io.BytesIO(text.encode()), "bank.gift"), "fmt": "gift", "bank": bank}
    return auth.post("/admin/questions/", data, content_type="multipart/form-data")


@pytest.fixture
def bank(app, client, auth, people):
    """The GIFT file above imported by the admin into ``moodle-cn``, the admin still signed in."""
    auth.login(people["admin"])
    assert "导入完成：6 道题" in upload(auth).get_data(as_text=True)


def exam_form(**changes) -> dict:
    """The builder's form for a practice exam of three 退换货 questions of moodle-cn."""
    form = {
        "slug": "practice-returns",
        "title": "退换货练习",
        "kind": "practice",
        "level": "",
        "time_limit_minutes": "20",
        "pass_mark": "60",
        "attempts": "0",
        "wait_minutes": "0",
        "counts": "highest",
        "review": "full",
        "shuffle_questions": "y",
        "sections-0-bank": "moodle-cn",
        "sections-0-category": "退换货",
        "sections-0-difficulty": "",
        "sections-0-count": "3",
    }
    return {key: value for key, value in (form | changes).items() if value is not None}


def switch(auth, employee_no: str) -> None:
    """Sign out and in as someone else."""
    auth.post("/logout")
    auth.login(employee_no)


def audit_page(client) -> str:
    return client.get("/admin/audit").get_data(as_text=True)


def test_banks_are_listed_with_counts_and_their_questions_filtered(client, bank, exam_content):
    page = client.get("/banks/").get_data(as_text=True)
    assert 'href="/banks/moodle-cn"' in page and 'href="/banks/alpha"' in page  # imported and built-in
    assert "物流 2" in page and "退换货 4" in page and "难度 1：6" in page
    listed = client.get("/banks/moodle-cn?category=物流").get_data(as_text=True)
    assert "q005" in listed and "q006" in listed and "q001" not in listed
    assert "q001" not in client.get("/banks/moodle-cn?state=retired").get_data(as_text=True)
    assert client.get("/banks/no-such-bank").status_code == 404
    assert client.get("/banks/moodle-cn/q/q999").status_code == 404


def test_a_banks_counts_are_written_by_category_ignoring_case_then_by_difficulty_escaped(client, auth, bank):
    text = "".join(f"$CATEGORY: {category}\n\n::{key}::{category}？{{T}}\n\n" for key, category in CATEGORIES)
    assert "导入完成：3 道题" in upload(auth, text, "cases").get_data(as_text=True)
    row = client.get("/banks/").get_data(as_text=True).split('href="/banks/cases"')[1].split("</tr>")[0]
    assert '<td class="wrap">a&amp;b 1、alpha 1、Beta 1</td>' in row and '<td class="wrap">难度 1：3</td>' in row
    auth.post("/language", {"locale": "en"})
    assert "Difficulty 1: 3" in client.get("/banks/").get_data(as_text=True)


#: Categories whose order differs with and without case (Jinja's ``dictsort`` ignores it), one needing escaping.
CATEGORIES = [("q1", "Beta"), ("q2", "alpha"), ("q3", "a&b")]


def test_a_question_is_previewed_as_a_learner_sees_it_read_only(client, bank):
    page = client.get("/banks/moodle-cn/q/q001").get_data(as_text=True)
    preview = page[page.index('data-test="preview"') :]
    assert "顾客签收后几天内可以申请七天无理由退货？" in preview and "15天" in preview
    assert preview.count('type="radio"') == 3 and preview.count("disabled") == 3
    assert "__shown" not in preview  # not a paper: nothing to hand in


def test_a_retired_question_is_never_drawn_and_can_be_restored(app, client, auth, people, bank):
    assert auth.post("/banks/moodle-cn/q/q001/retire").status_code == 302
    assert "已停用：新试卷不会抽到这道题" in client.get("/banks/moodle-cn/q/q001").get_data(as_text=True)
    again = auth.post("/banks/moodle-cn/q/q001/retire", follow_redirects=True).get_data(as_text=True)
    assert "题目状态没有变化" in again
    assert audit_page(client).count("林管理 停用了题库「moodle-cn」的题目 q001") == 1
    assert "q001" in client.get("/banks/moodle-cn?state=retired").get_data(as_text=True)
    too_many = auth.post("/banks/exams/new", exam_form(**{"sections-0-count": "4"}))
    assert too_many.status_code == 400 and "符合条件的题只有 3 道，少于 count 4" in too_many.get_data(as_text=True)
    assert auth.post("/banks/exams/new", exam_form()).status_code == 302
    retired_id = _question_id(app, "q001")
    for _ in range(3):
        attempt = _start(app, people["agent"], "practice-returns")
        assert retired_id not in {item.version.question_id for item in attempt.items}
        with app.app_context():
            exams.finish(attempt.id)
    assert auth.post("/banks/moodle-cn/q/q001/restore").status_code == 302
    assert "林管理 恢复了题库「moodle-cn」的题目 q001" in audit_page(client)
    assert auth.post("/banks/exams/new", exam_form(slug="all-four", **{"sections-0-count": "4"})).status_code == 302


def test_re_importing_the_bank_keeps_a_question_retired(app, auth, bank):
    auth.post("/banks/moodle-cn/q/q002/retire")
    assert "导入完成" in upload(auth, GIFT.replace("由谁承担", "由哪一方承担")).get_data(as_text=True)
    with app.app_context():
        question = db.session.scalar(sa.select(Question).where(Question.key == "q002"))
        assert question.retired_at is not None and question.current.version == 2


def test_the_builder_refuses_bad_input_and_says_why(app, client, auth, bank, promotion_content):
    def refused(form: dict, message: str) -> None:
        response = auth.post("/banks/exams/new", form)
        assert response.status_code == 400 and message in response.get_data(as_text=True), message

    refused(exam_form(pass_mark="0"), "pass_mark 应为 1 到 100 之间的整数")
    refused(exam_form(pass_mark="abc"), "请输入整数")
    refused(exam_form(time_limit_minutes=str(2**70)), "数字超出范围")
    refused(exam_form(slug="Bad Slug"), "考试 id 只能由小写字母")
    refused(exam_form(slug="quiz-alpha"), "考试 id“quiz-alpha”已被使用")  # a blueprint file's exam, imported
    refused(exam_form(kind="module_quiz"), "不是有效的选择")
    refused(exam_form(kind="promotion"), "晋级考试要写 level")
    refused(exam_form(kind="promotion", level="junior"), "这个等级已有晋级考试“初级客服晋级考试”")
    refused(exam_form(**{"sections-0-bank": ""}), "sections 应至少有一节")
    refused(exam_form(**{"sections-0-bank": "nope"}), "没有名为“nope”的题库")
    refused(exam_form(**{"sections-0-category": "没有这类"}), "符合条件的题只有 0 道")
    refused(exam_form(**{"sections-0-difficulty": "3"}), "符合条件的题只有 0 道")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Exam.id)).where(Exam.source == ExamSource.BROWSER)) == 0
    assert "在浏览器中创建了考试" not in audit_page(client)


def test_a_browser_exam_cannot_take_a_blueprint_files_id_even_before_its_import(app, auth, bank):
    response = auth.post("/banks/exams/new", exam_form(slug="promotion-expert"))
    assert response.status_code == 400 and "考试 id“promotion-expert”已被使用" in response.get_data(as_text=True)


def test_a_built_exam_is_versioned_and_attempts_keep_their_version(app, client, auth, people, bank):
    assert auth.post("/banks/exams/new", exam_form()).status_code == 302
    assert "林管理 在浏览器中创建了考试「退换货练习」" in audit_page(client)
    assert "退换货练习" in client.get("/banks/").get_data(as_text=True)
    switch(auth, people["agent"])
    catalogue = client.get("/exams").get_data(as_text=True)
    assert "退换货练习" in catalogue and "练习考试" in catalogue
    first = _start(app, people["agent"], "practice-returns")
    switch(auth, people["admin"])
    edited = auth.post("/banks/exams/practice-returns", exam_form(pass_mark="100", title="退换货练习（新）"))
    assert edited.status_code == 302
    same = auth.post("/banks/exams/practice-returns", exam_form(pass_mark="100", title="退换货练习（新）"))
    assert "没有改动，未生成新版本" in same.get_data(as_text=True)
    page = client.get("/banks/exams/practice-returns").get_data(as_text=True)
    assert 'data-test="versions"' in page and "退换货练习（新）" in page and 'value="100"' in page
    assert "林管理 修改了考试「退换货练习（新）」，生成第 2 版" in audit_page(client)
    assert audit_page(client).count("生成第") == 1
    with app.app_context():
        attempt = db.session.get(Attempt, first.id)
        assert attempt.exam_version.version == 1 and attempt.settings["pass_mark"] == 60
        for item in attempt.items:  # every answer wrong except enough for 60% of the first version
            item.answer = None
        db.session.commit()
        finished = exams.finish(first.id)
        assert finished.settings["pass_mark"] == 60
        second = exams.start(
            db.session.scalar(sa.select(User).where(User.employee_no == people["agent"])), finished.exam
        )
        assert second.exam_version.version == 2 and second.settings["pass_mark"] == 100
    assert client.get("/banks/exams/quiz-alpha").status_code == 404  # a blueprint file's exam is not edited here


def test_the_content_import_never_changes_or_retires_a_built_exam(app, client, auth, bank, content_root, exam_content):
    assert auth.post("/banks/exams/new", exam_form()).status_code == 302
    with app.app_context():
        report = import_content(content_root)
        assert report.problems == []
        exam = db.session.scalar(sa.select(Exam).where(Exam.slug == "practice-returns"))
        assert exam.active and exam.source == ExamSource.BROWSER and exam.title == "退换货练习"
    (content_root / "question_banks" / "exams" / "practice-returns.yaml").write_text(
        (content_root / "question_banks" / "exams" / "final.yaml")
        .read_text()
        .replace("id: final", "id: practice-returns")
    )
    with app.app_context():
        problems = import_content(content_root).problems
        assert any("已被在浏览器中创建的考试使用" in p.message for p in problems)
        assert db.session.scalar(sa.select(sa.func.count(ExamVersion.id))) == 1


def test_a_designated_author_builds_exams_and_others_are_refused(app, client, auth, people, bank):
    agent_id, form = profile_form(app, people["agent"], author="y")
    for role in ("agent", "supervisor", "hr"):
        switch(auth, people[role])
        assert client.get("/banks/").status_code == 403
        assert client.get("/banks/moodle-cn/q/q001").status_code == 403
        assert auth.post("/banks/moodle-cn/q/q001/retire").status_code == 403
        assert auth.post("/banks/exams/new", exam_form()).status_code == 403
    switch(auth, people["admin"])
    assert auth.post(f"/admin/users/{agent_id}", form).status_code == 302
    assert "林管理 修改了 李客服 的资料：题库编辑 否 → 是" in audit_page(client)
    switch(auth, people["agent"])
    assert '<a href="/banks/"' in client.get("/").get_data(as_text=True)
    assert auth.post("/banks/moodle-cn/q/q003/retire").status_code == 302
    assert auth.post("/banks/exams/new", exam_form()).status_code == 302
    with app.app_context():
        make_user("X9", "停用编辑", Role.HR, active=False).author = True
        db.session.commit()
        inactive = db.session.scalar(sa.select(User).where(User.employee_no == "X9"))
        from lms.services import scope

        assert not scope.authors(inactive)


def _question_id(app, key: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Question.id).where(Question.key == key))


def _start(app, employee_no: str, slug: str) -> Attempt:
    """Start an attempt at ``slug`` for the learner, its items loaded."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == employee_no))
        exam = exams.active_exam(slug)
        attempt = exams.start(user, exam)
        attempt.items  # noqa: B018 (loaded before the session closes)
        db.session.expunge(attempt)
        return attempt
