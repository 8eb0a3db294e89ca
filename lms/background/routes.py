"""A background job's page: a progress bar that a small script keeps current, then the download and any errors."""

from flask import Blueprint, abort, jsonify, render_template, send_file, url_for
from flask_login import current_user

from lms.domain.states import JobStatus
from lms.security import signed_in
from lms.services import job_runs

bp = Blueprint("background", __name__)


def _state(job) -> dict:
    """What the page and its script show of a job."""
    percent = 100 if job.status == JobStatus.DONE else (100 * job.done // job.total if job.total else 0)
    ready = job.status == JobStatus.DONE and job.result_path
    return dict(
        status=job.status,
        done=job.done,
        total=job.total,
        percent=percent,
        errors=len(job.errors),
        download=url_for("background.download", key=job.uuid) if ready else None,
    )


@bp.route("/jobs/<key>")
@signed_in
def job(key: str):
    """The job's progress (read from the database, so a reload shows where it is)."""
    found = job_runs.of_owner(current_user, key) or abort(404)
    return render_template("jobs/job.html", job=found, state=_state(found), JobStatus=JobStatus)


@bp.route("/jobs/<key>.json")
@signed_in
def job_state(key: str):
    """The job's progress for the page's script."""
    found = job_runs.of_owner(current_user, key) or abort(404)
    return jsonify(_state(found))


@bp.route("/jobs/<key>/download")
@signed_in
def download(key: str):
    """The finished job's file."""
    found = job_runs.of_owner(current_user, key) or abort(404)
    if found.status != JobStatus.DONE or not found.result_path:
        abort(404)
    return send_file(found.result_path, as_attachment=True, download_name=f"certificates-{found.uuid[:8]}.zip")
