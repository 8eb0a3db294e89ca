"""Demo data for a first look: a team, its supervisor, HR, an admin and agents of every tenure."""

from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from lms import timeutil
from lms.domain import competency, course_time, scoring
from lms.extensions import db
from lms.models import (
    Assignment,
    CompetencyRating,
    GroupLead,
    Module,
    ReviewCard,
    ReviewLog,
    Role,
    Team,
    TypingResult,
    TypingText,
    User,
    Violation,
)
from lms.services import answer_saves, assignments, awards, exams, learning, levels, quizzes
from lms.timeutil import utcnow

#: Shown by ``make run``; demo data is for a demo machine only.
PASSWORD = "demo1234"
TEAM = "售后服务一组"

# (工号, 姓名, role, days since hire)
PEOPLE = [
    ("D1001", "周慧敏", Role.SUPERVISOR, 6 * 365),
    ("D2001", "陈思远", Role.HR, 5 * 365),
    ("D9001", "林志强", Role.ADMIN, 4 * 365),
    ("D3001", "王晓雯", Role.NEW_HIRE, 2),
    ("D3002", "李嘉怡", Role.AGENT, 122),
    ("D3003", "张子喆", Role.AGENT, 427),
    ("D3004", "刘思琪", Role.AGENT, 3 * 365 + 10),
]
LABELS = {Role.SUPERVISOR: "主管", Role.HR: "人事", Role.ADMIN: "管理员", Role.NEW_HIRE: "新员工", Role.AGENT: "客服"}
LOGINS = [(number, name, LABELS[role]) for number, name, role, _ in PEOPLE]


def production() -> bool:
    """Whether this installation runs with LMS_ENV=production, where demo data and its password are refused."""
    return current_app.config["ENV_NAME"] == "production"


def password_refused(password: str) -> bool:
    """Whether signing in with ``password`` is refused because it is the demo password on a production machine."""
    return production() and password == PASSWORD


def seed(today: date | None = None) -> bool:
    """Create the demo people, team and learning unless they exist; True if anything was created."""
    today = today or timeutil.today()
    created = _seed_people(today)
    return _seed_learning(today) or created


def _seed_people(today: date) -> bool:
    """The demo team and its people, once."""
    if db.session.scalar(sa.select(User).where(User.employee_no == PEOPLE[0][0])):
        return False
    team = Team(name=TEAM, line="shop")
    db.session.add(team)
    for number, name, role, days in PEOPLE:
        user = User(employee_no=number, name=name, role=role, hire_date=today - timedelta(days=days))
        user.set_password(PASSWORD)
        if role in (Role.NEW_HIRE, Role.AGENT):
            user.team = team
        db.session.add(user)
        if role is Role.SUPERVISOR:
            team.supervisor = user
    db.session.commit()
    return True


def _seed_learning(today: date) -> bool:
    """Assignments and one completed, rated module, once the courses are imported."""
    modules = {m.slug: m for m in db.session.scalars(sa.select(Module).where(Module.active.is_(True)))}
    people = {u.employee_no: u for u in db.session.scalars(sa.select(User).where(User.employee_no.like("D%")))}
    if "mot-basics" not in modules or db.session.scalar(sa.select(Assignment.id).limit(1)) is not None:
        return False
    supervisor = people["D1001"]
    path = [modules[row.slug] for row in assignments.onboarding_modules()]
    for offset, module in enumerate(path):
        assignments.assign(supervisor, [module], [people["D3001"].id], today + timedelta(days=offset))
    agents = [people[n].id for n in ("D3002", "D3003", "D3004")]
    assignments.assign(supervisor, [modules["mot-basics"]], agents, today)
    selling = [m for m in modules.values() if m.series and m.series.slug == "selling"]
    assignments.assign(
        supervisor, sorted(selling, key=lambda m: m.series_order), [people["D3003"].id], today + timedelta(days=7)
    )
    veteran, module = people["D3004"], modules["mot-basics"]
    _complete(veteran, module)
    learning.rate(veteran, module, 5, 5, 4, "例子很贴近我们的来电场景。")
    _seed_levels(people, modules, today)
    _studied_days_ago(agents, REVIEW_DAYS_AGO)
    return True


