"""The attempt engine's guarantees, each with a test that fails if the guarantee breaks."""

import re
import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from lms.domain.scoring import model_answer
from lms.extensions import db
from lms.models import Attempt, AttemptItem, ModuleProgress, QuestionVersion, User
from lms.services import answer_saves, exams
from lms.session_user import SessionUser
from lms.timeutil import utcnow
from tests.conftest import csrf_token
from tests.factories import read_sections
from tests.sql import statements


def start(auth, slug: str = "final") -> int:
    """Start (or resume) an exam and open its paper, as the browser does (the first showing starts the clock)."""
    response = auth.post(f"/exams/{slug}/start")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert auth.client.get(response.location).status_code == 200
    return int(re.search(r"/attempts/(\d+)", response.location).group(1))


def form_fields(question: dict, position: int, answer) -> dict:
    """The form fields a browser sends for ``answer``."""
    name, kind = f"q{position}", question["type"]
    shown = {f"{name}__shown": "1"}
    if kind == "truefalse":
        return {**shown, name: "true" if answer else "false"}
    if kind in ("ordering", "matching"):
        return {**shown, **{f"{name}_{slot}": str(value) for slot, value in enumerate(answer)}}
    if kind == "multiple":
        return {**shown, name: [str(a) for a in answer]}
    return {**shown, name: str(answer)}


def page_ref(item: AttemptItem) -> dict:
    """The field the paper adds to each question: which item and question version it is (the one-statement save)."""
    return {f"q{item.position}__item": f"{item.id}.{item.question_version_id}"}


def items(app, attempt_id: int) -> list[AttemptItem]:
    """The attempt's items, detached, with their question content loaded."""
    with app.app_context():
        rows = db.session.scalars(
            sa.select(AttemptItem).where(AttemptItem.attempt_id == attempt_id).order_by(AttemptItem.position)
        ).all()
        for row in rows:
            row.version.content  # noqa: B018 (load before detaching)
        db.session.expunge_all()
        return rows


def attempt(app, attempt_id: int) -> Attempt:
    """The attempt, detached."""
    with app.app_context():
        row = db.session.get(Attempt, attempt_id)
        db.session.expunge(row)
        return row


#: Wrong answers to four of the eight test questions: 50%, below the 75% pass mark.
WRONG = {"single": 2, "multiple": [2], "truefalse": False, "fill": "不知道"}


def answer_everything(app, auth, attempt_id: int, right: bool = True) -> None:
    """Save an answer to every question through the autosave endpoint."""
    for item in items(app, attempt_id):
        answer = (
            model_answer(item.version.content)
            if right
            else WRONG.get(item.version.type, model_answer(item.version.content))
        )
        response = auth.post(
            f"/attempts/{attempt_id}/answers/{item.position}", form_fields(item.version.content, item.position, answer)
        )
        assert response.status_code == 200


def set_deadline(app, attempt_id: int, delta: timedelta) -> None:
    """Move the attempt's deadline relative to now."""
    with app.app_context():
        db.session.get(Attempt, attempt_id).deadline = utcnow() + delta
        db.session.commit()


