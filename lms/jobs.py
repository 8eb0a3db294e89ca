"""One way to run background work: an RQ queue on Redis when ``LMS_REDIS_URL`` is set, this process otherwise.

A job is a plain function of ids that is safe to run twice (it checks what is already done), so a
retry, a second worker or the sweep command can never do the work twice.
"""

import logging
from collections.abc import Callable

from flask import current_app

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


def work(burst: bool = False) -> None:
    """Process the queue in this process, inside the app context (``lms worker``; no fork, so no shared connections)."""
    from rq import SimpleWorker

    from lms.extensions import db

    worker = SimpleWorker([queue()], connection=queue().connection)
    worker.push_exc_handler(lambda *_args: db.session.rollback() or True)
    worker.work(burst=burst, with_scheduler=True)
