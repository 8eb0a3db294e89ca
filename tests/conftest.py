"""Fixtures: the app is built once per database backend, the data is emptied after each test.

SQLite always runs; PostgreSQL too when LMS_TEST_POSTGRES_URL is set (CI sets it). Each
backend's schema is built by the Alembic migrations, so the migrations are tested as well.
LMS_TEST_FREEZE (an ISO instant, e.g. 2026-12-01T00:30:00+08:00) moves the whole session's
clock there with time-machine; it keeps ticking, so timeouts and waits still pass.
"""

import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

os.environ.setdefault("LMS_SECRET_KEY", "test-only-secret")

from lms import create_app  # noqa: E402
from lms.extensions import db, limiter  # noqa: E402
from lms.services import answer_saves  # noqa: E402
from tests import snapshot  # noqa: E402
from tests.api.openapi_check import CheckedClient  # noqa: E402
from tests.factories import make_user  # noqa: E402

#: Property-based tests (Hypothesis): a few examples in ``make test``; HYPOTHESIS_PROFILE=thorough for 2,000 each.
# The quick profile runs in `make test` and CI: derandomized, so every run tries the same examples and a
# green suite stays green; the thorough profile (HYPOTHESIS_PROFILE=thorough) explores at random.
settings.register_profile("quick", max_examples=20, deadline=None, derandomize=True)
settings.register_profile(
    "thorough",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

POSTGRES_URL = os.environ.get("LMS_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
PASSWORD = "pass1234"
FREEZE = os.environ.get("LMS_TEST_FREEZE")


def pytest_configure(config):
    """With LMS_TEST_FREEZE, travel to that instant for the whole session (every xdist worker too)."""
    if FREEZE:
        import time_machine

        traveller = time_machine.travel(FREEZE, tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header(config):
    """Say which databases the suite runs on, and where the clock is."""
    clock = f"clock: from {FREEZE} (LMS_TEST_FREEZE), ticking" if FREEZE else "clock: real"
    if POSTGRES_URL:
        return ["databases: sqlite, postgresql", clock]
    return ["databases: sqlite only (set LMS_TEST_POSTGRES_URL to also run on PostgreSQL)", clock]


#: Where the SQLite test database goes: memory-backed /dev/shm where there is one (a commit's fsync costs nothing
#: there, and a test commits often), else pytest's temporary folder.
MEMORY = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def _schema(worker: str) -> str:
    """A PostgreSQL schema of its own per run and xdist worker, so parallel runs never meet."""
    return f"lms_test_{os.getpid()}_{worker}"


@pytest.fixture(scope="session", params=BACKENDS)
def app(request, tmp_path_factory, worker_id):
    """The application, on a freshly migrated database of the given backend."""
    options = {}
    if request.param == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="lms-test-", dir=MEMORY)) if MEMORY else tmp_path_factory.mktemp("db")
        url = f"sqlite:///{folder / 'lms.sqlite3'}"
    else:
        url, schema = POSTGRES_URL, _schema(worker_id)
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
        engine.dispose()
        # A commit need not wait for its WAL to reach the disk: nothing here outlives a crash of the server.
        options = {"connect_args": {"options": f"-csearch_path={schema} -csynchronous_commit=off"}}
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": options,
            "SERVER_NAME": None,
        }
    )
    app.test_client_class = CheckedClient  # every /api/ answer is checked against the OpenAPI document
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()
    if request.param == "sqlite" and MEMORY:
        shutil.rmtree(folder)
    if request.param == "postgresql":
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


#: A setting that is not there (``app.config.get``'s default when comparing before and after a test).
_GONE = object()


@pytest.fixture(autouse=True)
def _empty_tables(request):
    """Empty every table, and the rate limiter's counts, after each test that used the database; and fail a test
    that left the session's ``app.config`` changed (``monkeypatch.setitem`` puts a setting back), since every later
    test on this worker would run with it."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    config = dict(app.config)
    yield
    empty_tables(app)
    changed = sorted(
        key for key in config.keys() | app.config.keys() if config.get(key, _GONE) != app.config.get(key, _GONE)
    )
    assert not changed, f"the test left the session's app.config changed: {changed}"


def empty_tables(app) -> None:
    """Empty every table (ids start again at 1), the rate limiter's counts and the caches kept by id."""
    limiter.reset()
    answer_saves.read_question.cache_clear()  # kept per process by version id, and the next test's ids start again
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            snapshot.empty(connection)


@pytest.fixture
def ctx(app):
    """An application context for tests that use the database directly.

    Not for tests that also make requests: Flask would run every request inside this one
    context, so ``g`` (and the signed-in user cached there) would leak between requests.
    """
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    """A test client (CSRF protection on, as in production)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the ``lms`` commands."""
    return app.test_cli_runner()


