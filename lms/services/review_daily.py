"""班前五分钟, the daily review session: drawing an agent's due cards, accepting answers (also queued offline), and
the figures shown about it (due count, streak, done today) on home pages, the pre-shift list and readiness.

Only the signed-in agent's own cards are ever drawn or answered: a card id of anyone else's is not found.
An answer from the session carries the phone's ``client_key``, which makes it count once however often it is sent.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from lms.domain import review_rating, review_session
from lms.extensions import db
from lms.models import ModuleFact, Question, ReviewCard, ReviewLog, User
from lms.services import review_cards_view, review_schedule
from lms.services.review_cards_view import CardView
from lms.timeutil import local, zone

#: Days back the streak is counted over (a longer streak shows as this many).
STREAK_WINDOW = 60
#: Cards looked at to mix a session from (the most overdue first).
CANDIDATES = 50
#: What a card's view reads, loaded with the cards (so a session takes the same few queries however many cards).
SHOWN = (
    selectinload(ReviewCard.question).selectinload(Question.current),
    selectinload(ReviewCard.fact).selectinload(ModuleFact.section),
    selectinload(ReviewCard.fact).selectinload(ModuleFact.module),
    selectinload(ReviewCard.quick_reply),
)
#: An answer that reaches the server this long after it was given was made offline.
OFFLINE_AFTER = timedelta(minutes=1)


@dataclass(frozen=True)
class Summary:
    """One agent's daily review: cards due today, session answers today, days in a row, and whether today's is done."""

    due: int
    answered_today: int
    streak: int

    @property
    def done(self) -> bool:
        """Today's session is done (nothing due, or a whole session answered)."""
        return review_session.done(self.answered_today, self.due)


_IDS: sa.BindParameter = sa.bindparam("ids", expanding=True)
#: Per agent, the cards due before the end of the day (built once: the home page asks on every request).
_DUE = (
    sa.select(ReviewCard.user_id, sa.func.count(ReviewCard.id))
    .where(ReviewCard.user_id.in_(_IDS), ReviewCard.due < sa.bindparam("end"))
    .group_by(ReviewCard.user_id)
)
#: The session answers since a moment (answers without a client key are not a session's).
_ANSWERS = sa.select(ReviewLog.user_id, ReviewLog.answered_at).where(
    ReviewLog.user_id.in_(_IDS), ReviewLog.client_key.is_not(None), ReviewLog.answered_at >= sa.bindparam("since")
)


def summaries(user_ids: list[int], now: datetime) -> dict[int, Summary]:
    """Each agent's summary, by id, in two queries (the streak's answers also give today's)."""
    if not user_ids:
        return {}
    connection = db.session.connection()
    due = dict(connection.execute(_DUE, {"ids": user_ids, "end": review_session.day_end(now, zone())}).all())
    # The session answers of the streak window, today's among them: counted here, not by a query of their own.
    today, start = local(now).date(), review_session.day_start(now, zone())
    days: dict[int, set] = {}
    answered: dict[int, int] = {}
    since = min(start, now - timedelta(days=STREAK_WINDOW))
    for user_id, at in connection.execute(_ANSWERS, {"ids": user_ids, "since": since}):
        days.setdefault(user_id, set()).add(local(at).date())
        if at >= start:
            answered[user_id] = answered.get(user_id, 0) + 1
    return {
        user_id: Summary(
            due.get(user_id, 0), answered.get(user_id, 0), review_session.streak(days.get(user_id, ()), today)
        )
        for user_id in user_ids
    }


def summary(user: User, now: datetime) -> Summary:
    """One agent's summary."""
    return summaries([user.id], now)[user.id]


