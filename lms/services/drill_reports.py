"""Assigning drills with targets, and the team's drill figures for supervisors (progress: ``drill_progress``)."""

from dataclasses import asdict, dataclass
from datetime import date

from lms.extensions import db
from lms.models import DrillAssignment, ReplySession, TypingResult, User
from lms.services import audit, scope
from lms.services.reply_drills import finished_sessions
from lms.services.typing_drills import bests
from lms.timeutil import utcnow


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
    #: Typing: a timed test of this many minutes (None: whole texts). Quick replies: the recall threshold.
    minutes: int | None = None
    threshold: float | None = None


def assign(supervisor: User, user_ids: list[int], target: DrillTarget, due: date, ip: str | None = None) -> int:
    """Assign the drill to these people (all of whom the supervisor may see); how many assignments were made."""
    if not scope.all_visible(supervisor, user_ids):
        raise PermissionError("users outside the supervisor's teams")
    now = utcnow()  # one moment for every row: it tells this batch from others (lms.services.drill_progress)
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
                minutes=target.minutes,
                threshold=target.threshold,
                due_date=due,
                assigned_by_id=supervisor.id,
                created_at=now,
            )
        )
    detail = {**asdict(target), "users": sorted(user_ids), "due": due.isoformat()}
    audit.record("drill.assign", supervisor, detail=detail, ip=ip)
    db.session.commit()
    return len(user_ids)


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
