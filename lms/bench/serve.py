"""Serving a WSGI app with gunicorn on a free local port, and throwaway databases to serve it on, for load benches."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

#: The bench's PostgreSQL database: made afresh for each run, never the tests' database.


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Server:
    """A running gunicorn: its base URL and master process."""

    url: str
    pid: int

    def worker_pids(self) -> list[int]:
        """Its workers' process ids."""
        return [int(pid) for pid in Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()]

    def cpu_seconds(self) -> float:
        """CPU time (user + system) its workers have used so far: beside a request count, the cost of a request."""
        ticks = 0
        for child in self.worker_pids():
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime (proc(5), counted after the name)
        return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def gunicorn(
    app: str,
    env: dict[str, str],
    workers: int = 2,
    worker_class: str = "sync",
    chdir: Path | None = None,
    log: Path | None = None,
) -> Iterator[Server]:
    """Serve ``app`` (gunicorn's ``module:callable()``, imported from ``chdir`` if given) on a free port until the
    block ends, with the settings ``make run`` and the deployment use (lms/gunicorn_conf.py); gunicorn's own log
    (warnings and worse, e.g. WORKER TIMEOUT) goes to ``log`` if given.
    """
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "python:lms.gunicorn_conf", "--workers", str(workers)]
    command += ["--worker-class", worker_class, "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    command += (["--error-logfile", str(log)] if log else []) + (["--chdir", str(chdir)] if chdir else []) + [app]
    server = subprocess.Popen(command, env={**os.environ, **env, "WEB_CONCURRENCY": str(workers)})
    try:
        _wait_for(port, server)
        served = Server(f"http://127.0.0.1:{port}", server.pid)
        _wait_for_workers(served, workers)
        yield served
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_for(port: int, server: subprocess.Popen, timeout: float = 120) -> None:
    """Return once the server answers HTTP (any status): its workers have loaded the app, not only bound the port."""
    give_up = time.monotonic() + timeout
    while time.monotonic() < give_up:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode} before answering")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=timeout).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout:.0f} s")


def _wait_for_workers(server: Server, workers: int, timeout: float = 30) -> None:
    """Return once all ``workers`` are forked: one answering worker does not mean the others are up on a busy
    machine, and a bench or test that counts them would see too few."""
    give_up = time.monotonic() + timeout
    while len(server.worker_pids()) < workers:
        if time.monotonic() > give_up:
            raise RuntimeError(f"gunicorn has {len(server.worker_pids())} of {workers} workers after {timeout:.0f} s")
        time.sleep(0.1)


def postgres_url() -> str | None:
    """The PostgreSQL server of LMS_TEST_POSTGRES_URL (None when unset): the bench makes its own database there."""
    return os.environ.get("LMS_TEST_POSTGRES_URL") or None


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A throwaway, empty database of ``kind`` (a file under a temporary folder, or a PostgreSQL database of its
    own on the server of LMS_TEST_POSTGRES_URL, dropped afterwards); its URL."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="lms-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        return
    import psycopg

    server = sa.engine.make_url(os.environ["LMS_TEST_POSTGRES_URL"])
    name = f"lms_bench_{os.getpid()}"
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def databases() -> Iterator[tuple[str, str]]:
    """``(label, url)`` of an empty SQLite file, then of an empty PostgreSQL database when LMS_TEST_POSTGRES_URL is
    set; each is removed when the loop moves on (or ends)."""
    for kind, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        if kind == "postgresql" and not postgres_url():
            return
        with database(kind) as url:
            yield label, url
