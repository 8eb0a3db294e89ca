"""Several hosts: migrations run once, and two app servers with two RQ workers share one PostgreSQL and one Redis.

The servers are real gunicorn processes on two ports and the workers real ``lms worker`` processes, all given
the same settings a second machine would get (docs/DEPLOY.md): a session made on one server is valid on the
other, a rate limit counts requests to both, and a bulk job started on one is finished by a worker and shown
by both. They run on PostgreSQL only, so `make test` runs them when LMS_TEST_POSTGRES_URL is set (CI sets it).
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import sqlalchemy as sa

from lms import create_app
from lms.extensions import db
from lms.models import Role, User
from tests.conftest import CSRF_FIELD, POSTGRES_URL
from tests.factories import PASSWORD, make_user

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: A Redis database no other test uses (the rate-limit and award tests use 15).
REDIS_URL = "redis://127.0.0.1:6379/13"
#: How long a process may take to answer, or a job to finish.
PATIENCE = 40

needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="LMS_TEST_POSTGRES_URL is not set")


def settings(database: str, **more: str) -> dict[str, str]:
    """The environment of one process: this one's, with the database and ``more`` settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LMS_")}
    return {**env, "LMS_DATABASE_URL": database, **more}


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def test_two_upgrades_at_once_both_succeed_and_build_the_schema_once(new_database, backend):
    url = new_database(backend)
    upgrades = [
        subprocess.Popen(
            [str(BIN / "lms"), "db", "upgrade"], env=settings(url), cwd=ROOT, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    for upgrade in upgrades:
        _, errors = upgrade.communicate(timeout=120)
        assert upgrade.returncode == 0, errors
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {}})
    with app.app_context():
        from alembic.script import ScriptDirectory

        heads = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config()).get_heads()
        assert db.session.scalars(sa.text("SELECT version_num FROM alembic_version")).all() == heads
        assert set(sa.inspect(db.engine).get_table_names()) == {*db.metadata.tables, "alembic_version"}
        db.session.remove()
        db.engine.dispose()


def redis_or_skip():
    """The test Redis; skipped when none runs, except in CI (which has one on 127.0.0.1)."""
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    connection = Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except RedisDown:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    return connection


def free_port() -> int:
    """A TCP port nothing listens on at the moment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Processes:
    """Started processes, each logging to a file, all stopped at the end."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.running: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], env: dict[str, str]) -> None:
        with open(self.folder / f"{name}.log", "w") as log:
            process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        self.running.append((name, process))

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text()

    def check(self) -> None:
        """Fail, with its log, if a process has stopped."""
        for name, process in self.running:
            assert process.poll() is None, f"{name} stopped:\n{self.log(name)[-3000:]}"

    def stop(self) -> None:
        for _name, process in self.running:
            process.send_signal(signal.SIGTERM)
        for _name, process in self.running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


class Browser:
    """One browser (one cookie jar) behind the load balancer, which says the client's address in X-Forwarded-For."""

    def __init__(self, address: str, cookies: CookieJar | None = None):
        self.address = address
        self.cookies = CookieJar()
        for cookie in cookies or []:
            self.cookies.set_cookie(cookie)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects())

    def request(self, url: str, data: bytes | None = None, content_type: str | None = None) -> tuple[int, str, str]:
        """Status, body and Location of one request (redirects are not followed)."""
        headers = {"X-Forwarded-For": self.address, **({"Content-Type": content_type} if content_type else {})}
        try:
            with self.opener.open(urllib.request.Request(url, data=data, headers=headers), timeout=PATIENCE) as answer:
                return answer.status, answer.read().decode(), answer.headers.get("Location", "")
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(), answer.headers.get("Location", "")

    def token(self, url: str) -> str:
        """The CSRF token of the form on ``url``."""
        status, body, _ = self.request(url)
        match = CSRF_FIELD.search(body)
        assert status == 200 and match, (url, status)
        return match.group(1)

    def post_form(self, url: str, fields: dict[str, str]) -> tuple[int, str, str]:
        return self.request(url, urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def post_file(self, url: str, fields: dict[str, str], name: str, filename: str, content: bytes):
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()
        ]
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        body = "".join(parts).encode() + head.encode() + b"Content-Type: text/csv\r\n\r\n" + content
        return self.request(url, body + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}")


def wait_until_serving(processes: Processes, base: str) -> None:
    """Wait until the server at ``base`` answers its sign-in page."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        processes.check()
        try:
            with urllib.request.urlopen(f"{base}/login", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not answer within {PATIENCE} s")


def people_csv(count: int) -> bytes:
    """The HR system's file with ``count`` new agents in one new team."""
    lines = ["工号,姓名,入职日期,团队,角色"] + [f"H{n:04d},多机员工{n},2025-03-01,多机一组,客服" for n in range(count)]
    return "\n".join(lines).encode()


