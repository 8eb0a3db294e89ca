"""One way to run background work: an RQ queue on Redis when ``LMS_REDIS_URL`` is set, this process otherwise.

Two forms: ``enqueue`` runs a plain function of ids (now, when there is no Redis); ``start`` runs a stored
``Job`` (lms/models/jobs.py) whose progress and result its page reads, in a thread when there is no Redis.
A job is a plain function of ids that is safe to run twice (it checks what is already done), so a
retry, a second worker or the sweep command can never do the work twice.
"""

import importlib
import logging
import threading
from collections.abc import Callable

from flask import Flask, current_app

log = logging.getLogger(__name__)

#: Failed RQ jobs are retried after these many seconds (then left to ``lms sweep-awards``).
RETRY_INTERVALS = [10, 60, 300]


def queue():
    """The RQ queue named by ``RQ_QUEUE`` on ``REDIS_URL``."""
    from redis import Redis
    from rq import Queue

    return Queue(current_app.config["RQ_QUEUE"], connection=Redis.from_url(current_app.config["REDIS_URL"]))


def enqueue(job: Callable[..., object], *args) -> None:
    """Run ``job(*args)`` on an RQ worker when Redis is configured, else now; a failure here is logged, not raised."""
    if current_app.config.get("REDIS_URL"):
        from rq import Retry

        queue().enqueue(job, *args, retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS))
        return
    try:
        job(*args)
    except Exception:  # recorded by the job itself; the sweep retries it
        log.exception("job %s%r failed", job.__name__, args)


#: Stored job kinds and the function (``module:name``, taking the Job) that does each.
KINDS = {
    "certificates_zip": "lms.services.certificate_zip:build",
    "award_retry": "lms.services.awards:retry_job",
    "users_import": "lms.services.user_import_job:run",
    "questions_import": "lms.services.question_import_job:run",
}


def start(job) -> None:
    """Run a stored job: on an RQ worker when Redis is configured, else in a thread of this process."""
    if current_app.config.get("REDIS_URL"):
        from rq import Retry

        queue().enqueue(run, job.id, job_id=job.uuid, retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS))
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    threading.Thread(target=_in_thread, args=(app, job.id), name=f"job-{job.uuid}", daemon=True).start()


def run(job_id: int) -> None:
    """Do a stored job (an RQ worker calls this inside the app context); a finished job is left alone."""
    from lms.extensions import db
    from lms.models import Job
    from lms.services import job_runs

    job = db.session.get(Job, job_id)
    if job is None:
        return
    module, name = KINDS[job.kind].split(":")
    job_runs.execute(job_id, getattr(importlib.import_module(module), name))


def _in_thread(app: Flask, job_id: int) -> None:
    """Run a job in its own app context and session, which are closed afterwards."""
    from lms.extensions import db

    with app.app_context():
        try:
            run(job_id)
        except Exception:  # execute() records failures on the job; this is only the last resort
            log.exception("job %s crashed", job_id)
        finally:
            db.session.remove()


def work(burst: bool = False) -> None:
    """Process the queue in this process, inside the app context (``lms worker``; no fork, so no shared connections)."""
    from rq import SimpleWorker

    from lms.extensions import db

    worker = SimpleWorker([queue()], connection=queue().connection)
    worker.push_exc_handler(lambda *_args: db.session.rollback() or True)
    worker.work(burst=burst, with_scheduler=True)
