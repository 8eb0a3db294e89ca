"""The parts ``create_app`` wires together, one function each."""

import ctypes.util
import sqlite3
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

import sqlalchemy as sa
from flask import (
    Flask,
    current_app,
    has_request_context,
    render_template,
    request,
    session,
)
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.middleware.proxy_fix import ProxyFix

from lms import labels, punctuation, template_urls, timefmt, timeutil
from lms.api import errors as api_errors
from lms.domain import charts, progress, rendering
from lms.domain.states import AttemptStatus, CertificateStatus, ExamKind, LearningStatus
from lms.extensions import babel, csrf, db, limiter, login_manager, mail
from lms.files import create_private
from lms.i18n import translations
from lms.params import DatabaseId, refuse_nul
from lms.security import enforce_timeouts
from lms.services import certificates

MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: WAL so readers don't block the writer, a busy timeout, foreign keys on."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def private_sqlite_file(app: Flask) -> None:
    """An SQLite database file is created 0600 (its -wal and -shm files follow its mode): it holds password hashes.

    A relative path is in the instance folder, as Flask-SQLAlchemy reads it; in-memory and ``file:`` URIs are left alone.
    """
    url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:") or "uri" in url.query:
        return
    path = Path(app.instance_path) / url.database
    if path.parent.is_dir():
        create_private(path)


def select_locale() -> str:
    """The signed-in user's language, else the session's choice, else Chinese (also outside requests)."""
    if not has_request_context():
        return "zh_CN"
    if api_errors.is_api_request():  # an HR system's call: its Accept-Language, never a session
        return api_errors.locale()
    languages = babel_languages()
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return "zh_CN"


def babel_languages() -> dict:
    """The interface languages, code -> name in that language."""
    return current_app.config["LANGUAGES"]


def register_extensions(app: Flask) -> None:
    """Bind the extension objects to ``app``."""
    from lms import models  # noqa: F401  (every table known to SQLAlchemy and Alembic)

    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # JSON answers carry Chinese as UTF-8, readable in a terminal
    private_sqlite_file(app)
    db.init_app(app)
    register_migrations(app)
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)  # Redis down: count per worker, never a 500
    trust_proxies(app)
    limiter.init_app(app)
    check_rate_limit_store(app)
    babel.init_app(app, locale_selector=select_locale)
    mail.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        """The user of a session (or an old remember-me cookie), unless their session version has been raised since."""
        from lms.models import User
        from lms.session_user import SessionUser

        claimed = SessionUser.parse(user_id)
        if claimed is None:
            return None
        user = db.session.get(User, claimed.id)
        return user if user is not None and user.signs_in_with(claimed.version) else None

    app.before_request(refuse_nul)
    app.before_request(enforce_timeouts)

    @app.context_processor
    def inject_navigation():
        from lms.navigation import menu_for
        from lms.services.notifications import unread_count

        user = current_user._get_current_object()  # type: ignore[attr-defined]  # once, not once a menu item
        return {
            "menu": menu_for(user),
            "languages": babel_languages(),
            "current_locale": select_locale(),
            # called by base.html only (one query), so PDFs and e-mails rendered from templates ask nothing
            "unread_notifications": lambda: unread_count(user) if user and user.is_authenticated else 0,
        }

    app.jinja_env.globals["url_for"] = template_urls.kept(app)
    app.jinja_env.globals["today"] = timeutil.today
    app.jinja_env.globals["timezone"] = lambda: timeutil.zone().key
    app.jinja_env.filters["localdate"] = timefmt.localdate
    app.jinja_env.filters["localtime"] = timefmt.localtime
    app.jinja_env.filters["duration"] = timefmt.duration
    app.jinja_env.filters["points"] = charts.points
    app.jinja_env.filters["dots"] = line_dots
    app.jinja_env.filters["cells"] = table_cells
    app.jinja_env.globals["zip"] = zip
    app.jinja_env.filters["figure"] = charts.figure
    app.jinja_env.filters["paren"] = punctuation.paren
    app.jinja_env.filters["colon"] = punctuation.colon
    app.jinja_env.filters["zh"] = punctuation.zh
    app.jinja_env.globals["zh_lang"] = punctuation.zh_lang
    app.jinja_env.filters["qtext"] = question_text
    app.jinja_env.filters["qplain"] = lambda text, question: rendering.question_plain(text, question.get("text_format"))
    app.jinja_env.globals.update(
        AttemptStatus=AttemptStatus,
        ExamKind=ExamKind,
        CertificateStatus=CertificateStatus,
        LearningStatus=LearningStatus,
    )
    app.jinja_env.globals["level_name"] = labels.level_name
    app.jinja_env.globals["level_names"] = labels.level_names
    app.jinja_env.globals["line_name"] = labels.line_name
    app.jinja_env.globals["question_types"] = labels.QUESTION_TYPES
    app.jinja_env.globals["certificate_status_of"] = certificates.status
    app.jinja_env.globals["percent_of"] = progress.percent


