"""Large question files imported as a background job: read, checked and written by the job, all or nothing.

The job page shows its progress and, when the file is refused, every problem with its line.
"""

import os

from lms.extensions import db
from lms.models import Job, User
from lms.services import job_runs, question_import

KIND = "questions_import"
#: Uploads larger than this (bytes) are imported by a job with its progress on a page; smaller ones at once.
JOB_BYTES = 200 * 1024


def start(owner: User, text: str, fmt: str, bank: str, source: str, ip: str | None = None) -> Job:
    """Keep the uploaded text and hand its import to the job runner."""
    from lms import jobs

    job = job_runs.create(owner, KIND, {})
    path = os.path.join(job_runs.result_dir(), f"{job.uuid}.txt")
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
    job.params = {"source": path, "fmt": fmt, "bank": bank, "file": source, "ip": ip}
    db.session.commit()
    jobs.start(job)
    return job


def run(job: Job) -> None:
    """Import the kept file into its bank; if any question is wrong, nothing is written and each problem is listed."""
    params = job.params
    with open(params["source"], encoding="utf-8") as handle:
        text = handle.read()
    os.unlink(params["source"])
    report = question_import.import_file(
        text,
        params["fmt"],
        params["bank"],
        params["file"],
        db.session.get(User, job.owner_id),
        params.get("ip"),
        progress=lambda done, total: job_runs.progress(job, done, total),
    )
    if report.errors:
        for problem in report.errors:
            job_runs.add_error(job, str(problem.line), problem.message % problem.params)
        db.session.commit()  # nothing was written; the errors must outlive the rollback of the failure
        raise ValueError(f"{len(report.errors)} problems; nothing imported")
    job.params = {
        **params,
        "result": {
            "imported": report.imported,
            "new": report.new,
            "changed": report.changed,
            "skipped": [
                {"line": problem.line, "message": problem.message, "params": problem.params}
                for problem in report.skipped
            ],
        },
    }
