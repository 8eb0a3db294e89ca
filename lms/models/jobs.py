"""Background jobs: who started what, how far it got, and where its result is kept (for a day)."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.people import User
from lms.timeutil import utcnow

#: How long a job's result (and its row) is kept.
KEPT = timedelta(days=1)


class Job(db.Model):
    """One run of a background task; its page reads the progress stored here, so it survives a reload."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The public id in URLs (not guessable, unlike ``id``).
    uuid: Mapped[str] = mapped_column(sa.String(36), unique=True)
    #: What it does, a key of ``lms.jobs.KINDS`` such as ``certificates_zip``.
    kind: Mapped[str] = mapped_column(sa.String(32))
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: What it was asked to do (plain values).
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: queued, running, done or failed (``lms.domain.states.JobStatus``).
    status: Mapped[str] = mapped_column(sa.String(16), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    #: The result file under JOBS_DIR (LMS_STORAGE_PATH/jobs/, else instance/jobs/), once done.
    result_path: Mapped[str | None] = mapped_column(sa.String(255))
    #: What went wrong, item by item (a failed item does not stop the rest).
    errors: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    expires_at: Mapped[datetime] = mapped_column(default=lambda: utcnow() + KEPT, index=True)

    owner: Mapped[User | None] = relationship()
