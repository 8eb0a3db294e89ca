"""API tokens: how an HR system signs its calls to /api/v1 (stored hashed, scoped, revocable)."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.people import User
from lms.timeutil import utcnow


class TokenScope(enum.StrEnum):
    """What a token may do: read certifications and transcripts, or also write (import users)."""

    READ = "read"
    WRITE = "write"


class ApiToken(db.Model):
    """A token HR created for another system; the token itself is shown once and never stored."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        # One live token per name (``lms api-token revoke --name`` finds it); revoked names may be reused.
        sa.Index(
            "uq_api_tokens_live_name",
            "name",
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What the token is for, e.g. 薪酬系统; unique among live tokens.
    name: Mapped[str] = mapped_column(sa.String(64))
    scope: Mapped[TokenScope] = mapped_column(
        sa.Enum(TokenScope, native_enum=False, length=8, values_callable=lambda e: [m.value for m in e])
    )
    #: SHA-256 of the token, hex: what a call's token is looked up by.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: The token's first characters, so HR can tell tokens apart (not enough to use one).
    prefix: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The HR user who created it (None when created with ``lms api-token create``).
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    def allows(self, needed: TokenScope) -> bool:
        """Whether the token may make a call that needs ``needed``: write includes read."""
        return self.scope is TokenScope.WRITE or needed is TokenScope.READ
