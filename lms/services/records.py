"""HR's certification records: certificates found by holder, number, team, level, status and dates."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from lms.domain import certificate_number
from lms.domain.states import CertificateFilter
from lms.models import Certificate, LevelAward, Team, User
from lms.services import certificates, scope

#: Which date a date range applies to.
ISSUED, EXPIRES = "issued", "expires"


@dataclass(frozen=True)
class Criteria:
    """What HR searches by; every part is optional and they all apply together."""

    #: A fragment of the holder's name or employee number, or of a certificate number.
    q: str = ""
    team_id: int | None = None
    level: str | None = None
    status: CertificateFilter | None = None
    #: ``issued`` or ``expires``: the date the range applies to.
    dates: str = ISSUED
    date_from: date | None = None
    date_to: date | None = None


def _matches(q: str) -> sa.ColumnElement[bool]:
    """Name or employee number containing ``q``, or a certificate number containing it as typed (any case, hyphens)."""
    found = [User.name.contains(q, autoescape=True), User.employee_no.ilike(f"%{_escaped(q)}%", escape="\\")]
    number = certificate_number.normalise(q)
    if number and all(ch in certificate_number.ALPHABET for ch in number):
        found.append(Certificate.number.contains(number))
    return sa.or_(*found)


def _escaped(text: str) -> str:
    """``text`` with LIKE's wildcards taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@lru_cache(maxsize=512)
def _listed(visible: sa.Select) -> sa.Select:
    """``visible`` certificates newest first, with holder and team loaded: built once per viewer (``scope`` keeps
    one ``visible`` each), as building it costs about as much as running it; criteria are added to it."""
    return (
        visible.outerjoin(Team, Team.id == User.team_id)
        .options(contains_eager(Certificate.award).contains_eager(LevelAward.user).contains_eager(User.team))
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
    )


def search(viewer: User, criteria: Criteria, today: date | None = None) -> sa.Select:
    """Certificates ``viewer`` may see that meet every criterion, newest first, with holder and team loaded."""
    query = _listed(scope.visible_certificates(viewer))
    if criteria.q:
        query = query.where(_matches(criteria.q))
    if criteria.team_id is not None:
        query = query.where(User.team_id == criteria.team_id)
    if criteria.level:
        query = query.where(LevelAward.level == criteria.level)
    if criteria.status is not None:
        query = query.where(certificates.in_status(criteria.status, today))
    column = Certificate.expires_on if criteria.dates == EXPIRES else Certificate.issued_on
    if criteria.date_from is not None:
        query = query.where(column >= criteria.date_from)
    if criteria.date_to is not None:
        query = query.where(column <= criteria.date_to)
    return query
