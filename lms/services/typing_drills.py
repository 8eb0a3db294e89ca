"""Typing drills: the server starts the clock, stops it at submit, and computes every figure itself."""

from datetime import datetime, timedelta

import sqlalchemy as sa

from lms.domain import typing
from lms.extensions import db
from lms.models import TypingResult, TypingText, User
from lms.timeutil import utcnow

#: The browser's elapsed time may differ from the server's by this much (network, rendering) before a result is refused.
CLOCK_TOLERANCE = timedelta(seconds=5)
CLOCK_SHARE = 0.2
TOO_FAST, CLOCK_GAP, TOO_LONG, NOTHING = "too_fast", "clock_gap", "too_long", "nothing_typed"


class AlreadySubmitted(Exception):
    """The drill was already submitted."""


def texts(drawn: frozenset[str]) -> list[TypingText]:
    """Active texts of the business lines ``drawn``, by language, level and title."""
    order = sa.case({"easy": 0, "medium": 1, "hard": 2}, value=TypingText.level)
    return list(
        db.session.scalars(
            sa.select(TypingText)
            .where(TypingText.active.is_(True), TypingText.line.in_(drawn))
            .order_by(TypingText.lang.desc(), order, TypingText.slug)
        )
    )


def active_text(slug: str, drawn: frozenset[str]) -> TypingText | None:
    """The text with this id, unless retired or of a business line not ``drawn``."""
    return db.session.scalar(
        sa.select(TypingText).where(TypingText.slug == slug, TypingText.active.is_(True), TypingText.line.in_(drawn))
    )


def start(user: User, text: TypingText, now: datetime | None = None) -> TypingResult:
    """Start the server's clock for a drill on ``text`` (the page calls this at the first keystroke)."""
    result = TypingResult(
        user_id=user.id, text_id=text.id, lang=text.lang, target=text.text, started_at=now or utcnow()
    )
    db.session.add(result)
    db.session.commit()
    return result


def owned(user: User, result_id: int) -> TypingResult | None:
    """The drill if it is the user's."""
    result = db.session.get(TypingResult, result_id)
    return result if result is not None and result.user_id == user.id else None


def submit(result: TypingResult, typed: str, client_seconds: float | None, now: datetime | None = None) -> TypingResult:
    """Stop the clock and compute the figures from what was typed and the server's times; refuse the impossible."""
    if result.finished_at is not None:
        raise AlreadySubmitted(result.id)
    now = now or utcnow()
    seconds = round(
        max((now - result.started_at).total_seconds(), 0.001), 3
    )  # stored as is, so figures can be rechecked
    figures = typing.score(result.target, typed, seconds, result.lang)
    result.finished_at, result.seconds, result.client_seconds, result.typed = now, seconds, client_seconds, typed
    result.gross, result.net, result.accuracy = figures.gross, figures.net, figures.accuracy
    result.refused = _refusal(result, figures, seconds, client_seconds)
    db.session.commit()
    return result


def _refusal(
    result: TypingResult, figures: typing.TypingScore, seconds: float, client_seconds: float | None
) -> str | None:
    """Why the result cannot count, or None."""
    if figures.typed == 0:
        return NOTHING
    if figures.typed > 2 * len(result.target) + 50:
        return TOO_LONG
    if figures.gross > typing.CEILINGS[result.lang]:
        return TOO_FAST
    gap = abs(seconds - client_seconds) if client_seconds is not None else float("inf")
    if gap > max(CLOCK_TOLERANCE.total_seconds(), CLOCK_SHARE * seconds):
        return CLOCK_GAP
    return None


def counted_results(user_ids: list[int], since: datetime | None = None) -> sa.Select:
    """Finished, accepted results of these users (optionally since a moment), newest first."""
    query = (
        sa.select(TypingResult)
        .where(
            TypingResult.user_id.in_(user_ids), TypingResult.finished_at.is_not(None), TypingResult.refused.is_(None)
        )
        .order_by(TypingResult.finished_at.desc())
    )
    return query if since is None else query.where(TypingResult.finished_at >= since)


def trend(user: User, lang: str, count: int = 20) -> list[TypingResult]:
    """The user's last ``count`` accepted results in ``lang``, oldest first."""
    rows = db.session.scalars(counted_results([user.id]).where(TypingResult.lang == lang).limit(count)).all()
    return list(reversed(rows))


def bests(user_ids: list[int], days: int = 30, now: datetime | None = None) -> dict[tuple[int, str], TypingResult]:
    """Per (user, language), the accepted result with the best net speed in the last ``days`` days."""
    since = (now or utcnow()) - timedelta(days=days)
    found: dict[tuple[int, str], TypingResult] = {}
    for result in db.session.scalars(counted_results(user_ids, since)):
        key = (result.user_id, result.lang)
        if key not in found or result.net > found[key].net:
            found[key] = result
    return found
