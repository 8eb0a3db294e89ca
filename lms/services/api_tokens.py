"""API tokens: created (the token returned once, only its hash kept), looked up, revoked, and every use audited."""

import hashlib
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from lms.extensions import db
from lms.models import ApiToken, TokenScope, User
from lms.services import audit
from lms.timeutil import utcnow

#: Every token starts with this, so a leaked one is easy to recognise (and to search for in code).
MARK = "lms_"
#: How many characters of a token are kept to tell it apart: the mark and 8 random characters.
PREFIX_LENGTH = len(MARK) + 8
MAX_NAME = 64


class NameTaken(ValueError):
    """A live token already has this name."""


class NoSuchToken(LookupError):
    """No live token has this name."""


def digest(token: str) -> str:
    """The SHA-256 of a token, hex: what is stored and looked up (a token is 256 random bits, so no salt is needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def live_named(name: str) -> ApiToken | None:
    """The live (not revoked) token with this name."""
    return db.session.scalar(sa.select(ApiToken).where(ApiToken.name == name.strip(), ApiToken.revoked_at.is_(None)))


def create(name: str, scope: TokenScope, actor: User | None, ip: str | None = None) -> tuple[ApiToken, str]:
    """A new token; the token itself is returned this once and only its hash and prefix are stored."""
    name = name.strip()
    if live_named(name) is not None:
        raise NameTaken(name)
    token = MARK + secrets.token_urlsafe(32)
    row = ApiToken(name=name, scope=TokenScope(scope), token_hash=digest(token), prefix=token[:PREFIX_LENGTH])
    row.created_by_id = actor.id if actor is not None else None
    db.session.add(row)
    db.session.flush()
    audit.record("api_token.create", actor, obj=row, detail={"name": name, "scope": row.scope.value}, ip=ip)
    db.session.commit()
    return row, token


def revoke(row: ApiToken, actor: User | None, ip: str | None = None) -> None:
    """Revoke a token for good (audited); calls with it are refused from now on."""
    if row.revoked_at is not None:
        return
    row.revoked_at, row.revoked_by_id = utcnow(), actor.id if actor is not None else None
    audit.record("api_token.revoke", actor, obj=row, detail={"name": row.name, "prefix": row.prefix}, ip=ip)
    db.session.commit()


def revoke_named(name: str, actor: User | None = None) -> ApiToken:
    """Revoke the live token called ``name`` (the command line's way)."""
    row = live_named(name)
    if row is None:
        raise NoSuchToken(name)
    revoke(row, actor)
    return row


def find(token: str) -> ApiToken | None:
    """The token (live or revoked) a call presents, by its hash; None for a token never issued."""
    if not token.startswith(MARK) or len(token) > 128:
        return None
    return db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == digest(token)))


def listing() -> sa.Select:
    """Every token for HR's page: live ones first, newest first."""
    return (
        sa.select(ApiToken)
        .options(selectinload(ApiToken.created_by))
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
    )


def by_id(token_id: int) -> ApiToken | None:
    """The token with this id."""
    return db.session.get(ApiToken, token_id)


def record_use(
    row: ApiToken | None, presented: str, method: str, path: str, status: int, ip: str | None, code: str | None = None
) -> None:
    """Audit one call made with a token (``row`` None: a token never issued), and note when a known one was last used.

    Its own transaction, after the call's: whatever the call did is already committed or rolled back.
    """
    db.session.rollback()
    detail = {"method": method, "path": path[:200], "status": status}
    if code:
        detail["error"] = code
    if row is None:
        # Only what looks like one of our tokens is quoted: a password sent by mistake stays out of the log.
        detail["prefix"] = presented[:PREFIX_LENGTH] if presented.startswith(MARK) else ""
        audit.record("api.unknown_token", None, detail=detail, ip=ip)
    else:
        detail |= {"token": row.name, "scope": row.scope.value}
        if row.revoked_at is None:
            row.last_used_at = utcnow()
        audit.record("api.request", None, obj=row, detail=detail, ip=ip)
    db.session.commit()