def session(user: User, now: datetime) -> list[CardView]:
    """Today's session: up to a session's worth of the agent's due cards (less what was answered today), mixed."""
    left = review_session.SESSION_SIZE - summary(user, now).answered_today
    if left <= 0:
        return []
    rows = list(
        db.session.execute(
            sa.select(ReviewCard.id, ReviewCard.kind)
            .where(ReviewCard.user_id == user.id, ReviewCard.due < review_session.day_end(now, zone()))
            .order_by(ReviewCard.due, ReviewCard.id)
            .limit(CANDIDATES)
        )
    )
    chosen = review_session.mix([(card_id, kind.value) for card_id, kind in rows], left)
    cards = {
        c.id: c for c in db.session.scalars(sa.select(ReviewCard).where(ReviewCard.id.in_(chosen)).options(*SHOWN))
    }
    return review_cards_view.views([cards[card_id] for card_id in chosen])


def owned_card(user: User, card_id: int) -> ReviewCard | None:
    """The agent's own card with this id, or None (another person's card is not found)."""
    return db.session.scalar(sa.select(ReviewCard).where(ReviewCard.id == card_id, ReviewCard.user_id == user.id))


@dataclass(frozen=True)
class Outcome:
    """What became of an answer: stored (right or not, the rating), stored before (a resend), or refused (why)."""

    accepted: bool
    duplicate: bool = False
    correct: bool | None = None
    rating: int | None = None
    refused: str | None = None
    due: datetime | None = None


@dataclass(frozen=True)
class Answer:
    """An answer as the phone sends it."""

    client_key: str
    answer: str
    duration_ms: int
    answered_at: datetime


def answer(user: User, card: ReviewCard, given: Answer, now: datetime) -> Outcome:
    """Judge, schedule and store one answer to the agent's own ``card``, once per client key, if it is plausible."""
    earlier = db.session.scalar(sa.select(ReviewLog).where(ReviewLog.client_key == given.client_key))
    if earlier is not None:
        if earlier.user_id != user.id or earlier.card_id != card.id:
            return Outcome(False, refused="not_due")  # a key of another answer: nothing of it is shown or changed
        return Outcome(True, duplicate=True, correct=earlier.correct, rating=earlier.rating, due=card.due)
    reason = review_session.refusal(
        review_session.Claim(card.kind.value, given.answered_at, given.duration_ms),
        _times(user, card, given),
        now,
        zone(),
    )
    if reason is not None:
        return Outcome(False, refused=reason)
    shown = review_cards_view.views([card])
    if not shown:  # its question or reply is gone: nothing to judge against
        return Outcome(False, refused="not_due")
    correct = review_cards_view.judge(shown[0], given.answer)
    rating = review_rating.rating(card.kind.value, correct, given.duration_ms)
    review_schedule.review(card, rating, given.answered_at, given.duration_ms, review_schedule.scheduler())
    db.session.add(
        ReviewLog(
            card_id=card.id,
            user_id=user.id,
            rating=rating,
            correct=correct,
            answer=given.answer,
            duration_ms=given.duration_ms,
            answered_at=given.answered_at,
            reviewed_at=now,
            offline=now - given.answered_at > OFFLINE_AFTER,
            client_key=given.client_key,
        )
    )
    try:
        db.session.commit()
    except IntegrityError:  # the same answer sent twice at once: the other request stored it
        db.session.rollback()
        return Outcome(True, duplicate=True)
    return Outcome(True, correct=correct, rating=rating, due=card.due)


def _times(user: User, card: ReviewCard, given: Answer) -> review_session.CardTimes:
    """What the plausibility checks need: the card's times, the agent's session answers that day and around then."""
    start = review_session.day_start(given.answered_at, zone())
    end = review_session.day_end(given.answered_at, zone())
    that_day = list(
        db.session.execute(
            sa.select(ReviewLog.answered_at, ReviewLog.duration_ms).where(
                ReviewLog.user_id == user.id,
                ReviewLog.client_key.is_not(None),
                ReviewLog.answered_at >= start,
                ReviewLog.answered_at < end,
            )
        )
    )
    return review_session.CardTimes(card.created_at, card.due, len(that_day), that_day)
