"""``make bench`` section review: building every agent's daily review session (班前五分钟), and the knowledge map.

The data: LMS_BENCH_SCALE × 10,000 agents (the first team always 200 strong, the others of 200 too), each with
about 100 review cards drawn from the repository's key facts, questions and quick replies, in the states a few
months of daily review leave: a sixth never answered, the rest last answered 0–60 days ago with stabilities of
1–90 days, so that about a third are due today. Measured on SQLite and, with LMS_TEST_POSTGRES_URL, PostgreSQL:
- the daily sessions: ``review_daily.session`` (the due-card selection the daily page shows) for every agent in
  turn, beside one plain SELECT of every agent's due cards (the rows the sessions choose from);
- the knowledge map of the 200-agent team: the service as its supervisor, beside one plain SELECT of the team's
  key-fact cards, and the page signed in, beside the bare page.
"""

import math
import random
import statistics
import time
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask

from lms import timeutil
from lms.bench import data, scale, serve
from lms.bench.report import Figure
from lms.models import ModuleFact, Question, QuestionVersion, QuickReply, ReviewCard, Team, User
from lms.models.people import Role, hash_password
from lms.models.review import CardKind
from lms.services.review_cards import REVIEWABLE_TYPES

AGENTS = 10_000
CARDS = 100
#: Map computations timed (after one untimed); the figure is their median.
RUNS = 5


def _targets(connection: sa.Connection) -> list[tuple[CardKind, int, int | None]]:
    """What cards can be about, from the imported content: (kind, id, module id)."""
    facts = [(CardKind.FACT, i, m) for i, m in connection.execute(sa.select(ModuleFact.id, ModuleFact.module_id))]
    questions = [
        (CardKind.QUESTION, i, None)
        for i in connection.scalars(
            sa.select(Question.id)
            .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
            .where(Question.active.is_(True), QuestionVersion.type.in_(REVIEWABLE_TYPES))
        )
    ]
    replies = [(CardKind.REPLY, i, None) for i in connection.scalars(sa.select(QuickReply.id))]
    return facts + questions + replies


def _card(rng: random.Random, card_id: int, user_id: int, target: tuple[CardKind, int, int | None], now) -> dict:
    """One card's row, in a memory state of a few months of daily review."""
    kind, target_id, module_id = target
    row = {
        "id": card_id,
        "user_id": user_id,
        "kind": kind,
        "ref": f"{kind}:{target_id}",
        "question_id": target_id if kind is CardKind.QUESTION else None,
        "quick_reply_id": target_id if kind is CardKind.REPLY else None,
        "fact_id": target_id if kind is CardKind.FACT else None,
        "module_id": module_id,
        "created_at": now - timedelta(days=90),
    }
    if rng.random() < 1 / 6:  # made when the module was read, never answered: due since
        return {**row, "state": 1, "step": 0, "stability": None, "difficulty": None, "due": row["created_at"]}
    stability, last = rng.uniform(1, 90), now - timedelta(days=rng.uniform(0, 60))
    due = last + timedelta(days=stability)  # FSRS's interval at 90% retention is the stability
    return {**row, "state": 2, "step": None, "stability": stability, "difficulty": rng.uniform(2, 8), "due": due}


def build(url: str, factor: float) -> tuple[int, int, float]:
    """Agents, teams and cards into the migrated, content-imported database at ``url``: (agents, cards, seconds)."""
    begin = time.perf_counter()
    agents = max(round(AGENTS * factor), data.BIG_TEAM)
    teams = math.ceil(agents / data.BIG_TEAM)
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":  # the build only: a crash loses a throwaway file, not data
        sa.event.listen(engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA synchronous=OFF"))
    rng, now = random.Random(16), timeutil.utcnow()
    password = hash_password(data.PASSWORD)
    person = {"password_hash": password, "hire_date": now.date() - timedelta(days=400), "created_at": now}
    person |= data.ACCOUNT
    cards = 0
    with engine.begin() as connection:
        targets = _targets(connection)
        staff = [{"id": 1, "employee_no": "H0001", "name": "陈人事", "role": Role.HR, **person}]
        staff += [
            {"id": 1 + t, "employee_no": f"S{t:04d}", "name": f"周主管{t}", "role": Role.SUPERVISOR, **person}
            for t in range(1, teams + 1)
        ]
        data.insert_rows(connection, User.__table__, staff)
        rows = [
            {"id": t, "name": f"复习{t:03d}组", "supervisor_id": 1 + t, "active": True, "created_at": now}
            for t in range(1, teams + 1)
        ]
        data.insert_rows(connection, Team.__table__, rows)
    first = teams + 2
    for start in range(0, agents, data.CHUNK):
        people, rows = [], []
        for index in range(start, min(start + data.CHUNK, agents)):
            user_id = first + index
            people.append(
                {
                    "id": user_id,
                    "employee_no": f"A{index + 1:06d}",
                    "name": rng.choice(data.SURNAMES) + rng.choice(data.GIVEN),
                    "role": Role.AGENT,
                    "team_id": 1 + index // data.BIG_TEAM,
                    **person,
                }
            )
            for target in rng.sample(targets, min(CARDS, len(targets))):
                cards += 1
                rows.append(_card(rng, cards, user_id, target, now))
        with engine.begin() as connection:
            data.insert_rows(connection, User.__table__, people)
            data.insert_rows(connection, ReviewCard.__table__, rows)
        data.say(f"review: {min(start + data.CHUNK, agents):,}/{agents:,} agents, {cards:,} cards")
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":  # ids were given: move the sequences past them
            for table in (User.__table__, Team.__table__, ReviewCard.__table__):
                connection.execute(
                    sa.text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), max(id)) FROM {table.name}")
                )
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return agents, cards, time.perf_counter() - begin


