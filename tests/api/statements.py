"""Counting the SQL statements a request makes, to prove a list does not query per row."""

from contextlib import contextmanager

import sqlalchemy as sa

from lms.extensions import db


@contextmanager
def counting(app):
    """Collect every statement run inside the block (on the app's engine)."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)
