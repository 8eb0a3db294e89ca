"""Each role's main pages on the demo data, in process, beside a bare Flask page that runs one query for 25 rows.

The demo data (``lms seed-demo`` on the repository's content) is built in a temporary SQLite database. Each page is
requested ``LMS_BENCH_PAGE_RUNS`` times (default 30) after a warm-up, in turns with the bare page; the figures are
the least CPU time of a request (``time.process_time``), with the number of SQL statements one request runs.
"""

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from lms.bench import bare_page
from lms.bench.report import Figure

BASELINE = "bare Flask page, 1 query, 25 rows"
#: The demo people (lms.services.demo) of each role, and the pages they open most.
AGENT = "D3003"
ROLES = [
    ("agent", AGENT, "/ /courses /courses/{module} /courses/{module}/1 /level /exams /my/assignments /drills"),
    ("supervisor", "D1001", "/supervisor/ /team /supervisor/progress /supervisor/exams /team/people/{person}"),
    ("HR", "D2001", "/people /people?q=王 /hr/people/{person} /hr/levels /hr/training /hr/certificates"),
    ("admin", "D9001", "/admin/users /admin/teams /admin/audit /banks/"),
]


def _cpu_ms(get: Callable[[], object], bare: Callable[[], object], runs: int) -> tuple[float, float]:
    """The least CPU time of ``get`` and of ``bare`` in milliseconds, called in turns ``runs`` times after a warm-up.

    CPU time (``time.process_time``), the least of the runs, in turns: the machine is shared, and its load changes
    from one second to the next; the least CPU time of a request is what other work on the machine moves least.
    """
    for _ in range(3):
        get()
        bare()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for call, seen in ((get, times[0]), (bare, times[1])):
            started = time.process_time()
            call()
            seen.append(time.process_time() - started)
    return min(times[0]) * 1000, min(times[1]) * 1000


def demo_app(folder: str) -> Flask:
    """The app on a new SQLite database in ``folder`` with the repository's content and the demo data."""
    from flask_migrate import upgrade

    from lms import create_app
    from lms.services import content, demo

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/demo.sqlite3",
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        assert not content.import_content(Path(app.config["CONTENT_DIR"])).problems
        demo.seed()
    return app


def signed_in(app: Flask, employee_no: str) -> FlaskClient:
    """A test client signed in as ``employee_no`` with the demo password."""
    from lms.services import demo

    client = app.test_client()
    answer = client.post("/login", data={"employee_no": employee_no, "password": demo.PASSWORD})
    assert answer.status_code == 302, f"sign-in of {employee_no} failed"
    return client


def _statements(app: Flask, get: Callable[[], object]) -> int:
    """How many SQL statements one call of ``get`` runs."""
    from lms.extensions import db

    seen = []
    with app.app_context():
        engine = db.engine
    listener = lambda *_args: seen.append(1)  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        get()
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def pages() -> list[Figure]:
    """CPU time and statements of each role's main pages, beside the bare one-query page."""
    from lms.extensions import db
    from lms.models import Module, User

    runs = int(os.environ.get("LMS_BENCH_PAGE_RUNS", "30"))
    bare = bare_page.create().test_client()
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        app = demo_app(folder)
        with app.app_context():
            module = db.session.scalar(sa.select(Module.slug).where(Module.active.is_(True)).order_by(Module.slug))
            person = db.session.scalar(sa.select(User.id).where(User.employee_no == AGENT))
        for role, employee_no, paths in ROLES:
            client = signed_in(app, employee_no)
            for path in paths.split():
                url = path.format(module=module, person=person)

                def get(url=url, client=client):
                    answer = client.get(url)
                    assert answer.status_code == 200, f"{url}: {answer.status_code}"

                elapsed, base = _cpu_ms(get, lambda: bare.get("/"), runs)
                count = _statements(app, get)
                name = f"{role} {path}"
                figures.append(Figure("pages", name, elapsed, "ms", BASELINE, base, f"{count} statements"))
        with app.app_context():
            db.engine.dispose()
    return figures
