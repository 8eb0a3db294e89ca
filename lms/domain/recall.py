"""Predicted recall of a review card: FSRS retrievability from the memory state a card row stores.

FSRS's retrievability is the probability that the agent would recall the card at a given moment:
``(1 + FACTOR * t / S) ** DECAY`` with ``t`` the whole days since the card's last review and ``S`` its
stability (the days after which it falls to 90%). A card never reviewed has no memory yet: FSRS gives 0.
"Likely to recall" means a retrievability at least the scheduler's desired retention (0.9 unless the
organisation changed it): the level FSRS schedules each review to keep the card at.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import fsrs

#: Retrievability is compared after rounding: a card exactly one stability old is at the desired 0.9, not 0.8999….
PLACES = 9


@dataclass(frozen=True)
class Memory:
    """A review card's FSRS memory as stored (times naive UTC or aware)."""

    card_id: int
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


def _aware(moment: datetime) -> datetime:
    """A stored time (naive means UTC) as an aware UTC datetime, as fsrs expects."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def card(memory: Memory) -> fsrs.Card:
    """The fsrs Card for a stored memory (every field given: fsrs would otherwise read the clock)."""
    return fsrs.Card(
        card_id=memory.card_id,
        state=fsrs.State(memory.state),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=_aware(memory.due),
        last_review=_aware(memory.last_review) if memory.last_review is not None else None,
    )


def retrievability(scheduler: fsrs.Scheduler, memory: Memory, now: datetime) -> float:
    """The probability FSRS predicts the card is recalled at ``now`` (0 for a card never reviewed)."""
    return round(scheduler.get_card_retrievability(card(memory), _aware(now)), PLACES)


def likely_recalled(scheduler: fsrs.Scheduler, memory: Memory, now: datetime) -> bool:
    """Whether the agent is likely to recall the card at ``now``: retrievability ≥ the desired retention."""
    return retrievability(scheduler, memory, now) >= scheduler.desired_retention
