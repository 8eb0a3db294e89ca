"""Reminders end to end: which are made, made once, e-mailed once through a real SMTP server, in each person's language."""

import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import current_app

from lms import timeutil
from lms.domain.states import AttemptStatus
from lms.extensions import db
from lms.models import (
    Assignment,
    Attempt,
    AttemptItem,
    Certificate,
    Exam,
    LevelAward,
    Module,
    ModuleProgress,
    Notification,
    QuestionVersion,
    Role,
    Team,
    User,
)
from lms.services import reminders, scope
from tests.conftest import free_port
from tests.factories import make_user
from tests.sql import statements
from tests.web.test_levels import make_ready_for_junior


def person(employee_no: str) -> User:
    return db.session.scalar(sa.select(User).where(User.employee_no == employee_no))


def assign(user: User, slug: str, due_in_days: int, done: bool = False) -> Assignment:
    """Assign module ``slug`` to ``user``, due in so many days (the caller commits)."""
    module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
    row = Assignment(user_id=user.id, module_id=module.id, due_date=timeutil.today() + timedelta(days=due_in_days))
    db.session.add(row)
    if done:
        db.session.add(ModuleProgress(user_id=user.id, module_id=module.id, completed_at=timeutil.utcnow()))
    return row


def awaiting(user: User, status: AttemptStatus = AttemptStatus.AWAITING_GRADING) -> Attempt:
    """An attempt at the promotion exam, handed in, whose scenario answer awaits grading (the caller commits)."""
    exam = db.session.scalar(sa.select(Exam).where(Exam.slug == "promotion-junior"))
    version = db.session.scalar(sa.select(QuestionVersion).where(QuestionVersion.type == "scenario"))
    finished = timeutil.utcnow()
    attempt = Attempt(exam_id=exam.id, user_id=user.id, status=status, deadline=finished, finished_at=finished)
    attempt.items.append(AttemptItem(position=1, question_version_id=version.id, answer="非常抱歉", score=0.3))
    db.session.add(attempt)
    return attempt


def certificate(user: User, expires_in_days: int, level: str = "junior") -> Certificate:
    """An award of ``level`` with one certificate expiring in so many days (the caller commits)."""
    award = LevelAward(user_id=user.id, level=level, evidence=[])
    db.session.add(award)
    row = Certificate(
        award=award,
        number=secrets.token_hex(6).upper(),
        issued_on=timeutil.today() - timedelta(days=700),
        expires_on=timeutil.today() + timedelta(days=expires_in_days),
    )
    db.session.add(row)
    return row


def keys(app) -> set[tuple[str, str]]:
    """(employee number, key) of every notification."""
    with app.app_context():
        return {
            (number, key)
            for number, key in db.session.execute(sa.select(User.employee_no, Notification.key).join(User))
        }


def test_assignments_due_tomorrow_and_overdue_are_reminded_to_their_learner(app, people, courses):
    with app.app_context():
        agent, new_hire = person(people["agent"]), person(people["new_hire"])
        tomorrow = assign(agent, "alpha", 1)
        assign(agent, "s-1", 1, done=True)
        assign(agent, "s-2", 2)
        late = assign(new_hire, "alpha", -3)
        assign(new_hire, "s-1", 0)  # due today: neither
        gone = make_user("X9", "离职客服", Role.AGENT, team=agent.team, active=False)
        db.session.flush()
        assign(gone, "alpha", 1)
        db.session.commit()
        expected = {
            (people["agent"], f"assignment-due:{tomorrow.id}:{tomorrow.due_date.isoformat()}"),
            (people["new_hire"], f"assignment-overdue:{late.id}:{late.due_date.isoformat()}"),
        }
        assert reminders.make(timeutil.today()) == 2
    assert keys(app) == expected


