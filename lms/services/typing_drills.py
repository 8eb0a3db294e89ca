"""Typing drills: the server starts the clock, stops it at submit, and computes every figure itself.

Two kinds: type one text to its end, or a timed test (1, 3 or 5 minutes) whose text runs on, made of the
texts of the learner's business lines in the language one after another; its figures are over the fixed time.
"""

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from lms.domain import typing
from lms.extensions import db
from lms.models import TypingResult, TypingText, User
from lms.timeutil import utcnow

#: The browser's elapsed time may differ from the server's by this much (network, rendering) before a result is refused.
CLOCK_TOLERANCE = timedelta(seconds=5)
CLOCK_SHARE = 0.2
TOO_FAST, CLOCK_GAP, TOO_LONG, NOTHING, LATE = "too_fast", "clock_gap", "too_long", "nothing_typed", "late"
#: What joins the texts of a timed test's run-on text.
TIMED_SEPARATOR = {"zh": "", "en": " "}


class AlreadySubmitted(Exception):
    """The drill was already submitted."""


def texts(drawn: frozenset[str]) -> list[TypingText]:
    """Active texts of the business lines ``drawn``, by language, level and title."""
    return list(db.session.scalars(_TEXTS, {"lines": sorted(drawn)}))


#: Built once, the business lines bound (a built statement keeps its cache key).
_TEXTS = (
    sa.select(TypingText)
    .where(TypingText.active.is_(True), TypingText.line.in_(sa.bindparam("lines", expanding=True)))
    .order_by(
        TypingText.lang.desc(), sa.case({"easy": 0, "medium": 1, "hard": 2}, value=TypingText.level), TypingText.slug
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


def timed_text(drawn: frozenset[str], lang: str, first: str) -> tuple[TypingText, str] | None:
    """The first text and the whole run-on text of a timed test in ``lang``: the texts of the business lines
    ``drawn`` by id, starting with ``first``, repeated until nobody under the ceiling could reach the end in 5 minutes.

    None when ``first`` is not such a text.
    """
    found = [text for text in texts(drawn) if text.lang == lang]
    found.sort(key=lambda text: text.slug)
    at = next((i for i, text in enumerate(found) if text.slug == first), None)
    if at is None:
        return None
    order = found[at:] + found[:at]
    per_unit = 5 if lang == "en" else 1
    needed = typing.CEILINGS[lang] * per_unit * max(typing.TIMED_MINUTES)
    parts: list[str] = []
    while sum(len(part) for part in parts) < needed:
        parts += [text.text for text in order]
    return order[0], TIMED_SEPARATOR[lang].join(parts)


def random_first(drawn: frozenset[str], lang: str) -> TypingText | None:
    """A text in ``lang`` of the business lines ``drawn`` chosen at random, to start a timed test with."""
    found = [text for text in texts(drawn) if text.lang == lang]
    return random.Random(secrets.randbits(64)).choice(found) if found else None


def start_timed(user: User, first: TypingText, target: str, minutes: int, now: datetime | None = None) -> TypingResult:
    """Start the server's clock for a timed test of ``minutes`` on ``target`` (beginning with ``first``)."""
    if minutes not in typing.TIMED_MINUTES:
        raise ValueError(minutes)
    result = TypingResult(
        user_id=user.id, text_id=first.id, lang=first.lang, target=target, minutes=minutes, started_at=now or utcnow()
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
    if result.minutes:  # over the fixed time; reached is the share of that time run
        figures = typing.score(result.target, typed, result.minutes * 60, result.lang)
        result.reached = typing.timed_reached(seconds, result.minutes * 60)
    else:
        figures = typing.score(result.target, typed, seconds, result.lang)
        result.reached = typing.reached(result.target, typed)
    result.finished_at, result.seconds, result.client_seconds, result.typed = now, seconds, client_seconds, typed
    result.gross, result.net, result.accuracy = figures.gross, figures.net, figures.accuracy
    result.misses = typing.misses(result.target, typed)
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
    if typing.too_fast(figures.typed, min(seconds, result.minutes * 60) if result.minutes else seconds, result.lang):
        return TOO_FAST
    if result.minutes and seconds > result.minutes * 60 + CLOCK_TOLERANCE.total_seconds():
        return LATE
    gap = abs(seconds - client_seconds) if client_seconds is not None else float("inf")
    if gap > max(CLOCK_TOLERANCE.total_seconds(), CLOCK_SHARE * seconds):
        return CLOCK_GAP
    return None


#: A result that counts as evidence: accepted (not refused) and complete (``lms.domain.typing.complete``).
COUNTS = sa.and_(TypingResult.refused.is_(None), TypingResult.reached >= typing.COMPLETE)


def finished_results(user_ids: list[int]) -> sa.Select:
    """Finished results of these users, counted or not, newest first."""
    return (
        sa.select(TypingResult)
        .where(TypingResult.user_id.in_(user_ids), TypingResult.finished_at.is_not(None))
        .order_by(TypingResult.finished_at.desc())
    )


def counted_results(user_ids: list[int], since: datetime | None = None) -> sa.Select:
    """Finished results of these users that count (accepted and complete), optionally since a moment, newest first."""
    query = finished_results(user_ids).where(COUNTS)
    return query if since is None else query.where(TypingResult.finished_at >= since)


def trend(user: User, lang: str, count: int = 20) -> list[TypingResult]:
    """The user's last ``count`` results in ``lang`` that count, oldest first."""
    rows = db.session.scalars(counted_results([user.id]).where(TypingResult.lang == lang).limit(count)).all()
    return list(reversed(rows))


def bests(user_ids: list[int], days: int = 30, now: datetime | None = None) -> dict[tuple[int, str], TypingResult]:
    """Per (user, language), the result that counts with the best net speed in the last ``days`` days."""
    since = (now or utcnow()) - timedelta(days=days)
    found: dict[tuple[int, str], TypingResult] = {}
    for result in db.session.scalars(counted_results(user_ids, since)):
        key = (result.user_id, result.lang)
        if key not in found or result.net > found[key].net:
            found[key] = result
    return found


#: How many recent results the learner's table of missed characters covers.
MISSES_OVER = 20
#: How many results that count a language's trend shows.
TREND_OVER = 20


@dataclass(frozen=True)
class Recent:
    """The drills page's figures of one learner: each language's trend (as ``trend``), the characters missed most."""

    trend: dict[str, list[TypingResult]]
    misses: list[typing.Miss]


_counts = sa.case((COUNTS, 1), else_=0)
_newest_first = (TypingResult.finished_at.desc(), TypingResult.id.desc())
#: The learner's accepted results, each with its place among them and among its language's that count (or not).
_ranked = (
    sa.select(
        TypingResult,
        _counts.label("counts"),
        sa.func.row_number().over(order_by=_newest_first).label("place"),
        sa.func.row_number().over(partition_by=(TypingResult.lang, _counts), order_by=_newest_first).label("in_lang"),
    )
    .where(
        TypingResult.user_id == sa.bindparam("user_id"),
        TypingResult.finished_at.is_not(None),
        TypingResult.refused.is_(None),
    )
    .subquery()
)
_recent = aliased(TypingResult, _ranked)
#: The last MISSES_OVER accepted results and each language's last TREND_OVER that count, newest first (built once).
_RECENT = (
    sa.select(_recent, _ranked.c.counts, _ranked.c.place, _ranked.c.in_lang)
    .where(sa.or_(_ranked.c.place <= MISSES_OVER, sa.and_(_ranked.c.counts == 1, _ranked.c.in_lang <= TREND_OVER)))
    .order_by(_ranked.c.place)
)


def recent(user: User, count: int = 10) -> Recent:
    """Each language's last TREND_OVER results that count, oldest first, and the ``count`` characters missed most over
    the last MISSES_OVER accepted results, complete or not (one query)."""
    trend: dict[str, list[TypingResult]] = {"zh": [], "en": []}
    accepted = []
    for result, counts, place, in_lang in db.session.execute(_RECENT, {"user_id": user.id}):
        if counts and in_lang <= TREND_OVER:
            trend.setdefault(result.lang, []).insert(0, result)
        if place <= MISSES_OVER:
            accepted.append(result)
    return Recent(trend, typing.worst((result.misses for result in accepted), count))
