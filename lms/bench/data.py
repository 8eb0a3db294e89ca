"""The data at scale for ``make bench``: 10,000 agents in 100 teams, 1,000,000 answers, 100,000 certificates.

Rows go in with bulk inserts, never the ORM one object at a time: SQLAlchemy Core ``insert()`` with lists of
dicts (one executemany a table and chunk) on SQLite, COPY on PostgreSQL. ``LMS_BENCH_SCALE`` (default 1) multiplies the agents, answers and certificates,
so the same figures at 0.1 and 1 show how cost grows; the teams stay 100 and the first one stays 200 strong.
The schema is the migrations' and the content is the repository's (exams, banks, modules, typing texts), so
the answers are at the real exams with their question versions.
"""

import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from json import dumps

import sqlalchemy as sa

from lms import timeutil
from lms.domain import competency
from lms.domain.certificate_number import ALPHABET, check_character
from lms.domain.states import AttemptStatus
from lms.models import (
    Assignment,
    Attempt,
    AttemptItem,
    Certificate,
    CompetencyRating,
    Exam,
    LevelAward,
    Module,
    ModuleProgress,
    Question,
    QuestionBank,
    QuestionVersion,
    ReplySession,
    Team,
    TypingResult,
    TypingText,
    User,
    Violation,
)
from lms.models.people import Role, hash_password

#: What every bench account has in common: active, signed-in-able, Chinese, no extra duties.
ACCOUNT = {
    "must_change_password": False,
    "active": True,
    "locale": "zh_CN",
    "grader": False,
    "author": False,
    "session_version": 0,
}

AGENTS = 10_000
TEAMS = 100
#: The team whose supervisor's dashboard is measured: 200 agents at every scale.
BIG_TEAM = 200
ANSWERS = 1_000_000
CERTIFICATES = 100_000
#: Agents generated (and committed) together: their rows of every table in a few statements.
CHUNK = 500
PASSWORD = "bench-password-1"
LEVELS = ("junior", "intermediate", "senior", "expert")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红鹏飞晓雯思远嘉怡子喆琪慧志堃昇婷雪琳欣悦"


def scale() -> float:
    """LMS_BENCH_SCALE: 1 builds 10,000 agents and 1,000,000 answers; 0.1 a tenth of each."""
    return float(os.environ.get("LMS_BENCH_SCALE", "1"))


def say(message: str) -> None:
    """Progress on stderr (the table goes to stdout)."""
    print(f"[bench]   {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Built:
    """What was built: the sign-ins the figures use, the row count and how long it took."""

    agents: int
    answers: int
    certificates: int
    rows: int
    seconds: float
    supervisor: str
    hr: str
    today: date


@dataclass(frozen=True)
class _Content:
    """What the imported content offers the generated rows."""

    #: (exam id, time limit in minutes, pass mark, question pool as (version id, type, options), paper size)
    exams: list[tuple[int, int, float, list[tuple[int, str, int]], int]]
    modules: list[int]
    texts: list[tuple[int, str, str]]


def _content(connection: sa.Connection) -> _Content:
    """The active exams with their question pools, the modules and the typing texts."""
    pools: dict[str, list[tuple[int, str, int]]] = {}
    for bank, version_id, kind, content in connection.execute(
        sa.select(QuestionBank.slug, QuestionVersion.id, QuestionVersion.type, QuestionVersion.content)
        .join(Question, Question.bank_id == QuestionBank.id)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.active.is_(True))
    ):
        pools.setdefault(bank, []).append((version_id, kind, len(content.get("options") or ())))
    exams = []
    for exam_id, settings, sections in connection.execute(
        sa.select(Exam.id, Exam.settings, Exam.sections).where(Exam.active.is_(True))
    ):
        pool = [item for bank in {s["bank"] for s in sections} for item in pools.get(bank, [])]
        size = min(len(pool), sum(s.get("count", 0) for s in sections))
        if size:
            exams.append((exam_id, settings["time_limit_minutes"], settings["pass_mark"], pool, size))
    modules = list(connection.scalars(sa.select(Module.id).where(Module.active.is_(True))))
    texts = list(connection.execute(sa.select(TypingText.id, TypingText.lang, TypingText.text)).tuples())
    return _Content(exams, modules, texts)


