"""FSRS, the scheduler of the review cards (the ``fsrs`` package, the algorithm Anki uses by default).

Parameters are FSRS's own until ``lms review-optimise`` fits this organisation's from its review log (the newest
fitted set is used). No learning steps: FSRS's default steps re-ask a new or forgotten card after 1 and 10
minutes, which suits someone going through a deck at a sitting; our agents see their cards once a day, before the
shift, so every answer schedules the card in whole days (a wrong one comes back the next day).

fsrs reads the clock when it is not given a time; every call here passes one (only lms/timeutil reads the clock).
"""

import importlib.util
from datetime import UTC, datetime

import fsrs
import sqlalchemy as sa

from lms.extensions import db
from lms.models import ReviewCard, ReviewLog, ReviewParameters

#: The least number of reviews to fit parameters on (FSRS's authors advise about a thousand).
OPTIMISE_MIN_REVIEWS = 1000


def parameters() -> tuple[float, ...]:
    """The FSRS weights in use: the newest fitted ones, else FSRS's defaults."""
    fitted = db.session.scalar(sa.select(ReviewParameters.parameters).order_by(ReviewParameters.id.desc()).limit(1))
    return tuple(fitted) if fitted else tuple(fsrs.Scheduler().parameters)


def scheduler() -> fsrs.Scheduler:
    """The scheduler: the weights in use, whole-day intervals (see the module's text)."""
    return fsrs.Scheduler(parameters=parameters(), learning_steps=(), relearning_steps=())


def _aware(moment: datetime | None) -> datetime | None:
    """A stored naive UTC time as fsrs wants it (aware UTC)."""
    return moment.replace(tzinfo=UTC) if moment is not None else None


def _naive(moment: datetime | None) -> datetime | None:
    """An fsrs time as the database stores it (naive UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment is not None else None


def as_fsrs(card: ReviewCard) -> fsrs.Card:
    """The card's memory state as fsrs's Card (id and due given, so fsrs reads no clock)."""
    return fsrs.Card(
        card_id=card.id or 0,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_aware(card.due),
        last_review=_aware(card.last_review),
    )


def review(card: ReviewCard, rating: int, at: datetime, duration_ms: int | None, using: fsrs.Scheduler) -> None:
    """Schedule ``card`` after an answer rated ``rating`` given at ``at`` (naive UTC), in the caller's transaction.

    An answer older than the card's last review (one queued offline, sent after a newer one) counts as given then.
    """
    when = max(at, card.last_review) if card.last_review else at
    scheduled, _log = using.review_card(as_fsrs(card), fsrs.Rating(rating), _aware(when), duration_ms)
    card.state, card.step = int(scheduled.state), scheduled.step
    card.stability, card.difficulty = scheduled.stability, scheduled.difficulty
    card.due, card.last_review = scheduled.due.astimezone(UTC).replace(tzinfo=None), _naive(scheduled.last_review)


def retrievability(card: ReviewCard, now: datetime, using: fsrs.Scheduler) -> float:
    """The chance (0–1) that the agent recalls the card at ``now`` (naive UTC); 0 before its first review."""
    if card.last_review is None:
        return 0.0
    return using.get_card_retrievability(as_fsrs(card), current_datetime=_aware(now))


#: What fsrs's optimiser is built on (``pip install "fsrs[optimizer]"``): PyTorch from PyPI comes with its CUDA
#: libraries, several GB, too heavy to install for a fit made now and then, so this installation leaves it out.
OPTIMISER_NEEDS = ("torch", "pandas")


class OptimiserUnavailable(RuntimeError):
    """The fsrs optimiser needs packages this installation does not have (``missing``)."""

    def __init__(self, missing: list[str]):
        super().__init__(", ".join(missing))
        self.missing = missing


def optimise(now: datetime, least: int = OPTIMISE_MIN_REVIEWS) -> ReviewParameters | None:
    """Fit FSRS weights to the whole review log and store them; None when there are fewer than ``least`` reviews.

    Raises OptimiserUnavailable, before reading anything, when the optimiser's packages are not installed.
    """
    missing = [name for name in OPTIMISER_NEEDS if importlib.util.find_spec(name) is None]
    if missing:
        raise OptimiserUnavailable(missing)
    count = db.session.scalar(sa.select(sa.func.count(ReviewLog.id))) or 0
    if count < least:
        return None
    logs = [
        fsrs.ReviewLog(card_id, fsrs.Rating(rating), at.replace(tzinfo=UTC), duration)
        for card_id, rating, at, duration in db.session.execute(
            sa.select(ReviewLog.card_id, ReviewLog.rating, ReviewLog.answered_at, ReviewLog.duration_ms)
        )
    ]
    weights = fsrs.Optimizer(logs).compute_optimal_parameters()
    fitted = ReviewParameters(parameters=list(weights), reviews=count, fitted_at=now)
    db.session.add(fitted)
    db.session.commit()
    return fitted
