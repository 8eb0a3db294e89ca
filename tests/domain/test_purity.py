"""The domain package stays free of Flask and SQLAlchemy, so it is tested without an app."""

import ast
from pathlib import Path

import lms.domain

FORBIDDEN = ("flask", "flask_", "sqlalchemy", "werkzeug", "lms.models", "lms.services", "lms.extensions")


def test_domain_modules_import_no_web_or_database_code():
    offenders = []
    for path in Path(lms.domain.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {name}" for name in names if name.startswith(FORBIDDEN)]
    assert offenders == []
