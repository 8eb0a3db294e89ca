"""Signing in and out: the lock after repeated failures, and the audit trail of every attempt."""

from datetime import timedelta

import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuditLog, User
from lms.services import audit, demo
from lms.services.users import find_by_employee_no
from lms.timeutil import utcnow

#: Failed sign-ins for one employee number allowed within the window before it is locked.
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCKED, WRONG, INACTIVE, SIGNED_IN, DEMO_PASSWORD = "locked", "wrong", "inactive", "signed_in", "demo_password"


def recent_failures(employee_no: str) -> int:
    """Failed sign-ins for ``employee_no`` within the window (read from the audit log)."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(AuditLog.id)).where(
                AuditLog.action == "auth.login_failed",
                AuditLog.object_type == "employee_no",
                AuditLog.object_id == employee_no,
                AuditLog.created_at >= utcnow() - FAILURE_WINDOW,
            )
        )
        or 0
    )


def check(employee_no: str, password: str, ip: str | None = None) -> tuple[str, User | None]:
    """Check a sign-in and record it: (outcome, the user when the outcome is SIGNED_IN)."""
    number = employee_no.strip().upper()
    if recent_failures(number) >= MAX_FAILURES:
        return LOCKED, None
    user = find_by_employee_no(number)
    if demo.password_refused(password):  # whether or not it is this user's: demo accounts never work in production
        audit.record("auth.login_failed", obj=("employee_no", number), detail={"reason": "demo_password"}, ip=ip)
        outcome = DEMO_PASSWORD
    elif user is None or not user.check_password(password):
        reason = "unknown_number" if user is None else "wrong_password"
        audit.record("auth.login_failed", obj=("employee_no", number), detail={"reason": reason}, ip=ip)
        outcome = WRONG
    elif not user.active:
        audit.record("auth.login_inactive", obj=user, ip=ip)
        outcome = INACTIVE
    else:
        if user.password_needs_rehash():
            user.rehash_password(password)
        audit.record("auth.login", user, obj=user, ip=ip)
        outcome = SIGNED_IN
    db.session.commit()
    return outcome, user if outcome == SIGNED_IN else None


def signed_out(user: User, ip: str | None = None) -> None:
    """Record a sign-out, ending every session of ``user`` (remember-me cookies too)."""
    user.end_sessions()
    audit.record("auth.logout", user, obj=user, ip=ip)
    db.session.commit()
