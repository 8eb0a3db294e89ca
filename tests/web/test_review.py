"""The daily review (班前五分钟): cards made where things are met, FSRS scheduling, the session drawing only the
agent's own due cards, and answers (also sent late from the offline queue) stored once or refused when implausible."""

from datetime import timedelta

import sqlalchemy as sa

from lms.domain.review_session import SESSION_SIZE
from lms.extensions import db
from lms.models import CardKind, Exam, Module, ModuleFact, ReviewCard, ReviewLog, User
from lms.services import answer_saves, exams, review_cards, review_daily
from lms.timeutil import utcnow
from tests.factories import make_user, read_module

EPOCH = "1970-01-01"


def _user(employee_no: str) -> User:
    return db.session.scalar(sa.select(User).where(User.employee_no == employee_no))


def _cards(user: User) -> dict[str, ReviewCard]:
    return {c.ref: c for c in db.session.scalars(sa.select(ReviewCard).where(ReviewCard.user_id == user.id))}


def _take_quiz(user: User, right: set[str]) -> None:
    """Take alpha's quiz: the questions whose bank id is in ``right`` answered right, the others wrong."""
    from lms.domain import scoring

    exam = db.session.scalar(sa.select(Exam).where(Exam.slug == "quiz-alpha"))
    attempt = exams.start(user, exam)
    for item in attempt.items:
        content = item.version.content
        if content["type"] in ("ordering", "matching", "scenario"):
            continue
        good = scoring.model_answer(content)
        wrong = {
            "single": 1,
            "multiple": [2],
            "truefalse": not content.get("answer"),
            "fill": "不知道",
            "numerical": "99",
        }
        answer_saves.save_item(item, good if content["id"] in right else wrong[content["type"]])
    exams.finish(attempt.id)


def test_reading_a_module_gives_its_facts_as_cards_due_tomorrow_once(app, courses):
    with app.app_context():
        user = make_user("R1")
        db.session.commit()
        module = db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        read_module(user, module)
        cards = _cards(user)
        facts = list(db.session.scalars(sa.select(ModuleFact).where(ModuleFact.module_id == module.id)))
        assert set(cards) == {f"fact:{f.id}" for f in facts} and len(facts) == 2
        assert all(
            c.kind == CardKind.FACT and c.module_id == module.id and c.last_review is None for c in cards.values()
        )
        assert all(utcnow() < c.due <= utcnow() + timedelta(days=1) for c in cards.values())
        assert review_daily.session(user, utcnow()) == []  # the day it was read, nothing yet
        assert review_cards.module_read(user.id, module, utcnow()) == 0  # idempotent
        assert len(_cards(user)) == 2


def test_a_graded_quiz_makes_cards_and_a_wrong_answer_comes_due_before_a_right_one(app, exam_content):
    with app.app_context():
        user = make_user("R2")
        db.session.commit()
        _take_quiz(user, right={"q01", "q03"})
        cards = _cards(user)
        by_key = {c.question.key: c for c in cards.values()}
        # ordering, matching and scenario questions take too long for a card
        assert set(by_key) == {"q01", "q02", "q03", "q04", "q07"}
        assert all(c.kind == CardKind.QUESTION and c.last_review is not None for c in cards.values())
        wrong, right = by_key["q04"], by_key["q01"]
        assert wrong.due < right.due
        assert wrong.due - wrong.last_review == timedelta(days=1)
        assert right.due - right.last_review >= timedelta(days=2)
        logs = db.session.scalars(sa.select(ReviewLog).where(ReviewLog.user_id == user.id)).all()
        assert {(log.card_id, log.correct) for log in logs} == {
            (c.id, c.question.key in ("q01", "q03")) for c in cards.values()
        }
        module = db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        assert {c.module_id for c in cards.values()} == {module.id}


def _answer(user, card, at, key, answer="", duration_ms=4_000, now=None):
    given = review_daily.Answer(key, answer, duration_ms, at)
    return review_daily.answer(user, card, given, now or at + timedelta(seconds=1))


def _right_answer(card: ReviewCard) -> str:
    view = review_daily.review_cards_view.views([card])[0]
    return {"single": "0", "fact": view.right}.get(view.mode, view.right)


