"""The Flask extension objects, created unbound; ``create_app`` binds them."""

import sqlalchemy as sa
from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

from lms.i18n import Babel

#: Constraint names Alembic can rely on, on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Mail:
    """Flask-Mailman's ``Mail``, imported and bound to the app when the first e-mail is sent.

    Only the reminders send mail (``lms send-reminders``, or its job); importing Flask-Mailman at every start cost
    each web worker about 0.7 MB for nothing. ``get_connection`` is the one call the app makes.
    """

    def init_app(self, app: Flask) -> None:
        """Nothing to do before mail is sent: the settings are read then, from the app sending it."""

    def get_connection(self, **options):
        """A connection to the mail server (Flask-Mailman's, with its settings read from the current app)."""
        from flask_mailman import Mail as Mailman

        mailman = Mailman()
        if "mailman" not in current_app.extensions:
            mailman.init_app(current_app)  # type: ignore[arg-type]
        return mailman.get_connection(**options)


class Base(DeclarativeBase):
    """Declarative base of every model."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
#: Outgoing mail (reminders), connected to LMS_SMTP_URL when it is set.
mail = Mail()
#: Rate limits for public pages (memory per process, or Redis when LMS_REDIS_URL is set).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
