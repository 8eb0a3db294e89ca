"""A content import restored from a snapshot (tests/snapshot.py) equals a real import: every row, id and sequence."""

from datetime import datetime

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Role, Series, Team
from lms.timeutil import utcnow
from tests import snapshot
from tests.conftest import REPOSITORY, _add_people, empty_tables
from tests.content import write_courses, write_drills, write_exams, write_library


def everything(app) -> dict:
    """Every row of every table by primary key, and the id sequences' positions (PostgreSQL)."""
    with app.app_context(), db.engine.connect() as connection:
        rows = {table.name: snapshot._rows(connection, table) for table in snapshot.TABLES}
        return {"rows": rows, "sequences": snapshot.sequences(connection)}


def without_times(state: dict) -> tuple[dict, list[datetime]]:
    """The state with each stored time replaced by a marker, and the times."""
    times = [
        value
        for table in state["rows"].values()
        for _, row in sorted(table.items())
        for value in row
        if isinstance(value, datetime)
    ]
    return snapshot._state_of(state["rows"], state["sequences"]), times


def imports(app, root, *writers) -> list[str]:
    """People first (as most tests have them), the test courses and banks, then ``writers`` in a second import."""
    with app.app_context():
        _add_people(Role, Team)
    made = [snapshot.imported(app, root)]
    if writers:
        for write in writers:
            write(root)
        made.append(snapshot.imported(app, root))
    return made


@pytest.mark.parametrize("content", ["test", "repository"])
def test_a_restored_import_equals_the_real_one_row_for_row(app, tmp_path, monkeypatch, content):
    monkeypatch.setitem(app.extensions, "test_content_snapshots", {})  # none kept from other tests

    def root(name: str):
        return REPOSITORY if content == "repository" else write_exams(write_courses(tmp_path / name))

    writers = (write_drills, write_library) if content == "test" else ()
    started = utcnow()
    assert imports(app, root("first"), *writers) == ["imported"] * (2 if writers else 1)
    real, real_times = without_times(everything(app))
    ended = utcnow()
    empty_tables(app)

    again = utcnow()
    assert imports(app, root("second"), *writers) == ["restored"] * (2 if writers else 1)
    restored, restored_times = without_times(everything(app))
    assert restored == real
    assert sum(map(bool, real["rows"].values())) >= 12, "the import should fill most content tables"
    assert all(started <= time <= ended for time in real_times)
    assert all(again <= time <= utcnow() for time in restored_times), "the clock's times are moved on"
    assert len(restored_times) == len(real_times)
    in_real_order = [restored for _, restored in sorted(zip(real_times, restored_times, strict=True))]
    assert in_real_order == sorted(in_real_order), "and keep their order"


def test_a_database_in_another_state_gets_a_real_import(app, content_root, monkeypatch):
    monkeypatch.setitem(app.extensions, "test_content_snapshots", {})
    assert snapshot.imported(app, content_root) == "imported"
    empty_tables(app)
    with app.app_context():
        db.session.add(Series(slug="other", title="别的系列"))
        db.session.commit()
    assert snapshot.imported(app, content_root) == "imported"
    with app.app_context():
        assert db.session.scalar(sa.select(Series.id).where(Series.slug == "sales")) == 2
    empty_tables(app)
    assert snapshot.imported(app, content_root) == "restored"
    with app.app_context():
        assert db.session.scalar(sa.select(Series.id).where(Series.slug == "sales")) == 1


def test_emptying_restarts_the_ids(app, content_root):
    snapshot.imported(app, content_root)
    empty_tables(app)
    with app.app_context():
        assert all(not rows for rows in everything(app)["rows"].values())
        db.session.add(Series(slug="other", title="别的系列"))
        db.session.commit()
        assert db.session.scalar(sa.select(Series.id)) == 1
