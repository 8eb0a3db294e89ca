"""``lms backup``, ``lms restore`` and ``lms copy-database``: every table comes back row for row.

These tests build databases of their own (never the shared test ``app``): a restore replaces a whole
database, so on PostgreSQL each test gets fresh databases of its own, dropped afterwards.
"""

import shutil
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from lms import create_app
from lms.backup import copy_database
from lms.extensions import db
from lms.models import Team
from lms.services import content, demo
from tests.conftest import BACKENDS


def build_app(url: str, migrated: bool):
    """An application bound to the database at ``url``, its schema built by the migrations unless ``migrated``."""
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {}, "SERVER_NAME": None}
    )
    if migrated:
        with app.app_context():
            upgrade()
    return app


def close(app) -> None:
    """Close the connections ``app`` keeps open."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app_on():
    """Makes applications on given databases (migrated unless ``migrated=False``); closes them afterwards."""
    made = []

    def make(url: str, migrated: bool = True):
        made.append(build_app(url, migrated))
        return made[-1]

    yield make
    for app in made:
        close(app)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """An SQLite file filled once per module (filling takes seconds): tests work on copies of it.

    It holds the courses, banks and exams and the demo people and learning.
    """
    path = tmp_path_factory.mktemp("template") / "filled.sqlite3"
    app = build_app(f"sqlite:///{path}", migrated=True)
    with app.app_context():
        assert not content.import_content(Path(app.config["CONTENT_DIR"])).problems
        demo.seed()
    close(app)
    return path


@pytest.fixture
def filled(template, new_database, app_on):
    """Makes a filled database of a backend from the template and returns an application on it."""

    def make(backend: str):
        url = new_database(backend)
        if backend == "sqlite":
            shutil.copy(template, sa.make_url(url).database)
        else:
            with app_on(f"sqlite:///{template}", migrated=False).app_context():
                copy_database(db.engine, url, lambda _: None)
        return app_on(url, migrated=False)

    return make


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order, by table name."""
    with app.app_context(), db.engine.connect() as connection:
        return {
            table.name: [
                tuple(row) for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in db.metadata.sorted_tables
        }


def run(app, *args: str):
    """Run an ``lms`` command in ``app``."""
    return app.test_cli_runner().invoke(args=list(args))


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


def test_backup_and_restore_bring_back_every_table(backend, filled, new_database, app_on, tmp_path):
    app = filled(backend)
    before = snapshot(app)
    assert sum(map(bool, before.values())) >= 15, "the round trip should cover most tables with rows"
    out = tmp_path / "lms.backup"

    result = run(app, "backup", str(out))
    assert result.exit_code == 0, result.output
    assert "已备份数据库" in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    again = run(app, "backup", str(out))
    assert again.exit_code == 1 and "已存在，不会覆盖" in again.output

    with app.app_context():
        db.session.execute(sa.delete(Team))  # the demo team goes; its people lose their team
        db.session.execute(sa.text("UPDATE users SET name = '改过'"))
        db.session.commit()
        db.session.remove()
    changed = snapshot(app)
    assert changed != before

    refused = run(app, "restore", str(out))
    assert refused.exit_code == 1
    assert "已有数据" in refused.output and "--force" in refused.output
    assert snapshot(app) == changed

    result = run(app, "restore", "--force", str(out))
    assert result.exit_code == 0, result.output
    assert "整体替换数据库" in result.output and "现有的数据会全部丢失" in result.output
    assert "恢复完成" in result.output
    assert snapshot(app) == before

    empty = app_on(new_database(backend))  # a freshly migrated database has no data: no --force needed
    result = run(empty, "restore", str(out))
    assert result.exit_code == 0, result.output
    assert snapshot(empty) == before


def test_restore_creates_a_missing_sqlite_database_readable_by_its_owner_only(filled, app_on, tmp_path):
    source = filled("sqlite")
    out = tmp_path / "lms.backup"
    assert run(source, "backup", str(out)).exit_code == 0
    missing = tmp_path / "new" / "lms.sqlite3"
    app = app_on(f"sqlite:///{missing}", migrated=False)
    result = run(app, "restore", str(out))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(missing.stat().st_mode) == 0o600
    assert snapshot(app) == snapshot(source)


def test_restore_refuses_what_is_not_a_backup(backend, new_database, app_on, tmp_path):
    app = app_on(new_database(backend))
    junk = tmp_path / "notes.txt"
    junk.write_text("不是备份\n", encoding="utf-8")
    result = run(app, "restore", str(junk))
    assert result.exit_code == 1 and "不是 lms backup 做的备份" in result.output

    other = tmp_path / "other.sqlite3"
    engine = sa.create_engine(f"sqlite:///{other}")
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE t (x INTEGER)"))
    engine.dispose()
    result = run(app, "restore", str(other))
    assert result.exit_code == 1
    expected = "不是本应用的数据库" if backend == "sqlite" else "不能直接恢复；要把 SQLite 数据搬到 PostgreSQL"
    assert expected in result.output


@pytest.mark.parametrize("target", BACKENDS)
def test_copy_database_moves_every_row_and_refuses_a_target_with_data(target, filled, new_database, app_on):
    source = filled("sqlite")
    before = snapshot(source)
    url = new_database(target)

    result = run(source, "copy-database", "--to", url)
    assert result.exit_code == 0, result.output
    assert "复制完成" in result.output and "逐表行数一致" in result.output
    users = len(before["users"])
    assert f"  users: {users} 行" in result.output
    copy = app_on(url, migrated=False)
    assert snapshot(copy) == before

    with copy.app_context():  # new rows get fresh ids: the sequences moved past the copied ones
        db.session.add(Team(name="新团队", line="shop"))
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.max(Team.id))) > max(row[0] for row in before["teams"])
        db.session.remove()

    again = run(source, "copy-database", "--to", url)
    assert again.exit_code == 1 and "已有数据；只能复制到空数据库" in again.output


def test_copy_database_refuses_a_bad_address_and_an_old_schema(new_database, app_on):
    source = app_on(new_database("sqlite"))
    result = run(source, "copy-database", "--to", "no-such-thing://x")
    assert result.exit_code == 1 and "无法识别的数据库地址" in result.output

    with source.app_context():
        db.session.execute(sa.text("UPDATE alembic_version SET version_num = '0001'"))
        db.session.commit()
        db.session.remove()
    target = new_database("sqlite")
    result = run(source, "copy-database", "--to", target)
    assert result.exit_code == 1 and "请先运行 lms db upgrade" in result.output
