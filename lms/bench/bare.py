"""The baseline of the load benches: a bare Flask + Flask-SQLAlchemy app that stores each POST's form as one INSERT.

Served by gunicorn as ``lms.bench.bare:create_app()`` on the database in LMS_BENCH_BARE_URL, with the same SQLite
settings as the app (WAL, busy timeout), so the difference to the app is the app's own work.
"""

import os
import sqlite3
from datetime import datetime

import sqlalchemy as sa
from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Where the baseline's rows go (its table sits beside the app's in the same bench database).
TABLE = "bench_bare_rows"


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Row(db.Model):
    """One stored POST."""

    __tablename__ = TABLE

    id: Mapped[int] = mapped_column(primary_key=True)
    answer: Mapped[dict] = mapped_column(sa.JSON)
    at: Mapped[datetime] = mapped_column(server_default=sa.func.current_timestamp())  # the database's clock


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        for pragma in ("journal_mode=WAL", "busy_timeout=5000", "foreign_keys=ON"):
            dbapi_connection.execute(f"PRAGMA {pragma}")


def create_app() -> Flask:
    """The baseline app: ``POST /rows`` stores the form and answers JSON."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["LMS_BENCH_BARE_URL"]
    db.init_app(app)
    with app.app_context():
        sa.event.listen(db.engine, "connect", _sqlite_pragmas)

    @app.post("/rows")
    def store():
        db.session.add(Row(answer=request.form.to_dict(flat=False)))
        db.session.commit()
        return jsonify(saved=True)

    return app


def create_table(url: str) -> None:
    """Make the baseline's (empty) table in the database at ``url``."""
    engine = sa.create_engine(url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    engine.dispose()