def test_intervals_grow_over_successive_right_answers(app, courses):
    with app.app_context():
        user = make_user("R3")
        db.session.commit()
        module = db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        read_module(user, module)
        card = next(iter(_cards(user).values()))
        at, intervals = card.due + timedelta(hours=1), []
        for turn in range(5):
            outcome = _answer(user, card, at, f"grow-{turn:04d}", _right_answer(card), duration_ms=8_000)
            assert outcome.accepted and outcome.correct, outcome
            intervals.append(card.due - card.last_review)
            at = card.due + timedelta(hours=1)
        assert intervals == sorted(intervals) and len(set(intervals)) == 5, intervals
        assert intervals[0] >= timedelta(days=2)


def test_the_session_draws_only_the_agents_own_due_cards(app, courses):
    with app.app_context():
        mine, other = make_user("R4"), make_user("R5")
        db.session.commit()
        module = db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        for user in (mine, other):
            read_module(user, module)
        now = utcnow() + timedelta(days=1, hours=1)  # tomorrow: both facts due
        mine_cards = list(_cards(mine).values())
        mine_cards[1].due = now + timedelta(days=3)  # one of them not due
        db.session.commit()
        drawn = [view.card.id for view in review_daily.session(mine, now)]
        assert drawn == [mine_cards[0].id]
        assert review_daily.summary(mine, now).due == 1


def test_a_session_stops_at_its_size(app, courses):
    with app.app_context():
        user = make_user("R6")
        db.session.commit()
        facts = [
            ModuleFact(
                module_id=db.session.scalar(sa.select(Module.id).where(Module.slug == "alpha")),
                number=n + 3,
                prompt=f"问题{n}？",
                answer=f"答案{n}",
            )
            for n in range(12)
        ]
        db.session.add_all(facts)
        db.session.commit()
        module = db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        review_cards.module_read(user.id, module, utcnow() - timedelta(days=1))
        db.session.commit()
        assert len(review_daily.session(user, utcnow())) == SESSION_SIZE
        assert review_daily.summary(user, utcnow()).due == 14


def test_review_optimise_says_why_it_cannot_fit_without_pytorch(app, runner):
    result = runner.invoke(args=["review-optimise"])
    assert result.exit_code == 1 and "torch" in result.output and "默认参数" in result.output


def test_review_optimise_waits_for_enough_reviews(app, runner, monkeypatch):
    from lms.services import review_schedule

    monkeypatch.setattr(review_schedule, "OPTIMISER_NEEDS", ())  # as if PyTorch were installed
    result = runner.invoke(args=["review-optimise", "--least", "5"])
    assert result.exit_code == 0 and "复习记录不足 5 条" in result.output


def test_fitted_parameters_are_used_once_stored(app):
    import fsrs

    from lms.models import ReviewParameters
    from lms.services import review_schedule

    with app.app_context():
        assert review_schedule.parameters() == tuple(fsrs.Scheduler().parameters)
        fitted = [round(w * 1.01, 4) for w in fsrs.Scheduler().parameters]
        db.session.add(ReviewParameters(parameters=fitted, reviews=1234, fitted_at=utcnow()))
        db.session.commit()
        assert review_schedule.scheduler().parameters == tuple(fitted)


def test_a_practised_quick_reply_becomes_a_card_reviewed_by_the_drills_answer(app, drill_content):
    from lms.services import reply_drills

    with app.app_context():
        user = make_user("R7")
        db.session.commit()
        session = reply_drills.start(user, "recognition", None, size=1)
        now = utcnow()
        turn = reply_drills.current_turn(session, now - timedelta(seconds=4))
        reply_drills.answer(session, turn.position, "/nothing", now)
        cards = list(_cards(user).values())
        assert {c.quick_reply.slug for c in cards} == set(turn.message.replies)
        assert all(c.kind == CardKind.REPLY and c.due - c.last_review == timedelta(days=1) for c in cards)  # wrong
        from lms.models import CustomerMessage

        view = review_daily.review_cards_view.views(cards[:1])[0]
        asking = {
            m.text for m in db.session.scalars(sa.select(CustomerMessage)) if cards[0].quick_reply.slug in m.replies
        }
        assert view.prompt in asking and view.right == cards[0].quick_reply.shortcut
