"""The certificate PDF (first and warm, time and size) beside a minimal WeasyPrint page, and how long an award
holds SQLite's write lock beside a one-row INSERT.

Everything runs on a temporary SQLite file; the pre-subset fonts are the instance's (built here if missing).
"""

import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from lms.bench.report import Figure

#: One line of CJK in the full Noto font, as plain WeasyPrint would print it: the floor a certificate is measured on.
MINIMAL_PAGE = (
    '<html lang="zh-CN"><body><p style="font-family: \'Noto Serif CJK SC\'">'
    "资格证书：张伟 已满足全部认证要求</p></body></html>"
)
#: A name within the pre-subset, and one whose rare characters come from the full font.
NAMES = ("张伟", "王喆堃昇")
WARM_RUNS = 20
AWARDS = 20
FIRST_RENDER = """
import sys, time
import weasyprint  # imported before the clock starts, for both: this measures the first render, not the import
from lms import create_app
from lms.extensions import db
from lms.models import Certificate
from lms.services import certificates
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "BASE_URL": "https://lms.example.com"})
with app.app_context():
    certificate = db.session.get(Certificate, int(sys.argv[2]))
    begin = time.perf_counter()
    certificates.render_pdf(certificate)
    print(time.perf_counter() - begin)
"""
FIRST_MINIMAL = """
import sys, time
from weasyprint import HTML
begin = time.perf_counter()
HTML(string=sys.argv[1]).write_pdf()
print(time.perf_counter() - begin)
"""


def _timed(make: Callable[[], bytes], runs: int) -> tuple[float, float, int]:
    """Median wall and CPU milliseconds of ``runs`` calls after one untimed call, and the output's size."""
    made = make()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        made = make()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, len(made)


def _fresh_process(script: str, *args: str) -> float:
    """Milliseconds a fresh Python process reports for ``script`` (the median of three processes)."""
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
            ).stdout.split()[-1]
        )
        for _ in range(3)
    ]
    return statistics.median(runs) * 1000


class LockTimes:
    """How long each write transaction on SQLite connections held the lock (BEGIN to COMMIT/ROLLBACK), in ms."""

    def __init__(self) -> None:
        self.held: list[float] = []
        self._began: float | None = None

    def trace(self, statement: str) -> None:
        word = statement.lstrip().split(" ", 1)[0].upper()
        if word == "BEGIN":
            self._began = time.perf_counter()
        elif word in ("COMMIT", "ROLLBACK") and self._began is not None:
            self.held.append((time.perf_counter() - self._began) * 1000)
            self._began = None

    def watch(self, connection: sqlite3.Connection) -> None:
        connection.set_trace_callback(self.trace)


def _people(count: int, first_number: int) -> list:
    """``count`` agents added to the session (committed by the caller)."""
    from lms.extensions import db
    from lms.models import Role, User

    people = [
        User(
            employee_no=f"BENCH{first_number + n:05d}",
            name=NAMES[n % len(NAMES)],
            role=Role.AGENT,
            hire_date=date(2024, 1, 1),
            password_hash="!",
        )
        for n in range(count)
    ]
    db.session.add_all(people)
    return people


def _write_lock(database: str) -> list[Figure]:
    """Each award's write transactions (its rows; storing its PDF) beside a one-row INSERT's, on the same file."""
    from lms.extensions import db
    from lms.services import awards
    from lms.services import levels as level_service

    people = _people(AWARDS, 1000)
    db.session.commit()
    locks = LockTimes()
    sa.event.listen(db.engine, "connect", lambda connection, _record: locks.watch(connection))
    db.engine.dispose()  # every connection from now on is watched
    award_rows, pdf_rows = [], []
    for person in people:
        locks.held.clear()
        awards.by_hand(person, "junior", level_service.evaluate(person), reason="bench")
        award_rows.append(locks.held[0])
        pdf_rows.append(max(locks.held[1:]))
    bare = sqlite3.connect(database, isolation_level=None)
    bare.execute("CREATE TABLE bench_probe (id INTEGER PRIMARY KEY, note TEXT)")
    locks.watch(bare)
    locks.held.clear()
    for n in range(AWARDS):
        bare.execute("BEGIN")
        bare.execute("INSERT INTO bench_probe (note) VALUES (?)", (f"row {n}",))
        bare.execute("COMMIT")
    bare.close()
    base = statistics.median(locks.held)
    label = "one-row INSERT transaction"
    return [
        Figure(
            "certificate",
            "award: write lock held for its rows (SQLite)",
            statistics.median(award_rows),
            "ms",
            label,
            base,
        ),
        Figure(
            "certificate",
            "award: write lock held to store its PDF (SQLite)",
            statistics.median(pdf_rows),
            "ms",
            label,
            base,
            "the PDF is rendered with no transaction open",
        ),
    ]


def certificate() -> list[Figure]:
    """The certificate PDF (first, warm, size; a common and a rare name) and an award's write-lock time."""
    from flask_migrate import upgrade
    from weasyprint import HTML

    from lms import create_app
    from lms.extensions import db
    from lms.models import Certificate, LevelAward
    from lms.services import certificates, pdf

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="lms-bench-certificate-") as folder:
        begin = time.perf_counter()
        for weight in pdf.WEIGHTS:
            for cut, _codepoints in pdf.CUTS:
                pdf.presubset(Path(folder) / "fonts", "serif", weight, cut)
        figures.append(
            Figure(
                "certificate",
                "font pre-subset, serif, 2 weights x 2 cuts (once per instance)",
                time.perf_counter() - begin,
                "s",
                note="HarfBuzz; GB 2312 + Latin + punctuation, then GBK's other hanzi",
            )
        )
        database = str(Path(folder) / "bench.sqlite3")
        url = f"sqlite:///{database}"
        # No Redis: an award's PDF is then rendered in this process, whose transactions are the ones watched.
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "BASE_URL": "https://lms.example.com", "REDIS_URL": None})
        with app.app_context():
            upgrade()
            issued = date(2026, 11, 30)
            rows = []
            for n, person in enumerate(_people(len(NAMES), 0)):
                row = Certificate(
                    number=f"K7Q2M9X4P8R{n:02d}", issued_on=issued, expires_on=issued + timedelta(days=730)
                )
                db.session.add(LevelAward(user=person, level="senior", evidence=[], certificates=[row]))
                rows.append(row)
            db.session.commit()
            ids = [row.id for row in rows]
            base_wall, base_cpu, base_size = _timed(lambda: HTML(string=MINIMAL_PAGE).write_pdf(), WARM_RUNS)
            minimal = "minimal WeasyPrint page, one Noto CJK line"
            for name, row in zip(NAMES, rows, strict=True):
                wall, cpu, size = _timed(lambda row=row: certificates.render_pdf(row), WARM_RUNS)
                what = f"certificate PDF, {name}"
                note = f"CPU {cpu:.0f} ms (page: {base_cpu:.0f} ms)"
                figures.append(Figure("certificate", f"{what}: warm render", wall, "ms", minimal, base_wall, note))
                figures.append(Figure("certificate", f"{what}: size", size / 1024, "KiB", minimal, base_size / 1024))
            first = _fresh_process(FIRST_RENDER, url, str(ids[0]))
            first_minimal = _fresh_process(FIRST_MINIMAL, MINIMAL_PAGE)
            figures.append(
                Figure(
                    "certificate",
                    f"certificate PDF, {NAMES[0]}: first render in a fresh process",
                    first,
                    "ms",
                    minimal,
                    first_minimal,
                    "WeasyPrint already imported",
                )
            )
            figures.extend(_write_lock(database))
    return figures
