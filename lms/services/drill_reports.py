"""Drill assignments with targets, whether they are met, and the team's drill figures for supervisors."""

from dataclasses import asdict, dataclass
from datetime import date

import sqlalchemy as sa

from lms.extensions import db
from lms.models import DrillAssignment, ReplySession, TypingResult, TypingText, User
from lms.services import audit, scope
from lms.services.reply_drills import finished_sessions
from lms.services.typing_drills import bests, counted_results


@dataclass(frozen=True)
class DrillTarget:
    """What to drill and the figure to reach."""

    kind: str
    lang: str | None = None
    level: str | None = None
    category: str | None = None
    net: float | None = None
    accuracy: float | None = None
    share: float | None = None


def assign(supervisor: User, user_ids: list[int], target: DrillTarget, due: date, ip: str | None = None) -> int:
    """Assign the drill to these people (all of whom the supervisor may see); how many assignments were made."""
    if not scope.all_visible(supervisor, user_ids):
        raise PermissionError("users outside the supervisor's teams")
    for user_id in user_ids:
        db.session.add(
            DrillAssignment(
                user_id=user_id,
                kind=target.kind,
                lang=target.lang,
                level=target.level,
                category=target.category,
                target_net=target.net,
                target_accuracy=target.accuracy,
                target_share=target.share,
                due_date=due,
                assigned_by_id=supervisor.id,
            )
        )
    detail = {**asdict(target), "users": sorted(user_ids), "due": due.isoformat()}
    audit.record("drill.assign", supervisor, detail=detail, ip=ip)
    db.session.commit()
    return len(user_ids)


def met(assignment: DrillAssignment) -> bool:
    """Whether a result since the assignment reaches its target."""
    if assignment.kind == "typing":
        query = counted_results([assignment.user_id], assignment.created_at).where(
            TypingResult.lang == assignment.lang,
            TypingResult.net >= assignment.target_net,
            TypingResult.accuracy >= assignment.target_accuracy,
        )
        if assignment.level:
            query = query.join(TypingText).where(TypingText.level == assignment.level)
    else:
        query = finished_sessions([assignment.user_id]).where(
            ReplySession.started_at >= assignment.created_at, ReplySession.share_right >= assignment.target_share
        )
        if assignment.category:
            query = query.where(ReplySession.category == assignment.category)
    return db.session.scalar(query.limit(1)) is not None


def assignments_of(user: User) -> list[tuple[DrillAssignment, bool]]:
    """The user's drill assignments, due first, with whether each is met."""
    rows = db.session.scalars(
        sa.select(DrillAssignment).where(DrillAssignment.user_id == user.id).order_by(DrillAssignment.due_date)
    ).all()
    return [(row, met(row)) for row in rows]


@dataclass(frozen=True)
class MemberDrills:
    """One member's drill figures: best typing per language (30 days) and the last quick-reply session."""

    user: User
    typing: dict[str, TypingResult]
    replies: ReplySession | None


def team_overview(members: list[User]) -> list[MemberDrills]:
    """Drill figures for each member (two queries, whatever the team's size)."""
    ids = [member.id for member in members]
    best = bests(ids)
    last: dict[int, ReplySession] = {}
    for session in db.session.scalars(finished_sessions(ids)):
        last.setdefault(session.user_id, session)
    return [
        MemberDrills(m, {lang: r for (uid, lang), r in best.items() if uid == m.id}, last.get(m.id)) for m in members
    ]
