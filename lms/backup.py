"""``lms backup``, ``lms restore`` and ``lms copy-database``: whole-database copies.

SQLite is copied with its online backup API (a consistent copy while the app keeps running);
PostgreSQL with ``pg_dump``/``pg_restore`` in the custom format (Debian package postgresql-client).
Every file written here is created with mode 0600: a backup holds password hashes and personal data.
The app's extensions and Alembic are imported when a command runs, so that ``lms --help`` stays quick.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
#: Alembic's own table: the schema version, not data.
VERSION_TABLE = "alembic_version"


class BackupError(Exception):
    """A refusal or failure, in words for the person at the terminal."""


def fail(message: str) -> None:
    """Print ``message`` to standard error and exit with status 1."""
    click.echo(message, err=True)
    sys.exit(1)


def create_private(path: Path) -> None:
    """Create ``path`` as an empty file only its owner can read (refusing one that exists)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise BackupError(f"{path} 已存在，不会覆盖；请换一个文件名。") from None
    except OSError as error:
        raise BackupError(f"无法创建 {path}：{error.strerror}。") from None


def describe(engine: sa.Engine) -> str:
    """The database in words, without its password."""
    return engine.url.render_as_string(hide_password=True)


def row_counts(engine: sa.Engine) -> dict[str, int]:
    """Rows per table (every table in the database but Alembic's), by table name."""
    with engine.connect() as connection:
        names = sorted(set(sa.inspect(connection).get_table_names()) - {VERSION_TABLE})
        return {
            name: connection.execute(sa.select(sa.func.count()).select_from(sa.table(name))).scalar_one()
            for name in names
        }


def has_data(engine: sa.Engine) -> bool:
    """Whether any table (but Alembic's) of the database holds a row."""
    return any(row_counts(engine).values())


def sqlite_path(engine: sa.Engine) -> Path:
    """The file of an SQLite database."""
    if not engine.url.database or engine.url.database == ":memory:":
        raise BackupError("内存中的 SQLite 数据库无法备份或恢复。")
    return Path(engine.url.database)


def ensure_sqlite_file(engine: sa.Engine) -> None:
    """Create a missing SQLite database file as an empty file only its owner can read."""
    if engine.dialect.name == "sqlite" and not sqlite_path(engine).exists():
        sqlite_path(engine).parent.mkdir(parents=True, exist_ok=True)
        create_private(sqlite_path(engine))


def libpq(engine: sa.Engine) -> tuple[str, dict[str, str]]:
    """The address ``pg_dump``/``pg_restore`` take, and their environment (the password goes there, not on argv)."""
    url = engine.url.set(drivername="postgresql")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(password=None).render_as_string(hide_password=False), env


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program, or a refusal saying what to install."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）。")
    return path


def run_tool(args: list[str], env: dict[str, str], **kwargs) -> None:
    """Run a PostgreSQL client program; its own error text becomes a refusal."""
    result = subprocess.run(args, env=env, stderr=subprocess.PIPE, check=False, **kwargs)
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip()
        raise BackupError(f"{Path(args[0]).name} 失败（退出码 {result.returncode}）：{detail}")