def test_attempts_awaiting_grading_go_to_everyone_who_may_grade_them(app, people, promotion_content):
    with app.app_context():
        agent = person(people["agent"])
        other_team = Team(name="二组")
        db.session.add(other_team)
        other_team.supervisor = make_user("S2", "别组主管", Role.SUPERVISOR)
        theirs = make_user("X1", "别组客服", Role.AGENT, team=other_team)
        grader = make_user("G1", "评分员客服", Role.AGENT, team=other_team)
        grader.grader = True
        make_user("G2", "离职评分员", Role.HR, active=False).grader = True
        db.session.flush()
        mine = awaiting(agent)
        awaiting(agent, AttemptStatus.FINISHED)
        their = awaiting(theirs)
        own = awaiting(grader)
        db.session.commit()
        reminders.make(timeutil.today())
        assert keys(app) == {
            (people["supervisor"], f"grading:attempt-{mine.id}"),
            ("G1", f"grading:attempt-{mine.id}"),
            ("S2", f"grading:attempt-{their.id}"),
            ("G1", f"grading:attempt-{their.id}"),
            ("S2", f"grading:attempt-{own.id}"),  # the grader's own attempt goes to their supervisor only
        }


def test_graders_of_learners_is_the_scope_rule_for_every_grader(app, people, promotion_content):
    with app.app_context():
        team = db.session.scalar(sa.select(Team))
        make_user("G1", "评分员", Role.HR).grader = True
        make_user("G2", "评分员客服", Role.AGENT, team=team).grader = True
        make_user("A3", "离职客服", Role.AGENT, team=team, active=False)
        db.session.commit()
        pairs = db.session.execute(scope.graders_of_learners()).all()
        for grader in db.session.scalars(sa.select(User)):
            graded = {learner for learner, by in pairs if by == grader.id}
            assert graded == set(db.session.scalars(scope.graded_people(grader))), grader.name
            assert bool(graded) is scope.grades(grader) or grader.role is Role.SUPERVISOR, grader.name


def test_supervisors_of_learners_is_the_scope_rule_for_every_supervisor(app, people):
    with app.app_context():
        team = db.session.scalar(sa.select(Team))
        second = Team(name="二组", supervisor=person(people["supervisor"]))
        closed = Team(name="停用组", active=False, supervisor=person(people["supervisor"]))
        db.session.add_all([second, closed])
        make_user("A1", "二组客服", Role.AGENT, team=second)
        make_user("A2", "停用组客服", Role.AGENT, team=closed)
        make_user("A3", "离职客服", Role.AGENT, team=team, active=False)
        make_user("H1", "组里的人事", Role.HR, team=team)
        lone = make_user("S9", "没带团队的主管", Role.SUPERVISOR)
        gone = make_user("S8", "离职主管", Role.SUPERVISOR, active=False)
        db.session.add(Team(name="三组", supervisor=gone))
        make_user("A4", "三组客服", Role.AGENT, team=db.session.scalar(sa.select(Team).where(Team.name == "三组")))
        db.session.commit()
        pairs = db.session.execute(scope.supervisors_of_learners()).all()
        for supervisor in db.session.scalars(sa.select(User).where(User.role == Role.SUPERVISOR)):
            mine = {learner for learner, lead in pairs if lead == supervisor.id}
            assert mine == set(db.session.scalars(scope.visible_people(supervisor))), supervisor.name
        assert not any(lead in (lone.id, gone.id) for _learner, lead in pairs)
        assert len(pairs) == 3  # 李客服 and 王新人 in 售后一组, 二组客服


def test_certificates_expiring_within_thirty_days_are_reminded_to_their_holder(app, people):
    with app.app_context():
        agent = person(people["agent"])
        soon = certificate(agent, 30)
        certificate(agent, 31, level="intermediate")
        revoked = certificate(person(people["new_hire"]), 10)
        revoked.revoked_at = timeutil.utcnow()
        db.session.commit()
        reminders.make(timeutil.today())
        assert keys(app) == {(people["agent"], f"certificate-expiring:{soon.id}")}


def test_a_learner_ready_for_the_promotion_exam_is_told_once(app, people, real_content):
    make_ready_for_junior(app, people["agent"])
    with app.app_context():
        assert reminders.make(timeutil.today()) == 1
        assert reminders.make(timeutil.today()) == 0
        row = db.session.scalar(sa.select(Notification))
        assert row.key == "promotion-open:junior" and row.payload["exam"] == "promotion-junior"


