"""Start-up and memory: ``create_app`` with its imports, ``lms --help``, and a gunicorn worker's memory after load.

Each beside the same measured on the bare Flask + Flask-SQLAlchemy app of ``bare_page``: its imports and app,
``flask --help`` on it, and its worker after as many requests. Times are medians of ``LMS_BENCH_STARTS`` fresh
interpreters (default 5), run in turns with the baseline's so that both see the same machine.

The worker's memory is given three ways (/proc/<pid>/smaps_rollup): PSS, what the worker costs, splits the pages
it shares with the gunicorn master (``preload_app``) between them; RSS counts them whole in each; USS (private) is
what stopping the worker would give back. Both apps are served with lms/gunicorn_conf.py, so both are preloaded and
frozen. The master's PSS is given too: N workers cost the master's PSS plus N times a worker's (a little less, as
a page shared by more processes is split more ways).
"""

import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from lms.bench import bare_page, serve
from lms.bench.pages import ROLES
from lms.bench.report import Figure

BASELINE = "bare Flask + Flask-SQLAlchemy app"
HERE = Path(bare_page.__file__).resolve().parent
BIN = Path(sys.executable).parent
#: Importing and building each app in a fresh interpreter; prints the seconds it took.
TIMED = "import time; started = time.perf_counter()\n{build}\nprint(time.perf_counter() - started)"
#: Requests per role after sign-in, spread over its pages (the demo people and pages of the ``pages`` section).
REQUESTS = 300


def _environment(folder: str) -> dict[str, str]:
    """The environment of the child processes: a database of their own in ``folder``, no Redis."""
    env = {key: value for key, value in os.environ.items() if key not in ("LMS_REDIS_URL", "LMS_DATABASE_URL")}
    env.update(
        LMS_SECRET_KEY=env.get("LMS_SECRET_KEY", "bench-only-secret"),
        LMS_DATABASE_URL=f"sqlite:///{folder}/lms.sqlite3",
        BENCH_BARE_DATABASE_URL=f"sqlite:///{folder}/bare.sqlite3",
    )
    return env


def _seconds(command: list[str], env: dict[str, str], printed: bool) -> float:
    """Run ``command`` in this folder (where ``bare_page`` is importable): the seconds it printed, else its wall time."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=HERE, capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1]) if printed else time.perf_counter() - started


def _turns(ours: Callable[[], float], theirs: Callable[[], float], starts: int) -> tuple[float, float]:
    """Medians of ``starts`` runs of each, taken in turns."""
    mine, base = [], []
    for _ in range(starts):
        mine.append(ours())
        base.append(theirs())
    return statistics.median(mine), statistics.median(base)


def memory_mb(pid: int) -> dict[str, float]:
    """Memory of process ``pid`` in MB: ``rss``, ``pss`` and ``uss`` (its private pages)."""
    rollup = dict(re.findall(r"^(\w+):\s+(\d+) kB", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.MULTILINE))
    kb = {key: int(value) for key, value in rollup.items()}
    return {
        "rss": kb["Rss"] / 1024,
        "pss": kb["Pss"] / 1024,
        "uss": (kb["Private_Clean"] + kb["Private_Dirty"]) / 1024,
    }


def _served_mb(app: str, env: dict[str, str], load: Callable[[str], None]) -> tuple[dict[str, float], dict[str, float]]:
    """A one-worker gunicorn of ``app``, after ``load(base_url)``: its worker's memory and its master's (``memory_mb``)."""
    with serve.gunicorn(app, env, workers=1, chdir=HERE) as server:
        load(server.url)
        (worker,) = server.worker_pids()
        return memory_mb(worker), memory_mb(server.pid)


def _bare_load(url: str) -> None:
    for _ in range(REQUESTS * len(ROLES)):
        urllib.request.urlopen(url + "/").read()  # noqa: S310


def _lms_load(url: str) -> None:
    """Each demo role signs in and opens its main pages, ``REQUESTS`` requests each."""
    from lms.services.demo import PASSWORD

    for _role, employee_no, paths in ROLES:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = opener.open(url + "/login").read().decode()
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        data = urllib.parse.urlencode({"employee_no": employee_no, "password": PASSWORD, "csrf_token": token})
        opener.open(url + "/login", data.encode()).read()
        pages = [path for path in paths.split() if "{" not in path]
        for i in range(REQUESTS):
            opener.open(url + urllib.parse.quote(pages[i % len(pages)], safe="/?=")).read()


def startup() -> list[Figure]:
    """Start-up time, ``lms --help`` and worker memory, each beside the bare app's."""
    starts = int(os.environ.get("LMS_BENCH_STARTS", "5"))
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        env = _environment(folder)
        ours, base = _turns(
            lambda: _seconds([python, "-c", TIMED.format(build="import lms; lms.create_app()")], env, True),
            lambda: _seconds([python, "-c", TIMED.format(build="import bare_page; bare_page.create()")], env, True),
            starts,
        )
        help_ours, help_base = _turns(
            lambda: _seconds([str(BIN / "lms"), "--help"], env, False),
            lambda: _seconds([str(BIN / "flask"), "--app", "bare_page:create", "--help"], env, False),
            starts,
        )
        for step in (["db", "upgrade"], ["import-content"], ["seed-demo"]):
            subprocess.run([str(BIN / "lms"), *step], env=env, capture_output=True, check=True)
        worker, master = _served_mb("lms:create_app()", env, _lms_load)
        bare_worker, bare_master = _served_mb("bare_page:create()", env, _bare_load)
    return [
        Figure("startup", "import lms + create_app()", ours * 1000, "ms", BASELINE, base * 1000),
        Figure("startup", "lms --help (wall)", help_ours * 1000, "ms", "flask --help on it", help_base * 1000),
        *(
            Figure(
                "startup",
                f"gunicorn worker {measure.upper()} after {len(ROLES) * REQUESTS} page requests of 4 roles",
                worker[measure],
                "MB",
                "its worker after as many",
                bare_worker[measure],
                "target < 80 MB" if measure == "pss" else "",
            )
            for measure in ("pss", "rss", "uss")
        ),
        Figure(
            "startup",
            "gunicorn master PSS (its one worker's share apart)",
            master["pss"],
            "MB",
            "its master",
            bare_master["pss"],
        ),
    ]
