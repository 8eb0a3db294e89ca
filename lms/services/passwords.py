"""Passwords: the rules a new one must meet, and temporary ones issued by an admin."""

import secrets

from lms.domain import N_
from lms.extensions import db
from lms.models import User
from lms.services import audit

MIN_LENGTH = 8
#: No 0/O, 1/l/I: a temporary password is read off a screen or a sheet of paper.
TEMP_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#: Stored for users who have no password yet; no password ever matches it.
UNUSABLE = "!"


def weakness(password: str, user: User | None = None) -> str | None:
    """Why ``password`` is not acceptable (a message to translate), or None if it is."""
    if len(password) < MIN_LENGTH:
        return N_("密码至少需要 8 位。")
    if password.isdigit() or password.isalpha():
        return N_("密码需同时包含字母和数字。")
    if user is not None and password.upper() == user.employee_no.upper():
        return N_("密码不能与工号相同。")
    return None


def issue_temporary(user: User) -> str:
    """Give ``user`` a new temporary password that must be changed at the next sign-in."""
    password = "".join(secrets.choice(TEMP_ALPHABET) for _ in range(10))
    user.set_password(password)
    user.must_change_password = True
    return password


def change(user: User, current: str, new: str, ip: str | None = None) -> tuple[str, str] | None:
    """Change one's own password; on refusal, (the form field at fault, a message to translate)."""
    if not user.check_password(current):
        return "current", N_("当前密码不正确。")
    problem = weakness(new, user)
    if problem:
        return "new", problem
    user.set_password(new)
    user.must_change_password = False
    audit.record("auth.password_changed", user, obj=user, ip=ip)
    db.session.commit()
    return None