def count_statements(work) -> int:
    """How many SQL statements ``work()`` sends (inside the caller's app context)."""
    with statements(current_app) as seen:
        work()
    return len(seen)


def add_learners(team: Team, start: int, count: int) -> None:
    """``count`` learners, each with an assignment due tomorrow, an attempt awaiting grading and an expiring certificate."""
    for number in range(start, start + count):
        user = make_user(f"N{number:03d}", f"客服{number}", Role.AGENT, team=team)
        db.session.flush()
        assign(user, "alpha", 1)
        awaiting(user)
        certificate(user, 5)
    db.session.commit()


def test_gathering_takes_the_same_number_of_queries_for_3_or_30_people(app, people, promotion_content):
    with app.app_context():
        team = db.session.scalar(sa.select(Team))
        add_learners(team, 0, 3)
        few = count_statements(lambda: reminders.due(timeutil.today()))
        assert len(reminders.due(timeutil.today())) == 3 * 3
        add_learners(team, 3, 27)
        many = count_statements(lambda: reminders.due(timeutil.today()))
        assert len([r for r in reminders.due(timeutil.today()) if r.kind == "grading"]) == 30
    assert few == many


def emailed(app) -> list:
    with app.app_context():
        return list(db.session.scalars(sa.select(Notification.emailed_at).order_by(Notification.id)))


def li_with_one_due_tomorrow(app, people) -> None:
    """The agent 李客服 with an email address and the module alpha assigned, due tomorrow."""
    with app.app_context():
        agent = person(people["agent"])
        agent.email = "li@example.com"
        assign(agent, "alpha", 1)
        db.session.commit()


def test_send_reminders_twice_notifies_and_emails_once(app, runner, people, courses, smtp):
    li_with_one_due_tomorrow(app, people)
    first = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0, first.output
    assert "新建 1 条" in first.output and "发出邮件 1 封（含 1 条提醒），失败 0 封" in first.output
    second = runner.invoke(args=["send-reminders"])
    assert "新建 0 条" in second.output and "发出邮件 0 封" in second.output
    assert len(smtp.messages) == 1 and all(emailed(app))
    recipients, message = smtp.messages[0]
    assert recipients == ["li@example.com"]
    assert subject(message) == f"学习任务“接听礼仪”明天（{localised_tomorrow('zh_CN')}）到期，还没有完成。"
    body = message.get_content()
    assert body.startswith("李客服，您好：") and "/notifications/1" in body and "请勿直接回复" in body


def subject(message) -> str:
    """The decoded subject (a long one is folded after "Subject:", which leaves a space in front)."""
    return str(message["Subject"]).strip()


def localised_tomorrow(locale: str) -> str:
    from babel.dates import format_date

    return format_date(timeutil.today() + timedelta(days=1), "medium", locale=locale)


def test_each_person_gets_the_email_in_their_language(app, runner, people, courses, smtp):
    with app.app_context():
        agent, new_hire = person(people["agent"]), person(people["new_hire"])
        agent.email, agent.locale = "li@example.com", "en"
        new_hire.email = "wang@example.com"
        assign(agent, "alpha", 1)
        assign(agent, "s-1", -2)
        assign(new_hire, "alpha", 1)
        db.session.commit()
    assert runner.invoke(args=["send-reminders"]).exit_code == 0
    mail = {recipients[0]: message for recipients, message in smtp.messages}
    english, chinese = mail["li@example.com"], mail["wang@example.com"]
    assert subject(english) == "You have 2 new reminders"
    body = english.get_content()
    assert (
        body.startswith("Hello 李客服,")
        and f'The assignment "接听礼仪" is due tomorrow ({localised_tomorrow("en")})' in body
    )
    assert "您" not in body and "，" not in body
    assert subject(chinese).startswith("学习任务“接听礼仪”明天") and "王新人，您好" in chinese.get_content()


