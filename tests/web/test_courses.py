"""The learner's side: catalogue, reading section by section, completing, rating, and the refusals."""

import re

import sqlalchemy as sa

from lms.extensions import db
from lms.models import ModuleProgress, ModuleRating, SectionRead
from tests.conftest import Auth
from tests.factories import read_sections


def read_all(auth, slug: str, count: int):
    """Open and finish each section of ``slug`` in turn; the last response."""
    return read_sections(auth, slug, range(1, count + 1))[-1]


def test_catalogue_lists_filters_and_searches(client, auth, people, courses):
    auth.login(people["agent"])
    page = client.get("/courses").get_data(as_text=True)
    assert all(title in page for title in ("接听礼仪", "开场", "成交")) and "共 3 条" in page
    only_series = client.get("/courses?series=sales").get_data(as_text=True)
    assert "开场" in only_series and "接听礼仪" not in only_series
    assert "接听礼仪" in client.get("/courses?q=礼仪").get_data(as_text=True)
    assert "没有符合条件的课程" in client.get("/courses?q=不存在的课").get_data(as_text=True)
    assert "没有符合条件的课程" in client.get("/courses?level=expert").get_data(as_text=True)


def test_catalogue_filters_by_my_status(client, auth, people, courses):
    auth.login(people["agent"])
    client.get("/courses/s-1/1")
    read_all(auth, "alpha", 3)
    done = client.get("/courses?status=done").get_data(as_text=True)
    started = client.get("/courses?status=in_progress").get_data(as_text=True)
    fresh = client.get("/courses?status=not_started").get_data(as_text=True)
    assert "接听礼仪" in done and "开场" not in done
    assert "开场" in started and "接听礼仪" not in started
    assert "成交" in fresh and "开场" not in fresh and "接听礼仪" not in fresh


def test_catalogue_pages_and_shows_each_learner_their_own_status(app, client, auth, people, courses, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)  # the app is the session's: put back after this test
    auth.login(people["agent"])
    read_all(auth, "alpha", 3)
    first, second = (client.get(f"/courses?page={n}").get_data(as_text=True) for n in (1, 2))
    assert first.count('class="card course"') == 2 and second.count('class="card course"') == 1
    assert "共 3 条" in first and "共 3 条" in second
    assert "接听礼仪" in first and "badge-done" in first and "badge-done" not in second
    assert client.get("/courses?page=3").status_code == 404
    other = app.test_client()
    Auth(other).login(people["new_hire"])
    theirs = other.get("/courses").get_data(as_text=True)
    assert "接听礼仪" in theirs and "badge-done" not in theirs and theirs.count("badge-not_started") == 2


def test_reading_every_section_completes_the_module_and_asks_for_a_rating(app, client, auth, people, courses):
    auth.login(people["agent"])
    assert "开始学习" in client.get("/courses/alpha").get_data(as_text=True)
    first = client.get("/courses/alpha/1").get_data(as_text=True)
    assert "第 1 / 3 节" in first and "问候的正文" in first and "倾听的正文" not in first
    assert read_sections(auth, "alpha", [1])[0].location == "/courses/alpha/2"
    assert "继续学习（第 1 节）" in client.get("/courses/alpha").get_data(as_text=True)
    client.get("/courses/alpha/2")
    assert "继续学习（第 2 节）" in client.get("/courses/alpha").get_data(as_text=True)
    response = read_sections(auth, "alpha", [2, 3])[-1]
    assert response.location == "/courses/alpha/rate"
    with app.app_context():
        row = db.session.scalar(sa.select(ModuleProgress))
        assert row.completed_at is not None and row.completed_version == 1


def test_skipping_a_section_does_not_complete_and_leads_back_to_it(app, client, auth, people, courses):
    auth.login(people["agent"])
    assert read_sections(auth, "alpha", [1, 3])[-1].location == "/courses/alpha/2"
    with app.app_context():
        assert db.session.scalar(sa.select(ModuleProgress.completed_at)) is None


def test_reading_a_section_twice_records_it_once(app, auth, people, courses):
    auth.login(people["agent"])
    read_sections(auth, "alpha", [1, 1])
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(SectionRead.id))) == 1


def test_rating_is_refused_before_completion(app, client, auth, people, courses):
    auth.login(people["agent"])
    response = auth.post("/courses/alpha/rate", {"content": 5, "usefulness": 5, "clarity": 5})
    assert response.status_code == 302 and response.location == "/courses/alpha"
    assert "完成课程后才能评价" in client.get("/courses/alpha").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ModuleRating.id))) == 0


