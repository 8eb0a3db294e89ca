"""Figures on the data at scale (lms.bench.data), on SQLite and, with LMS_TEST_POSTGRES_URL, on PostgreSQL.

Each database is built once, then measured: the build itself, the level engine for every agent from the
database, HR's 100,000-row certificate export, the supervisor dashboard of a 200-agent team and HR's searches.
"""

import os
import random
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from lms.bench import bare_page, data, engine, serve
from lms.bench.export import measured, plain_csv
from lms.bench.report import Figure
from lms.domain import levels

ROOT = Path(__file__).resolve().parents[2]
#: Requests timed per page (after one untimed); the figure is their median.
RUNS = 7


@contextmanager
def counting(bind: sa.Engine) -> Iterator[list[str]]:
    """The SQL statements run on ``bind`` while the block runs."""
    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    sa.event.listen(bind, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        sa.event.remove(bind, "before_cursor_execute", listener)


def median_get(client: FlaskClient, path: str, bind: sa.Engine) -> tuple[float, int]:
    """The median time of GET ``path`` in ms (after one untimed request), and the statements one of them runs."""
    assert client.get(path).status_code == 200, path
    times = []
    for _ in range(RUNS):
        with counting(bind) as seen:
            begin = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200, path
    return statistics.median(times), len(seen)


def bare_page_ms(url: str) -> tuple[float, int]:
    """The baseline page (``bare_page``: one query, a 25-row table) on the same database server."""
    bind = sa.create_engine(url)
    try:
        return median_get(bare_page.create(url).test_client(), "/", bind)
    finally:
        bind.dispose()


def _bare_inserts(kind: str, url: str, count: int) -> float:
    """Seconds to insert ``count`` narrow rows with one executemany into a table of their own (the build's baseline)."""
    rows = [{"id": i, "n": i % 1000, "t": "客服"} for i in range(1, count + 1)]
    with _bare_database(kind, url) as target:
        bind = sa.create_engine(target)
        if bind.dialect.name == "sqlite":
            sa.event.listen(bind, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA synchronous=OFF"))
        table = sa.Table(
            "bare",
            sa.MetaData(),
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("n", sa.Integer),
            sa.Column("t", sa.String(8)),
        )
        table.create(bind)
        begin = time.perf_counter()
        with bind.begin() as connection:
            connection.execute(table.insert(), rows)
        elapsed = time.perf_counter() - begin
        table.drop(bind)
        bind.dispose()
    return elapsed


@contextmanager
def _bare_database(kind: str, url: str) -> Iterator[str]:
    """Where the build's baseline inserts: a SQLite file of its own, or the same PostgreSQL database."""
    if kind == "sqlite":
        with serve.database(kind) as other:
            yield other
    else:
        yield url


def prepared(url: str) -> Flask:
    """The app on ``url``, migrated and with the repository's content imported (as ``lms db upgrade`` and
    ``lms import-content`` do)."""
    from flask_migrate import upgrade

    from lms import create_app
    from lms.services.content import import_content

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "CONTENT_DIR": str(ROOT),
        }
    )
    with app.app_context():
        upgrade()
        report = import_content(ROOT)
        assert not report.problems, report.problems
    return app


def _levels(app: Flask, kind: str, built: data.Built) -> Figure:
    """Every agent's standing from the database (users loaded, facts gathered, rules evaluated), beside the pure
    engine over as many synthetic agents."""
    from lms.extensions import db
    from lms.models import Role, User
    from lms.services import levels as level_service

    with app.app_context():
        rules = level_service.rules()  # parsed once and cached, as in a running worker
        with counting(db.engine) as seen:
            begin = time.perf_counter()
            users = list(db.session.scalars(sa.select(User).where(User.role.in_([Role.AGENT, Role.NEW_HIRE]))))
            standings = level_service.evaluate_many(users, built.today)
            elapsed = time.perf_counter() - begin
    population = engine.agents(len(users), built.today, random.Random(7))
    begin = time.perf_counter()
    for facts in population:
        levels.evaluate(facts, rules)
    pure = time.perf_counter() - begin
    ready = sum(1 for standing in standings.values() if standing.ready_for_exam)
    return Figure(
        "scale",
        f"level engine, {len(users):,} agents from the database [{kind}]",
        elapsed,
        "s",
        "pure engine, as many agents",
        pure,
        f"{len(seen)} statements; {ready:,} ready for their next exam",
    )