def test_a_refused_email_is_kept_and_sent_by_the_next_run(app, runner, people, courses, smtp):
    li_with_one_due_tomorrow(app, people)
    smtp.refuse = 1
    refused = runner.invoke(args=["send-reminders"])
    assert refused.exit_code == 1 and "发出邮件 0 封（含 0 条提醒），失败 1 封" in refused.output
    assert emailed(app) == [None] and smtp.messages == []
    again = runner.invoke(args=["send-reminders"])
    assert again.exit_code == 0 and "新建 0 条；发出邮件 1 封" in again.output
    assert len(smtp.messages) == 1 and all(emailed(app))


def test_an_unreachable_mail_server_marks_nothing(app, runner, people, courses, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    li_with_one_due_tomorrow(app, people)
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 1 and "新建 1 条；发出邮件 0 封（含 0 条提醒），失败 1 封" in result.output
    assert emailed(app) == [None]


def test_the_url_s_user_and_password_log_in(app, runner, people, courses, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_URL", smtp.url.replace("smtp://", "smtp://lms:s%40cret@"))
    li_with_one_due_tomorrow(app, people)
    assert runner.invoke(args=["send-reminders"]).exit_code == 0
    assert smtp.logins == [("lms", "s@cret")] and len(smtp.messages) == 1


def test_no_email_without_an_address_or_for_a_read_notification(app, runner, people, courses, smtp):
    with app.app_context():
        agent, new_hire = person(people["agent"]), person(people["new_hire"])
        new_hire.email = "wang@example.com"
        assign(agent, "alpha", 1)
        assign(new_hire, "alpha", 1)
        db.session.commit()
        reminders.make(timeutil.today())
        db.session.execute(
            sa.update(Notification).values(read_at=timeutil.utcnow()).where(Notification.user_id == new_hire.id)
        )
        db.session.commit()
    result = runner.invoke(args=["send-reminders"])
    assert "发出邮件 0 封" in result.output and smtp.messages == []


def test_without_smtp_the_reminders_stay_in_the_app(app, runner, people, courses, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_URL", None)
    with app.app_context():
        assign(person(people["agent"]), "alpha", 1)
        person(people["agent"]).email = "li@example.com"
        db.session.commit()
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0 and "新建 1 条；未设置 LMS_SMTP_URL，不发送邮件。" in result.output
    assert emailed(app) == [None]


@pytest.mark.parametrize("url", ["http://mail.example.com", "smtp://lms:hunter2@mail.example.com:port"])
def test_a_malformed_smtp_url_is_named_without_the_password(app, runner, people, courses, monkeypatch, url):
    monkeypatch.setitem(app.config, "SMTP_URL", url)
    with app.app_context():
        assign(person(people["agent"]), "alpha", 1)
        person(people["agent"]).email = "li@example.com"
        db.session.commit()
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 1 and "LMS_SMTP_URL" in result.output and "hunter2" not in result.output


def test_the_scheduler_sends_reminders_in_its_first_round(app, runner, people, courses, smtp):
    li_with_one_due_tomorrow(app, people)
    result = runner.invoke(args=["scheduler", "--rounds", "1"])
    assert result.exit_code == 0, result.output
    assert "关闭超时试卷 0 份" in result.output and "提醒：新建 1 条；发出邮件 1 封" in result.output
    assert len(smtp.messages) == 1


def test_a_refresher_is_reminded_until_its_section_is_read_again_whatever_the_module(app, people, courses):
    with app.app_context():
        agent, new_hire = person(people["agent"]), person(people["new_hire"])
        module = db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        db.session.add(ModuleProgress(user_id=agent.id, module_id=module.id, completed_at=timeutil.utcnow()))
        late = assign(agent, "alpha", -2)  # the module is done, its refresher is not
        late.section_id = module.sections[2].id
        done = assign(new_hire, "alpha", -2)  # read again already: nothing to remind
        done.section_id, done.refreshed_at = module.sections[2].id, timeutil.utcnow()
        db.session.commit()
        assert reminders.make(timeutil.today()) == 1
        expected = {(people["agent"], f"assignment-overdue:{late.id}:{late.due_date.isoformat()}")}
    assert keys(app) == expected