#: A form's CSRF token field, as Flask-WTF renders it.
CSRF_FIELD = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token of the client's session, read from a form on ``path``."""
    page = client.get(path).get_data(as_text=True)
    match = CSRF_FIELD.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


class Auth:
    """Signs a test client in and out."""

    def __init__(self, client):
        self.client = client

    def login(self, employee_no: str, password: str = PASSWORD):
        """Post the sign-in form."""
        token = csrf_token(self.client)
        return self.client.post("/login", data={"employee_no": employee_no, "password": password, "csrf_token": token})

    def post(self, path: str, data: dict | None = None, **kwargs):
        """Post a form with the session's CSRF token."""
        token = csrf_token(self.client, "/password")
        return self.client.post(path, data={**(data or {}), "csrf_token": token}, **kwargs)


@pytest.fixture
def auth(client):
    """Sign-in helper for ``client``."""
    return Auth(client)


@pytest.fixture
def people(app):
    """One user of each role, in one team led by the supervisor; their employee numbers by role."""
    from lms.models import Role, Team

    with app.app_context():
        return _add_people(Role, Team)


def _add_people(Role, Team) -> dict:
    """Add the five people of the ``people`` fixture."""
    team = Team(name="售后一组")
    db.session.add(team)
    users = {
        role: make_user(f"T{index}", name, role, team=team if role in (Role.AGENT, Role.NEW_HIRE) else None)
        for index, (role, name) in enumerate(
            [
                (Role.ADMIN, "林管理"),
                (Role.HR, "陈人事"),
                (Role.SUPERVISOR, "周主管"),
                (Role.AGENT, "李客服"),
                (Role.NEW_HIRE, "王新人"),
            ]
        )
    }
    team.supervisor = users[Role.SUPERVISOR]
    db.session.commit()
    return {role.value: user.employee_no for role, user in users.items()}


@pytest.fixture
def content_root(tmp_path):
    """A folder with the test course files (tests/content.py)."""
    from tests.content import write_courses

    return write_courses(tmp_path / "content")


def _imported(app, content_root, *writers):
    """Write extra test content into ``content_root`` and import all of it (tests/snapshot.py)."""
    for write in writers:
        write(content_root)
    snapshot.imported(app, content_root)
    return content_root


#: The repository's own content (courses, question banks, exams, drills).
REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture
def real_content(app):
    """The repository's courses, banks, exams and drills, imported."""
    snapshot.imported(app, REPOSITORY)


@pytest.fixture
def courses(app, content_root):
    """The test course files, imported."""
    return _imported(app, content_root)


@pytest.fixture
def exam_content(app, content_root):
    """The test courses plus a bank with one question of each type and two exams, imported."""
    from tests.content import write_exams

    return _imported(app, content_root, write_exams)


@pytest.fixture
def promotion_content(app, content_root, monkeypatch):
    """``exam_content`` plus a junior promotion exam whose paper has a scenario question, which its rule names.

    The level rules in force are the test ones for the test (junior: the alpha module and this exam at 75).
    """
    from tests.content import write_promotion

    monkeypatch.setitem(app.config, "CONTENT_DIR", str(content_root))
    return _imported(app, content_root, write_promotion)


@pytest.fixture
def drill_content(app, content_root):
    """The test courses plus two typing texts and a small quick-reply library, imported."""
    from tests.content import write_drills, write_library

    return _imported(app, content_root, write_drills, write_library)


class Mailbox:
    """What a real SMTP server in the test process received; ``refuse`` makes it refuse that many messages."""

    def __init__(self):
        self.messages = []
        self.logins = []
        self.refuse = 0

    async def handle_DATA(self, server, session, envelope):
        """Keep the message (parsed), or refuse it with a temporary error."""
        import email
        from email import policy

        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        """Accept any login, remembering it."""
        from aiosmtpd.smtp import AuthResult

        self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=True)


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server (aiosmtpd) on a free port of 127.0.0.1, and LMS_SMTP_URL pointing at it."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=mailbox.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    mailbox.url = f"smtp://127.0.0.1:{controller.port}"
    monkeypatch.setitem(app.config, "SMTP_URL", mailbox.url)
    yield mailbox
    controller.stop()


@pytest.fixture
def new_database(tmp_path):
    """Makes empty databases of a backend (``sqlite``, or ``postgresql`` dropped afterwards); returns their URLs."""
    made: list[str] = []

    def make(backend: str) -> str:
        name = f"lms_test_{uuid.uuid4().hex[:12]}"
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / name}.sqlite3"
        server = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(sa.text(f"CREATE DATABASE {name}"))
        server.dispose()
        made.append(name)
        return sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    yield make
    if made:
        server = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            for name in made:
                connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        server.dispose()
