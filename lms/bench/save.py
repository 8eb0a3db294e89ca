"""The answer save under load: the app served by gunicorn (2 sync workers) beside a bare Flask app, same run.

``save``: agents with zero think time (50 and 200 at once), each signed in with its own open attempt at the
longest exam, post answers as the paper's autosave does; the baseline is a bare Flask + Flask-SQLAlchemy app
storing the same form with one INSERT (lms/bench/bare.py), served the same way on the same database.

``capacity``: agents who think. Each opens the paper within the first ``RAMP`` seconds (a shift starting
together), then saves an answer every 20-40 s (uniform). A real 40-question sitting lasts 20 minutes; its load is
steady after the ramp at N/30 saves per second, so each step runs the same arrival process for the ramp, the
longest first think and a measured window after it, and counts every save. The figure is the largest step
(``CAPACITY_STEPS``) whose save p95 stays under 200 ms with no error and every acknowledged save stored (the rows
are read back after each step). The hand-ins at the end of a sitting are not part of it.

``LMS_BENCH_QUICK=1`` runs shorter: fewer seconds, and a capacity ladder scaled in time (a tenth of the agents
thinking a tenth as long make the same saves per second, reported as the equivalent number of agents).

Agents are signed in by the app's own ``start_session`` (a session cookie like the sign-in page's, without
its password hash, which is the sign-in bench's matter); the data is written with bulk inserts. Every attempt's
deadline is hours away (no attempt times out during a run); an agent's k-th save answers question k + 1 (modulo
the paper's length), so a capacity step, shorter than a paper, saves each question at most once and the read-back
can match every acknowledged save to its row.
"""

import os
import statistics
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, session
from flask_migrate import upgrade
from flask_wtf.csrf import generate_csrf

from lms.bench import bare, load, serve
from lms.bench.report import Figure

QUICK = os.environ.get("LMS_BENCH_QUICK") == "1"
#: Zero think time: how many agents post at once, and for how many seconds each run is measured.
CONCURRENCY = (50, 200)
SECONDS, ROUNDS = (5, 1) if QUICK else (15, 3)
#: Capacity: agents at once per step, the ramp and think time (seconds), the measured window after them.
TIME_SCALE = 10 if QUICK else 1
CAPACITY_STEPS = (250, 500, 1000, 2000, 3000, 4000, 5000, 6000, 8000, 10000)
RAMP, THINK, WINDOW = 60, (20, 40), 45
P95_LIMIT_MS = 200
GOAL = 5000
#: The capacity each database held in this run (agents), for the overload section.
CAPACITY: dict[str, int] = {}

USER_AGENT = "lms-bench"
SECRET = "bench-only-secret"
BASELINE = "bare Flask, one INSERT"


def _app(url: str) -> Flask:
    from lms import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})


def served_env(url: str) -> dict[str, str]:
    """The served app's settings: the bench database and the secret its cookies are signed with."""
    return {"LMS_DATABASE_URL": url, "LMS_SECRET_KEY": SECRET, "LMS_BENCH_BARE_URL": url}


def _fields(question: dict, position: int) -> dict[str, str]:
    """The form fields of an answer to ``question`` at ``position``, as the paper sends them."""
    name, kind = f"q{position}", question["type"]
    fields = {f"{name}__shown": "1"}
    if kind in ("ordering", "matching"):
        fields |= {f"{name}_{slot}": "0" for slot in range(len(question["items" if kind == "ordering" else "pairs"]))}
    else:
        fields[name] = "true" if kind == "truefalse" else "0"
    return fields


