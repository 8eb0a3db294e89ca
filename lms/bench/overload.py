"""Saves past the ceiling (section ``overload``): thinking agents offering 1.5 times what the server can store.

The same arrival process as the ``capacity`` section (every agent starts within ``RAMP`` seconds, then answers
every 20-40 s), with 1.5 times the agents the capacity section held in this run; when it did not run,
LMS_BENCH_OVERLOAD_AGENTS, or else enough agents to offer 1.5 times the ceiling measured first (saves a second
with zero think time). The agents behave like the exam page (lms/bench/patient.py): a 503 or a failure makes them
back off with jitter, they keep every unacknowledged answer and send all they kept in one post afterwards.

Three servers in turn, each gunicorn with lms/gunicorn_conf.py and 2 sync workers, on the same database: the app;
the app with the load-shedding of lms/overload.py turned off (LMS_SAVE_QUEUE_LIMIT_MS=0), to show what the bound
changes (both served as ``scaled_app``, whose Retry-After follows the bench's scaled time); and the bare Flask app
(lms/bench/bare.py), the baseline. Before each run the same server's ceiling is measured again (it moves on a shared
machine). Counted over a window after the ramp and the longest first think: acknowledged answers a second against
those offered (agents / 30 s) and against that ceiling, and the posts that carried them, the workers' CPU per
acknowledged answer, the share of 503s, the p95 of an acknowledged post and of an answer's wait from given to
acknowledged (back-offs included), the gunicorn log's WORKER TIMEOUT lines, and the read-back: every acknowledged
answer is in the database. Why
throughput fell, if it fell: the share of pages still backing off at the end (waiting out a Retry-After while the
workers may idle) and the longest Retry-After the server gave.
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from lms import create_app
from lms import overload as shedding
from lms.bench import bare, load, patient, save, serve
from lms.bench.report import Figure

OVERLOAD = 1.5
WINDOW = 60
CEILING_AGENTS = 50
#: Zero think time for this long measures the ceiling (saves a second) the overload is sized from.
CEILING_SECONDS = 5 if save.QUICK else 15
#: The app as the overload runs serve it (``scaled_app`` below).
APP = "lms.bench.overload:scaled_app()"


@dataclass(frozen=True)
class Served:
    """One server's overload run: the tally, the WORKER TIMEOUT lines in its log, the acknowledged saves not stored,
    and the workers' CPU per acknowledged save beside the ceiling measured on the same server just before (saves/s
    and CPU per save with zero think time): on a shared machine the CPU per save shows wasted work where saves/s
    moves with everyone else's load."""

    tally: patient.Tally
    worker_timeouts: int
    unstored: int
    cpu_per_save: float
    ceiling: float
    ceiling_cpu: float


def scaled_app() -> Flask:
    """The app as served (gunicorn's ``lms.bench.overload:scaled_app()``), its Retry-After moving as fast in the
    bench's scaled time as in real time: the pages divide every wait by LMS_BENCH_QUICK's scale, so the workers
    divide the time it takes their Retry-After to grow or shrink alike."""
    app = create_app()
    if isinstance(app.wsgi_app, shedding.ShedLateSaves):
        app.wsgi_app.settle = shedding.SETTLE / save.TIME_SCALE
    return app


def _worker_timeouts(log: Path) -> int:
    return log.read_text(errors="replace").count("WORKER TIMEOUT") if log.exists() else 0


