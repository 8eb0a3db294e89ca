"""What "holding a level" means, defined once.

A level is held while the latest certificate of its award is not revoked. An expired certificate
still holds the level (it is due for renewal); a revoked one does not, and the level must be earned
again by new attempts. The level rules, 我的等级, HR and every count use these queries.
"""

import sqlalchemy as sa

from lms.models import Certificate, LevelAward


def latest_ids() -> sa.Subquery:
    """The id of each award's latest certificate."""
    return (
        sa.select(Certificate.award_id, sa.func.max(Certificate.id).label("id"))
        .group_by(Certificate.award_id)
        .subquery()
    )


def latest_of_each(certificates: list[Certificate]) -> list[Certificate]:
    """Of certificates loaded with every other of their awards, the latest of each award (as ``latest_ids`` chooses).

    In the order given.
    """
    latest: dict[int, int] = {}
    for certificate in certificates:
        latest[certificate.award_id] = max(certificate.id, latest.get(certificate.award_id, certificate.id))
    return [certificate for certificate in certificates if latest[certificate.award_id] == certificate.id]


def _latest_certificate(query: sa.Select, user_ids) -> sa.Select:
    """``query`` of awards joined to each one's latest certificate, for these users."""
    latest = latest_ids()
    return (
        query.join(latest, latest.c.award_id == LevelAward.id)
        .join(Certificate, Certificate.id == latest.c.id)
        .where(LevelAward.user_id.in_(user_ids))
    )


def held_awards(user_ids) -> sa.Select:
    """Awards of these users whose latest certificate is not revoked: the levels they hold."""
    return _latest_certificate(sa.select(LevelAward), user_ids).where(Certificate.revoked_at.is_(None))


def awards_revoked_at(user_ids) -> sa.Select:
    """(award, revoked_at of its latest certificate) of these users: held when None (as ``held_awards``), else lost."""
    return _latest_certificate(sa.select(LevelAward, Certificate.revoked_at), user_ids)