def _sessions(app: Flask, kind: str, agents: int, cards: int) -> Figure:
    """Every agent's daily session through the daily page's service, beside one SELECT of all the due cards."""
    from lms.domain import review_session
    from lms.extensions import db
    from lms.services import review_daily

    with app.test_request_context():
        people = list(db.session.scalars(sa.select(User).where(User.role == Role.AGENT)))
        now = timeutil.utcnow()
        with scale.counting(db.engine) as seen:
            begin = time.perf_counter()
            shown = 0
            for number, user in enumerate(people, 1):
                shown += len(review_daily.session(user, now))
                if number % 100 == 0:  # as each request would: a fresh identity map
                    db.session.expunge_all()
            elapsed = time.perf_counter() - begin
        end = review_session.day_end(now, timeutil.zone())
        begin = time.perf_counter()
        due = db.session.execute(
            sa.select(ReviewCard.id, ReviewCard.user_id, ReviewCard.kind, ReviewCard.due).where(ReviewCard.due < end)
        ).all()
        plain = time.perf_counter() - begin
    return Figure(
        "review",
        f"daily sessions of {agents:,} agents, {cards:,} cards [{kind}]",
        elapsed,
        "s",
        "one SELECT of every due card",
        plain,
        f"{shown:,} cards shown of {len(due):,} due; {len(seen):,} statements; {elapsed / len(people) * 1000:.1f} ms an agent",
    )


def _map(app: Flask, kind: str, url: str) -> list[Figure]:
    """The 200-agent team's knowledge map for its supervisor: the service and the page."""
    from lms.extensions import db
    from lms.services import knowledge_map

    with app.test_request_context():
        supervisor = db.session.scalar(sa.select(User).where(User.employee_no == "S0001"))
        assert supervisor is not None
        knowledge_map.team_map(supervisor)
        times = []
        for _ in range(RUNS):
            begin = time.perf_counter()
            found = knowledge_map.team_map(supervisor)
            times.append(time.perf_counter() - begin)
        team = sa.select(User.id).where(User.team_id == 1)
        plain_times = []
        for _ in range(RUNS):  # as many runs as the service's, the median
            begin = time.perf_counter()
            rows = db.session.execute(
                sa.select(ReviewCard.user_id, ReviewCard.fact_id, ReviewCard.stability, ReviewCard.last_review).where(
                    ReviewCard.kind == CardKind.FACT, ReviewCard.user_id.in_(team)
                )
            ).all()
            plain_times.append(time.perf_counter() - begin)
        plain = statistics.median(plain_times)
        bind = db.engine
        hr = db.session.scalar(sa.select(User).where(User.employee_no == "H0001"))
        begin = time.perf_counter()
        everyone = knowledge_map.team_map(hr)
        across = time.perf_counter() - begin
        begin = time.perf_counter()
        all_rows = db.session.execute(
            sa.select(ReviewCard.user_id, ReviewCard.fact_id, ReviewCard.stability, ReviewCard.last_review).where(
                ReviewCard.kind == CardKind.FACT
            )
        ).all()
        all_plain = time.perf_counter() - begin
    client = app.test_client()
    signed = client.post("/login", data={"employee_no": "S0001", "password": data.PASSWORD})
    assert signed.status_code == 302, signed.status_code
    page_ms, statements = scale.median_get(client, "/knowledge-map", bind)
    bare_ms, _ = scale.bare_page_ms(url)
    return [
        Figure(
            "review",
            f"knowledge map, team of {data.BIG_TEAM}: service [{kind}]",
            statistics.median(times) * 1000,
            "ms",
            "one SELECT of the team's key-fact cards",
            plain * 1000,
            f"{len(rows):,} cards, {len(found.figures.facts)} facts; medians of {RUNS}",
        ),
        Figure(
            "review",
            f"knowledge map, every team, as HR: service [{kind}]",
            across * 1000,
            "ms",
            "one SELECT of every key-fact card",
            all_plain * 1000,
            f"{len(all_rows):,} cards; teams: {len(everyone.teams)}; rows: {len(everyone.figures.facts):,}; once",
        ),
        Figure(
            "review",
            f"knowledge map, team of {data.BIG_TEAM}: page [{kind}]",
            page_ms,
            "ms",
            "bare Flask page, one query, 25 rows",
            bare_ms,
            f"{statements} statements, median of {scale.RUNS}",
        ),
    ]


def _on(kind: str, factor: float) -> list[Figure]:
    """Build the data on one database of ``kind`` and measure on it."""
    with serve.database(kind) as url:
        data.say(f"review, {kind}: migrating and importing the content")
        app = scale.prepared(url)
        agents, cards, seconds = build(url, factor)
        data.say(f"review, {kind}: built {cards:,} cards in {seconds:.0f} s; measuring")
        figures = [_sessions(app, kind, agents, cards), *_map(app, kind, url)]
        with app.app_context():
            from lms.extensions import db

            db.engine.dispose()
        return figures


def review() -> list[Figure]:
    """The figures on SQLite, and on PostgreSQL when LMS_TEST_POSTGRES_URL is set."""
    kinds = ["sqlite"] + (["postgresql"] if serve.postgres_url() else [])
    return [figure for kind in kinds for figure in _on(kind, data.scale())]