def _stored_rows(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(sa.text(f"SELECT count(*) FROM {bare.TABLE}")).scalar_one()
    engine.dispose()
    return count


def _ceiling(kind: str) -> float:
    """Saves a second the app stores with zero think time, on a database of its own."""
    with serve.database(kind) as url:
        takers = save.ExamTakers(url, CEILING_AGENTS)
        with serve.gunicorn("lms:create_app()", save.served_env(url)) as server:
            ceiling = load.zero_think(server.url, takers.agents(CEILING_AGENTS), CEILING_SECONDS).rate
        takers.close()
    return ceiling


def _agents(kind: str, ceiling: float) -> tuple[int, str]:
    """How many agents, and why that many."""
    mean_think = sum(save.THINK) / 2
    if save.CAPACITY.get(kind):
        return round(
            OVERLOAD * save.CAPACITY[kind]
        ), f"{OVERLOAD}× the {save.CAPACITY[kind]:,} the capacity section held"
    if os.environ.get("LMS_BENCH_OVERLOAD_AGENTS"):
        return int(os.environ["LMS_BENCH_OVERLOAD_AGENTS"]), "LMS_BENCH_OVERLOAD_AGENTS"
    return round(OVERLOAD * ceiling * mean_think), f"{OVERLOAD}× the ceiling of {ceiling:.0f} saves/s measured here"


def _run(takers: save.ExamTakers, url: str, app: str, env: dict[str, str], count: int, is_bare: bool) -> Served:
    scale = save.TIME_SCALE
    ramp, think, window = save.RAMP / scale, (save.THINK[0] / scale, save.THINK[1] / scale), WINDOW / scale

    def agents(n: int) -> list[load.Agent]:  # the app's agents start with their answers cleared
        return save.bare_agents(takers, n) if is_bare else takers.agents(n)

    if is_bare:
        bare.create_table(url)
    with tempfile.TemporaryDirectory(prefix="lms-overload-") as folder:
        log = Path(folder) / "gunicorn.log"
        with serve.gunicorn(app, env, log=log) as server:
            ceiling, ceiling_cpu = save.measured(server, agents(CEILING_AGENTS))
            running, rows_before = agents(count // scale), _stored_rows(url) if is_bare else 0
            cpu_before = server.cpu_seconds()
            tally = patient.patient(server.url, running, ramp, think, ramp + think[1] + window, ramp + think[1], scale)
            cpu = 1000 * (server.cpu_seconds() - cpu_before) / max(1, len(tally.acknowledged))
        timeouts = _worker_timeouts(log)
    # the bare app stores rows, not answers: at least one new row for each acknowledged save
    acknowledged = len(tally.acknowledged)
    unstored = (
        max(0, acknowledged - (_stored_rows(url) - rows_before)) if is_bare else takers.unstored(tally.acknowledged)
    )
    return Served(tally, timeouts, unstored, cpu, ceiling.rate, ceiling_cpu)


def _note(served: Served) -> str:
    t = served.tally
    return (
        f"{t.rate / served.ceiling:.0%} of the ceiling measured on this server just before ({served.ceiling:.0f} "
        f"saves/s, one answer a post), in {t.post_rate:.0f} posts/s ({t.rate / max(t.post_rate, 1e-9):.1f} answers a "
        f"post), workers' CPU per acknowledged answer {served.cpu_per_save:.1f} ms (at the ceiling "
        f"{served.ceiling_cpu:.1f} ms), {t.refused_share:.0%} of posts answered 503, {t.failed} failed (timeouts, "
        f"connections), answer given → acknowledged p95 {patient.Tally.p95_ms(t.ages):,.0f} ms, "
        f"{served.worker_timeouts} WORKER TIMEOUT, {len(t.acknowledged) - served.unstored:,} of "
        f"{len(t.acknowledged):,} acknowledged answers stored, {t.unsent:,} of {t.given:,} answers still unsent at "
        f"the end (they go with 交卷), {t.backing_off / max(1, t.pages):.0%} of pages still backing off then, "
        f"longest Retry-After given {t.retry_after_max:.0f} s, client CPU {t.client_cpu:.0%}, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )


def overload() -> list[Figure]:
    """Throughput, 503 share, p95 and worker timeouts at 1.5× the capacity, beside the bare app at the same load."""
    figures = []
    for kind, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        if kind == "postgresql" and not serve.postgres_url():
            break
        ceiling = _ceiling(kind)
        count, why = _agents(label, ceiling)
        with serve.database(kind) as url:
            env = save.served_env(url)
            takers = save.ExamTakers(url, count // save.TIME_SCALE)
            ours = _run(takers, url, APP, env, count, is_bare=False)
            unbounded = _run(takers, url, APP, {**env, "LMS_SAVE_QUEUE_LIMIT_MS": "0"}, count, is_bare=False)
            base = _run(takers, url, "lms.bench.bare:create_app()", env, count, is_bare=True)
            takers.close()
        offered = count / (sum(save.THINK) / 2)
        scaled = f", time scaled 1/{save.TIME_SCALE} (LMS_BENCH_QUICK)" if save.TIME_SCALE > 1 else ""
        name = f"{label}, {count:,} agents ({why}), offered {offered:.0f} answers/s{scaled}"
        baseline = "bare Flask, one INSERT a post, one answer a post, same load"
        figures += [
            Figure(
                "overload",
                f"{name}: acknowledged answers/s",
                ours.tally.rate,
                "answers/s",
                baseline,
                base.tally.rate,
                f"{ours.tally.rate / offered:.0%} of offered; " + _note(ours),
            ),
            Figure(
                "overload",
                f"{name}: p95 of an acknowledged post",
                patient.Tally.p95_ms(ours.tally.latencies),
                "ms",
                baseline,
                patient.Tally.p95_ms(base.tally.latencies),
                "bare app: " + _note(base),
            ),
            Figure(
                "overload",
                f"{name}: without the queue limit (LMS_SAVE_QUEUE_LIMIT_MS=0), acknowledged answers/s",
                unbounded.tally.rate,
                "answers/s",
                "with it",
                ours.tally.rate,
                f"p95 {patient.Tally.p95_ms(unbounded.tally.latencies):,.0f} ms; " + _note(unbounded),
            ),
        ]
    return figures
