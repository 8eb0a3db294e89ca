"""Who held which level at the end of past months, from certificates' issue and revocation dates.

A level is held on a day when the latest certificate of its award issued by then had not been revoked
by then (the rule of ``lms.services.holding``, looked at on a past day). Each person counts once, at
the highest level held.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Issued:
    """One certificate: whose, which award and level (its rank, 1 lowest), issued when, revoked when (local date)."""

    user_id: int
    award_id: int
    rank: int
    issued_on: date
    revoked_on: date | None
    #: Ties on one issue day go to the later certificate.
    order: int = 0


def month_ends(today: date, months: int = 12) -> list[date]:
    """The last day of each of the last ``months`` months, oldest first; the current month ends today."""
    ends = [today]
    first = today.replace(day=1)
    while len(ends) < months:
        ends.append(first - timedelta(days=1))
        first = ends[-1].replace(day=1)
    return list(reversed(ends))


def highest_held(certificates: Iterable[Issued], day: date) -> dict[int, int]:
    """Each person's highest rank held at the end of ``day``; people holding nothing are left out."""
    latest: dict[int, Issued] = {}
    for cert in certificates:
        if cert.issued_on > day:
            continue
        seen = latest.get(cert.award_id)
        if seen is None or (cert.issued_on, cert.order) > (seen.issued_on, seen.order):
            latest[cert.award_id] = cert
    held: dict[int, int] = {}
    for cert in latest.values():
        if cert.revoked_on is None or cert.revoked_on > day:
            held[cert.user_id] = max(held.get(cert.user_id, 0), cert.rank)
    return held


def counts(held: dict[int, int], levels: int) -> list[int]:
    """How many people hold each rank as their highest, rank 1 first."""
    tally = [0] * levels
    for rank in held.values():
        if 1 <= rank <= levels:
            tally[rank - 1] += 1
    return tally


def trend(certificates: Sequence[Issued], days: Sequence[date], levels: int) -> list[list[int]]:
    """For each rank (1 first), how many people held it as their highest at the end of each of ``days``."""
    per_day = [counts(highest_held(certificates, day), levels) for day in days]
    return [[tally[rank] for tally in per_day] for rank in range(levels)]