class ExamTakers:
    """``count`` agents, each with an open attempt at the longest exam (one paper for all), in a fresh database."""

    def __init__(self, url: str, count: int):
        from lms.extensions import db
        from lms.models import Attempt, AttemptItem, Exam, Question, QuestionBank, QuestionVersion, Role, User
        from lms.services import content
        from lms.timeutil import utcnow

        self.app = _app(url)
        with self.app.app_context():
            upgrade()
            content.import_content(Path(self.app.config["CONTENT_DIR"]))
            exam = max(
                db.session.scalars(sa.select(Exam).where(Exam.active.is_(True))),
                key=lambda e: sum(s["count"] for s in e.sections),
            )
            paper = [
                version
                for s in exam.sections
                for version in db.session.scalars(
                    sa.select(QuestionVersion)
                    .join(Question, Question.current_version_id == QuestionVersion.id)
                    .join(QuestionBank)
                    .where(QuestionBank.slug == s["bank"], Question.active.is_(True))
                    .order_by(Question.key)
                    .limit(s["count"])
                )
            ]
            self.exam, self.questions = exam.slug, [v.content for v in paper]
            template = User(name="x", employee_no="x", role=Role.AGENT, hire_date=date(2024, 1, 1))
            template.set_password("bench-password")
            db.session.execute(
                sa.insert(User),
                [
                    {
                        "employee_no": f"B{i:06d}",
                        "name": f"考生{i}",
                        "password_hash": template.password_hash,
                        "role": Role.AGENT,
                        "hire_date": date(2024, 1, 1),
                    }
                    for i in range(count)
                ],
            )
            users = db.session.scalars(sa.select(User.id).where(User.employee_no.like("B%")).order_by(User.id)).all()
            now = utcnow()
            db.session.execute(
                sa.insert(Attempt),
                [
                    {"exam_id": exam.id, "user_id": u, "started_at": now, "deadline": now + timedelta(hours=6)}
                    for u in users
                ],
            )
            by_user = dict(db.session.execute(sa.select(Attempt.user_id, Attempt.id)).tuples().all())
            self.user_ids = list(users)
            self.attempt_ids = [by_user[u] for u in users]
            db.session.execute(
                sa.insert(AttemptItem),
                [
                    {"attempt_id": a, "position": p, "question_version_id": v.id}
                    for a in self.attempt_ids
                    for p, v in enumerate(paper, start=1)
                ],
            )
            #: Each attempt's item ids by position, which the paper names in each question (``q3__item``).
            self.items: dict[int, dict[int, int]] = {}
            for item_id, attempt_id, position in db.session.execute(
                sa.select(AttemptItem.id, AttemptItem.attempt_id, AttemptItem.position)
            ):
                self.items.setdefault(attempt_id, {})[position] = item_id
            self.versions = [v.id for v in paper]
            db.session.commit()

    def agents(self, count: int) -> list[load.Agent]:
        """The first ``count`` agents, freshly signed in, answers cleared: the k-th post answers question k+1, k+2…."""
        from lms.extensions import db
        from lms.models import AttemptItem, User
        from lms.security import start_session

        serializer = self.app.session_interface.get_signing_serializer(self.app)  # type: ignore[attr-defined]
        cookie = self.app.config["SESSION_COOKIE_NAME"]
        made = []
        with self.app.test_request_context(
            environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"User-Agent": USER_AGENT}
        ):
            db.session.execute(sa.update(AttemptItem).values(answer=None, answered_at=None))
            db.session.commit()
            users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(self.user_ids[:count])))}
            for user_id, attempt_id in zip(self.user_ids[:count], self.attempt_ids, strict=False):
                start_session(users[user_id], remember=False)
                token = generate_csrf()
                headers = {"Cookie": f"{cookie}={serializer.dumps(dict(session))}", "User-Agent": USER_AGENT}
                made.append(self._agent(attempt_id, token, headers))
        return made

    def _agent(self, attempt_id: int, token: str, headers: dict[str, str]) -> load.Agent:
        def post(k: int) -> load.Post:
            position = k % len(self.questions) + 1
            fields = _fields(self.questions[position - 1], position)
            fields[f"q{position}__item"] = f"{self.items[attempt_id][position]}.{self.versions[position - 1]}"
            path, batch = f"/attempts/{attempt_id}/answers/{position}", f"/attempts/{attempt_id}/answers"
            return load.Post(path, {**fields, "csrf_token": token}, headers, batch)

        return post

    def close(self) -> None:
        """Let go of the database (so the next one can replace it)."""
        from lms.extensions import db

        with self.app.app_context():
            db.engine.dispose()

    def unstored(self, acknowledged: list[tuple[int, int]]) -> int:
        """How many of the acknowledged saves, (agent, k), are not in the database (the k-th answered question k+1)."""
        from lms.extensions import db
        from lms.models import AttemptItem

        with self.app.app_context():
            answered = set(
                db.session.execute(
                    sa.select(AttemptItem.attempt_id, AttemptItem.position).where(AttemptItem.answered_at.is_not(None))
                ).tuples()
            )
        size = len(self.questions)
        return sum(1 for agent, k in acknowledged if (self.attempt_ids[agent], k % size + 1) not in answered)


def bare_agents(takers: ExamTakers, count: int) -> list[load.Agent]:
    """The baseline's agents post the same forms (to its one route)."""
    size = len(takers.questions)
    return [
        (lambda k: load.Post("/rows", _fields(takers.questions[k % size], k % size + 1), {"User-Agent": USER_AGENT}))
        for _ in range(count)
    ]


