"""Recording actions in the audit log."""

from lms.extensions import db
from lms.models import AuditLog, User


def record(action: str, actor: User | None = None, obj=None, detail: str = "", ip: str | None = None) -> AuditLog:
    """Add an audit entry to the current transaction (the caller commits)."""
    entry = AuditLog(
        action=action,
        actor_id=actor.id if actor is not None else None,
        object_type=obj.__tablename__.rstrip("s") if obj is not None else None,
        object_id=str(obj.id) if obj is not None else None,
        detail=detail,
        ip=ip,
    )
    db.session.add(entry)
    return entry