def backup(engine: sa.Engine, out: Path) -> None:
    """Write a backup of the database to ``out`` (a new file, mode 0600)."""
    dialect = engine.dialect.name
    if dialect not in {"sqlite", "postgresql"}:
        raise BackupError(f"不支持备份 {dialect} 数据库（只支持 SQLite 和 PostgreSQL）。")
    if dialect == "sqlite" and not sqlite_path(engine).is_file():
        raise BackupError(f"数据库文件 {sqlite_path(engine)} 不存在。")
    tool = pg_tool("pg_dump") if dialect == "postgresql" else ""
    create_private(out)
    try:
        if dialect == "sqlite":
            source = sqlite3.connect(sqlite_path(engine))
            target = sqlite3.connect(out)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                target.close()
                source.close()
        else:
            address, env = libpq(engine)
            with out.open("wb") as handle:
                run_tool(
                    [tool, "--format=custom", "--no-owner", "--no-privileges", f"--dbname={address}"],
                    env,
                    stdout=handle,
                )
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def backup_kind(path: Path) -> str:
    """``sqlite`` or ``postgresql``: which database a backup file is from, by its first bytes."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if head.startswith(SQLITE_HEADER):
        return "sqlite"
    if head.startswith(PG_DUMP_HEADER):
        return "postgresql"
    raise BackupError(f"{path} 不是 lms backup 做的备份（既不是 SQLite 数据库，也不是 pg_dump 自定义格式）。")


def check_sqlite_backup(path: Path) -> None:
    """Refuse an SQLite file that is damaged or is not an LMS database."""
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} 已损坏（SQLite 完整性检查未通过），不能用于恢复。")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} 无法读取：{error}。") from None
    finally:
        connection.close()
    if VERSION_TABLE not in tables:
        raise BackupError(f"{path} 是 SQLite 数据库，但不是本应用的数据库（没有 {VERSION_TABLE} 表）。")


def restore(engine: sa.Engine, path: Path, force: bool, say: Callable[[str], None]) -> None:
    """Replace the database with the backup at ``path``; refuses a database with data unless ``force``."""
    from lms.extensions import db

    dialect = engine.dialect.name
    kind = backup_kind(path)
    if kind != dialect:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        hint = "；要把 SQLite 数据搬到 PostgreSQL，请用 lms copy-database --to URL" if kind == "sqlite" else ""
        raise BackupError(
            f"{path} 是 {names[kind]} 备份，而当前数据库是 {names.get(dialect, dialect)}，不能直接恢复{hint}。"
        )
    tool = pg_tool("pg_restore") if kind == "postgresql" else ""
    if kind == "sqlite":
        check_sqlite_backup(path)
    else:
        address, env = libpq(engine)
        run_tool([tool, "--list", str(path)], env, stdout=subprocess.DEVNULL)
    ensure_sqlite_file(engine)
    occupied = has_data(engine)
    if occupied and not force:
        raise BackupError(
            f"数据库 {describe(engine)} 中已有数据，恢复会用备份整体替换它们。"
            "确认要覆盖，请先另做一份备份，再加 --force 重新运行。"
        )
    say(
        f"将用备份 {path} 整体替换数据库 {describe(engine)}"
        + ("（其中现有的数据会全部丢失）" if occupied else "")
        + "。请先停止应用的所有进程。"
    )
    db.session.remove()
    engine.dispose()
    if kind == "sqlite":
        source = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        target = sqlite3.connect(sqlite_path(engine))
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        run_tool(
            [
                tool,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={address}",
                str(path),
            ],
            env,
        )


def schema_head() -> str:
    """The newest migration's revision id."""
    from alembic.config import Config  # Alembic is loaded only by the commands that use it (see wiring.Migrations)
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", current_app.extensions["migrate"].directory)
    return ScriptDirectory.from_config(config).get_current_head() or ""


def schema_version(engine: sa.Engine) -> str | None:
    """The revision a database's schema is at (None before the first migration)."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table(VERSION_TABLE):
            return None
        return connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def migrate_to_head(url: str) -> None:
    """Build the schema at ``url`` with the migrations (an app of its own bound to that database)."""
    from flask_migrate import upgrade

    from lms import create_app
    from lms.extensions import db

    other = create_app({"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {}})
    with other.app_context():
        upgrade()
        db.engine.dispose()


def later_references(table: sa.Table, earlier: set[str]) -> list[sa.Column]:
    """Columns referring to a table not copied yet (this table itself, or one of a reference cycle)."""
    return [
        column for column in table.columns if any(key.column.table.name not in earlier for key in column.foreign_keys)
    ]


def copy_rows(source: sa.Connection, target: sa.Connection, tables: list[sa.Table]) -> None:
    """Copy every row, parents first; references to rows not copied yet are filled in afterwards."""
    earlier: set[str] = set()
    pending: list[tuple[sa.Table, list[sa.Column], list[tuple[dict, dict]]]] = []
    for table in tables:
        late = later_references(table, earlier)
        keys = list(table.primary_key.columns)
        fixes = []
        result = source.execution_options(yield_per=1000).execute(sa.select(table))
        for batch in result.mappings().partitions():
            rows = [dict(row) for row in batch]
            for row in rows:
                values = {column.name: row[column.name] for column in late if row[column.name] is not None}
                if values:
                    fixes.append(({f"key_{key.name}": row[key.name] for key in keys}, values))
                    row.update(dict.fromkeys(values))
            target.execute(sa.insert(table), rows)
        if fixes:
            pending.append((table, late, fixes))
        earlier.add(table.name)
    for table, late, fixes in pending:
        where = [key == sa.bindparam(f"key_{key.name}") for key in table.primary_key.columns]
        for column in late:
            statement = sa.update(table).where(*where).values({column.name: sa.bindparam(f"new_{column.name}")})
            rows = [
                {**key, f"new_{column.name}": values[column.name]} for key, values in fixes if column.name in values
            ]
            if rows:
                target.execute(statement, rows)


def fix_sequences(target: sa.Connection, tables: list[sa.Table]) -> None:
    """PostgreSQL: move each table's id sequence past the highest id copied."""
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, sa.Integer):
            continue
        key = keys[0]
        target.execute(
            sa.select(
                sa.func.setval(
                    sa.func.pg_get_serial_sequence(table.name, key.name),
                    sa.select(sa.func.coalesce(sa.func.max(key), 0) + 1).scalar_subquery(),
                    False,
                )
            )
        )


