"""Making review cards: a module's key facts once it is read, every question met in a graded quiz or exam, every
quick reply practised in the drill. Each is made once per agent (``ReviewCard.ref``), in the caller's transaction.

A question or reply is reviewed where it is met: its answer there is the card's first FSRS review (wrong: due the
next day; right: later), and meeting it again while it is due counts as a review too. A fact is first asked the
day after its module was read (the same day, it is still fresh).
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from lms.domain import review_rating, review_session
from lms.domain.states import ExamKind
from lms.extensions import db
from lms.models import (
    Attempt,
    CardKind,
    Module,
    ModuleFact,
    ModuleProgress,
    QuickReply,
    ReplyTurn,
    ReviewCard,
    ReviewLog,
)
from lms.services import review_schedule
from lms.timeutil import zone

#: Question types a card can ask in a few seconds on a phone (ordering, matching and scenario answers cannot).
REVIEWABLE_TYPES = frozenset({"single", "multiple", "truefalse", "fill", "numerical"})
#: The foreign key each kind of card points with.
TARGETS = {CardKind.QUESTION: "question_id", CardKind.REPLY: "quick_reply_id", CardKind.FACT: "fact_id"}


def ref(kind: CardKind, target_id: int) -> str:
    """The card's key among one agent's cards, e.g. ``question:12``."""
    return f"{kind.value}:{target_id}"


@dataclass(frozen=True)
class Met:
    """A question or quick reply an agent just answered somewhere else: right or not, in how long (if known)."""

    kind: CardKind
    target_id: int
    module_id: int | None
    correct: bool
    duration_ms: int | None = None


def _cards(user_id: int, refs: list[str]) -> dict[str, ReviewCard]:
    """The agent's existing cards among ``refs``."""
    if not refs:
        return {}
    rows = db.session.scalars(sa.select(ReviewCard).where(ReviewCard.user_id == user_id, ReviewCard.ref.in_(refs)))
    return {card.ref: card for card in rows}


def _new(user_id: int, kind: CardKind, target_id: int, module_id: int | None, due: datetime, now: datetime):
    """A card not yet reviewed (FSRS's state Learning, step 0), added to the session."""
    card = ReviewCard(
        user_id=user_id, kind=kind, ref=ref(kind, target_id), module_id=module_id, state=1, step=0, due=due
    )
    setattr(card, TARGETS[kind], target_id)
    card.created_at = now
    db.session.add(card)
    return card


def module_read(user_id: int, module: Module, now: datetime) -> int:
    """Give the agent a card for each key fact of ``module`` they have none for, first due tomorrow; how many."""
    facts = db.session.scalars(
        sa.select(ModuleFact).where(ModuleFact.module_id == module.id).order_by(ModuleFact.number)
    ).all()
    have = _cards(user_id, [ref(CardKind.FACT, f.id) for f in facts])
    tomorrow = review_session.day_end(now, zone())
    made = [
        _new(user_id, CardKind.FACT, f.id, module.id, tomorrow, now)
        for f in facts
        if ref(CardKind.FACT, f.id) not in have
    ]
    return len(made)


def facts_of_completed_modules(now: datetime) -> int:
    """Give everyone who completed a module a card for each of its key facts they have none for, first due tomorrow;
    how many (one statement: facts new to a module, or learners who completed it before it had facts)."""
    ref_expr = sa.literal(f"{CardKind.FACT.value}:") + sa.cast(ModuleFact.id, sa.String)
    have = sa.select(ReviewCard.id).where(ReviewCard.user_id == ModuleProgress.user_id, ReviewCard.ref == ref_expr)
    rows = (
        sa.select(
            ModuleProgress.user_id,
            sa.literal(CardKind.FACT.value),
            ref_expr,
            ModuleFact.id,
            ModuleFact.module_id,
            sa.literal(1),
            sa.literal(0),
            sa.literal(review_session.day_end(now, zone()), sa.DateTime),
            sa.literal(now, sa.DateTime),
        )
        .join(ModuleFact, ModuleFact.module_id == ModuleProgress.module_id)
        .where(ModuleProgress.completed_at.is_not(None), ~have.exists())
    )
    columns = ["user_id", "kind", "ref", "fact_id", "module_id", "state", "step", "due", "created_at"]
    result = db.session.execute(sa.insert(ReviewCard).from_select(columns, rows))
    return result.rowcount or 0  # type: ignore[attr-defined]


def met(user_id: int, items: list[Met], now: datetime) -> None:
    """Record that the agent answered these questions or replies at ``now``: new ones become cards reviewed with that
    answer; existing ones due today are reviewed with it; others (not due) keep their schedule."""
    unique = list({ref(i.kind, i.target_id): i for i in items}.items())
    have = _cards(user_id, [key for key, _ in unique])
    end_of_day = review_session.day_end(now, zone())
    using = review_schedule.scheduler()
    for key, item in unique:
        card = have.get(key)
        if card is None:
            card = _new(user_id, item.kind, item.target_id, item.module_id, now, now)
            db.session.flush()
        elif card.due >= end_of_day:
            continue
        rating = review_rating.rating(item.kind.value, item.correct, item.duration_ms)
        review_schedule.review(card, rating, now, item.duration_ms, using)
        db.session.add(
            ReviewLog(
                card_id=card.id,
                user_id=user_id,
                rating=rating,
                correct=item.correct,
                duration_ms=item.duration_ms or 0,
                answered_at=now,
                reviewed_at=now,
            )
        )


def attempt_graded(attempt: Attempt, now: datetime) -> None:
    """The questions of a just-graded attempt, as met (full marks is right). A card belongs to the module whose slug
    is the question's category (a quiz may draw on other modules' banks), else to the quiz's module."""
    items = [item for item in attempt.items if item.version.type in REVIEWABLE_TYPES and item.score is not None]
    if not items:
        return
    quiz_module = attempt.exam.module_id if attempt.exam.kind == ExamKind.MODULE_QUIZ else None
    categories = {item.version.category for item in items}
    modules = dict(db.session.execute(sa.select(Module.slug, Module.id).where(Module.slug.in_(categories))).all())
    met(
        attempt.user_id,
        [
            Met(
                CardKind.QUESTION,
                item.version.question_id,
                modules.get(item.version.category) or quiz_module,
                (item.score or 0) >= 1,
            )
            for item in items
        ],
        now,
    )


def reply_practised(user_id: int, turn: ReplyTurn, now: datetime) -> None:
    """The quick replies that answer a drill turn's message, as met (right unless refused; its seconds)."""
    ids = list(db.session.scalars(sa.select(QuickReply.id).where(QuickReply.slug.in_(turn.message.replies))))
    right = bool(turn.right) and turn.refused is None
    duration = round(turn.seconds * 1000) if turn.seconds is not None else None
    met(user_id, [Met(CardKind.REPLY, reply_id, None, right, duration) for reply_id in ids], now)
