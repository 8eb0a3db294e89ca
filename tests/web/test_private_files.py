"""Files holding passwords or personal data are the owner's alone (0600), and no CSV cell we write runs as a formula."""

import csv
import os
import stat

import pytest
import sqlalchemy as sa

from lms import create_app
from lms.extensions import db

HEADER = "工号,姓名,入职日期,团队,角色\n"
NAMES = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","点我")', "@SUM(1+1)", "+1-2", "-2+3"]


def mode(path) -> int:
    """The file's permission bits."""
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """A umask that would leave new files readable by everyone (0644), as on most servers."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_password_file_is_0600_and_its_cells_are_plain_text(runner, tmp_path, open_umask):
    source = tmp_path / "hr.csv"
    rows = "".join(f"C00{index},{csv_cell(name)},2024-03-01,售后一组,客服\n" for index, name in enumerate(NAMES))
    source.write_text(HEADER + rows, encoding="utf-8")
    out = tmp_path / "passwords.csv"
    result = runner.invoke(args=["import-users", str(source), "--passwords-out", str(out)])
    assert result.exit_code == 0, result.output
    assert mode(out) == 0o600
    with out.open(encoding="utf-8-sig") as handle:
        names = [row["姓名"] for row in csv.DictReader(handle)]
    assert names == ["'" + name for name in NAMES]


def test_an_existing_password_file_is_made_0600(runner, tmp_path, open_umask):
    source = tmp_path / "hr.csv"
    source.write_text(HEADER + "C001,欧阳娜娜,2024-03-01,售后一组,客服\n", encoding="utf-8")
    out = tmp_path / "passwords.csv"
    out.write_text("old")
    out.chmod(0o644)
    assert runner.invoke(args=["import-users", str(source), "--passwords-out", str(out)]).exit_code == 0
    assert mode(out) == 0o600 and "欧阳娜娜" in out.read_text(encoding="utf-8-sig")


def test_an_exported_file_of_certificates_is_0600(runner, tmp_path, open_umask):
    out = tmp_path / "certificates.csv"
    assert runner.invoke(args=["export-certifications", "--format", "csv", "--out", str(out)]).exit_code == 0
    assert mode(out) == 0o600


def test_a_new_sqlite_database_is_created_0600(tmp_path, open_umask):
    path = tmp_path / "lms.sqlite3"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.session.execute(sa.text("CREATE TABLE t (x INTEGER)"))
        db.session.commit()
        db.engine.dispose()
    assert mode(path) == 0o600
    assert all(mode(extra) == 0o600 for extra in tmp_path.glob("lms.sqlite3-*"))


def test_a_relative_sqlite_path_is_in_the_instance_folder(tmp_path, open_umask):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///h-input-test.sqlite3"})
    path = os.path.join(app.instance_path, "h-input-test.sqlite3")
    try:
        assert mode(path) == 0o600
    finally:
        os.unlink(path)


def csv_cell(text: str) -> str:
    """``text`` quoted as one CSV cell."""
    return '"' + text.replace('"', '""') + '"'


def test_every_csv_row_we_write_goes_through_the_shared_neutraliser():
    """``csv_row`` (lms/domain/spreadsheet.py) is the one place cells are made safe; a bare writerow would bypass it."""
    import ast
    from pathlib import Path

    import lms

    bare = []
    for path in Path(lms.__file__).parent.rglob("*.py"):
        if path.name == "export.py" and path.parent.name == "bench":  # its baseline is plain csv.writer on purpose, to compare speeds
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            writes = isinstance(node, ast.Call) and getattr(node.func, "attr", None) in ("writerow", "writerows")
            if writes and "csv_row(" not in ast.unparse(node.args[0]):
                bare.append(f"{path.name}:{node.lineno}")
    assert bare == []
