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


def held_awards(user_ids) -> sa.Select:
    """Awards of these users whose latest certificate is not revoked: the levels they hold."""
    latest = latest_ids()
    return (
        sa.select(LevelAward)
        .join(latest, latest.c.award_id == LevelAward.id)
        .join(Certificate, Certificate.id == latest.c.id)
        .where(LevelAward.user_id.in_(user_ids), Certificate.revoked_at.is_(None))
    )


def revoked_latest(user_ids) -> sa.Subquery:
    """(user_id, level, revoked_at) of these users' awards whose latest certificate is revoked."""
    latest = latest_ids()
    return (
        sa.select(LevelAward.user_id, LevelAward.level, Certificate.revoked_at)
        .join(latest, latest.c.award_id == LevelAward.id)
        .join(Certificate, Certificate.id == latest.c.id)
        .where(LevelAward.user_id.in_(user_ids), Certificate.revoked_at.is_not(None))
        .subquery()
    )
