"""A supervisor's assessments of a team member: competency ratings and violations, each one audited transaction."""

from datetime import date

from lms.domain import competency, violations
from lms.extensions import db
from lms.models import CompetencyRating, Role, User, Violation
from lms.services import audit, scope


def _check(supervisor: User, user: User) -> None:
    """Only a supervisor who may see ``user`` assesses them."""
    if supervisor.role is not Role.SUPERVISOR or scope.visible_person(supervisor, user.id) is None:
        raise PermissionError("not a member of the supervisor's teams")


def rate(supervisor: User, user: User, ratings: dict[str, int], ip: str | None = None) -> CompetencyRating:
    """Rate the 11 competency indicators (1-5 each); the weighted score is stored with them."""
    _check(supervisor, user)
    if set(ratings) != set(competency.WEIGHTS) or not all(1 <= value <= 5 for value in ratings.values()):
        raise ValueError("every indicator needs a rating from 1 to 5")
    row = CompetencyRating(
        user_id=user.id, rated_by_id=supervisor.id, ratings=ratings, score=competency.weighted_score(ratings)
    )
    db.session.add(row)
    db.session.flush()
    audit.record("competency.rate", supervisor, obj=user, detail={"score": row.score}, ip=ip)
    db.session.commit()
    return row


def record_violation(
    supervisor: User, user: User, code: str, day: date, note: str = "", ip: str | None = None
) -> Violation:
    """Record a violation from the catalogue, with the points it costs."""
    _check(supervisor, user)
    _name, points, _severity = violations.CATALOGUE[code]
    row = Violation(user_id=user.id, code=code, points=points, day=day, note=note, recorded_by_id=supervisor.id)
    db.session.add(row)
    detail = {"code": code, "points": points, "day": day.isoformat()}
    audit.record("violation.record", supervisor, obj=user, detail=detail, ip=ip)
    db.session.commit()
    return row
