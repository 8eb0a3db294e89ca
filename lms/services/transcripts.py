"""A person's transcript for HR: levels with their evidence, certificates, courses, exams, drills, violations, ratings.

Built in a fixed number of queries whatever the length of the record; shown as a page and printed as a PDF.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import render_template
from sqlalchemy.orm import aliased, selectinload

from lms.domain import competency, levels, progress, typing, violations
from lms.domain.states import AttemptStatus, ExamKind, LearningStatus
from lms.extensions import db
from lms.labels import STATUS_LABELS
from lms.models import (
    Assignment,
    Attempt,
    Certificate,
    CompetencyRating,
    Exam,
    GroupLead,
    LevelAward,
    Module,
    ModuleProgress,
    ReplySession,
    TypingResult,
    User,
    Violation,
)
from lms.services import certificates, group_leads, holding, level_page, pdf, typing_drills
from lms.services import levels as level_service
from lms.timeutil import utcnow


@dataclass(frozen=True)
class LevelRecord:
    """A level awarded: held now or lost, the evidence it was awarded on, and its certificates (newest first)."""

    award: LevelAward
    held: bool
    evidence: tuple[levels.RuleStatus, ...]
    certificates: tuple[Certificate, ...]


@dataclass(frozen=True)
class CourseRecord:
    """A module the person was assigned or started (``module``: its slug and title)."""

    module: sa.Row
    status: LearningStatus
    due_date: date | None
    completed_at: datetime | None


@dataclass(frozen=True)
class ExamRecord:
    """One exam (``exam``: its slug, title, kind and level): how often it was sat, the best score, when first passed."""

    exam: sa.Row
    attempts: int
    best: float | None
    first_passed_at: datetime | None
    last_at: datetime | None


@dataclass(frozen=True)
class Transcript:
    """Everything HR's transcript shows of one person."""

    person: User
    current: str | None
    levels: list[LevelRecord]
    courses: list[CourseRecord]
    exams: list[ExamRecord]
    #: Best accepted typing result per language (its net, accuracy and time), and the best quick-reply session (its
    #: share right, mean seconds and time), with how many were drilled.
    typing: dict[str, sa.Row]
    replies: sa.Row | None
    reply_sessions: int
    #: Day, code, points and note of each violation, latest first.
    violations: list[sa.Row]
    #: Competency ratings (score, time, ratings), newest first, each with the name of the supervisor who rated.
    ratings: list[tuple[sa.Row, str | None]]
    #: The group the person leads or mentors, as HR or their supervisor recorded it.
    lead: GroupLead | None = None

    @property
    def rating(self) -> sa.Row | None:
        """The rating in force (the latest)."""
        return self.ratings[0][0] if self.ratings else None


def _rule_status(stored: dict) -> levels.RuleStatus:
    """A rule's status as stored in an award's evidence."""
    return levels.RuleStatus(stored["kind"], stored["holds"], stored["message"], stored.get("params") or {})


#: The person of one transcript: every statement below is built once, at import, with this bound parameter (on a
#: small record, building a statement and its cache key costs about as much as running it). All but the levels are
#: read as plain Core rows of the columns shown (a third of the cost of ORM objects).
_USER: sa.BindParameter = sa.bindparam("user_id")
_HELD = holding.held_awards(sa.bindparam("ids", expanding=True))
_AWARDS = sa.select(LevelAward).where(LevelAward.user_id == _USER).options(selectinload(LevelAward.certificates))
_COURSES = (
    sa.select(Module.slug, Module.title, Assignment.due_date, ModuleProgress.id, ModuleProgress.completed_at)
    .outerjoin(
        Assignment,
        sa.and_(Assignment.module_id == Module.id, Assignment.user_id == _USER, Assignment.section_id.is_(None)),
    )
    .outerjoin(ModuleProgress, sa.and_(ModuleProgress.module_id == Module.id, ModuleProgress.user_id == _USER))
    .where(sa.or_(Assignment.id.is_not(None), ModuleProgress.id.is_not(None)))
    .order_by(Module.series_id.is_(None), Module.series_id, Module.series_order, Module.slug)
)
_sat = (
    sa.select(
        Attempt.exam_id,
        sa.func.count(Attempt.id).label("attempts"),
        sa.func.max(Attempt.percent).label("best"),
        sa.func.min(sa.case((Attempt.passed.is_(True), Attempt.finished_at))).label("first_passed_at"),
        sa.func.max(Attempt.finished_at).label("last_at"),
    )
    .where(Attempt.user_id == _USER, Attempt.status == AttemptStatus.FINISHED)
    .group_by(Attempt.exam_id)
    .subquery()
)
_EXAMS = sa.select(
    Exam.slug, Exam.title, Exam.kind, Exam.level, _sat.c.attempts, _sat.c.best, _sat.c.first_passed_at, _sat.c.last_at
).join(_sat, _sat.c.exam_id == Exam.id)
_counted = sa.and_(TypingResult.user_id == _USER, TypingResult.finished_at.is_not(None), typing_drills.COUNTS)
_fastest = (
    sa.select(TypingResult.lang, sa.func.max(TypingResult.net).label("net"))
    .where(_counted)
    .group_by(TypingResult.lang)
    .subquery()
)
_TYPING = (
    sa.select(TypingResult.lang, TypingResult.net, TypingResult.accuracy, TypingResult.finished_at)
    .join(_fastest, sa.and_(_fastest.c.lang == TypingResult.lang, _fastest.c.net == TypingResult.net))
    .where(_counted)
    .order_by(TypingResult.finished_at)
)
_finished = sa.and_(ReplySession.user_id == _USER, ReplySession.finished_at.is_not(None))
_sessions = sa.select(sa.func.count(ReplySession.id).label("sessions")).where(_finished).subquery()
_best = (
    sa.select(ReplySession.id)
    .where(_finished, ReplySession.refused == 0)
    .order_by(ReplySession.share_right.desc(), ReplySession.mean_seconds, ReplySession.id)
    .limit(1)
    .scalar_subquery()
)
#: One row: how many sessions finished, with the best one (or None) joined to it.
_REPLIES = (
    sa.select(_sessions.c.sessions, ReplySession.share_right, ReplySession.mean_seconds, ReplySession.finished_at)
    .select_from(_sessions)
    .outerjoin(ReplySession, ReplySession.id == _best)
)
_VIOLATIONS = (
    sa.select(Violation.day, Violation.code, Violation.points, Violation.note)
    .where(Violation.user_id == _USER)
    .order_by(Violation.day.desc(), Violation.id)
)
_rater = aliased(User)
_RATINGS = (
    sa.select(CompetencyRating.score, CompetencyRating.created_at, CompetencyRating.ratings, _rater.name)
    .outerjoin(_rater, _rater.id == CompetencyRating.rated_by_id)
    .where(CompetencyRating.user_id == _USER)
    .order_by(CompetencyRating.id.desc())
)