def wait_for_job(processes: Processes, browser: Browser, url: str) -> dict:
    """Poll a job's state until it is finished."""
    import json

    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        processes.check()
        status, body, _ = browser.request(url + ".json")
        assert status == 200, body[:300]
        state = json.loads(body)
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.2)
    raise AssertionError(f"the job at {url} did not finish within {PATIENCE} s")


@needs_postgres
def test_two_servers_and_two_workers_share_sessions_limits_and_jobs(new_database, tmp_path):
    from flask_migrate import upgrade
    from rq import Queue, Worker
    from rq.job import Job as RqJob

    from lms.services import user_import_job

    redis = redis_or_skip()
    url = new_database("postgresql")
    queue_name = f"lms-hosts-{uuid.uuid4().hex}"
    # what every host gets (docs/DEPLOY.md): one database, one Redis, one secret key, one shared storage folder
    env = settings(
        url,
        LMS_REDIS_URL=REDIS_URL,
        LMS_SECRET_KEY=secrets.token_hex(32),
        LMS_STORAGE_PATH=str(tmp_path / "storage"),
        LMS_RQ_QUEUE=queue_name,
        LMS_PROXIES="1",
        WEB_CONCURRENCY="1",
    )
    ports = free_port(), free_port()
    servers = [f"http://127.0.0.1:{port}" for port in ports]
    processes = Processes(tmp_path)
    # addresses of this run only, so the limits counted in Redis are this test's alone
    subnet = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    try:
        for name, port in zip("ab", ports, strict=True):
            processes.start(
                f"web-{name}", [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "lms:create_app()"], env
            )
        for name in ("1", "2"):
            processes.start(f"worker-{name}", [str(BIN / "lms"), "worker"], env)
        # while they start (nothing reads the database before the first request or job): the schema and an admin
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {}})
        with app.app_context():
            upgrade()
            make_user("H9001", "多机管理员", Role.ADMIN)
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        for base in servers:
            wait_until_serving(processes, base)
        a, b = servers

        # a session made on one server is valid on the other (the CSRF token of A's form is accepted by B)
        admin = Browser(f"{subnet}.1")
        status, _, location = admin.post_form(
            f"{b}/login", {"employee_no": "H9001", "password": PASSWORD, "csrf_token": admin.token(f"{a}/login")}
        )
        assert status == 302 and not location.endswith("/login"), location
        for base in servers:
            status, body, _ = admin.request(f"{base}/admin/users")
            assert status == 200 and "多机管理员" in body

        # signing out on B ends the session on A too, even for a copy of the cookie (its version is in the database)
        copy = Browser(admin.address, admin.cookies)
        assert admin.post_form(f"{b}/logout", {"csrf_token": admin.token(f"{b}/password")})[0] == 302
        status, _, location = copy.request(f"{a}/admin/users")
        assert status == 302 and "/login" in location
        admin.post_form(
            f"{a}/login", {"employee_no": "H9001", "password": PASSWORD, "csrf_token": admin.token(f"{a}/login")}
        )

        # a rate limit counts the requests to both servers: /verify allows 30 a minute per address
        visitor = Browser(f"{subnet}.2")
        statuses = [visitor.request(f"{servers[n % 2]}/verify/2345678923456")[0] for n in range(30)]
        assert statuses == [404] * 30
        assert [visitor.request(f"{base}/verify/2345678923456")[0] for base in servers] == [429, 429]
        assert Browser(f"{subnet}.3").request(f"{a}/verify/2345678923456")[0] == 404  # another address: its own count

        # a bulk job started on A is done by one of the workers, and both servers show its result
        count = user_import_job.JOB_ROWS + 1
        status, body, location = admin.post_file(
            f"{a}/admin/import",
            {"csrf_token": admin.token(f"{a}/admin/import")},
            "file",
            "people.csv",
            people_csv(count),
        )
        assert status == 302 and "/jobs/" in location, body[:500]
        key = location.rsplit("/", 1)[1]
        assert wait_for_job(processes, admin, f"{b}/jobs/{key}")["status"] == "done"
        for base in servers:
            status, body, _ = admin.request(f"{base}/jobs/{key}")
            assert status == 200 and f"新建 {count} 人" in body
            assert "多机员工0" in admin.request(f"{base}/admin/users?q={urllib.parse.quote('多机员工0')}")[1]
        workers = {worker.name for worker in Worker.all(queue=Queue(queue_name, connection=redis))}
        assert len(workers) == 2
        assert RqJob.fetch(key, connection=redis).worker_name in workers
        with app.app_context():
            assert db.session.scalar(sa.select(sa.func.count(User.id)).where(User.name.like("多机员工%"))) == count
            db.session.remove()
            db.engine.dispose()
    finally:
        processes.stop()
        Queue(queue_name, connection=redis).delete(delete_jobs=True)
        for pattern in (f"*{subnet}.*", f"*{queue_name}*"):  # the finished job's own key expires by itself
            for key in redis.scan_iter(pattern):
                redis.delete(key)