def copy_database(source: sa.Engine, url: str, say: Callable[[str], None]) -> dict[str, int]:
    """Copy the whole database to the empty database at ``url``; its rows per table (checked equal)."""
    from lms.extensions import db

    try:
        target = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError):
        raise BackupError(f"无法识别的数据库地址：{url}（例如 postgresql+psycopg://用户@主机:5432/库名）。") from None
    try:
        if target.url.render_as_string(hide_password=False) == source.url.render_as_string(hide_password=False):
            raise BackupError("目标数据库就是当前数据库。")
        head = schema_head()
        if schema_version(source) != head:
            raise BackupError("当前数据库的结构不是最新版本：请先运行 lms db upgrade，再复制。")
        ensure_sqlite_file(target)
        try:
            occupied = has_data(target)
        except sa.exc.OperationalError as error:
            raise BackupError(f"无法连接目标数据库 {describe(target)}：{error.orig}") from None
        if occupied:
            raise BackupError(f"目标数据库 {describe(target)} 中已有数据；只能复制到空数据库。")
        say(f"将在 {describe(target)} 中按迁移建立表结构，并把 {describe(source)} 的全部数据复制过去。")
        migrate_to_head(url)
        tables = list(db.metadata.sorted_tables)
        with source.connect() as reading, target.begin() as writing:
            copy_rows(reading, writing, tables)
            if target.dialect.name == "postgresql":
                fix_sequences(writing, tables)
        before, after = row_counts(source), row_counts(target)
        different = sorted(name for name in before if before[name] != after.get(name))
        if different:
            raise BackupError(
                "复制后行数不一致的表：" + "，".join(f"{n}（{before[n]} → {after.get(n)}）" for n in different)
            )
        return before
    finally:
        target.dispose()


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """备份整个数据库到 PATH（新文件，仅所有者可读写）：SQLite 用在线备份，PostgreSQL 用 pg_dump 自定义格式。"""
    from lms.extensions import db

    try:
        backup(db.engine, path)
    except BackupError as error:
        fail(str(error))
    click.echo(f"已备份数据库 {describe(db.engine)} 到 {path}（{path.stat().st_size} 字节，权限 0600）。")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="数据库中已有数据时也恢复（现有数据会全部被备份替换）。")
@with_appcontext
def restore_command(path: Path, force: bool) -> None:
    """用 lms backup 做的备份 PATH 整体替换当前数据库（数据库中已有数据时需要 --force）。"""
    from lms.extensions import db

    try:
        restore(db.engine, path, force, click.echo)
    except BackupError as error:
        fail(str(error))
    counts = row_counts(db.engine)
    click.echo(
        f"恢复完成：{len(counts)} 张表，共 {sum(counts.values())} 行。如备份来自旧版本，请再运行 lms db upgrade。"
    )


@click.command("copy-database")
@click.option("--to", "url", required=True, help="目标数据库地址，例如 postgresql+psycopg://lms@127.0.0.1:5432/lms。")
@with_appcontext
def copy_database_command(url: str) -> None:
    """把当前数据库（如 SQLite）整体复制到另一个空数据库（如 PostgreSQL），并逐表核对行数。"""
    from lms.extensions import db

    try:
        counts = copy_database(db.engine, url, click.echo)
    except BackupError as error:
        fail(str(error))
    for name, count in counts.items():
        click.echo(f"  {name}: {count} 行")
    click.echo(
        f"复制完成：{len(counts)} 张表、共 {sum(counts.values())} 行，逐表行数一致。"
        "确认无误后，把 LMS_DATABASE_URL 设为新地址并重启应用。"
    )
