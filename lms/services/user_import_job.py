"""Large user imports as a background job: checked at upload (all or nothing, errors by line), written by the job.

The uploaded file is kept (mode 0600, it holds personal data) only until the job has read it.
"""

import os

from lms import timeutil
from lms.domain import user_csv
from lms.extensions import db
from lms.models import Job, User
from lms.services import job_runs, users

KIND = "users_import"
#: Files with more rows than this are written by a job with its progress on a page; smaller ones at once.
JOB_ROWS = 500


def start(owner: User, text: str, ip: str | None = None) -> Job:
    """Keep the checked file and hand its import to the job runner."""
    from lms import jobs

    job = job_runs.create(owner, KIND, {})
    path = os.path.join(job_runs.result_dir(), f"{job.uuid}.csv")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    job.params = {"source": path, "ip": ip}
    db.session.commit()
    jobs.start(job)
    return job


def run(job: Job) -> None:
    """Check the file again (people may have changed since the upload) and import every row, or none."""
    source = job.params["source"]
    with open(source, encoding="utf-8") as handle:
        text = handle.read()
    os.unlink(source)
    rows, errors = user_csv.parse(text, timeutil.today())
    errors = errors or users.conflicts(rows)
    if errors:
        for problem in errors:
            job_runs.add_error(job, str(problem.line), problem.message % problem.params)
        raise ValueError(f"{len(errors)} rows refused; nothing imported")
    job_runs.progress(job, 0, len(rows))
    result = users.import_users(rows, actor=db.session.get(User, job.owner_id), ip=job.params.get("ip"))
    job.params = {
        **job.params,
        "result": {
            "created": len(result.created),
            "updated": len(result.updated),
            "unchanged": result.unchanged,
            "teams_created": result.teams_created,
        },
    }
    job_runs.progress(job, len(rows))
