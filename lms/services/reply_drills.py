"""Quick-reply drills: customer messages one at a time; the server times each answer from when it showed the message."""

import random
import secrets
from datetime import datetime

import sqlalchemy as sa

from lms.domain import quick_replies
from lms.extensions import db
from lms.models import CustomerMessage, QuickReply, ReplySession, ReplyTurn, User
from lms.services import drill_lines, review_cards
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


def start(
    user: User, mode: str, category: str | None, size: int = SIZE, threshold: float = quick_replies.EXACT
) -> ReplySession:
    """A session of up to ``size`` random messages of the user's business lines (answered by ``category``, if given).

    In recall mode an answer is right at ``threshold`` fidelity or above (``quick_replies.THRESHOLDS``).
    """
    if mode not in MODES or threshold not in quick_replies.THRESHOLDS:
        raise ValueError(mode, threshold)
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
        threshold=threshold if mode == "recall" else None,
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
    """Score the answer to the waiting message: right or not, fidelity in recall mode, seconds since shown.

    By shortcut, right when the shortcut is one of a reply accepted for the message. Typed out, judged against the
    replies accepted for this message only, at the session's threshold, and refused when typed faster than anyone types.
    """
    now = now or utcnow()
    turn = next((t for t in session.turns if t.answered_at is None), None)
    if turn is None or turn.position != position or turn.sent_at is None:
        raise NotYourTurn(position)
    seconds = round((now - turn.sent_at).total_seconds(), 3)
    if session.mode == "recognition":
        reply = db.session.scalar(sa.select(QuickReply).where(QuickReply.shortcut == text.strip().lower()))
        turn.right = reply is not None and reply.slug in turn.message.replies
    else:
        accepted = {r.slug: r for r in library() if r.slug in turn.message.replies}
        judged = quick_replies.judge(
            {slug: r.text for slug, r in accepted.items()}, text, seconds, session.threshold or quick_replies.EXACT
        )
        reply = accepted[judged.slug] if judged.slug else None
        turn.right, turn.fidelity, turn.refused = judged.right, judged.fidelity, judged.refused
    turn.answer, turn.reply_id = text, reply.id if reply else None
    turn.answered_at, turn.seconds = now, seconds
    review_cards.reply_practised(session.user_id, turn, now)
    if all(t.answered_at is not None for t in session.turns):
        _finish(session, now)
    db.session.commit()
    return turn


def _finish(session: ReplySession, now: datetime) -> None:
    """Store the session's figures."""
    turns = []
    for t in session.turns:
        assert t.right is not None and t.seconds is not None, f"turn {t.id} unanswered"  # answer() sets both
        turns.append(quick_replies.Turn(t.right, t.fidelity, t.seconds, t.refused is not None))
    figures = quick_replies.figures(turns)
    session.finished_at, session.refused = now, figures.refused
    session.share_right, session.mean_fidelity = figures.share_right, figures.mean_fidelity
    session.mean_seconds, session.p90_seconds = figures.mean_seconds, figures.p90_seconds


def finished_sessions(user_ids: list[int]) -> sa.Select:
    """Finished sessions of these users, newest first."""
    return (
        sa.select(ReplySession)
        .where(ReplySession.user_id.in_(user_ids), ReplySession.finished_at.is_not(None))
        .order_by(ReplySession.finished_at.desc())
    )