class Migrations:
    """What Flask-Migrate keeps in ``app.extensions["migrate"]``, without importing it (and Alembic) until a migration runs.

    Flask-Migrate's ``init_app`` imports Alembic, Mako and Pygments: about 12 MB in every worker and 0.2 s of every
    start, for commands a worker never runs. Its functions (``upgrade()``, the ``lms db`` commands) read ``migrate``,
    ``db``, ``directory`` and ``configure_args`` from here, as from its own record.
    """

    def __init__(self, directory: str, **configure_args) -> None:
        self.db = db
        self.directory = directory
        self.configure_args = configure_args

    @cached_property
    def migrate(self):
        from flask_migrate import Migrate

        return Migrate(db=self.db, directory=self.directory, **self.configure_args)


def register_migrations(app: Flask) -> None:
    """The Alembic migrations of ``MIGRATIONS`` (batch mode, so SQLite can alter tables); ``lms db`` is in lms.cli."""
    app.extensions["migrate"] = Migrations(MIGRATIONS, compare_type=True, render_as_batch=True)


def trust_proxies(app: Flask) -> None:
    """Behind LMS_PROXIES reverse proxies, take the client's address from X-Forwarded-For (and the scheme and host).

    Rate limits and the audit log key on that address; without it every client behind a proxy would share one.
    """
    if app.config.get("PROXIES"):
        hops = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def check_rate_limit_store(app: Flask) -> None:
    """Warn at start when several workers would each count rate limits in their own memory."""
    workers = app.config.get("WORKERS", 1)
    if workers > 1 and not app.config.get("REDIS_URL"):
        app.logger.warning(
            "*** %s workers (WEB_CONCURRENCY) without LMS_REDIS_URL: each counts rate limits in its own memory, so "
            "/verify, the API and sign-in allow %s times as many requests. Set LMS_REDIS_URL, e.g. redis://127.0.0.1:6379/0",
            workers,
            workers,
        )


#: What each host would keep to itself when a multi-host setting is left to its one-host default.
HOST_LOCAL = {
    "LMS_SECRET_KEY": "its own key in instance/secret_key, so a session made on one host is refused by the others",
    "LMS_REDIS_URL": "its own rate-limit counts and runs jobs in its own processes",
    "LMS_STORAGE_PATH": "job files (uploads waiting for their job, ZIP results) and branding in its own instance/",
}


def check_shared_settings(app: Flask) -> None:
    """Warn at start when a database other hosts can reach (not SQLite) is used with settings only one host can use."""
    if sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() == "sqlite":
        return
    for name in app.config.get("HOST_LOCAL_SETTINGS", []):
        app.logger.warning(
            "*** %s is not set: if several hosts serve this database, each keeps %s. Set it on every host, "
            "or ignore this on a single host (docs/DEPLOY.md).",
            name,
            HOST_LOCAL[name],
        )


def check_pdf_fonts(app: Flask) -> None:
    """Warn loudly at start when certificates would be rendered the slow way (WeasyPrint subsetting with fontTools).

    Asks the dynamic linker whether libharfbuzz-subset is there rather than importing WeasyPrint, which would cost
    every start and every ``lms`` command about a second and every worker about 40 MB.
    """
    if ctypes.util.find_library("harfbuzz-subset") is None:
        app.logger.warning(
            "*** libharfbuzz-subset0 is missing: WeasyPrint will subset fonts with fontTools, "
            "about 12 s per certificate with Noto CJK instead of 0.2 s. apt-get install libharfbuzz-subset0"
        )


