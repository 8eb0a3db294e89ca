"""Counting SQL statements, for the tests that prove a page or an export does no query per row."""

from contextlib import contextmanager

import sqlalchemy as sa

from lms.extensions import db


@contextmanager
def statements(app):
    """The SQL statements run while the block runs."""
    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
