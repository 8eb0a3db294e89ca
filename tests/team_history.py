"""A team with a year of realistic history, written with bulk inserts so that 200 people take a second or two.

Every member gets assignments (some overdue), module progress, exam attempts, typing results every few days,
quick-reply sessions, violations, ratings with comments, competency ratings; some hold a level, some of those
certificates expire within 30 days; the supervisor assigned one typing and one quick-reply drill to everyone.
Needs the test courses, exams and drills imported (the ``exam_content`` and ``drill_content`` fixtures).
"""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from lms import timeutil
from lms.domain import certificate_number, competency
from lms.domain.states import AttemptStatus
from lms.extensions import db
from lms.models import (
    Assignment,
    Attempt,
    Certificate,
    CompetencyRating,
    DrillAssignment,
    Exam,
    LevelAward,
    Module,
    ModuleProgress,
    ModuleRating,
    ReplySession,
    Role,
    Team,
    TypingResult,
    TypingText,
    User,
    Violation,
)
from tests.factories import PASSWORD_HASH


@dataclass(frozen=True)
class TeamHistory:
    """What was built: the team, its supervisor's employee number, and the members' ids in order."""

    team_id: int
    supervisor: str
    member_ids: list[int]


def _members(team: Team, prefix: str, size: int, today) -> list[int]:
    """``size`` members (every tenth a new hire), inserted at once; their ids."""
    rows = [
        {
            "employee_no": f"{prefix}{i:04d}",
            "name": f"{prefix}成员{i:04d}",
            "password_hash": PASSWORD_HASH,
            "role": Role.NEW_HIRE if i % 10 == 0 else Role.AGENT,
            "hire_date": today - timedelta(days=10 if i % 10 == 0 else 100 + 5 * i),
            "team_id": team.id,
            "active": True,
            "locale": "zh_CN",
        }
        for i in range(size)
    ]
    db.session.execute(sa.insert(User), rows)
    return list(db.session.scalars(sa.select(User.id).where(User.team_id == team.id).order_by(User.employee_no)))


