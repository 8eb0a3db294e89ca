"""Recording actions in the audit log, with details stored as JSON so the log page can read them back."""

import json
from collections.abc import Mapping

from lms.extensions import db
from lms.models import AuditLog, User


def record(
    action: str,
    actor: User | None = None,
    obj=None,
    detail: Mapping[str, object] | None = None,
    ip: str | None = None,
) -> AuditLog:
    """Add an audit entry to the current transaction (the caller commits).

    ``obj`` is a row (its table and id are kept) or a ``(kind, key)`` pair for what is not a row, such as the
    employee number typed at a failed sign-in. ``detail`` holds plain values (each action's keys are read back
    by ``lms.domain.audit_text``); never a password.
    """
    if isinstance(obj, tuple):
        object_type, object_id = obj
    elif obj is not None:
        object_type, object_id = obj.__tablename__.rstrip("s"), str(obj.id)
    else:
        object_type = object_id = None
    entry = AuditLog(
        action=action,
        actor_id=actor.id if actor is not None else None,
        object_type=object_type,
        object_id=object_id,
        detail=json.dumps(dict(detail), ensure_ascii=False, sort_keys=True) if detail else "",
        ip=ip,
    )
    db.session.add(entry)
    return entry