def _export(app: Flask, kind: str, built: data.Built) -> list[Figure]:
    """HR's certificate export (every certificate, CSV) through the app's export service, beside csv.writer of the
    same rows fetched by one SELECT."""
    from lms.extensions import db
    from lms.models import Certificate, LevelAward, Team, User
    from lms.services import export_tables, exports, records

    header = ["证书编号", "姓名", "工号", "团队", "等级", "发证日期", "到期日期", "状态"]
    select = (
        sa.select(
            Certificate.number,
            User.name,
            User.employee_no,
            Team.name,
            LevelAward.level,
            Certificate.issued_on,
            Certificate.expires_on,
            Certificate.revoked_at,
        )
        .join(LevelAward, LevelAward.id == Certificate.award_id)
        .join(User, User.id == LevelAward.user_id)
        .outerjoin(Team, Team.id == User.team_id)
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
    )

    with app.test_request_context():
        hr = db.session.scalar(sa.select(User).where(User.employee_no == built.hr))
        assert hr is not None

        def through_app() -> None:
            table = export_tables.certifications(hr, records.Criteria(), {})
            for _chunk in exports.csv_chunks(table):
                pass
            db.session.expunge_all()

        def baseline() -> None:
            plain_csv(header, db.session.execute(select))

        with counting(db.engine) as seen:
            elapsed, peak = measured(through_app)
        base_time, base_peak = measured(baseline)
        rows = db.session.scalar(sa.select(sa.func.count()).select_from(Certificate))
    name = f"certificate export, {rows:,} rows, CSV [{kind}]"
    return [
        Figure(
            "scale",
            f"{name}: time",
            elapsed,
            "s",
            "one SELECT into csv.writer",
            base_time,
            f"{len(seen) // 2} statements",
        ),
        Figure("scale", f"{name}: peak memory", peak, "MiB", "one SELECT into csv.writer", base_peak),
    ]


def _pages(app: Flask, kind: str, url: str, built: data.Built) -> list[Figure]:
    """The supervisor dashboard of the 200-agent team and HR's searches, signed in, beside the bare page."""
    from lms.extensions import db

    with app.app_context():
        bind = db.engine
    bare_ms, _ = bare_page_ms(url)
    figures = []
    for employee_no, label, path in (
        (built.supervisor, f"supervisor dashboard, team of {data.BIG_TEAM}", "/supervisor/"),
        (built.hr, "HR people search (王)", "/people?q=王"),
        (built.hr, "HR certificate search (王)", "/hr/certificates?q=王"),
    ):
        client = app.test_client()
        signed = client.post("/login", data={"employee_no": employee_no, "password": data.PASSWORD})
        assert signed.status_code == 302, signed.status_code
        ms, queries = median_get(client, path, bind)
        figures.append(
            Figure(
                "scale",
                f"{label} [{kind}]",
                ms,
                "ms",
                "bare Flask page, one query, 25 rows",
                bare_ms,
                f"{queries} statements, median of {RUNS}",
            )
        )
    return figures


def _on(kind: str, factor: float) -> list[Figure]:
    """Build the data on one database of ``kind`` and measure on it."""
    with serve.database(kind) as url:
        data.say(f"{kind}: migrating and importing the content")
        app = prepared(url)
        built = data.build(url, factor)
        bare = _bare_inserts(kind, url, built.rows)
        data.say(f"{kind}: built {built.rows:,} rows in {built.seconds:.0f} s; measuring")
        figures = [
            Figure(
                "scale",
                f"build {built.agents:,} agents, {built.answers:,} answers, {built.certificates:,} certificates [{kind}]",
                built.seconds,
                "s",
                "one executemany of as many narrow rows",
                bare,
                f"{built.rows:,} rows, {built.rows / built.seconds:,.0f} rows/s",
            ),
            _levels(app, kind, built),
            *_export(app, kind, built),
            *_pages(app, kind, url, built),
        ]
        with app.app_context():
            from lms.extensions import db

            db.engine.dispose()
        return figures


def scale() -> list[Figure]:
    """The figures on SQLite, and on PostgreSQL when LMS_TEST_POSTGRES_URL is set."""
    kinds = ["sqlite"] + (["postgresql"] if os.environ.get("LMS_TEST_POSTGRES_URL") else [])
    return [figure for kind in kinds for figure in _on(kind, data.scale())]
