"""Background jobs: the bulk certificate ZIP in a thread and on a real Redis, scoped to its owner, kept for a day."""

import io
import time
import uuid
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms import jobs
from lms.extensions import db
from lms.models import Certificate, Job, User
from lms.services import certificate_zip, certificates, job_runs, records
from lms.timeutil import utcnow
from tests.web.test_hr_records import holders, team_id  # noqa: F401
from tests.web.test_scope import world  # noqa: F401


@pytest.fixture
def jobs_dir(app, tmp_path, monkeypatch):
    """Result files in a temporary folder."""
    monkeypatch.setitem(app.config, "JOBS_DIR", str(tmp_path / "jobs"))
    return tmp_path / "jobs"


def wait_done(client, location: str) -> dict:
    """Poll the job's JSON until it is finished; its last state."""
    for _ in range(200):
        state = client.get(location + ".json").get_json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.05)
    raise AssertionError(f"job never finished: {state}")


def zip_names(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    data = response.get_data()
    response.close()
    return set(zipfile.ZipFile(io.BytesIO(data)).namelist())


def start(auth, client, query: str) -> str:
    csrf = client.get(f"/hr/certificates?{query}").get_data(as_text=True)
    token = csrf.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(f"/hr/certificates/zip?{query}", data={"csrf_token": token})
    assert response.status_code == 302 and "/jobs/" in response.location, response.get_data(as_text=True)[:300]
    return response.location


def test_hr_zips_the_filtered_certificates_in_a_thread_rendering_missing_pdfs(
    app,
    client,
    auth,
    holders,  # noqa: F811
    jobs_dir,
    monkeypatch,
):
    with app.app_context():  # one PDF not yet rendered (rendered by the job), one that fails to render
        db.session.execute(sa.update(Certificate).where(Certificate.number == holders["valid"]).values(pdf=None))
        db.session.execute(sa.update(Certificate).where(Certificate.number == holders["expiring"]).values(pdf=None))
        db.session.commit()

    def render(page):
        if holders["expiring"] in page:  # the page carries its certificate's number
            raise RuntimeError("no fonts")
        return b"%PDF-1.4 rendered"

    monkeypatch.setattr(certificates, "page_pdf", render)
    auth.login("T1")
    location = start(auth, client, "")
    page = client.get(location).get_data(as_text=True)
    assert 'data-test="job"' in page
    state = wait_done(client, location)
    assert state["status"] == "done" and state["percent"] == 100 and state["total"] == 4 and state["errors"] == 2
    names = zip_names(client, state["download"])
    assert names == {f"certificate-{holders[k]}.pdf" for k in ("valid", "expired")}
    page = client.get(location).get_data(as_text=True)  # after a reload: the errors, and still the download
    assert holders["expiring"] in page and "no fonts" in page and holders["revoked"] in page
    with app.app_context():
        assert db.session.scalar(sa.select(Certificate.pdf).where(Certificate.number == holders["valid"]))


def test_the_zip_job_runs_on_a_real_redis_worker(app, client, auth, holders, jobs_dir, monkeypatch):  # noqa: F811
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setitem(app.config, "RQ_QUEUE", f"test-{uuid.uuid4().hex}")
    auth.login("T1")
    location = start(auth, client, f"team={team_id(app, '北区')}")
    assert client.get(location + ".json").get_json()["status"] == "queued"
    with app.app_context():
        jobs.work(burst=True)
        jobs.queue().delete(delete_jobs=True)
    state = wait_done(client, location)
    assert state["status"] == "done" and state["total"] == 2
    assert zip_names(client, state["download"]) == {f"certificate-{holders[k]}.pdf" for k in ("valid", "expiring")}


def test_a_job_holds_only_its_owners_scope_and_only_they_see_it(app, client, auth, world, jobs_dir):  # noqa: F811
    with app.app_context():
        supervisor = db.session.get(User, world.users["SA"])
        job = job_runs.create(
            supervisor, certificate_zip.KIND, {"criteria": certificate_zip.criteria_params(records.Criteria())}
        )
        job_runs.execute(job.id, certificate_zip.build)
        job = db.session.get(Job, job.id)
        names = set(zipfile.ZipFile(job.result_path).namelist())
        key = job.uuid
    assert names == {f"certificate-{world.certificates[k]}.pdf" for k in ("A1",)}  # not A3 (inactive) nor B1
    auth.login(world.numbers["SB"])
    assert client.get(f"/jobs/{key}").status_code == 404
    assert client.get(f"/jobs/{key}/download").status_code == 404
    assert client.post("/hr/certificates/zip").status_code in (400, 403)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Job.id))) == 1


def test_jobs_and_their_files_are_removed_after_a_day(app, people, jobs_dir):
    with app.app_context():
        owner = db.session.scalar(sa.select(User).where(User.employee_no == "T1"))
        job = job_runs.create(owner, certificate_zip.KIND, {"criteria": {}})
        job_runs.execute(job.id, certificate_zip.build)
        path = db.session.get(Job, job.id).result_path
        assert job_runs.remove_expired() == 0
        assert job_runs.remove_expired(utcnow() + timedelta(days=1, minutes=1)) == 1
        assert not (jobs_dir / path.split("/")[-1]).exists()
        job_runs.execute(job.id, certificate_zip.build)  # a retry of a removed job does nothing
