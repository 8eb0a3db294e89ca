"""Emptying the test database between tests, and content imports replayed from a snapshot.

The content fixtures import the same few sets of files into an emptied database again and again, and an import
(parsing YAML and Markdown, rendering every section) costs far more than writing its rows. So the first import of a
set of files in a process is done for real and what it did is kept: the rows it inserted and changed in each table
(read back with Core SELECTs) and, on PostgreSQL, where it left the id sequences. A later import of the same
files into a database in the same state (the same rows in every table the import read or wrote, the same sequence
positions there) writes those rows back with executemany instead. Ids and every other value equal a real import's;
the times the import read from the clock are moved into the restore's own span of time, in the same order
(tests/test_snapshot.py checks both).
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from lms import models  # noqa: F401 (every table in the metadata)
from lms.extensions import db
from lms.services.content import import_content
from lms.timeutil import utcnow

_SORTED = list(sa.schema.sort_tables_and_constraints(db.metadata.tables.values()))
#: Every table, each after the tables it refers to.
TABLES: list[sa.Table] = [table for table, _ in _SORTED if table is not None]
#: The foreign keys that close a loop (questions <-> their versions, teams <-> their supervisors): all nullable.
#: Cleared before emptying, written last when restoring, so the tables can go in ``TABLES`` order.
LOOPS: list[sa.ForeignKeyConstraint] = [key for table, keys in _SORTED if table is None for key in keys]
#: The folders an import reads under its root.
CONTENT_FOLDERS = ("courses", "question_banks")
#: A stored time in a table's state (whether it is set matters, not when).
SET_TIME = "<time>"


def empty(connection: sa.Connection) -> None:
    """Delete every row, and on PostgreSQL restart the id sequences that were used (as TRUNCATE ... RESTART IDENTITY
    would, at a fraction of its cost: only the tables holding rows are touched)."""
    filled = _filled(connection, TABLES)
    for key in LOOPS:
        if key.table.name in filled:
            connection.execute(sa.update(key.table).values({column.key: None for column in key.columns}))
    for table in reversed(TABLES):
        if table.name in filled:
            connection.execute(sa.delete(table))
    if connection.dialect.name == "postgresql":
        used = [name for name, value in sequences(connection).items() if value is not None]
        if used:
            connection.execute(sa.select(*(sa.func.setval(name, 1, False) for name in used)))


@dataclass
class Snapshot:
    """What one real import did, and the state of the database it did it in."""

    #: The tables the import read or wrote.
    tables: list[sa.Table]
    #: Their rows and sequence positions before the import (``_state``).
    before: dict
    #: Statements that do it again, each with its rows of parameters: inserts (parents first), then updates.
    steps: list[tuple[sa.Executable, list[dict]]]
    #: The sequence positions after the import (PostgreSQL).
    sequences: dict[str, int | None]
    #: When the import started and ended: every time it stored lies between the two.
    started: datetime
    ended: datetime


def imported(app: Flask, root: Path) -> str:
    """Import the content under ``root`` (asserting it has no problems), from a snapshot when one fits.

    Returns how: "imported" (for real, and kept) or "restored".
    """
    began = utcnow()
    kept: dict[str, list[Snapshot]] = app.extensions.setdefault("test_content_snapshots", {})
    files = _digest(root)
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for snapshot in kept.get(files, []):
                if _state(connection, snapshot.tables) == snapshot.before:
                    _restore(connection, snapshot, began)
                    return "restored"
        snapshot = _record(root)
    if snapshot is not None:
        kept.setdefault(files, []).append(snapshot)
    return "imported"


def _record(root: Path) -> Snapshot | None:
    """Import for real; what the import did, or None if it deleted rows or stored a time not read from the clock."""
    with db.engine.connect() as connection:
        before = {table.name: _rows(connection, table) for table in TABLES}
        sequences_before = sequences(connection)
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", seen)
    try:
        started = utcnow()
        report = import_content(root)
        ended = utcnow()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", seen)
        db.session.remove()
    assert report.problems == []
    with db.engine.connect() as connection:
        after = {table.name: _rows(connection, table) for table in TABLES}
        sequences_after = sequences(connection)
    text = "\n".join(statements)
    tables = [t for t in TABLES if before[t.name] != after[t.name] or re.search(rf"\b{t.name}\b", text)]
    if any(key not in after[t.name] for t in tables for key in before[t.name]):
        return None  # the fixtures' imports only add and change: a deletion is not worth replaying
    times = [
        value
        for table in tables
        for key, row in after[table.name].items()
        if before[table.name].get(key) != row
        for value in row
        if isinstance(value, datetime)
    ]
    if any(not started <= value <= ended for value in times):
        return None  # e.g. a review card due at the end of the day: not a clock reading to move on
    names = _sequence_names(tables)
    return Snapshot(
        tables=tables,
        before=_state_of({t.name: before[t.name] for t in tables}, {n: sequences_before.get(n) for n in names}),
        steps=_steps(tables, before, after),
        sequences={name: sequences_after.get(name) for name in names},
        started=started,
        ended=ended,
    )


def _steps(tables: list[sa.Table], before: dict, after: dict) -> list[tuple[sa.Executable, list[dict]]]:
    """Executemany statements turning the ``before`` rows of ``tables`` into the ``after`` ones (none deleted).

    New rows go in parents first with their looping keys empty; those keys, and the changed rows, are set after.
    """
    inserts, updates = [], []
    for table in tables:
        old, new = before[table.name], after[table.name]
        columns = table.columns.keys()
        added = [dict(zip(columns, row, strict=True)) for key, row in new.items() if key not in old]
        changed = [dict(zip(columns, row, strict=True)) for key, row in new.items() if old.get(key, row) != row]
        looping = [column.key for key in LOOPS if key.table is table for column in key.columns]
        if added:
            inserts.append((sa.insert(table), [row | dict.fromkeys(looping) for row in added]))
        looped = [row for row in added if any(row[column] is not None for column in looping)]
        if looped:
            updates.append(_update(table, looping, looped))
        if changed:
            keys = [column.key for column in table.columns if not column.primary_key]
            updates.append(_update(table, keys, changed))
    return inserts + updates


def _update(table: sa.Table, keys: list[str], rows: list[dict]) -> tuple[sa.Executable, list[dict]]:
    """An executemany UPDATE setting the columns ``keys`` of ``rows`` (found by primary key), with its parameters."""
    statement = (
        sa.update(table)
        .where(*(column == sa.bindparam(f"key_{column.key}") for column in table.primary_key))
        .values({key: sa.bindparam(f"new_{key}") for key in keys})
    )
    parameters = [
        {f"key_{column.key}": row[column.key] for column in table.primary_key}
        | {f"new_{key}": row[key] for key in keys}
        for row in rows
    ]
    return statement, parameters


def _restore(connection: sa.Connection, snapshot: Snapshot, began: datetime) -> None:
    """Do again what the snapshot's import did, its clock times moved in order into the span from ``began`` to now."""
    span, now = snapshot.ended - snapshot.started, utcnow()
    scale = (now - began) / span if span else 0

    def moved(value):
        return began + (value - snapshot.started) * scale if isinstance(value, datetime) else value

    for statement, rows in snapshot.steps:
        connection.execute(statement, [{key: moved(value) for key, value in row.items()} for row in rows])
    if snapshot.sequences:
        connection.execute(
            sa.select(
                *(
                    sa.func.setval(name, value, True) if value is not None else sa.func.setval(name, 1, False)
                    for name, value in snapshot.sequences.items()
                )
            )
        )


