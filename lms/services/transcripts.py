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
    """A module the person was assigned or started."""

    module: Module
    status: LearningStatus
    due_date: date | None
    completed_at: datetime | None


@dataclass(frozen=True)
class ExamRecord:
    """One exam: how often it was sat, the best score, and when it was first passed."""

    exam: Exam
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
    #: Best accepted typing result per language, and the best quick-reply session (with how many were drilled).
    typing: dict[str, TypingResult]
    replies: ReplySession | None
    reply_sessions: int
    violations: list[Violation]
    #: Competency ratings, newest first, each with the name of the supervisor who rated.
    ratings: list[tuple[CompetencyRating, str | None]]
    #: The group the person leads or mentors, as HR or their supervisor recorded it.
    lead: GroupLead | None = None

    @property
    def rating(self) -> CompetencyRating | None:
        """The rating in force (the latest)."""
        return self.ratings[0][0] if self.ratings else None


def _rule_status(stored: dict) -> levels.RuleStatus:
    """A rule's status as stored in an award's evidence."""
    return levels.RuleStatus(stored["kind"], stored["holds"], stored["message"], stored.get("params") or {})


def _levels(user: User) -> tuple[str | None, list[LevelRecord]]:
    """The highest level held, and every award with its evidence and certificates, lowest level first."""
    order = {level.code: index for index, level in enumerate(level_service.rules())}
    held = {award.id for award in db.session.scalars(holding.held_awards([user.id]))}
    awards = db.session.scalars(
        sa.select(LevelAward).where(LevelAward.user_id == user.id).options(selectinload(LevelAward.certificates))
    ).all()
    modules = dict(db.session.execute(sa.select(Module.slug, Module.title)).all())
    records = [
        LevelRecord(
            award,
            award.id in held,
            tuple(level_page.localised(_rule_status(status), modules) for status in award.evidence),
            tuple(reversed(award.certificates)),
        )
        for award in sorted(awards, key=lambda a: order.get(a.level, len(order)))
    ]
    current = max((r.award.level for r in records if r.held), key=lambda code: order.get(code, -1), default=None)
    return current, records


def _courses(user: User, today: date) -> list[CourseRecord]:
    """Modules assigned or started, in catalogue order."""
    rows = db.session.execute(
        sa.select(Module, Assignment.due_date, ModuleProgress.id, ModuleProgress.completed_at)
        .outerjoin(
            Assignment,
            sa.and_(Assignment.module_id == Module.id, Assignment.user_id == user.id, Assignment.section_id.is_(None)),
        )
        .outerjoin(ModuleProgress, sa.and_(ModuleProgress.module_id == Module.id, ModuleProgress.user_id == user.id))
        .where(sa.or_(Assignment.id.is_not(None), ModuleProgress.id.is_not(None)))
        .order_by(Module.series_id.is_(None), Module.series_id, Module.series_order, Module.slug)
    ).all()
    return [
        CourseRecord(module, progress.status(done is not None, started is not None, due, today), due, done)
        for module, due, started, done in rows
    ]


def _exams(user: User) -> list[ExamRecord]:
    """Every exam sat (finished attempts): promotion exams first, then quizzes, by title."""
    first_pass = sa.func.min(sa.case((Attempt.passed.is_(True), Attempt.finished_at)))
    rows = db.session.execute(
        sa.select(
            Exam.id,
            sa.func.count(Attempt.id),
            sa.func.max(Attempt.percent),
            first_pass,
            sa.func.max(Attempt.finished_at),
        )
        .join(Attempt, Attempt.exam_id == Exam.id)
        .where(Attempt.user_id == user.id, Attempt.status == AttemptStatus.FINISHED)
        .group_by(Exam.id)
    ).all()
    exams = {exam.id: exam for exam in db.session.scalars(sa.select(Exam).where(Exam.id.in_([r[0] for r in rows])))}
    records = [ExamRecord(exams[exam_id], *figures) for exam_id, *figures in rows]
    return sorted(records, key=lambda r: (r.exam.kind != ExamKind.PROMOTION, r.exam.title))


def _typing_bests(user: User) -> dict[str, TypingResult]:
    """The result that counts with the best net speed in each language (the earliest, on a tie)."""
    counted = sa.and_(TypingResult.user_id == user.id, TypingResult.finished_at.is_not(None), typing_drills.COUNTS)
    best = (
        sa.select(TypingResult.lang, sa.func.max(TypingResult.net).label("net"))
        .where(counted)
        .group_by(TypingResult.lang)
        .subquery()
    )
    found: dict[str, TypingResult] = {}
    for result in db.session.scalars(
        sa.select(TypingResult)
        .join(best, sa.and_(best.c.lang == TypingResult.lang, best.c.net == TypingResult.net))
        .where(counted)
        .order_by(TypingResult.finished_at)
    ):
        found.setdefault(result.lang, result)
    return dict(sorted(found.items(), key=lambda item: item[0] != "zh"))


def _replies(user: User) -> tuple[ReplySession | None, int]:
    """The best finished quick-reply session with no refused answer (most right, then fastest), and how many finished."""
    finished = sa.and_(ReplySession.user_id == user.id, ReplySession.finished_at.is_not(None))
    best = db.session.scalar(
        sa.select(ReplySession)
        .where(finished, ReplySession.refused == 0)
        .order_by(ReplySession.share_right.desc(), ReplySession.mean_seconds, ReplySession.id)
        .limit(1)
    )
    return best, db.session.scalar(sa.select(sa.func.count(ReplySession.id)).where(finished)) or 0


def of(user: User, today: date) -> Transcript:
    """The transcript of ``user`` (the caller has checked that the viewer may see them)."""
    current, level_records = _levels(user)
    best_replies, sessions = _replies(user)
    rater = aliased(User)
    return Transcript(
        person=user,
        current=current,
        levels=level_records,
        courses=_courses(user, today),
        exams=_exams(user),
        typing=_typing_bests(user),
        replies=best_replies,
        reply_sessions=sessions,
        violations=list(
            db.session.scalars(
                sa.select(Violation).where(Violation.user_id == user.id).order_by(Violation.day.desc(), Violation.id)
            )
        ),
        ratings=[
            (rating, name)
            for rating, name in db.session.execute(
                sa.select(CompetencyRating, rater.name)
                .outerjoin(rater, rater.id == CompetencyRating.rated_by_id)
                .where(CompetencyRating.user_id == user.id)
                .order_by(CompetencyRating.id.desc())
            )
        ],
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
