"""Who leads or mentors a group (the expert level's 能独立带领团队): set and cleared by HR or the agent's supervisor.

Each change is one audited transaction; saving what is already recorded, or clearing what is not, writes nothing.
"""

from datetime import date

import sqlalchemy as sa

from lms import timeutil
from lms.extensions import db
from lms.models import GroupLead, Role, User
from lms.services import audit, scope

#: Who may record it: HR for anyone, a supervisor for the members of their teams (``scope.visible_person``).
SETTERS = (Role.HR, Role.SUPERVISOR)
#: The longest group name kept.
MAX_NAME = 64


class Unchanged(Exception):
    """Nothing to write: the same group and date are recorded already, or there is nothing to clear."""


def may_set(actor: User, user: User) -> bool:
    """Whether ``actor`` may record or clear that ``user`` (an agent or new hire) leads a group."""
    return may_set_visible(actor, user) and scope.visible_person(actor, user.id) is not None


def may_set_visible(actor: User, user: User) -> bool:
    """``may_set`` for a ``user`` the caller has just found with ``scope.visible_person(actor, ...)`` (no query)."""
    return actor.active and actor.role in SETTERS and user.role in scope.LEARNER_ROLES


#: Built once (the person pages read it on every request).
_OF = sa.select(GroupLead).where(GroupLead.user_id == sa.bindparam("user_id"))


def of(user: User) -> GroupLead | None:
    """The group ``user`` leads or mentors, as recorded, if any."""
    return db.session.scalar(_OF, {"user_id": user.id})


def record(actor: User, user: User, group: str, since: date, ip: str | None = None) -> GroupLead:
    """Record (or correct) that ``user`` leads or mentors ``group`` since ``since``; who set it and when are kept."""
    if not may_set(actor, user):
        raise PermissionError("only HR or the person's supervisor records this")
    group = group.strip()
    if not group or len(group) > MAX_NAME or not user.hire_date <= since <= timeutil.today():
        raise ValueError("a group name, and a start between the hire date and today")
    row = of(user)
    if row is not None and (row.group_name, row.since) == (group, since):
        raise Unchanged()
    if row is None:
        row = GroupLead(user_id=user.id)
        db.session.add(row)
    row.group_name, row.since, row.set_by_id, row.set_at = group, since, actor.id, timeutil.utcnow()
    audit.record("group_lead.set", actor, obj=user, detail={"group": group, "since": since.isoformat()}, ip=ip)
    db.session.commit()
    return row


def clear(actor: User, user: User, ip: str | None = None) -> None:
    """Clear the record: ``user`` no longer leads or mentors a group."""
    if not may_set(actor, user):
        raise PermissionError("only HR or the person's supervisor clears this")
    row = of(user)
    if row is None:
        raise Unchanged()
    audit.record("group_lead.clear", actor, obj=user, detail={"group": row.group_name}, ip=ip)
    db.session.delete(row)
    db.session.commit()
