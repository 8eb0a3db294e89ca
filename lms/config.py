"""Settings, read from ``LMS_*`` environment variables.

Every setting has a safe default for a single machine: an SQLite file, a secret key generated once
and files kept in the instance folder (never in the repository). Several hosts share a database
(PostgreSQL), LMS_SECRET_KEY, LMS_REDIS_URL and LMS_STORAGE_PATH instead (docs/DEPLOY.md).
"""

import ipaddress
import os
import secrets
from datetime import timedelta
from pathlib import Path

from lms.timeutil import DEFAULT_TIMEZONE

#: The organisation printed on certificates when LMS_ORG_NAME is not set (and its English name).
DEFAULT_ORG_NAME = "客服培训与认证中心"
DEFAULT_ORG_NAME_EN = "Customer Service Training & Certification Centre"


#: Settings every host of a multi-host installation must share (docs/DEPLOY.md); each defaults to something per host.
HOST_SETTINGS = ("LMS_SECRET_KEY", "LMS_REDIS_URL", "LMS_STORAGE_PATH")


def _flag(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_secret_key(instance_path: str) -> str:
    """Return the instance's secret key, creating it (mode 0600) on first use.

    Several workers may start at once: each writes a candidate file and links it into place;
    the first link wins and every worker reads the winner's key.
    """
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        candidate = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(candidate, path)
        except FileExistsError:
            pass
        finally:
            candidate.unlink()
    return path.read_text().strip()


def _count(name: str, default: int, least: int = 0) -> int:
    """Read a whole number of at least ``least`` from an environment variable (the default when unset or not such a number)."""
    value = (os.environ.get(name) or "").strip()
    return int(value) if value.isdigit() and int(value) >= least else default


def networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Read a list of networks in CIDR notation (``10.8.0.0/16, 192.0.2.7``), separated by commas or spaces.

    A value that is not a network stops the start with its name: a typo must not pass unnoticed.
    """
    found = []
    for part in (os.environ.get(name) or "").replace(",", " ").split():
        try:
            found.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValueError(f"{name}: {part!r} is not a network in CIDR notation (e.g. 10.8.0.0/16)") from None
    return tuple(found)


def engine_options(database_url: str) -> dict:
    """SQLAlchemy's engine options: psycopg without server-side prepared statements when LMS_PREPARED_STATEMENTS is off.

    PgBouncer in transaction mode hands each transaction any server connection, where a statement psycopg
    prepared on another one does not exist (unless PgBouncer 1.21+ tracks them with max_prepared_statements).
    """
    if _flag("LMS_PREPARED_STATEMENTS", True) or not database_url.startswith("postgresql+psycopg"):
        return {}
    return {"connect_args": {"prepare_threshold": None}}


def from_environment(instance_path: str) -> dict:
    """Build the Flask config from the environment."""
    timezone = os.environ.get("LMS_TIMEZONE") or DEFAULT_TIMEZONE
    database_url = os.environ.get("LMS_DATABASE_URL") or ("sqlite:///" + str(Path(instance_path) / "lms.sqlite3"))
    storage = Path(os.environ.get("LMS_STORAGE_PATH") or instance_path)
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
        "SECRET_KEY": os.environ.get("LMS_SECRET_KEY") or instance_secret_key(instance_path),
        #: Those of HOST_SETTINGS left to their one-host defaults (warned at start on PostgreSQL).
        "HOST_LOCAL_SETTINGS": [name for name in HOST_SETTINGS if not os.environ.get(name)],
        #: Rate limits (sign-in, /verify, the API) and background jobs; without it limits are counted per process.
        "REDIS_URL": os.environ.get("LMS_REDIS_URL") or None,
        #: How many gunicorn workers serve the app (gunicorn's own WEB_CONCURRENCY); several need REDIS_URL.
        "WORKERS": _count("WEB_CONCURRENCY", 1),
        #: An answer save that waited longer than this in the server's queue is refused at once (503, Retry-After) and
        #: sent again by the page (lms/overload.py); 0 never refuses.
        "SAVE_QUEUE_LIMIT_MS": _count("LMS_SAVE_QUEUE_LIMIT_MS", 2000),
        #: Reverse proxies in front of the app (e.g. 1 for nginx): the client's address is then read from X-Forwarded-For.
        "PROXIES": _count("LMS_PROXIES", 0),
        #: Office networks whose addresses each stand for a room of agents behind one NAT address: each may fail
        #: more sign-ins before it waits (lms/services/sign_in.py).
        "OFFICE_NETWORKS": networks("LMS_OFFICE_NETWORKS"),
        #: The RQ queue background jobs go to (when REDIS_URL is set).
        "RQ_QUEUE": os.environ.get("LMS_RQ_QUEUE") or "lms",
        #: Where background jobs keep their files for a day (uploads waiting for their job, ZIP results); shared by all hosts.
        "JOBS_DIR": str(storage / "jobs"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag("LMS_COOKIE_SECURE", False),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _flag("LMS_COOKIE_SECURE", False),
        #: A session ends after this many minutes without a request, and in any case after SESSION_HOURS.
        "IDLE_MINUTES": _count("LMS_IDLE_MINUTES", 30, least=1),
        "SESSION_HOURS": _count("LMS_SESSION_HOURS", 12, least=1),
        #: "在这台电脑上保持登录" keeps the session cookie when the browser closes, never beyond SESSION_HOURS.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_count("LMS_SESSION_HOURS", 12, least=1)),
        #: "production" refuses the demo data and its password (lms/services/demo.py).
        "ENV_NAME": (os.environ.get("LMS_ENV") or "development").strip().lower(),
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        #: Stored times are UTC; every date and time shown, and "today", are in this zone (lms.timeutil).
        "TIMEZONE": timezone,
        "BABEL_DEFAULT_TIMEZONE": timezone,
        "LANGUAGES": {"zh_CN": "中文", "en": "English"},
        "PAGE_SIZE": 25,
        #: Calls each API token may make (Flask-Limiter notation); memory per process, or Redis with LMS_REDIS_URL.
        "API_RATE_LIMIT": os.environ.get("LMS_API_RATE_LIMIT") or "120 per minute",
        #: Public address printed on certificates (the QR code points at BASE_URL/verify/NUMBER).
        "BASE_URL": (os.environ.get("LMS_BASE_URL") or f"http://127.0.0.1:{os.environ.get('LMS_PORT', '5000')}").rstrip(
            "/"
        ),
        #: Printed on certificates: the organisation (its English name only if set, or both defaults) and signatory.
        "ORG_NAME": os.environ.get("LMS_ORG_NAME") or DEFAULT_ORG_NAME,
        "ORG_NAME_EN": os.environ.get("LMS_ORG_NAME_EN")
        or ("" if os.environ.get("LMS_ORG_NAME") else DEFAULT_ORG_NAME_EN),
        "CERT_SIGNATORY_NAME": os.environ.get("LMS_CERT_SIGNATORY_NAME") or "",
        "CERT_SIGNATORY_TITLE": os.environ.get("LMS_CERT_SIGNATORY_TITLE") or "授权签发人",
        #: logo.png, seal.png and signature.png for certificates; drawn ones stand in for a missing logo and seal.
        "BRANDING_DIR": str(storage / "branding"),
        #: Where reminders are e-mailed through, e.g. smtp+starttls://user:pass@mail.example.com:587; none: in the app only.
        "SMTP_URL": os.environ.get("LMS_SMTP_URL") or None,
        #: The sender of those e-mails.
        "MAIL_FROM": os.environ.get("LMS_MAIL_FROM") or "noreply@localhost",
        "CONTENT_DIR": os.environ.get("LMS_CONTENT_DIR") or str(Path(__file__).resolve().parent.parent),
    }
