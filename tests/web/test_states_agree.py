"""Pages say only what the state definitions say: module complete, promotion results, back after hand-in."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import ModuleProgress
from tests.web.test_courses import read_all
from tests.web.test_exams import answer_everything, start


def test_a_passed_quiz_without_reading_does_not_say_the_module_is_complete(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth, "quiz-alpha")
    answer_everything(app, auth, attempt_id)
    page = auth.post(f"/attempts/{attempt_id}/finish", follow_redirects=True).get_data(as_text=True)
    assert "通过" in page and "已完成" not in page and "评价这门课" not in page
    assert "还有 3 个小节没有读完" in page
    with app.app_context():
        assert db.session.scalar(sa.select(ModuleProgress.completed_at)) is None
    read_all(auth, "alpha", 3)
    again = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "课程《接听礼仪》已完成" in again and "评价这门课" in again


def test_a_paper_with_no_wrong_answer_says_so_instead_of_an_empty_card(app, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth, "final")
    answer_everything(app, auth, attempt_id)
    page = auth.post(f"/attempts/{attempt_id}/finish", follow_redirects=True).get_data(as_text=True)
    assert "未得满分的题" in page and "全部答对，没有答错的题" in page


def test_a_paper_with_wrong_answers_lists_them_without_the_all_right_line(app, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth, "final")
    answer_everything(app, auth, attempt_id, right=False)
    page = auth.post(f"/attempts/{attempt_id}/finish", follow_redirects=True).get_data(as_text=True)
    assert "未得满分的题" in page and "全部答对" not in page and 'class="review wrong"' in page


def test_the_paper_is_never_cached_so_back_after_hand_in_reaches_the_result(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth, "final")
    live = client.get(f"/attempts/{attempt_id}")
    assert live.status_code == 200 and "no-store" in live.headers["Cache-Control"]
    auth.post(f"/attempts/{attempt_id}/finish")
    back = client.get(f"/attempts/{attempt_id}")
    assert back.status_code == 302 and back.location.endswith(f"/attempts/{attempt_id}/result")
