"""Settings, the database connection, and migrations that match the models."""

import os
import stat

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lms import config, create_app
from lms.extensions import db


def test_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("LMS_SECRET_KEY", raising=False)
    first = config.from_environment(str(tmp_path))["SECRET_KEY"]
    second = config.from_environment(str(tmp_path))["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600


def test_settings_come_from_lms_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("LMS_DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("LMS_SECRET_KEY", "from-env")
    monkeypatch.setenv("LMS_REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("LMS_COOKIE_SECURE", "yes")
    settings = config.from_environment(str(tmp_path))
    assert settings["SQLALCHEMY_DATABASE_URI"] == "sqlite:///elsewhere.db"
    assert settings["SECRET_KEY"] == "from-env" and settings["REDIS_URL"].startswith("redis://")
    assert settings["SESSION_COOKIE_SECURE"] is True and not (tmp_path / "secret_key").exists()


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("LMS_DATABASE_URL", raising=False)
    assert config.from_environment(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/lms.sqlite3"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"})
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()


def test_migrations_match_the_models(app):
    """After `lms db upgrade` the schema is exactly what the models declare."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_database_backend_answers(app):
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT 1")) == 1


def test_server_error_shows_a_chinese_page(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"})

    @app.route("/boom")
    def boom():
        raise RuntimeError("broken on purpose")

    boom.allowed_roles = "public"
    response = app.test_client().get("/boom")
    assert response.status_code == 500 and "服务器出错了" in response.get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()


def test_workers_starting_together_share_one_secret_key(tmp_path, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.delenv("LMS_SECRET_KEY", raising=False)
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: config.instance_secret_key(str(tmp_path)), range(8)))
    assert len(keys) == 1 and sorted(p.name for p in tmp_path.iterdir()) == ["secret_key"]