def check_base_url(app: Flask) -> None:
    """Warn at start while certificates would print a verification address only this machine can open."""
    from lms.services.branding import local_base_url

    with app.app_context():
        url = local_base_url()
    if url:
        app.logger.warning(
            "*** LMS_BASE_URL is %s: certificates would print a verification address and QR code that nobody "
            "else can open. Set LMS_BASE_URL to the public address, e.g. https://lms.example.com",
            url,
        )


def register_blueprints(app: Flask) -> None:
    """One blueprint per area; ``<int:…>`` in their routes only matches ids the database can hold."""
    app.url_map.converters["int"] = DatabaseId
    from lms.admin.questions import bp as question_admin_bp
    from lms.admin.routes import bp as admin_bp
    from lms.api.pages import bp as api_tokens_bp
    from lms.api.routes import bp as api_bp
    from lms.auth.routes import bp as auth_bp
    from lms.background.routes import bp as background_bp
    from lms.banks.routes import bp as banks_bp
    from lms.certificates.routes import bp as certificates_bp
    from lms.certificates.routes import verify_bp
    from lms.courses.routes import bp as courses_bp
    from lms.drills.routes import bp as drills_bp
    from lms.exams.routes import bp as exams_bp
    from lms.grading.routes import bp as grading_bp
    from lms.hr.routes import bp as hr_bp
    from lms.knowledge.routes import bp as knowledge_bp
    from lms.levels.routes import bp as levels_bp
    from lms.main.routes import bp as main_bp
    from lms.notifications.routes import bp as notifications_bp
    from lms.review.routes import bp as review_bp
    from lms.supervisor.routes import bp as supervisor_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(background_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(courses_bp)
    app.register_blueprint(exams_bp)
    app.register_blueprint(grading_bp)
    app.register_blueprint(drills_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(levels_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(verify_bp)
    app.register_blueprint(hr_bp, url_prefix="/hr")
    app.register_blueprint(notifications_bp)
    app.register_blueprint(supervisor_bp, url_prefix="/supervisor")
    app.register_blueprint(knowledge_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(question_admin_bp, url_prefix="/admin/questions")
    app.register_blueprint(banks_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(api_tokens_bp)


def register_errorhandlers(app: Flask) -> None:
    """Error pages in the user's language."""

    def page(status: int):
        def handler(error):
            if status == 500:
                db.session.rollback()
            if api_errors.is_api_request():  # e.g. an unknown /api/ path: JSON, never a page
                return api_errors.from_http(error if isinstance(error, HTTPException) else InternalServerError())
            return render_template(f"errors/{status}.html", error=error), status

        return handler

    for status in (400, 403, 404, 413, 429, 500):
        app.register_error_handler(status, page(status))

    @app.errorhandler(405)
    def wrong_method(error):
        """A method a path does not take: the API's JSON under /api/, else Werkzeug's own answer."""
        return api_errors.from_http(error) if api_errors.is_api_request() else error

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        app.logger.info("CSRF refused on %s", request.path)
        return render_template("errors/400.html", error=error, csrf=True), 400


def register_commands(app: Flask) -> None:
    """The ``lms`` commands of our own."""
    from lms.cli import commands

    for command in commands:
        app.cli.add_command(command)


def question_text(text: str, question: dict) -> Markup:
    """``{{ text|qtext(q) }}``: one of a question's texts as safe HTML, by the question's ``text_format``."""
    return Markup(rendering.question_html(text, question.get("text_format")))


def line_dots(line: charts.Line, colour: str) -> Markup:
    """``{{ line|dots(colour) }}``: a line chart's points as SVG dots, each with its tooltip ("name：value").

    What a template loop wrote a point (a translated, escaped tooltip and three escaped attributes), in one call:
    the tooltip is translated and its name and colour escaped once a line. Coordinates are floats and figures
    digits, which escaping leaves as they are.
    """
    tip, what, fill = translations().ugettext("%(what)s：%(value)s"), escape(line.name), escape(colour)
    return Markup(
        "".join(
            f'<circle cx="{x}" cy="{y}" r="2.5" fill="{fill}"><title>{tip % {"what": what, "value": charts.figure(v)}}'
            "</title></circle>"
            for x, y, v in line.points
        )
    )


def table_cells(row: Iterable[object]) -> Markup:
    """``{{ row|cells }}``: a table row's values as escaped ``<td>`` cells, in one call (not an expression a cell)."""
    return Markup("".join(f"<td>{escape(value)}</td>" for value in row))
