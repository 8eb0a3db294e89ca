"""Gathering the level engine's facts for many agents with a few set-based queries (never a query per agent)."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from lms import timeutil
from lms.domain import levels, recall
from lms.domain.states import AttemptStatus, ExamKind
from lms.extensions import db
from lms.models import (
    Attempt,
    Certificate,
    CompetencyRating,
    Exam,
    GroupLead,
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
from lms.services.holding import awards_revoked_at
from lms.services.review_schedule import scheduler
from lms.timeutil import local

#: The longest window any rule looks back; older drills and violations are not loaded.
LOOKBACK = timedelta(days=400)


#: The user ids of one ``gather`` (an expanding parameter) and the day the lookback starts.
_IDS: sa.BindParameter = sa.bindparam("ids", expanding=True)
_SINCE: sa.BindParameter = sa.bindparam("since")

# Every statement is built once, at import, with bound parameters, and all but the awards' (ORM rows) run as plain
# Core: on a small team, building a statement costs about as much as running it, and the ORM's handling as much
# again. The team overview, the person pages and the level pages gather on every request.
_AWARDS = awards_revoked_at(_IDS)
_MODULES = (
    sa.select(ModuleProgress.user_id, Module.slug)
    .join(Module)
    .where(ModuleProgress.user_id.in_(_IDS), ModuleProgress.completed_at.is_not(None))
)
_SERIES = sa.select(Series.slug, Module.slug).join(Module).where(Module.active.is_(True))
_MARKS = (
    sa.select(Attempt.user_id, Exam.slug, Attempt.status, sa.func.max(Attempt.percent))
    .join(Exam)
    .where(Attempt.user_id.in_(_IDS), Attempt.status.in_([AttemptStatus.FINISHED, AttemptStatus.AWAITING_GRADING]))
    .group_by(Attempt.user_id, Exam.slug, Attempt.status)
)
_PROMOTION_PASSES = (
    sa.select(Attempt.user_id, Exam.slug, Exam.level, Attempt.started_at, Attempt.percent)
    .join(Exam)
    .where(Attempt.user_id.in_(_IDS), Exam.kind == ExamKind.PROMOTION, Attempt.status == AttemptStatus.FINISHED)
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


def _forget_revoked_passes(revoked: dict[int, dict[str, datetime]], group: dict[int, dict]) -> None:
    """A promotion exam taken before its level's certificate was revoked no longer counts: the level is earned anew.

    ``revoked``: by user, the levels whose latest certificate is revoked, and when.
    """
    rows = _rows(_PROMOTION_PASSES, {"ids": list(revoked)}).all()
    lost = [
        (user_id, slug, revoked[user_id][level], started_at, percent)
        for user_id, slug, level, started_at, percent in rows
        if level in revoked[user_id]
    ]
    for user_id, slug, *_ in lost:
        group[user_id]["exams"].pop(slug, None)
    for user_id, slug, revoked_at, started_at, percent in lost:
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


#: The facts each kind of rule reads, beyond the awards and the hire date every evaluation has.
NEEDS = {
    "modules": {"modules"},
    "series": {"series"},
    "exam": {"exams"},
    "level": set(),
    "tenure": set(),
    "typing": {"typing"},
    "quick_replies": {"replies"},
    "competency": {"competency"},
    "violations": {"violations"},
    "leads_group": {"leads"},
    "retention": {"recall"},
}
EVERY_FACT = frozenset(
    {"modules", "series", "exams", "typing", "replies", "competency", "violations", "leads", "recall"}
)


def gather(
    users: Sequence[User | sa.Row],
    today: date,
    rules: tuple[levels.Level, ...] | None = None,
    kinds: frozenset[str] | None = None,
    latest: list[Certificate] | None = None,
) -> dict[int, levels.Facts]:
    """Facts for every user, by id, in at most fourteen queries whatever the number of users (recall is for now).

    With ``rules``, only the facts the rules of each user's next level read are gathered (the others are left empty):
    the same evaluation with fewer queries. With ``kinds`` (of ``EVERY_FACT``), those too (readiness needs two).
    Without either, every fact. The awards are read unless ``latest`` gives them: the latest certificate of
    each award of these users, with its award (``certificates.owned(...).latest``, which a person's page has read);
    with ``kinds`` alone they are read only for the exams (a level lost), and the facts' awards are left empty.
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
    revoked: dict[int, dict[str, datetime]] = {}
    given = ((c.award, c.revoked_at) for c in reversed(latest or []))  # oldest first, as the query reads them
    needed = rules is not None or kinds is None or "exams" in kinds
    held = given if latest is not None else db.session.execute(_AWARDS, these) if needed else ()
    for award, revoked_at in held:
        if revoked_at is None:
            group[award.user_id]["awards"][award.level] = local(award.awarded_at).date()
        else:
            revoked.setdefault(award.user_id, {})[award.level] = revoked_at
    if rules is None and kinds is None:
        wanted: set[str] | frozenset[str] = EVERY_FACT
    else:
        wanted = set(kinds or ()) | (_wanted(group.values(), rules) if rules is not None else set())
    if "modules" in wanted or "series" in wanted:  # a series is done when its modules are
        for user_id, slug in _rows(_MODULES, these):
            group[user_id]["modules"].add(slug)
    series: dict[str, set[str]] = {}
    if "series" in wanted:
        for slug, module in _rows(_SERIES):
            series.setdefault(slug, set()).add(module)
    if "exams" in wanted:
        _exams(ids, group, revoked)
    if "typing" in wanted:
        for user_id, at, lang, net, accuracy in _rows(_TYPING, recent):
            assert at is not None  # the query keeps finished results only
            group[user_id]["typing"].append((local(at).date(), lang, net, accuracy))
    if "replies" in wanted:
        for user_id, at, share, seconds in _rows(_REPLIES, recent):
            assert at is not None  # the query keeps finished sessions only
            group[user_id]["replies"].append((local(at).date(), share, seconds))
    if "competency" in wanted:
        for user_id, ratings in _rows(_COMPETENCY, these):
            group[user_id]["competency"] = ratings
    if "violations" in wanted:
        for user_id, day, points in _rows(_VIOLATIONS, recent):
            group[user_id]["violations"].append((day, points))
    if "leads" in wanted:
        for user_id, name, started in _rows(_LEADS, these):
            group[user_id]["leads"] = (name, started)
    if "recall" in wanted:
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


def _wanted(groups, rules: tuple[levels.Level, ...]) -> set[str]:
    """The facts the rules of these users' next levels read (their awards decide which level is next)."""
    wanted: set[str] = set()
    for g in groups:
        target = levels.next_level(g["awards"], rules)
        for rule in target.rules if target else ():
            wanted |= NEEDS[rule["kind"]]
    return wanted


def _exams(ids: list[int], group: dict[int, dict], revoked: dict[int, dict[str, datetime]]) -> None:
    """Each user's best finished mark by exam (a lost level's earlier passes forgotten), and those awaiting a grader."""
    for user_id, slug, status, best in _rows(_MARKS, {"ids": ids}):
        if status == AttemptStatus.FINISHED:
            group[user_id]["exams"][slug] = best
        else:
            group[user_id]["awaiting"].add(slug)
    if revoked:
        _forget_revoked_passes(revoked, group)