def _note(result: load.Result, stored: tuple[int, int] | None = None) -> str:
    """p95, errors, the client's CPU and the machine's load; with ``stored`` = (stored, acknowledged), the read-back check."""
    parts = [f"p95 {result.p95_ms:,.0f} ms", f"{result.errors} errors", f"client CPU {result.client_cpu:.0%}"]
    parts.append(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # others' work shows here
    if stored is not None:
        parts.append(f"{stored[0]:,} of {stored[1]:,} saves stored")
    return ", ".join(parts)


def _median(runs: list[load.Result]) -> load.Result:
    """The run with the median throughput."""
    return sorted(runs, key=lambda run: run.rate)[len(runs) // 2]


def measured(server: serve.Server, agents: list[load.Agent]) -> tuple[load.Result, float]:
    """A zero-think run and the server's CPU per answered request (ms): robust to a busy machine, unlike req/s."""
    before = server.cpu_seconds()
    result = load.zero_think(server.url, agents, SECONDS)
    return result, 1000 * (server.cpu_seconds() - before) / max(1, len(result.latencies))


def save() -> list[Figure]:
    """Throughput, p95 and server CPU per save at zero think time, beside the bare app, on each database.

    Each figure is the median of ``ROUNDS`` runs, ours and the bare app's interleaved.
    """
    figures = []
    for kind, url in serve.databases():
        takers = ExamTakers(url, max(CONCURRENCY))
        bare.create_table(url)
        with (
            # No queue limit: at zero think time saves queue on purpose, and this section measures what one costs.
            serve.gunicorn("lms:create_app()", {**served_env(url), "LMS_SAVE_QUEUE_LIMIT_MS": "0"}) as ours_server,
            serve.gunicorn("lms.bench.bare:create_app()", served_env(url)) as bare_server,
        ):
            for count in CONCURRENCY:
                ours_runs, bare_runs, ours_cpu, bare_cpu, acknowledged, unstored = [], [], [], [], 0, 0
                for _ in range(ROUNDS):  # interleaved, so a burst of load from elsewhere hits both alike
                    result, cpu = measured(ours_server, takers.agents(count))
                    ours_runs.append(result)
                    ours_cpu.append(cpu)
                    acknowledged += len(result.acknowledged)
                    unstored += takers.unstored(result.acknowledged)
                    result, cpu = measured(bare_server, bare_agents(takers, count))
                    bare_runs.append(result)
                    bare_cpu.append(cpu)
                ours, base = _median(ours_runs), _median(bare_runs)
                name = f"answer save, {kind}, 2 sync workers, {count} agents, no think time"
                note = _note(ours, (acknowledged - unstored, acknowledged))
                figures += [
                    Figure("save", f"{name}: throughput", ours.rate, "req/s", BASELINE, base.rate, note),
                    Figure("save", f"{name}: p95", ours.p95_ms, "ms", BASELINE, base.p95_ms, _note(base)),
                    Figure(
                        "save",
                        f"{name}: server CPU per request",
                        statistics.median(ours_cpu),
                        "ms",
                        BASELINE,
                        statistics.median(bare_cpu),
                        "both gunicorn workers' user + system time over the answered requests",
                    ),
                ]
        takers.close()
    return figures


def capacity() -> list[Figure]:
    """The most exam-takers at once whose saves keep p95 under 200 ms, nothing failing, everything stored."""
    ramp, think, window = RAMP / TIME_SCALE, (THINK[0] / TIME_SCALE, THINK[1] / TIME_SCALE), WINDOW / TIME_SCALE
    figures = []
    for kind, url in serve.databases():
        takers = ExamTakers(url, max(CAPACITY_STEPS) // TIME_SCALE)
        held, steps = 0, []
        with serve.gunicorn("lms:create_app()", served_env(url)) as server:
            for count in CAPACITY_STEPS:
                result = load.thinking(
                    server.url, takers.agents(count // TIME_SCALE), ramp, think, ramp + think[1] + window, seed=count
                )
                unstored = takers.unstored(result.acknowledged)
                stored = (len(result.acknowledged) - unstored, len(result.acknowledged))
                steps.append(f"{count:,}: {result.rate:.0f} saves/s, {_note(result, stored)}")
                if result.p95_ms >= P95_LIMIT_MS or result.errors or unstored:
                    break
                held = count
        CAPACITY[kind] = held
        scaled = f"; time scaled 1/{TIME_SCALE} (LMS_BENCH_QUICK)" if TIME_SCALE > 1 else ""
        figures.append(
            Figure(
                "capacity",
                f"exam-takers at once, {kind}, 2 sync workers (save p95 < {P95_LIMIT_MS} ms, no error)",
                held,
                "agents",
                "goal of issue 15",
                GOAL,
                f"a save every {THINK[0]}-{THINK[1]} s, all starting within {RAMP} s{scaled}; steps: "
                + "; ".join(steps),
            )
        )
        takers.close()
    return figures
