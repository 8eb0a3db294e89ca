"""The audit log: who did what to which object, and when."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.people import User
from lms.timeutil import utcnow


class AuditLog(db.Model):
    """One recorded action. Rows are only ever added."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When it happened (UTC).
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: Who did it; empty for anonymous actions such as a failed sign-in.
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: What was done, a dotted code such as ``auth.login_failed`` or ``user.create``.
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    #: The kind and id of the object acted on, e.g. ``user`` and ``17``, or ``employee_no`` and the number typed.
    object_type: Mapped[str | None] = mapped_column(sa.String(32))
    object_id: Mapped[str | None] = mapped_column(sa.String(64))
    #: Details as a JSON object, read back by ``lms.domain.audit_text`` (older rows: free text); never a password.
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    #: The client address the request came from, if any.
    ip: Mapped[str | None] = mapped_column(sa.String(45))

    actor: Mapped[User | None] = relationship()
