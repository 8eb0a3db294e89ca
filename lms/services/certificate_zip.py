"""HR's bulk download: the filtered certificates' PDFs in one ZIP, built by a background job with progress."""

import os
import zipfile
from datetime import date

from lms.domain.states import CertificateFilter, CertificateStatus
from lms.extensions import db
from lms.models import Certificate, Job, User
from lms.services import audit, certificates, job_runs, records

KIND = "certificates_zip"
#: Progress is stored after this many certificates (and at the end).
PROGRESS_EVERY = 5


def criteria_params(criteria: records.Criteria) -> dict:
    """The search criteria as plain values to store on the job."""
    return {
        "q": criteria.q,
        "team_id": criteria.team_id,
        "level": criteria.level,
        "status": criteria.status.value if criteria.status else None,
        "dates": criteria.dates,
        "date_from": criteria.date_from.isoformat() if criteria.date_from else None,
        "date_to": criteria.date_to.isoformat() if criteria.date_to else None,
    }


def criteria_from(params: dict) -> records.Criteria:
    """The search criteria stored on a job."""
    day = date.fromisoformat
    return records.Criteria(
        q=params.get("q") or "",
        team_id=params.get("team_id"),
        level=params.get("level"),
        status=CertificateFilter(params["status"]) if params.get("status") else None,
        dates=params.get("dates") or records.ISSUED,
        date_from=day(params["date_from"]) if params.get("date_from") else None,
        date_to=day(params["date_to"]) if params.get("date_to") else None,
    )


def start(owner: User, criteria: records.Criteria, ip: str | None = None) -> Job:
    """Create the ZIP job for ``owner``'s search and hand it to the runner; audited like an export."""
    from lms import jobs

    params = criteria_params(criteria)
    job = job_runs.create(owner, KIND, {"criteria": params})
    filters = {key: value for key, value in params.items() if value not in (None, "")}
    audit.record(
        "export.download", owner, obj=job, detail={"list": KIND, "format": "zip", "filter": filters, "rows": 0}, ip=ip
    )
    db.session.commit()
    jobs.start(job)
    return job


def build(job: Job) -> None:
    """Put each certificate's PDF in the ZIP, rendering those not yet rendered; one that fails is noted and skipped."""
    viewer = db.session.get(User, job.owner_id)
    if viewer is None:
        raise LookupError("the job's owner no longer exists")
    found = db.session.scalars(records.search(viewer, criteria_from(job.params["criteria"])))
    wanted = [(certificate.id, certificate.number) for certificate in found]
    job_runs.progress(job, 0, len(wanted))
    path = os.path.join(job_runs.result_dir(), f"{job.uuid}.zip")
    partial = path + ".part"
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
        for index, (certificate_id, number) in enumerate(wanted, start=1):
            _add(archive, job, certificate_id, number)
            if index % PROGRESS_EVERY == 0 or index == len(wanted):
                job_runs.progress(job, index)
    os.replace(partial, path)
    job.result_path = path


def _add(archive: zipfile.ZipFile, job: Job, certificate_id: int, number: str) -> None:
    """One certificate's PDF into the archive, or an error on the job."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.revoked_at is not None:
        job_runs.add_error(job, number, CertificateStatus.REVOKED)
        return
    try:
        pdf = certificates.pdf_of(certificate)
    except Exception as error:  # noted on the certificate too; the rest go on
        job_runs.add_error(job, number, f"{type(error).__name__}: {error}"[:300])
        return
    archive.writestr(f"certificate-{number}.pdf", pdf or b"")