def build_team(
    prefix: str, size: int, days: int = 365, slugs: tuple[str, ...] = ("alpha", "s-1", "s-2")
) -> TeamHistory:
    """A team of ``size`` learners led by a new supervisor ``{prefix}-S``, with ``days`` days of history.

    ``slugs`` names three modules: assigned due 30 days ago, 5 days ago and in 10 days (the first is rated).
    """
    today, now = timeutil.today(), timeutil.utcnow()
    team = Team(name=f"{prefix}组")
    supervisor = User(
        employee_no=f"{prefix}-S", name=f"{prefix}主管", role=Role.SUPERVISOR, hire_date=today - timedelta(days=2000)
    )
    supervisor.password_hash = PASSWORD_HASH
    team.supervisor = supervisor
    db.session.add_all([team, supervisor])
    db.session.flush()
    ids = _members(team, prefix, size, today)
    modules = {m.slug: m.id for m in db.session.scalars(sa.select(Module))}
    exams = [e.id for e in db.session.scalars(sa.select(Exam).order_by(Exam.slug))]
    text = db.session.scalar(sa.select(TypingText).where(TypingText.lang == "zh"))
    assert modules and exams and text, "import the test courses, exams and drills first"
    rows: dict[type, list[dict]] = {model: [] for model in (Assignment, ModuleProgress, Attempt, TypingResult)}
    rows.update({model: [] for model in (ReplySession, Violation, ModuleRating, CompetencyRating)})
    for i, user_id in enumerate(ids):
        for slug, due in zip(slugs, (-30, -5, 10), strict=True):
            rows[Assignment].append(
                {"user_id": user_id, "module_id": modules[slug], "due_date": today + timedelta(due)}
            )
        if i % 3:
            rows[ModuleProgress].append(
                {"user_id": user_id, "module_id": modules[slugs[0]], "completed_at": now - timedelta(days=40)}
            )
            rating = {"content": 4 + i % 2, "usefulness": 3 + i % 3, "clarity": 5, "comment": ""}
            if i % 4 == 1:
                rating["comment"] = f"{prefix}{i:04d} 的留言：例子很实用"
            rows[ModuleRating].append({"user_id": user_id, "module_id": modules[slugs[0]], **rating})
        if i % 2 == 0:
            done = now - timedelta(days=2) if i % 4 == 0 else None
            rows[ModuleProgress].append({"user_id": user_id, "module_id": modules[slugs[1]], "completed_at": done})
            ratings = dict.fromkeys(competency.WEIGHTS, 3 + i % 3)
            rows[CompetencyRating].append(
                {
                    "user_id": user_id,
                    "ratings": ratings,
                    "score": competency.weighted_score(ratings),
                    "rated_by_id": supervisor.id,
                }
            )
        for k, exam_id in enumerate(exams * 2):
            at = now - timedelta(days=(k * 97 + i) % days)
            percent = 40.0 + (i * 7 + k * 13) % 60
            rows[Attempt].append(
                {
                    "exam_id": exam_id,
                    "user_id": user_id,
                    "status": AttemptStatus.FINISHED,
                    "started_at": at - timedelta(minutes=20),
                    "deadline": at,
                    "finished_at": at,
                    "score": percent,
                    "max_score": 100.0,
                    "percent": percent,
                    "passed": percent >= 60,
                }
            )
        for day in range(days, 0, -3):
            at = now - timedelta(days=day, minutes=i)
            net = 35.0 + i % 40 + (days - day) * 0.05
            rows[TypingResult].append(
                {
                    "user_id": user_id,
                    "text_id": text.id,
                    "lang": "zh",
                    "target": "x",
                    "started_at": at - timedelta(minutes=1),
                    "finished_at": at,
                    "seconds": 60.0,
                    "client_seconds": 60.0,
                    "typed": "x",
                    "gross": net + 2,
                    "net": round(net, 1),
                    "accuracy": 0.9 + (day % 10) / 100,
                    "refused": "too_fast" if day % 30 == 0 else None,
                    "reached": 1.0,
                }
            )
        for day in range(days, 0, -7):
            at = now - timedelta(days=day, hours=1)
            rows[ReplySession].append(
                {
                    "user_id": user_id,
                    "mode": "recognition",
                    "started_at": at - timedelta(minutes=5),
                    "finished_at": at,
                    "share_right": round(0.6 + (i + day) % 5 / 10, 2),
                    "mean_seconds": 6.0,
                    "p90_seconds": 9.0,
                }
            )
        if i % 5 == 0:
            for month in range(0, days // 30, 3):
                day = today - timedelta(days=30 * month) if month else today
                rows[Violation].append({"user_id": user_id, "code": "late", "points": 2, "day": day, "note": ""})
    for model, batch in rows.items():
        db.session.execute(sa.insert(model), batch)
    _levels_and_drills(ids, supervisor, today, now)
    db.session.commit()
    return TeamHistory(team.id, supervisor.employee_no, ids)


def _levels_and_drills(ids: list[int], supervisor: User, today, now) -> None:
    """Junior held by every third member (every ninth expiring within 30 days), and two drills for everyone."""
    for i, user_id in enumerate(ids):
        if i % 3 != 1:
            continue
        award = LevelAward(user_id=user_id, level="junior", evidence=[])
        expires = today + timedelta(days=10) if i % 9 == 1 else today + timedelta(days=300)
        award.certificates.append(
            Certificate(
                number=certificate_number.generate(), issued_on=expires - timedelta(days=730), expires_on=expires
            )
        )
        db.session.add(award)
    typing = {"kind": "typing", "lang": "zh", "target_net": 60.0, "target_accuracy": 0.95, "target_share": None}
    replies = {"kind": "quick_reply", "lang": None, "target_net": None, "target_accuracy": None, "target_share": 0.9}
    drills = [{**typing, "created_at": now - timedelta(days=20)}, {**replies, "created_at": now - timedelta(days=10)}]
    db.session.execute(
        sa.insert(DrillAssignment),
        [
            {"user_id": user_id, "due_date": today + timedelta(days=5), "assigned_by_id": supervisor.id, **drill}
            for drill in drills
            for user_id in ids
        ],
    )