def _copy(connection: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    """PostgreSQL's COPY of ``rows`` into ``table``: one stream instead of multi-row INSERT statements."""
    columns = list(rows[0])
    json = {name for name in columns if isinstance(table.c[name].type, sa.JSON)}
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([dumps(row[name]) if name in json else row[name] for name in columns])


def insert_rows(connection: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    """``rows`` into ``table`` in bulk: COPY on PostgreSQL, one executemany on SQLite."""
    if connection.dialect.name == "postgresql":
        _copy(connection, table, rows)
    else:
        connection.execute(table.insert(), rows)


def _answer(rng: random.Random, kind: str, options: int, right: bool):
    """An answer of the question's shape (lms.domain.scoring)."""
    if kind == "single":
        return rng.randrange(max(options, 1))
    if kind == "multiple":
        return sorted(rng.sample(range(options), min(options, 2)))
    if kind == "truefalse":
        return right
    return "先安抚客户情绪，再核实订单信息并给出处理时限。"


class _Builder:
    """Generates one chunk of agents and all their rows, table by table."""

    def __init__(self, content: _Content, now: datetime, rng: random.Random) -> None:
        self.content, self.now, self.rng = content, now, rng
        self.ids: dict[str, int] = {}
        self.rows: dict[sa.Table, list[dict]] = {}

    def next_id(self, table: sa.Table) -> int:
        self.ids[table.name] = self.ids.get(table.name, 0) + 1
        return self.ids[table.name]

    def add(self, model, **row) -> int:
        table = model.__table__
        row["id"] = self.next_id(table)
        self.rows.setdefault(table, []).append(row)
        return row["id"]

    def flush(self, connection: sa.Connection) -> int:
        """Insert what was generated, parents first; the number of rows."""
        count = 0
        for table in sorted(self.rows, key=_ORDER.index):
            insert_rows(connection, table, self.rows[table])
            count += len(self.rows[table])
        self.rows = {}
        return count

    def when(self, start: datetime) -> datetime:
        """A moment between ``start`` and now."""
        span = max((self.now - start).total_seconds(), 1)
        return start + timedelta(seconds=self.rng.uniform(0, span))

    def agent(self, number: int, team_id: int, password_hash: str, answers: int, certificates: int) -> None:
        rng, now = self.rng, self.now
        hired = now - timedelta(days=rng.randint(0, 2000))
        user_id = self.add(
            User,
            employee_no=f"A{number:06d}",
            name=rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
            password_hash=password_hash,
            role=Role.NEW_HIRE if now - hired < timedelta(days=30) else Role.AGENT,
            hire_date=hired.date(),
            team_id=team_id,
            created_at=hired,
            **ACCOUNT,
        )
        skill = rng.uniform(0.5, 0.97)
        self.attempts(user_id, hired, skill, answers)
        self.awards(user_id, hired, certificates)
        self.learning(user_id, hired)
        self.drills(user_id, hired)

    def attempts(self, user_id: int, hired: datetime, skill: float, answers: int) -> None:
        """Finished attempts at random exams until the agent has given ``answers`` answers (the last paper cut short)."""
        rng = self.rng
        while answers > 0:
            exam_id, minutes, pass_mark, pool, size = rng.choice(self.content.exams)
            paper = rng.sample(pool, min(size, answers))
            answers -= len(paper)
            started = self.when(hired)
            finished = started + timedelta(minutes=rng.uniform(1, minutes))
            rights = [rng.random() < skill for _ in paper]
            percent = round(100 * sum(rights) / len(paper), 2)
            attempt_id = self.add(
                Attempt,
                exam_id=exam_id,
                user_id=user_id,
                status=AttemptStatus.FINISHED,
                started_at=started,
                deadline=started + timedelta(minutes=minutes),
                finished_at=finished,
                timed_out=False,
                score=float(sum(rights)),
                max_score=float(len(paper)),
                percent=percent,
                passed=percent >= pass_mark,
            )
            for position, ((version_id, qtype, options), right) in enumerate(zip(paper, rights, strict=True), 1):
                self.add(
                    AttemptItem,
                    attempt_id=attempt_id,
                    position=position,
                    question_version_id=version_id,
                    answer=_answer(rng, qtype, options, right),
                    answered_at=started + (finished - started) * position / len(paper),
                    score=1.0 if right else 0.0,
                )

    def awards(self, user_id: int, hired: datetime, certificates: int) -> None:
        """The levels held, in order, each with its certificates (``certificates`` in all: renewals and reissues)."""
        rng = self.rng
        held = LEVELS[: rng.choices(range(5), weights=(15, 30, 25, 18, 12))[0]] or LEVELS[:1]
        at = hired
        for index, level in enumerate(held):
            at = self.when(at) if index else self.when(hired)
            award_id = self.add(
                LevelAward, user_id=user_id, level=level, awarded_at=at, evidence=[], override_reason=None
            )
            share = certificates // len(held) + (1 if index < certificates % len(held) else 0)
            for renewal in range(share):
                issued = (at + timedelta(days=120 * renewal)).date()
                body = "".join(rng.choices(ALPHABET, k=12))
                revoked = rng.random() < 0.01
                self.add(
                    Certificate,
                    award_id=award_id,
                    number=body + check_character(body),
                    issued_on=issued,
                    expires_on=issued + timedelta(days=730),
                    pdf=b"%PDF-1.7 bench",
                    pdf_tries=1,
                    revoked_at=self.when(at) if revoked else None,
                    revoked_reason="信息有误" if revoked else None,
                )

    def learning(self, user_id: int, hired: datetime) -> None:
        """Module progress (most of it completed), assignments (some overdue), one competency rating."""
        rng, modules = self.rng, self.content.modules
        for module_id in rng.sample(modules, rng.randint(0, len(modules))):
            started = self.when(hired)
            done = rng.random() < 0.8
            self.add(
                ModuleProgress,
                user_id=user_id,
                module_id=module_id,
                started_at=started,
                last_position=1,
                last_opened_at=started,
                completed_at=self.when(started) if done else None,
                completed_version=1 if done else None,
            )
        for module_id in rng.sample(modules, min(3, len(modules))):
            self.add(
                Assignment,
                user_id=user_id,
                module_id=module_id,
                due_date=(self.now + timedelta(days=rng.randint(-30, 60))).date(),
                created_at=self.when(hired),
            )
        if rng.random() < 0.7:
            ratings = {code: rng.randint(2, 5) for code in competency.WEIGHTS}
            self.add(
                CompetencyRating,
                user_id=user_id,
                ratings=ratings,
                score=competency.weighted_score(ratings),
                created_at=self.when(hired),
            )
        for _ in range(rng.choice((0, 0, 0, 1, 2))):
            self.add(
                Violation,
                user_id=user_id,
                code="late",
                points=rng.choice((5, 10, 20)),
                day=self.when(hired).date(),
                note="",
                created_at=self.now,
            )

    def drills(self, user_id: int, hired: datetime) -> None:
        """Typing results and quick-reply sessions over the last months."""
        rng = self.rng
        recent = max(hired, self.now - timedelta(days=120))
        for _ in range(rng.randint(0, 6)):
            text_id, lang, text = rng.choice(self.content.texts)
            started = self.when(recent)
            seconds = rng.uniform(60, 300)
            self.add(
                TypingResult,
                user_id=user_id,
                text_id=text_id,
                lang=lang,
                target=text,
                started_at=started,
                finished_at=started + timedelta(seconds=seconds),
                seconds=seconds,
                client_seconds=seconds,
                typed=text,
                gross=rng.uniform(30, 110),
                net=rng.uniform(25, 100),
                accuracy=rng.uniform(0.85, 1),
            )
        for _ in range(rng.randint(0, 4)):
            started = self.when(recent)
            self.add(
                ReplySession,
                user_id=user_id,
                mode="recognition",
                started_at=started,
                finished_at=started + timedelta(minutes=5),
                share_right=rng.uniform(0.5, 1),
                mean_fidelity=rng.uniform(0.5, 1),
                mean_seconds=rng.uniform(4, 25),
                p90_seconds=rng.uniform(10, 40),
            )


#: Parents before children, so PostgreSQL's foreign keys hold after every statement.
_ORDER = [
    model.__table__
    for model in (
        User,
        Team,
        Attempt,
        AttemptItem,
        LevelAward,
        Certificate,
        ModuleProgress,
        Assignment,
        CompetencyRating,
        Violation,
        TypingResult,
        ReplySession,
    )
]


def _spread(total: int, parts: int) -> list[int]:
    """``total`` shared out as evenly as possible over ``parts``."""
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


def build(url: str, factor: float) -> Built:
    """Fill the migrated, content-imported database at ``url`` at ``factor`` times the full scale."""
    agents = max(round(AGENTS * factor), BIG_TEAM + TEAMS - 1)
    answers, certificates = round(ANSWERS * factor), round(CERTIFICATES * factor)
    begin = time.perf_counter()
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":  # the build only: a crash loses a throwaway file, not data
        sa.event.listen(engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA synchronous=OFF"))
    rng = random.Random(15)
    now = timeutil.utcnow()
    rows = 0
    with engine.begin() as connection:
        builder = _Builder(_content(connection), now, rng)
        password_hash = hash_password(PASSWORD)
        staff = [("H0001", "陈人事", Role.HR), ("M0001", "林管理", Role.ADMIN)]
        staff += [(f"S{team:04d}", f"周主管{team}", Role.SUPERVISOR) for team in range(1, TEAMS + 1)]
        for employee_no, name, role in staff:
            builder.add(
                User,
                employee_no=employee_no,
                name=name,
                password_hash=password_hash,
                role=role,
                hire_date=date(2020, 3, 2),
                created_at=now,
                **ACCOUNT,
            )
        rows += builder.flush(connection)
        supervisors = {employee_no: index for index, (employee_no, *_) in enumerate(staff, 1)}
        for team in range(1, TEAMS + 1):
            builder.add(
                Team,
                name=f"售后{team:03d}组",
                supervisor_id=supervisors[f"S{team:04d}"],
                active=True,
                line=None,
                created_at=now,
            )
        rows += builder.flush(connection)
    teams = [1] * BIG_TEAM + [2 + index % (TEAMS - 1) for index in range(agents - BIG_TEAM)]
    per_answers, per_certificates = _spread(answers, agents), _spread(certificates, agents)
    for start in range(0, agents, CHUNK):
        with engine.begin() as connection:
            for index in range(start, min(start + CHUNK, agents)):
                builder.agent(index + 1, teams[index], password_hash, per_answers[index], per_certificates[index])
            rows += builder.flush(connection)
        elapsed = time.perf_counter() - begin
        say(
            f"{min(start + CHUNK, agents):,}/{agents:,} agents, {rows:,} rows, {elapsed:.0f} s ({rows / elapsed:,.0f}/s)"
        )
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":  # ids were given: move the sequences past them for the app's inserts
            for table in _ORDER:
                connection.execute(
                    sa.text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), max(id)) FROM {table.name}")
                )
            connection.exec_driver_sql("ANALYZE")
        else:
            connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return Built(agents, answers, certificates, rows, time.perf_counter() - begin, "S0001", "H0001", timeutil.today())