def test_rating_needs_every_answer_in_range_and_can_be_changed(app, client, auth, people, courses):
    auth.login(people["agent"])
    read_all(auth, "alpha", 3)
    page = auth.post("/courses/alpha/rate", {"content": 5, "usefulness": 9}).get_data(as_text=True)
    assert "请为每一项选择一个分数" in page
    assert "意见最多 500 字" in auth.post(
        "/courses/alpha/rate", {"content": 5, "usefulness": 4, "clarity": 3, "comment": "长" * 501}
    ).get_data(as_text=True)
    assert (
        auth.post("/courses/alpha/rate", {"content": 5, "usefulness": 4, "clarity": 3, "comment": "很实用"}).status_code
        == 302
    )
    assert auth.post("/courses/alpha/rate", {"content": 4, "usefulness": 4, "clarity": 4}).status_code == 302
    with app.app_context():
        ratings = db.session.scalars(sa.select(ModuleRating)).all()
        assert [(r.content, r.usefulness, r.clarity) for r in ratings] == [(4, 4, 4)]


def test_missing_and_retired_modules_and_sections_are_404(app, client, auth, people, courses):
    auth.login(people["agent"])
    assert client.get("/courses/nope").status_code == 404
    assert client.get("/courses/alpha/0").status_code == 404
    assert client.get("/courses/alpha/4").status_code == 404
    assert auth.post("/courses/alpha/4/read").status_code == 404
    from lms.models import Module

    with app.app_context():
        db.session.scalar(sa.select(Module).where(Module.slug == "s-2")).active = False
        db.session.commit()
    assert client.get("/courses/s-2").status_code == 404
    assert "成交" not in client.get("/courses").get_data(as_text=True)


def test_read_needs_post_with_csrf_and_a_learner_role(client, auth, people, courses):
    auth.login(people["agent"])
    assert client.get("/courses/alpha/1/read").status_code == 405
    assert client.post("/courses/alpha/1/read").status_code == 400
    auth.post("/logout")
    auth.login(people["hr"])
    assert auth.post("/courses/alpha/1/read").status_code == 403
    assert client.get("/courses/alpha").status_code == 403


def test_the_section_page_works_in_english(client, auth, people, courses):
    auth.login(people["agent"])
    auth.post("/language", {"locale": "en"})
    page = client.get("/courses/alpha/3").get_data(as_text=True)
    assert "Section 3 of 3" in page and "finish the module" in page


def test_the_overview_shows_whether_the_learner_passed_the_modules_quiz(app, client, auth, people, exam_content):
    from lms.models import Attempt, Exam, User
    from lms.timeutil import utcnow

    auth.login(people["agent"])
    line = re.compile(r'<p class="quiz-line">.*?</p>', re.S)
    before = line.search(client.get("/courses/alpha").get_data(as_text=True)).group(0)
    assert "/exams/quiz-alpha" in before and "已通过" not in before and "通过测验，课程才算完成" in before
    with app.app_context():
        quiz = db.session.scalar(sa.select(Exam).where(Exam.slug == "quiz-alpha"))
        user = db.session.scalar(sa.select(User).where(User.employee_no == people["agent"]))
        for passed in (False, True):  # a failed attempt does not count; a passed one does
            now = utcnow()
            db.session.add(
                Attempt(
                    exam_id=quiz.id, user_id=user.id, status="finished", deadline=now, finished_at=now, passed=passed
                )
            )
            db.session.commit()
            shown = line.search(client.get("/courses/alpha").get_data(as_text=True)).group(0)
            assert ("已通过" in shown) is passed


def test_opening_a_section_writes_the_place_and_the_first_opening_only_in_eight_statements(
    app, client, auth, people, courses
):
    """Opening a section moves "continue" there and keeps each section's first opening (written as plain Core)."""
    from lms.models import SectionOpen
    from tests.sql import statements

    auth.login(people["agent"])
    client.get("/courses/alpha/1")
    client.get("/courses/alpha/2")

    def rows():
        with app.app_context():
            return (
                db.session.execute(sa.select(ModuleProgress.last_position, ModuleProgress.started_at)).all(),
                dict(db.session.execute(sa.select(SectionOpen.section_title, SectionOpen.opened_at)).all()),
            )

    (progress,), opened = rows()
    assert progress.last_position == 2 and len(opened) == 2
    with statements(app) as seen:
        assert client.get("/courses/alpha/1").status_code == 200
    assert len(seen) == 8  # the user, the module, its sections, the refresher, the place, the opening, reads, bell
    (again,), opened_again = rows()
    assert again == (1, progress.started_at) and opened_again == opened
