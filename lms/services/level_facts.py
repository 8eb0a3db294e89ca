"""Gathering the level engine's facts for many agents with a few set-based queries (never a query per agent)."""

from datetime import date, timedelta

import sqlalchemy as sa

from lms import timeutil
from lms.domain import levels, recall
from lms.domain.states import AttemptStatus, ExamKind
from lms.extensions import db
from lms.models import (
    Attempt,
    CompetencyRating,
    Exam,
    GroupLead,
    LevelAward,
    Module,
    ModuleProgress,
    ReplySession,
    ReviewCard,
    Series,
    TypingResult,
    User,
    Violation,
)
from lms.services import typing_drills
from lms.services.holding import held_awards, revoked_latest
from lms.services.review_schedule import scheduler
from lms.timeutil import local

#: The longest window any rule looks back; older drills and violations are not loaded.
LOOKBACK = timedelta(days=400)


#: The user ids of one ``gather`` (an expanding parameter) and the day the lookback starts.
_IDS: sa.BindParameter = sa.bindparam("ids", expanding=True)
_SINCE: sa.BindParameter = sa.bindparam("since")
_revoked = revoked_latest(_IDS)

# Every statement is built once, at import, with bound parameters, and runs as plain Core: on a small team, building
# a statement costs about as much as running it, and the ORM's handling as much again. The team overview, the
# person pages and the level pages gather on every request.
_HELD = held_awards(_IDS).with_only_columns(LevelAward.user_id, LevelAward.level, LevelAward.awarded_at)
_MODULES = (
    sa.select(ModuleProgress.user_id, Module.slug)
    .join(Module)
    .where(ModuleProgress.user_id.in_(_IDS), ModuleProgress.completed_at.is_not(None))
)
_SERIES = sa.select(Series.slug, Module.slug).join(Module).where(Module.active.is_(True))
_BEST = (
    sa.select(Attempt.user_id, Exam.slug, sa.func.max(Attempt.percent))
    .join(Exam)
    .where(Attempt.user_id.in_(_IDS), Attempt.status == AttemptStatus.FINISHED)
    .group_by(Attempt.user_id, Exam.slug)
)
_REVOKED_PASSES = (
    sa.select(Attempt.user_id, Exam.slug, Attempt.started_at, Attempt.percent, _revoked.c.revoked_at)
    .join(Exam)
    .join(_revoked, sa.and_(_revoked.c.user_id == Attempt.user_id, _revoked.c.level == Exam.level))
    .where(Exam.kind == ExamKind.PROMOTION, Attempt.status == AttemptStatus.FINISHED)
)
_AWAITING = (
    sa.select(Attempt.user_id, Exam.slug)
    .join(Exam)
    .where(Attempt.user_id.in_(_IDS), Attempt.status == AttemptStatus.AWAITING_GRADING)
)
_TYPING = sa.select(
    TypingResult.user_id, TypingResult.finished_at, TypingResult.lang, TypingResult.net, TypingResult.accuracy
).where(TypingResult.user_id.in_(_IDS), typing_drills.COUNTS, TypingResult.finished_at >= _SINCE)
_REPLIES = sa.select(
    ReplySession.user_id, ReplySession.finished_at, ReplySession.share_right, ReplySession.mean_seconds
).where(ReplySession.user_id.in_(_IDS), ReplySession.refused == 0, ReplySession.finished_at >= _SINCE)
_latest_rating = (
    sa.select(CompetencyRating.user_id, sa.func.max(CompetencyRating.id).label("id"))
    .where(CompetencyRating.user_id.in_(_IDS))
    .group_by(CompetencyRating.user_id)
    .subquery()
)
_COMPETENCY = sa.select(CompetencyRating.user_id, CompetencyRating.ratings).join(
    _latest_rating, _latest_rating.c.id == CompetencyRating.id
)
_VIOLATIONS = sa.select(Violation.user_id, Violation.day, Violation.points).where(
    Violation.user_id.in_(_IDS), Violation.day >= _SINCE
)
_LEADS = sa.select(GroupLead.user_id, GroupLead.group_name, GroupLead.since).where(GroupLead.user_id.in_(_IDS))
_CARDS = (
    sa.select(ReviewCard.user_id, Module.slug, sa.func.count())
    .join(Module, Module.id == ReviewCard.module_id)
    .where(ReviewCard.user_id.in_(_IDS))
    .group_by(ReviewCard.user_id, Module.slug)
)
_REVIEWED = (
    sa.select(ReviewCard.id, ReviewCard.user_id, Module.slug, ReviewCard.stability, ReviewCard.last_review)
    .join(Module, Module.id == ReviewCard.module_id)
    .where(ReviewCard.user_id.in_(_IDS), ReviewCard.last_review.is_not(None))
)