def test_the_paper_is_drawn_once_and_a_reload_shows_it_in_the_same_order(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    first = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    second = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    questions = lambda page: re.findall(r'<fieldset class="question".*?</fieldset>', page, re.S)  # noqa: E731
    assert len(questions(first)) == 8 and questions(first) == questions(second)
    assert start(auth) == attempt_id


def test_every_answer_is_stored_as_given_and_shown_after_a_reload(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    answer_everything(app, auth, attempt_id)
    for item in items(app, attempt_id):
        assert item.answer == model_answer(item.version.content), item.version.type
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert page.count("checked") >= 4 and "首问负责制" in page and 'value="4"' in page


def test_the_deadline_is_the_servers_and_late_answers_are_refused(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    row = attempt(app, attempt_id)
    assert row.deadline - row.started_at == timedelta(minutes=10)
    assert re.search(r'data-remaining="(59\d|600)"', client.get(f"/attempts/{attempt_id}").get_data(as_text=True))
    first = items(app, attempt_id)[0]
    set_deadline(app, attempt_id, -timedelta(seconds=10))
    fields = form_fields(first.version.content, 1, model_answer(first.version.content))
    assert auth.post(f"/attempts/{attempt_id}/answers/1", fields).status_code == 200
    set_deadline(app, attempt_id, -timedelta(seconds=31))
    late = auth.post(f"/attempts/{attempt_id}/answers/2", {"q2": "0", "q2__shown": "1"})
    assert late.status_code == 409 and "时间已到" in late.json["error"]
    graded = attempt(app, attempt_id)
    assert graded.status == "finished" and graded.timed_out and graded.score == 1.0
    assert items(app, attempt_id)[1].answer is None


def test_an_attempt_whose_time_ran_out_is_graded_when_next_opened(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    answer_everything(app, auth, attempt_id)
    set_deadline(app, attempt_id, -timedelta(minutes=5))
    response = client.get(f"/attempts/{attempt_id}")
    assert response.status_code == 302 and response.location.endswith("/result")
    assert attempt(app, attempt_id).percent == 100.0
    assert "自动交卷" in client.get(response.location).get_data(as_text=True)


def test_close_overdue_finishes_only_attempts_past_deadline_and_grace(app, auth, people, runner, exam_content):
    auth.login(people["agent"])
    late = start(auth, "final")
    on_time = start(auth, "quiz-alpha")
    set_deadline(app, late, -timedelta(minutes=1))
    set_deadline(app, on_time, -timedelta(seconds=5))
    result = runner.invoke(args=["close-overdue"])
    assert "已关闭并评分 1 份" in result.output
    assert (attempt(app, late).status, attempt(app, on_time).status) == ("finished", "in_progress")


def test_two_finishes_at_once_grade_once(app, auth, people, exam_content, monkeypatch):
    auth.login(people["agent"])
    attempt_id = start(auth)
    answer_everything(app, auth, attempt_id)
    graded, real_grade = [], exams._grade

    def slow_grade(row):
        graded.append(row.id)
        time.sleep(0.3)  # keep the first finish inside its transaction while the second arrives
        real_grade(row)

    monkeypatch.setattr(exams, "_grade", slow_grade)
    results = []

    def finish():
        with app.app_context():
            results.append(exams.finish(attempt_id).status)
            db.session.remove()

    threads = [threading.Thread(target=finish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert graded == [attempt_id] and results == ["finished", "finished"]
    assert attempt(app, attempt_id).percent == 100.0


def test_another_learners_attempt_is_not_found(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    auth.post("/logout")
    auth.login(people["new_hire"])
    assert client.get(f"/attempts/{attempt_id}").status_code == 404
    assert client.get(f"/attempts/{attempt_id}/result").status_code == 404
    assert auth.post(f"/attempts/{attempt_id}/answers/1", {"q1": "0"}).status_code == 404
    assert auth.post(f"/attempts/{attempt_id}/finish").status_code == 404
    assert attempt(app, attempt_id).status == "in_progress"


def test_a_stale_page_after_hand_in_gets_a_clear_answer(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    auth.post(f"/attempts/{attempt_id}/finish")
    stale = auth.post(f"/attempts/{attempt_id}/answers/1", {"q1": "0"})
    assert stale.status_code == 409 and stale.json["result"] == f"/attempts/{attempt_id}/result"
    again = auth.post(f"/attempts/{attempt_id}/finish")
    assert again.status_code == 302
    assert "已经交过了" in client.get(again.location).get_data(as_text=True)


def test_a_hand_in_without_a_questions_fields_keeps_its_saved_answer(app, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    answer_everything(app, auth, attempt_id)
    auth.post(f"/attempts/{attempt_id}/finish")
    assert attempt(app, attempt_id).percent == 100.0


def test_a_cleared_multiple_choice_is_saved_as_cleared(app, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    answer_everything(app, auth, attempt_id)
    multiple = [i for i in items(app, attempt_id) if i.version.type == "multiple"][0]
    auth.post(f"/attempts/{attempt_id}/answers/{multiple.position}", {f"q{multiple.position}__shown": "1"})
    assert [i.answer for i in items(app, attempt_id) if i.version.type == "multiple"] == [[]]


def test_hand_in_without_script_saves_the_form_then_grades(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    fields = {}
    for item in items(app, attempt_id):
        fields.update(form_fields(item.version.content, item.position, model_answer(item.version.content)))
    auth.post(f"/attempts/{attempt_id}/finish", fields)
    assert attempt(app, attempt_id).percent == 100.0


def test_attempts_run_out_and_the_result_shows_only_what_the_blueprint_allows(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    answer_everything(app, auth, attempt_id, right=False)
    auth.post(f"/attempts/{attempt_id}/finish")
    page = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "未得满分的题" in page and "正确答案" not in page and "分类得分" in page and "manners" in page
    refused = auth.post("/exams/final/start")
    assert refused.location == "/exams/final"
    assert "可考次数已用完" in client.get("/exams/final").get_data(as_text=True)


def test_passing_the_quiz_completes_a_read_module_and_failing_does_not(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    response = read_sections(auth, "alpha", (1, 2, 3))[-1]
    assert response.location == "/exams/quiz-alpha"
    failed = start(auth, "quiz-alpha")
    answer_everything(app, auth, failed, right=False)
    auth.post(f"/attempts/{failed}/finish")
    with app.app_context():
        assert db.session.scalar(sa.select(ModuleProgress.completed_at)) is None
    passed = start(auth, "quiz-alpha")
    answer_everything(app, auth, passed)
    auth.post(f"/attempts/{passed}/finish")
    with app.app_context():
        assert db.session.scalar(sa.select(ModuleProgress.completed_at)) is not None
    assert "评价这门课" in client.get(f"/attempts/{passed}/result").get_data(as_text=True)


def test_an_edited_question_gets_a_new_version_and_past_attempts_keep_theirs(
    app, client, auth, people, exam_content, runner
):
    auth.login(people["agent"])
    attempt_id = start(auth)
    answer_everything(app, auth, attempt_id)
    auth.post(f"/attempts/{attempt_id}/finish")
    bank = exam_content / "question_banks" / "alpha.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("    answer: true", "    answer: false"), encoding="utf-8")
    result = runner.invoke(args=["import-content", "--root", str(exam_content)])
    assert "修订 1 道" in result.output
    with app.app_context():
        versions = db.session.scalars(
            sa.select(QuestionVersion).where(QuestionVersion.type == "truefalse").order_by(QuestionVersion.version)
        ).all()
        assert [(v.version, v.content["answer"]) for v in versions] == [(1, True), (2, False)]
    old = [i for i in items(app, attempt_id) if i.version.type == "truefalse"][0]
    assert old.version.version == 1 and old.score == 1.0
    assert attempt(app, attempt_id).percent == 100.0


@pytest.mark.parametrize("role", ["hr", "admin", "supervisor"])
def test_only_learners_take_exams(client, auth, people, exam_content, role):
    auth.login(people[role])
    assert client.get("/exams").status_code == 403
    assert auth.post("/exams/final/start").status_code == 403


def test_the_counted_score_follows_the_blueprint(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    low = start(auth, "quiz-alpha")
    answer_everything(app, auth, low, right=False)
    auth.post(f"/attempts/{low}/finish")
    page = client.get("/exams/quiz-alpha").get_data(as_text=True)
    assert "50.0%（取最高一次）" in page
    assert "<td>50.0%</td>" in client.get("/exams").get_data(as_text=True)


def test_the_pages_save_is_one_update(app, client, auth, people, exam_content):
    """The paper names each question's item and version: a save is then one UPDATE that checks the session's user,
    the attempt and the item itself. The question's content is read by a process's first save of it only."""
    auth.login(people["agent"])
    attempt_id = start(auth)
    third = items(app, attempt_id)[2]
    fields = {**form_fields(third.version.content, 3, model_answer(third.version.content)), **page_ref(third)}
    token = csrf_token(client, f"/attempts/{attempt_id}")
    assert f'name="q3__item" value="{third.id}.{third.question_version_id}"' in client.get(
        f"/attempts/{attempt_id}"
    ).get_data(as_text=True)
    answer_saves.read_question.cache_clear()
    runs = []
    for _ in range(2):
        with statements(app) as seen:
            response = client.post(f"/attempts/{attempt_id}/answers/3", data={**fields, "csrf_token": token})
        assert response.json == {"saved": True, "positions": [3]}
        runs.append(seen)
    first, second = ([statement.split(None, 1)[0].upper() for statement in seen] for seen in runs)
    assert first == ["SELECT", "UPDATE"] and "question_versions.content" in runs[0][0], runs[0]
    assert second == ["UPDATE"] and all(table in runs[1][0] for table in ("users", "attempts")), runs[1]
    assert items(app, attempt_id)[2].answer == model_answer(third.version.content)


def test_a_save_without_the_items_name_reads_it_with_the_user_then_writes(app, client, auth, people, exam_content):
    """A page from before the item was named (or answers kept offline since): the user with the item and its attempt
    in one SELECT, then one UPDATE; never the rest of the paper, no statement of Flask-Login's own."""
    auth.login(people["agent"])
    attempt_id = start(auth)
    third = items(app, attempt_id)[2]
    fields = form_fields(third.version.content, 3, model_answer(third.version.content))
    token = csrf_token(client, "/password")
    with statements(app) as seen:
        response = client.post(f"/attempts/{attempt_id}/answers/3", data={**fields, "csrf_token": token})
    assert response.json == {"saved": True, "positions": [3]}
    kinds = [statement.split(None, 1)[0].upper() for statement in seen]
    assert kinds in (["SELECT", "UPDATE"], ["SELECT", "SELECT", "UPDATE"]), seen  # the content, if not read before
    assert all(table in seen[0] for table in ("users", "attempt_items", "attempts"))
    assert items(app, attempt_id)[2].answer == model_answer(third.version.content)


def _kept_answers(paper: list[AttemptItem], positions: list[int]) -> dict:
    """One post with the answers to the questions at ``positions``, as a page sends those it kept while backing off."""
    fields: dict = {}
    for item in paper:
        if item.position in positions:
            content = item.version.content
            fields |= {**form_fields(content, item.position, model_answer(content)), **page_ref(item)}
    return fields


def test_a_page_sends_the_answers_it_kept_in_one_post_one_update_each(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    paper = items(app, attempt_id)
    token = csrf_token(client, f"/attempts/{attempt_id}")
    with statements(app) as seen:
        response = client.post(
            f"/attempts/{attempt_id}/answers", data={**_kept_answers(paper, [2, 4, 5]), "csrf_token": token}
        )
    assert response.json == {"saved": True, "positions": [2, 4, 5]}
    kinds = [statement.split(None, 1)[0].upper() for statement in seen if "question_versions.content" not in statement]
    assert kinds == ["UPDATE"] * 3, seen  # the content is read by a process's first save of a question only
    stored = {item.position: item.answer for item in items(app, attempt_id) if item.answer is not None}
    assert stored == {item.position: model_answer(item.version.content) for item in paper if item.position in (2, 4, 5)}


@pytest.mark.parametrize(
    ("spoiled", "status"), [("a place not on the paper", 404), ("an old page", 400), ("handed in", 409)]
)
def test_a_kept_post_with_one_answer_that_cannot_be_stored_stores_none(
    app, client, auth, people, exam_content, spoiled, status
):
    """All or none: the answers before the bad one were written by then (the places go in order), and are undone."""
    auth.login(people["agent"])
    attempt_id = start(auth)
    paper = items(app, attempt_id)
    fields, token = _kept_answers(paper, [1, 2]), csrf_token(client, f"/attempts/{attempt_id}")
    if spoiled == "a place not on the paper":
        fields |= {"q99__item": f"{paper[0].id}.{paper[0].question_version_id}", "q99": "0", "q99__shown": "1"}
    elif spoiled == "an old page":
        token = "an-old-page"
    else:
        with app.app_context():
            exams.finish(attempt_id)
    response = client.post(f"/attempts/{attempt_id}/answers", data={**fields, "csrf_token": token})
    assert response.status_code == status, response.get_data(as_text=True)
    assert [item.answer for item in items(app, attempt_id)] == [None] * len(paper)


def test_the_one_statement_save_undoes_the_answers_before_one_it_cannot_store(app, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    first, second = items(app, attempt_id)[:2]
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        user = attempt.user
        given = [
            answer_saves.Given(1, answer_saves.ItemRef(first.id, first.question_version_id), "0"),
            answer_saves.Given(2, answer_saves.ItemRef(second.id + 1000, second.question_version_id), "0"),
        ]
        signed_in = SessionUser(user.id, user.session_version)
        assert not answer_saves.save_at_once(signed_in, attempt_id, given, attempt.started_at)
        db.session.commit()  # whatever the session still held would be stored now
    assert [item.answer for item in items(app, attempt_id)[:2]] == [None, None]


def test_a_save_refused_after_a_hand_in_changes_nothing(app, auth, people, exam_content):
    """A hand-in committed between reading the item and the UPDATE wins: the late answer is refused, not stored."""
    auth.login(people["agent"])
    attempt_id = start(auth)
    with app.app_context():
        item = db.session.scalar(sa.select(AttemptItem).where(AttemptItem.attempt_id == attempt_id))
        user = db.session.get(User, item.attempt.user_id)
        holder = answer_saves.paper_items(SessionUser(user.id, user.session_version), attempt_id, [item.position])
        read = holder.items[item.position]
        with app.app_context():  # another request hands in meanwhile
            exams.finish(attempt_id)
            db.session.remove()
        with pytest.raises(exams.AttemptClosed):
            answer_saves.save([(read, model_answer(read.question))])
    assert all(row.answer is None for row in items(app, attempt_id))


def test_a_paper_opened_more_than_an_hour_ago_still_saves_and_hands_in_within_its_time(
    app, client, auth, people, exam_content
):
    """Flask-WTF's tokens last an hour; a paper's last as long as its attempt and grace, so a 60-minute exam's
    last answers, sent in its 61st minute with the token of the page opened at the start, are stored."""
    begin = utcnow().replace(microsecond=0)
    with time_machine.travel(begin, tick=False) as clock:
        auth.login(people["agent"])
        attempt_id = start(auth)
        with app.app_context():
            row = db.session.get(Attempt, attempt_id)
            row.deadline = row.started_at + timedelta(minutes=60)
            db.session.commit()
        page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        paper = items(app, attempt_id)

        def save(position: int):
            content = paper[position - 1].version.content
            fields = form_fields(content, position, model_answer(content))
            return client.post(f"/attempts/{attempt_id}/answers/{position}", data={**fields, "csrf_token": token})

        for position, minutes in ((1, 25), (2, 50)):  # an agent who answers now and then (the session stays alive)
            clock.move_to(begin + timedelta(minutes=minutes))
            assert save(position).status_code == 200
        clock.move_to(begin + timedelta(minutes=60, seconds=20))  # past the hour, within the 30 s grace
        assert save(3).status_code == 200, "a save in the grace is stored, not refused as an expired page"
        assert items(app, attempt_id)[2].answer == model_answer(paper[2].version.content)
        handed_in = client.post(f"/attempts/{attempt_id}/finish", data={"csrf_token": token})
        assert handed_in.location.endswith(f"/attempts/{attempt_id}/result")
        assert attempt(app, attempt_id).status == "finished"


def test_a_paper_post_without_its_token_is_refused_and_stores_nothing(app, client, auth, people, exam_content):
    auth.login(people["agent"])
    attempt_id = start(auth)
    first = items(app, attempt_id)[0]
    fields = form_fields(first.version.content, 1, model_answer(first.version.content))
    refused = client.post(f"/attempts/{attempt_id}/answers/1", data=fields)
    assert refused.status_code == 400 and "页面已过期" in refused.json["error"] and refused.json["retry"] is False
    forged = client.post(f"/attempts/{attempt_id}/answers/1", data={**fields, "csrf_token": "forged"})
    assert forged.status_code == 400
    assert client.post(f"/attempts/{attempt_id}/finish", data={}).status_code == 400
    assert items(app, attempt_id)[0].answer is None and attempt(app, attempt_id).status == "in_progress"
