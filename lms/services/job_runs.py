"""Background jobs as rows: created for their owner, progress and result stored, read back by their owner only."""

import logging
import os
import uuid
from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from lms.domain.states import JobStatus
from lms.extensions import db
from lms.models import Job, User
from lms.timeutil import utcnow

log = logging.getLogger(__name__)

#: Errors kept on a job (the rest are counted).
ERRORS_KEPT = 200


def create(owner: User, kind: str, params: dict) -> Job:
    """A queued job of ``kind`` for ``owner``, committed so a worker or thread can pick it up."""
    job = Job(uuid=str(uuid.uuid4()), kind=kind, owner_id=owner.id, params=params, errors=[])
    db.session.add(job)
    db.session.commit()
    return job


def of_owner(viewer: User, key: str) -> Job | None:
    """The job with public id ``key`` if ``viewer`` started it and it has not expired (anyone else: None)."""
    return db.session.scalar(
        sa.select(Job).where(Job.uuid == key, Job.owner_id == viewer.id, Job.expires_at > utcnow())
    )


def result_dir() -> str:
    """The folder result files go in (created when missing)."""
    path = current_app.config["JOBS_DIR"]
    os.makedirs(path, exist_ok=True)
    return path


def execute(job_id: int, work: Callable[[Job], None]) -> None:
    """Run ``work`` on a job unless it is already finished (so a retry or a second worker does nothing twice)."""
    job = db.session.get(Job, job_id)
    if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
        return
    job.status = JobStatus.RUNNING
    db.session.commit()
    try:
        work(job)
    except Exception as error:
        db.session.rollback()
        log.exception("job %s (%s) failed", job.uuid, job.kind)
        job = db.session.get(Job, job_id)
        if job is None:  # deleted meanwhile
            return
        job.status, job.finished_at = JobStatus.FAILED, utcnow()
        job.errors = [*job.errors, {"item": "", "error": f"{type(error).__name__}: {error}"}]
        db.session.commit()
        return
    job.status, job.finished_at = JobStatus.DONE, utcnow()
    db.session.commit()


def progress(job: Job, done: int, total: int | None = None) -> None:
    """Store how far the job is (committed, so its page sees it)."""
    job.done = done
    if total is not None:
        job.total = total
    db.session.commit()


def add_error(job: Job, item: str, error: str) -> None:
    """Note that one item failed; the job goes on with the rest."""
    if len(job.errors) < ERRORS_KEPT:
        job.errors = [*job.errors, {"item": item, "error": error}]


def remove_expired(now: datetime | None = None) -> int:
    """Delete jobs kept past their day, with their files; how many."""
    expired = list(db.session.scalars(sa.select(Job).where(Job.expires_at <= (now or utcnow()))))
    for job in expired:
        if job.result_path and os.path.exists(job.result_path):
            os.unlink(job.result_path)
        db.session.delete(job)
    db.session.commit()
    return len(expired)
