"""Start-up stays light: building the app (every worker, every ``lms`` command) imports no heavy library.

Each of these is imported where it is used (a PDF, a spreadsheet, a migration, a Redis store), so a start pays
neither its time nor its memory. Run in a fresh interpreter: the test session has imported them all already.
"""

import json
import logging
import os
import subprocess
import sys

import pytest

#: Top-level packages a start must not import, with what each costs it.
HEAVY = {
    "weasyprint": "about 1 s and 40 MB (the certificate and transcript PDFs)",
    "fontTools": "WeasyPrint's font subsetting",
    "pydyf": "WeasyPrint's PDF writer",
    "openpyxl": "the XLSX exports",
    "markdown": "course rendering (loaded by the first page that renders Markdown)",
    "alembic": "the migrations: 11 MB, with Mako and Pygments",
    "flask_migrate": "the `lms db` commands",
    "mako": "Alembic's templates",
    "pygments": "Mako's error pages",
    "redis": "the Redis client (loaded by the limiter's Redis store when LMS_REDIS_URL is set)",
    "rq": "the job queue (loaded when a job is queued)",
    "flask_mailman": "the reminders' e-mail (lms.extensions.Mail imports it when the first is sent)",
    "segno": "the certificates' QR code: 1.2 MB (lms.services.certificates imports it when it draws one)",
    "hypothesis": "the tests",
}

#: Also not imported by ``lms --help``, which lists the commands without building the app.
APP = {
    "lms.models": "the models (SQLAlchemy's ORM and every table)",
    "lms.services": "the services",
    "lms.wiring": "the app",
    "flask_sqlalchemy": "the extensions",
}
PROGRAMS = {
    "create_app": ("import lms; lms.create_app()", {}),
    "lms --help": (
        "import sys; sys.argv = ['lms', '--help']\nfrom lms.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass",
        APP,
    ),
}


@pytest.mark.parametrize("program", PROGRAMS)
def test_a_start_imports_nothing_heavy(tmp_path, program):
    run, heavy = PROGRAMS[program]
    code = run + "\nimport json, sys; print(json.dumps(sorted(sys.modules)))"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("LMS_REDIS_URL", "LMS_DATABASE_URL", "LMS_ENV") and not key.startswith("PYTEST")
    }
    env.update(LMS_SECRET_KEY="test-only-secret", LMS_DATABASE_URL=f"sqlite:///{tmp_path}/lms.sqlite3")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=True
    )
    imported = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "flask" in imported  # the check can see what was imported
    found = {
        name: why
        for name, why in (HEAVY | heavy).items()
        if any(module == name or module.startswith(name + ".") for module in imported)
    }
    assert not found, f"{program} imports {found}"


@pytest.mark.parametrize("found", [True, False])
def test_a_missing_harfbuzz_subset_is_told_at_start(tmp_path, monkeypatch, caplog, found):
    import ctypes.util

    from lms import create_app

    monkeypatch.setattr(ctypes.util, "find_library", lambda name: f"lib{name}.so.0" if found else None)
    with caplog.at_level(logging.WARNING):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/lms.sqlite3"})
    assert ("libharfbuzz-subset0 is missing" in caplog.text) is not found


def test_the_choices_written_out_for_a_quick_help_agree_with_the_code():
    from lms.api.cli import SCOPES
    from lms.cli import QUESTION_EXPORT_FORMATS, QUESTION_FORMATS
    from lms.models import TokenScope
    from lms.services import question_import

    assert tuple(sorted(question_import.PARSERS)) == QUESTION_FORMATS
    assert tuple(sorted(question_import.WRITERS)) == QUESTION_EXPORT_FORMATS
    assert tuple(scope.value for scope in TokenScope) == SCOPES
