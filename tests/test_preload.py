"""The app is loaded once in gunicorn's master and the workers forked from it (lms/gunicorn_conf.py ``preload_app``).

That is safe only if the master holds no database connection when it forks (else the workers would share one
socket or SQLite file handle) and the workers' collector leaves the master's objects alone (``gc.freeze``).
Real gunicorn processes with the deployed settings, on SQLite and, when LMS_TEST_POSTGRES_URL is set, PostgreSQL.
"""

import gc
import secrets
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from lms import create_app
from lms.bench import bare_page, serve
from lms.domain import certificate_number
from lms.extensions import db
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="reads /proc/<pid>/fd")

ROOT = Path(__file__).resolve().parent.parent
needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="LMS_TEST_POSTGRES_URL is not set")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=needs_postgres)]
#: A well-formed certificate number no certificate has: /verify looks it up in the database and answers 404.
NUMBER = "234567892345" + certificate_number.check_character("234567892345")


def frozen_objects(_environ, start_response):
    """A WSGI app: how many objects its worker's collector holds frozen (``gc.get_freeze_count``)."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(gc.get_freeze_count()).encode()]


def _socket_ports() -> dict[str, int]:
    """Every TCP socket of this machine's network namespace: its inode and the port it is connected to."""
    ports = {}
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            ports[fields[9]] = int(fields[2].rsplit(":", 1)[1], 16)
    return ports


def connections(pid: int, url: str) -> set[str]:
    """The database connections process ``pid`` holds open: its descriptors of the SQLite file, or its sockets to
    the PostgreSQL port (by socket inode, so two processes sharing one inherited socket show the same)."""
    database = sa.make_url(url)
    links = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            links.add(fd.readlink().as_posix())
        except OSError:  # closed meanwhile
            continue
    if database.get_backend_name() == "sqlite":
        return {link for link in links if link.startswith(str(database.database))}
    ports = _socket_ports()
    sockets = {link[len("socket:[") : -1] for link in links if link.startswith("socket:[")}
    return {inode for inode in sockets if ports.get(inode) == (database.port or 5432)}


def _verify(base: str) -> int:
    """One look-up of an unknown certificate, from an address of its own (so no rate limit is reached)."""
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    request = urllib.request.Request(f"{base}/verify/{NUMBER}", headers={"X-Forwarded-For": address})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return answer.status
    except urllib.error.HTTPError as answer:
        return answer.code


def _upgraded(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {}})
    with app.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()


def _served_env(url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "LMS_DATABASE_URL": url,
        "LMS_REDIS_URL": "",
        "LMS_SECRET_KEY": "test-only-secret",
        "LMS_STORAGE_PATH": str(tmp_path),
        "LMS_PROXIES": "1",
    }


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_master_connects_to_nothing_and_each_worker_has_its_own_connection(new_database, tmp_path, backend):
    url = new_database(backend)
    _upgraded(url)
    with serve.gunicorn("lms:create_app()", _served_env(url, tmp_path), workers=2, chdir=ROOT) as server:
        workers = server.worker_pids()
        assert len(workers) == 2
        held: dict[int, set[str]] = {}
        with ThreadPoolExecutor(8) as pool:
            for _ in range(20):  # until the kernel has handed look-ups to both workers
                assert set(pool.map(lambda _: _verify(server.url), range(16))) == {404}
                held = {pid: connections(pid, url) for pid in workers}
                if all(held.values()):
                    break
        assert all(held.values()), held
        assert not connections(server.pid, url)
        if backend == "postgresql":  # an inherited socket would be one inode in both
            assert not held[workers[0]] & held[workers[1]]


def test_the_check_sees_a_connection_made_at_load(tmp_path):
    """The bare bench app queries its table when built: its master keeps that connection, the workers drop it."""
    url = f"sqlite:///{tmp_path}/bare.sqlite3"
    env = {"BENCH_BARE_DATABASE_URL": url}
    with serve.gunicorn("bare_page:create()", env, workers=2, chdir=Path(bare_page.__file__).parent) as server:
        assert connections(server.pid, url)
        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(lambda _: urllib.request.urlopen(server.url).status, range(40)))  # noqa: S310
        assert statuses == [200] * 40


def test_workers_are_forked_from_a_frozen_master():
    with serve.gunicorn("tests.test_preload:frozen_objects", {}, workers=1, chdir=ROOT) as server:
        frozen = int(urllib.request.urlopen(server.url).read())  # noqa: S310
    assert frozen > 10_000