def _digest(root: Path) -> str:
    """A digest of every content file under ``root`` (its path and bytes)."""
    digest = hashlib.sha256()
    for folder in CONTENT_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                digest.update(f"{path.relative_to(root)}\0{len(data)}\0".encode())
                digest.update(data)
    return digest.hexdigest()


def _rows(connection: sa.Connection, table: sa.Table) -> dict[tuple, tuple]:
    """The table's rows by primary key."""
    positions = [table.columns.keys().index(column.key) for column in table.primary_key]
    return {tuple(row[i] for i in positions): tuple(row) for row in connection.execute(sa.select(table))}


def _filled(connection: sa.Connection, tables: list[sa.Table]) -> set[str]:
    """The names of those ``tables`` that hold rows (one statement)."""
    if not tables:
        return set()
    anything = [
        sa.select(sa.literal_column(f"'{table.name}'")).where(sa.exists(sa.select(sa.literal(1)).select_from(table)))
        for table in tables
    ]
    return set(connection.scalars(sa.union_all(*anything)))


def _state(connection: sa.Connection, tables: list[sa.Table]) -> dict:
    """The rows of ``tables`` and the positions of their id sequences, as ``_state_of`` compares them."""
    filled = _filled(connection, tables)
    rows = {table.name: _rows(connection, table) if table.name in filled else {} for table in tables}
    names = _sequence_names(tables)
    positions = sequences(connection) if names else {}
    return _state_of(rows, {name: positions.get(name) for name in names})


def _state_of(rows: dict[str, dict[tuple, tuple]], sequences: dict[str, int | None]) -> dict:
    """Rows by table (stored times reduced to whether they are set) and sequence positions, for comparing."""
    return {
        "rows": {
            name: {key: tuple(SET_TIME if isinstance(v, datetime) else v for v in row) for key, row in table.items()}
            for name, table in rows.items()
        },
        "sequences": sequences,
    }


def _sequence_names(tables: list[sa.Table]) -> list[str]:
    """The id sequences of ``tables`` on PostgreSQL (PostgreSQL's names for its serial columns), else none."""
    if db.engine.dialect.name != "postgresql":
        return []
    return [f"{table.name}_{table.primary_key.columns[0].name}_seq" for table in tables if _serial(table)]


def _serial(table: sa.Table) -> bool:
    """Whether the table's key is one integer column numbered by the database."""
    columns = list(table.primary_key.columns)
    return len(columns) == 1 and columns[0].autoincrement in (True, "auto") and isinstance(columns[0].type, sa.Integer)


def sequences(connection: sa.Connection) -> dict[str, int | None]:
    """The last value of each sequence of the schema (None: never used, or restarted); none on SQLite."""
    if connection.dialect.name != "postgresql":
        return {}
    query = sa.text("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()")
    return {name: value for name, value in connection.execute(query)}
