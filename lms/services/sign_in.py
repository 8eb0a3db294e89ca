"""Signing in and out: limits per address and per employee number, and the audit trail of every attempt.

Two limits, both shared by every worker: failures per address are counted in the rate limiter's store
(Redis when LMS_REDIS_URL is set), failures per number in the audit log. A number that keeps failing waits
longer and longer (``lms.domain.sign_in_wait``) but is never locked: once the wait has passed, the right
password signs in. An unknown number takes as long to refuse as a wrong password, so the answer's timing
does not tell which numbers exist.

A call centre's agents reach the app through one office address (NAT), hundreds at the start of a shift. So
the address limit counts failed sign-ins only, never successful ones: a room of 300 agents signing in at once is
not limited at all, and an attacker, who fails, is. What a room still does is mistype: 20 failures in 10 minutes
is a few percent of 300 agents, and would shut the whole office out for 10 minutes. Addresses in
LMS_OFFICE_NETWORKS (CIDR) may therefore fail OFFICE_LIMIT times instead: still a limit for someone guessing from
inside, whose guesses at any one number wait all the same (the limit per number does not care about addresses).
"""

import functools
import ipaddress
import math
import secrets
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from limits import RateLimitItem, parse

from lms.domain.sign_in_wait import wait_after
from lms.extensions import db, limiter
from lms.models import AuditLog, User
from lms.services import audit, demo
from lms.services.transaction import commit_keeping_loaded
from lms.services.users import find_by_employee_no
from lms.timeutil import utcnow

#: Failed sign-ins one address may make (whatever the numbers typed, refusals while waiting included) per window.
ADDRESS_LIMIT = parse("20 per 10 minutes")
#: The same for an address of LMS_OFFICE_NETWORKS, a room of agents behind one NAT address.
OFFICE_LIMIT = parse("200 per 10 minutes")
#: How far back failures of one number count (a successful sign-in starts the count over).
FAILURE_WINDOW = timedelta(hours=24)
WAIT, ADDRESS_LIMITED, WRONG, INACTIVE, SIGNED_IN = "wait", "address_limited", "wrong", "inactive", "signed_in"
DEMO_PASSWORD = "demo_password"


@dataclass(frozen=True)
class Outcome:
    """What a sign-in came to: the user when signed in, the seconds left when the number must wait."""

    kind: str
    user: User | None = None
    wait_seconds: int = 0


def _address_key(ip: str | None) -> tuple[str, str, str]:
    """The limiter's key for failures from ``ip`` (with the configured prefix, which keeps installations sharing a Redis apart)."""
    return current_app.config.get("RATELIMIT_KEY_PREFIX", ""), "sign-in-failures", ip or "unknown"


def _store_errors() -> tuple[type[Exception], ...]:
    """The errors of an unreachable limiter store: Redis's once a Redis store has loaded them (memory raises none).

    Read from ``sys.modules`` so that a worker counting in memory never imports the Redis client (about 6 MB).
    """
    redis = sys.modules.get("redis.exceptions")
    return (redis.RedisError,) if redis else ()


def address_limit(ip: str | None) -> RateLimitItem:
    """The failures ``ip`` may make: OFFICE_LIMIT inside LMS_OFFICE_NETWORKS, ADDRESS_LIMIT elsewhere."""
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return ADDRESS_LIMIT
    return (
        OFFICE_LIMIT if any(address in network for network in current_app.config["OFFICE_NETWORKS"]) else ADDRESS_LIMIT
    )


def _address_allows(ip: str | None) -> bool:
    """Whether failures from ``ip`` are still under the limit (yes while the limiter's store cannot be reached)."""
    try:
        return limiter.limiter.test(address_limit(ip), *_address_key(ip))
    except _store_errors():
        current_app.logger.exception("Sign-in: the rate limiter's store cannot be reached; the address limit is off")
        return True


def _count_failure_from(ip: str | None) -> None:
    """Count a failure against ``ip`` (skipped while the limiter's store cannot be reached)."""
    try:
        limiter.limiter.hit(address_limit(ip), *_address_key(ip))
    except _store_errors():
        current_app.logger.exception("Sign-in: the rate limiter's store cannot be reached; a failure went uncounted")


def failures_since_success(number: str, user: User | None) -> tuple[int, datetime | None]:
    """Failed sign-ins for ``number`` since its last successful one (within the window), and when the last was."""
    since = utcnow() - FAILURE_WINDOW
    if user is not None:
        last_success = db.session.scalar(
            sa.select(sa.func.max(AuditLog.created_at)).where(
                AuditLog.action == "auth.login", AuditLog.object_type == "user", AuditLog.object_id == str(user.id)
            )
        )
        since = max(since, last_success or since)
    count, latest = db.session.execute(
        sa.select(sa.func.count(AuditLog.id), sa.func.max(AuditLog.created_at)).where(
            AuditLog.action == "auth.login_failed",
            AuditLog.object_type == "employee_no",
            AuditLog.object_id == number,
            AuditLog.created_at > since,
        )
    ).one()
    return count, latest


@functools.cache
def _nobody() -> User:
    """A user no number leads to: an unknown number's password is checked against its hash, taking as long."""
    nobody = User()
    nobody.set_password(secrets.token_urlsafe(16))
    return nobody


def _wait_left(number: str, user: User | None) -> int:
    """Seconds ``number`` must still wait before its next attempt (0: it may try now)."""
    failures, latest = failures_since_success(number, user)
    if latest is None:
        return 0
    left = latest + wait_after(failures) - utcnow()
    return max(0, math.ceil(left.total_seconds()))


def check(employee_no: str, password: str, ip: str | None = None) -> Outcome:
    """Check a sign-in and record it, refusals included."""
    number = employee_no.strip().upper()
    if not _address_allows(ip):
        audit.record("auth.login_address_limited", obj=("address", ip or ""), detail={"employee_no": number}, ip=ip)
        db.session.commit()
        return Outcome(ADDRESS_LIMITED)
    user = find_by_employee_no(number)
    wait = _wait_left(number, user)
    if wait:
        audit.record("auth.login_waiting", obj=("employee_no", number), detail={"wait_seconds": wait}, ip=ip)
        _count_failure_from(ip)
        outcome = Outcome(WAIT, wait_seconds=wait)
    elif demo.password_refused(password):  # whether or not it is this user's: demo accounts never work in production
        audit.record("auth.login_failed", obj=("employee_no", number), detail={"reason": "demo_password"}, ip=ip)
        _count_failure_from(ip)
        outcome = Outcome(DEMO_PASSWORD)
    elif not (user or _nobody()).check_password(password) or user is None:
        reason = "unknown_number" if user is None else "wrong_password"
        audit.record("auth.login_failed", obj=("employee_no", number), detail={"reason": reason}, ip=ip)
        _count_failure_from(ip)
        outcome = Outcome(WRONG)
    elif not user.active:
        audit.record("auth.login_inactive", obj=user, ip=ip)
        outcome = Outcome(INACTIVE)
    else:
        if user.password_needs_rehash():
            user.rehash_password(password)
        audit.record("auth.login", user, obj=user, ip=ip)
        outcome = Outcome(SIGNED_IN, user)
    commit_keeping_loaded()  # the session is started from the user read above
    return outcome


def signed_out(user: User, ip: str | None = None) -> None:
    """Record a sign-out, ending every session of ``user`` (remember-me cookies too)."""
    user.end_sessions()
    audit.record("auth.logout", user, obj=user, ip=ip)
    db.session.commit()