#: The demo agents studied this many days before the demo starts: their review cards (made as they read and took the
#: quizzes) have come due, so 班前五分钟 has a session to show.
REVIEW_DAYS_AGO = 3


def _studied_days_ago(user_ids: list[int], days: int) -> None:
    """Move the agents' review cards and answers ``days`` back, as if made then (in Python: SQLite has no interval)."""
    shift = timedelta(days=days)
    for card in db.session.scalars(sa.select(ReviewCard).where(ReviewCard.user_id.in_(user_ids))):
        card.created_at, card.due = card.created_at - shift, card.due - shift
        card.last_review = card.last_review - shift if card.last_review else None
    for log in db.session.scalars(sa.select(ReviewLog).where(ReviewLog.user_id.in_(user_ids))):
        log.answered_at, log.reviewed_at = log.answered_at - shift, log.reviewed_at - shift
    db.session.commit()


def _complete(user: User, module: Module) -> None:
    """Complete a module the way a learner does: read every section, then pass its quiz.

    The demo's learners studied in the past: each section was opened its least reading time ago.
    """
    for section in module.sections:
        opened = utcnow() - timedelta(seconds=course_time.minimum_seconds(section.reading_seconds))
        learning.open_section(user, module, section.position, at=opened)
        learning.mark_read(user, module, section)
    quiz = quizzes.quiz_of(module)
    if quiz is not None and not quizzes.has_passed(user, quiz):
        attempt = exams.start(user, quiz)
        for item in attempt.items:
            answer_saves.save_item(item, scoring.model_answer(item.version.content))
        exams.finish(attempt.id)


def _seed_levels(people: dict[str, User], modules: dict[str, Module], today: date) -> None:
    """李嘉怡 meets every junior rule but the exam; 刘思琪 holds junior and mentors new hires; ratings, a violation, typing."""
    text = db.session.scalar(sa.select(TypingText).where(TypingText.lang == "zh", TypingText.active.is_(True)))
    now = utcnow()
    for number, net in (("D3002", 52.0), ("D3003", 71.0), ("D3004", 86.0)):
        user = people[number]
        for slug in ("onboarding", "etiquette", "complaint-handling", "mot-basics"):
            if slug in modules:
                _complete(user, modules[slug])
        if text is not None:
            db.session.add(
                TypingResult(
                    user_id=user.id,
                    text_id=text.id,
                    lang="zh",
                    target=text.text,
                    started_at=now,
                    finished_at=now,
                    seconds=round(len(text.text) / net * 60, 1),
                    client_seconds=round(len(text.text) / net * 60, 1),
                    typed=text.text,
                    gross=net,
                    net=net,
                    accuracy=0.97,
                    reached=1.0,
                )
            )
    supervisor = people["D1001"]
    for number, rating in (("D3003", 4), ("D3004", 5)):
        ratings = {code: rating for code in competency.WEIGHTS}
        db.session.add(
            CompetencyRating(
                user_id=people[number].id,
                rated_by_id=supervisor.id,
                ratings=ratings,
                score=competency.weighted_score(ratings),
            )
        )
    db.session.add(
        GroupLead(
            user_id=people["D3004"].id,
            group_name="新人带教小组",
            since=today - timedelta(days=90),
            set_by_id=supervisor.id,
        )
    )
    db.session.add(
        Violation(
            user_id=people["D3003"].id,
            code="late",
            points=2,
            day=today - timedelta(days=20),
            note="早班迟到 10 分钟",
            recorded_by_id=supervisor.id,
        )
    )
    db.session.commit()
    veteran = people["D3004"]
    if levels.level_named("junior") is not None:
        awards.by_hand(veteran, "junior", levels.evaluate(veteran), reason="演示数据：历史档案补录")