def _rows(statement: sa.Select, values: dict | None = None) -> sa.CursorResult:
    """Run a prebuilt statement as plain Core on the session's connection (same transaction, no ORM rows)."""
    return db.session.connection().execute(statement, values)


def _forget_revoked_passes(ids: list[int], group: dict[int, dict]) -> None:
    """A promotion exam taken before its level's certificate was revoked no longer counts: the level is earned anew."""
    rows = _rows(_REVOKED_PASSES, {"ids": ids}).all()
    for user_id, slug, *_ in rows:
        group[user_id]["exams"].pop(slug, None)
    for user_id, slug, started_at, percent, revoked_at in rows:
        if started_at > revoked_at and percent is not None:
            group[user_id]["exams"][slug] = max(percent, group[user_id]["exams"].get(slug, percent))


def _recall(ids: list[int], group: dict[int, dict]) -> None:
    """Each user's predicted recall by module, now: (sum of FSRS retrievabilities, cards), cards never answered at 0."""
    for user_id, slug, cards in _rows(_CARDS, {"ids": ids}):
        group[user_id]["recall"][slug] = [0.0, cards]
    fitted, now = scheduler(), timeutil.now()
    for row in _rows(_REVIEWED, {"ids": ids}):
        memory = recall.Memory(row.id, 2, None, row.stability, None, now, row.last_review)
        group[row.user_id]["recall"][row.slug][0] += recall.retrievability(fitted, memory, now)


#: What ``gather`` can read, each kind with its own statements (``series`` needs ``modules``).
KINDS = frozenset(
    {"awards", "modules", "series", "exams", "typing", "replies", "competency", "violations", "leads", "recall"}
)


def gather(users: list[User], today: date, kinds: frozenset[str] = KINDS) -> dict[int, levels.Facts]:
    """Facts for every user, by id: thirteen queries whatever the number of users (recall is predicted for now).

    ``kinds``: only these are read (a rule about any other kind sees nothing of it; readiness needs two).
    """
    ids = [u.id for u in users]
    these, recent = {"ids": ids}, {"ids": ids, "since": today - LOOKBACK}
    group: dict[int, dict] = {
        u.id: {
            "awards": {},
            "modules": set(),
            "exams": {},
            "awaiting": set(),
            "typing": [],
            "replies": [],
            "competency": None,
            "violations": [],
            "leads": None,
            "recall": {},
        }
        for u in users
    }
    if "awards" in kinds:
        for user_id, level, awarded_at in _rows(_HELD, these):
            group[user_id]["awards"][level] = local(awarded_at).date()
    if "modules" in kinds:
        for user_id, slug in _rows(_MODULES, these):
            group[user_id]["modules"].add(slug)
    series: dict[str, set[str]] = {}
    if "series" in kinds:
        for slug, module in _rows(_SERIES):
            series.setdefault(slug, set()).add(module)
    if "exams" in kinds:
        for user_id, slug, best in _rows(_BEST, these):
            group[user_id]["exams"][slug] = best
        _forget_revoked_passes(ids, group)
        for user_id, slug in _rows(_AWAITING, these):
            group[user_id]["awaiting"].add(slug)
    if "typing" in kinds:
        for user_id, at, lang, net, accuracy in _rows(_TYPING, recent):
            assert at is not None  # the query keeps finished results only
            group[user_id]["typing"].append((local(at).date(), lang, net, accuracy))
    if "replies" in kinds:
        for user_id, at, share, seconds in _rows(_REPLIES, recent):
            assert at is not None  # the query keeps finished sessions only
            group[user_id]["replies"].append((local(at).date(), share, seconds))
    if "competency" in kinds:
        for user_id, ratings in _rows(_COMPETENCY, these):
            group[user_id]["competency"] = ratings
    if "violations" in kinds:
        for user_id, day, points in _rows(_VIOLATIONS, recent):
            group[user_id]["violations"].append((day, points))
    if "leads" in kinds:
        for user_id, name, since in _rows(_LEADS, these):
            group[user_id]["leads"] = (name, since)
    if "recall" in kinds:
        _recall(ids, group)
    found = {}
    for user in users:
        g = group[user.id]
        done = frozenset(slug for slug, modules in series.items() if modules and modules <= g["modules"])
        found[user.id] = levels.Facts(
            today=today,
            hire_date=user.hire_date,
            awards=g["awards"],
            modules=frozenset(g["modules"]),
            series=done,
            exams=g["exams"],
            awaiting=frozenset(g["awaiting"]),
            typing=tuple(g["typing"]),
            replies=tuple(g["replies"]),
            competency=g["competency"],
            violations=tuple(g["violations"]),
            leads=g["leads"],
            recall={slug: (total, cards) for slug, (total, cards) in g["recall"].items()},
        )
    return found
