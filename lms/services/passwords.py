"""Passwords: the rules a new one must meet, and temporary ones issued by an admin."""

import re
import secrets
from functools import cache
from pathlib import Path

from lms.domain import N_
from lms.extensions import db
from lms.models import User
from lms.services import audit

MIN_LENGTH = 10
#: Fewer different characters than this (``aaaaaaaaa1``) is too easy to guess.
MIN_DISTINCT = 5
COMMON_PASSWORDS = Path(__file__).resolve().parent.parent / "data" / "common_passwords.txt"
#: No 0/O, 1/l/I: a temporary password is read off a screen or a sheet of paper.
TEMP_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#: Stored for users who have no password yet; no password ever matches it.
UNUSABLE = "!"


@cache
def common_passwords() -> frozenset[str]:
    """The list of common passwords shipped with the app (lower case)."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_common(password: str) -> bool:
    """Whether ``password``, or it without the digits and signs at its end (``dragon2024!``), is a common one."""
    lowered = password.lower()
    return bool({lowered, re.sub(r"[\W\d_]+$", "", lowered)} & common_passwords())


def weakness(password: str, user: User | None = None) -> str | None:
    """Why ``password`` is not acceptable (a message to translate), or None if it is."""
    if user is not None and user.check_password(password):
        return N_("新密码不能与当前密码（包括管理员发给您的临时密码）相同。")
    if len(password) < MIN_LENGTH:
        return N_("密码至少需要 10 位。")
    if password.isdigit() or password.isalpha():
        return N_("密码需同时包含字母和数字。")
    if len(set(password.lower())) < MIN_DISTINCT:
        return N_("密码中重复的字符太多，请换一个。")
    if is_common(password):
        return N_("这个密码太常见，很容易被猜到，请换一个。")
    if user is not None:
        if password.strip().upper() == user.employee_no.upper():
            return N_("密码不能与工号相同。")
        if password.strip().lower() == user.name.strip().lower():
            return N_("密码不能与姓名相同。")
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
