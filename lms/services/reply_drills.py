"""Quick-reply drills: customer messages one at a time; the server times each answer from when it showed the message."""

import random
import secrets
from datetime import datetime

import sqlalchemy as sa

from lms.domain import quick_replies
from lms.extensions import db
from lms.models import CustomerMessage, QuickReply, ReplySession, ReplyTurn, User
from lms.services import drill_lines
from lms.timeutil import utcnow

MODES = ("recognition", "recall")
SIZE = 10


class NotYourTurn(Exception):
    """The answer is for a message that is not the one waiting (a stale page or a replay)."""


def categories(drawn: frozenset[str]) -> list[str]:
    """The reply categories of the library that have replies in the business lines ``drawn``."""
    return list(
        db.session.scalars(
            sa.select(QuickReply.category)
            .where(QuickReply.active.is_(True), QuickReply.line.in_(drawn))
            .distinct()
            .order_by(QuickReply.category)
        )
    )


def library(drawn: frozenset[str] | None = None, category: str | None = None) -> list[QuickReply]:
    """The active replies (of the business lines ``drawn``, of one category, when given), by shortcut."""
    query = sa.select(QuickReply).where(QuickReply.active.is_(True)).order_by(QuickReply.category, QuickReply.shortcut)
    if drawn is not None:
        query = query.where(QuickReply.line.in_(drawn))
    return list(db.session.scalars(query if not category else query.where(QuickReply.category == category)))


def start(user: User, mode: str, category: str | None, size: int = SIZE) -> ReplySession:
    """A session of up to ``size`` random messages of the user's business lines (answered by ``category``, if given)."""
    if mode not in MODES:
        raise ValueError(mode)
    drawn = drill_lines.of(user)
    slugs = {reply.slug for reply in library(drawn, category)}
    messages = [
        m
        for m in db.session.scalars(
            sa.select(CustomerMessage).where(CustomerMessage.active.is_(True), CustomerMessage.line.in_(drawn))
        )
        if set(m.replies) & slugs
    ]
    if not messages:
        raise LookupError(category)
    chosen = random.Random(secrets.randbits(64)).sample(messages, min(size, len(messages)))
    session = ReplySession(
        user_id=user.id,
        mode=mode,
        category=category or None,
        turns=[ReplyTurn(position=i, message_id=m.id) for i, m in enumerate(chosen, start=1)],
    )
    db.session.add(session)
    db.session.commit()
    return session


def owned(user: User, session_id: int) -> ReplySession | None:
    """The session if it is the user's."""
    session = db.session.get(ReplySession, session_id)
    return session if session is not None and session.user_id == user.id else None


def current_turn(session: ReplySession, now: datetime | None = None) -> ReplyTurn | None:
    """The message waiting for an answer; the first time it is shown, the server notes the time."""
    turn = next((t for t in session.turns if t.answered_at is None), None)
    if turn is not None and turn.sent_at is None:
        turn.sent_at = now or utcnow()
        db.session.commit()
    return turn


def answer(session: ReplySession, position: int, text: str, now: datetime | None = None) -> ReplyTurn:
    """Score the answer to the waiting message: right reply or not, fidelity in recall mode, seconds since shown."""
    now = now or utcnow()
    turn = next((t for t in session.turns if t.answered_at is None), None)
    if turn is None or turn.position != position or turn.sent_at is None:
        raise NotYourTurn(position)
    accepted = set(turn.message.replies)
    if session.mode == "recognition":
        reply = db.session.scalar(sa.select(QuickReply).where(QuickReply.shortcut == text.strip().lower()))
        turn.fidelity = None
    else:
        candidates = library()
        reply = max(candidates, key=lambda r: quick_replies.fidelity(r.text, text)) if candidates else None
        turn.fidelity = quick_replies.fidelity(reply.text, text) if reply else 0.0
    turn.answer, turn.reply_id = text, reply.id if reply else None
    turn.right = reply is not None and reply.slug in accepted
    turn.answered_at, turn.seconds = now, round((now - turn.sent_at).total_seconds(), 3)
    if all(t.answered_at is not None for t in session.turns):
        _finish(session, now)
    db.session.commit()
    return turn


def _finish(session: ReplySession, now: datetime) -> None:
    """Store the session's figures."""
    turns = []
    for t in session.turns:
        assert t.right is not None and t.seconds is not None, f"turn {t.id} unanswered"  # answer() sets both
        turns.append(quick_replies.Turn(t.right, t.fidelity, t.seconds))
    figures = quick_replies.figures(turns)
    session.finished_at = now
    session.share_right, session.mean_fidelity = figures.share_right, figures.mean_fidelity
    session.mean_seconds, session.p90_seconds = figures.mean_seconds, figures.p90_seconds


def finished_sessions(user_ids: list[int]) -> sa.Select:
    """Finished sessions of these users, newest first."""
    return (
        sa.select(ReplySession)
        .where(ReplySession.user_id.in_(user_ids), ReplySession.finished_at.is_not(None))
        .order_by(ReplySession.finished_at.desc())
    )