def _levels(user: User) -> tuple[str | None, list[LevelRecord]]:
    """The highest level held, and every award with its evidence and certificates, lowest level first."""
    order = {level.code: index for index, level in enumerate(level_service.rules())}
    held = {award.id for award in db.session.scalars(_HELD, {"ids": [user.id]})}
    awards = sorted(db.session.scalars(_AWARDS, {"user_id": user.id}), key=lambda a: order.get(a.level, len(order)))
    evidence = iter(level_page.named(tuple(_rule_status(status) for award in awards for status in award.evidence)))
    records = [
        LevelRecord(
            award,
            award.id in held,
            tuple(next(evidence) for _status in award.evidence),
            tuple(reversed(award.certificates)),
        )
        for award in awards
    ]
    current = max((r.award.level for r in records if r.held), key=lambda code: order.get(code, -1), default=None)
    return current, records


def _courses(user: User, today: date) -> list[CourseRecord]:
    """Modules assigned or started, in catalogue order."""
    return [
        CourseRecord(
            row,
            progress.status(row.completed_at is not None, row.id is not None, row.due_date, today),
            row.due_date,
            row.completed_at,
        )
        for row in db.session.connection().execute(_COURSES, {"user_id": user.id})
    ]


def _exams(user: User) -> list[ExamRecord]:
    """Every exam sat (finished attempts): promotion exams first, then quizzes, by title."""
    rows = db.session.connection().execute(_EXAMS, {"user_id": user.id})
    records = [ExamRecord(row, row.attempts, row.best, row.first_passed_at, row.last_at) for row in rows]
    return sorted(records, key=lambda r: (r.exam.kind != ExamKind.PROMOTION, r.exam.title))


def _typing_bests(user: User) -> dict[str, sa.Row]:
    """The result that counts with the best net speed in each language (the earliest, on a tie)."""
    found: dict[str, sa.Row] = {}
    for result in db.session.connection().execute(_TYPING, {"user_id": user.id}):
        found.setdefault(result.lang, result)
    return dict(sorted(found.items(), key=lambda item: item[0] != "zh"))


def _replies(user: User) -> tuple[sa.Row | None, int]:
    """The best finished quick-reply session with no refused answer (most right, then fastest), and how many finished."""
    row = db.session.connection().execute(_REPLIES, {"user_id": user.id}).one()
    return (row if row.finished_at is not None else None), row.sessions or 0


def of(user: User, today: date) -> Transcript:
    """The transcript of ``user`` (the caller has checked that the viewer may see them)."""
    current, level_records = _levels(user)
    best_replies, sessions = _replies(user)
    connection = db.session.connection()
    return Transcript(
        person=user,
        current=current,
        levels=level_records,
        courses=_courses(user, today),
        exams=_exams(user),
        typing=_typing_bests(user),
        replies=best_replies,
        reply_sessions=sessions,
        violations=list(connection.execute(_VIOLATIONS, {"user_id": user.id})),
        ratings=[(rating, rating.name) for rating in connection.execute(_RATINGS, {"user_id": user.id})],
        lead=group_leads.of(user),
    )


def page_data(transcript: Transcript) -> dict:
    """What both the page and the PDF show besides the transcript: statuses, labels and the radar of the rating."""
    rating = transcript.rating
    return {
        "t": transcript,
        "status": certificates.status,
        "catalogue": violations.CATALOGUE,
        "statuses": STATUS_LABELS,
        "units": typing.UNITS,
        "indicators": competency.INDICATORS,
        "radar": competency.radar_points(rating.ratings) if rating else None,
        "outline": competency.radar_points({code: 5 for code in competency.WEIGHTS}),
    }


def render_pdf(transcript: Transcript) -> bytes:
    """The transcript as an A4 portrait PDF (one sans-serif CJK family, set up like the certificates')."""
    html = render_template("hr/transcript_pdf.html", printed=utcnow(), **page_data(transcript))
    return pdf.render(html, "sans", "hr/transcript_pdf.css")
