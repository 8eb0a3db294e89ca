"""docs/DEPLOY.md lists every setting the app reads, and only those; the settings that decide multi-host behaviour."""

import logging
import re
from pathlib import Path

import pytest

from lms import config, create_app

ROOT = Path(__file__).resolve().parent.parent


def read_settings() -> set[str]:
    """Every environment variable named in lms/config.py."""
    return set(re.findall(r"[\"']((?:LMS|WEB)_[A-Z_]+)[\"']", (ROOT / "lms" / "config.py").read_text()))


def documented_settings() -> set[str]:
    """The variables of the table under "## Settings" in docs/DEPLOY.md."""
    section = (ROOT / "docs" / "DEPLOY.md").read_text().split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z_]+)` \|", section, flags=re.MULTILINE))


def test_the_settings_table_lists_every_setting_the_app_reads_and_no_other():
    read = read_settings()
    assert {"LMS_DATABASE_URL", "LMS_SECRET_KEY", "LMS_STORAGE_PATH", "WEB_CONCURRENCY"} <= read
    assert documented_settings() == read


def test_the_readme_links_the_deployment_guide():
    assert "(docs/DEPLOY.md" in (ROOT / "README.md").read_text()


def test_job_files_and_branding_live_under_the_storage_path(tmp_path, monkeypatch):
    monkeypatch.delenv("LMS_STORAGE_PATH", raising=False)
    alone = config.from_environment(str(tmp_path / "instance"))
    assert (alone["JOBS_DIR"], alone["BRANDING_DIR"]) == (f"{tmp_path}/instance/jobs", f"{tmp_path}/instance/branding")
    monkeypatch.setenv("LMS_STORAGE_PATH", str(tmp_path / "shared"))
    shared = config.from_environment(str(tmp_path / "instance"))
    assert (shared["JOBS_DIR"], shared["BRANDING_DIR"]) == (f"{tmp_path}/shared/jobs", f"{tmp_path}/shared/branding")


@pytest.mark.parametrize(
    ("value", "url", "options"),
    [
        (None, "postgresql+psycopg://db/lms", {}),
        ("1", "postgresql+psycopg://db/lms", {}),
        ("0", "postgresql+psycopg://db/lms", {"connect_args": {"prepare_threshold": None}}),
        ("0", "sqlite:///x.sqlite3", {}),
    ],
)
def test_prepared_statements_can_be_turned_off_for_pgbouncer(monkeypatch, value, url, options):
    if value is None:
        monkeypatch.delenv("LMS_PREPARED_STATEMENTS", raising=False)
    else:
        monkeypatch.setenv("LMS_PREPARED_STATEMENTS", value)
    assert config.engine_options(url) == options


@pytest.mark.parametrize(
    ("url", "unset", "warned"),
    [
        ("postgresql+psycopg://db/lms", ["LMS_REDIS_URL", "LMS_STORAGE_PATH"], {"LMS_REDIS_URL", "LMS_STORAGE_PATH"}),
        ("postgresql+psycopg://db/lms", ["LMS_SECRET_KEY"], {"LMS_SECRET_KEY"}),
        ("postgresql+psycopg://db/lms", [], set()),
        ("sqlite:///{tmp}/x.sqlite3", ["LMS_SECRET_KEY", "LMS_REDIS_URL", "LMS_STORAGE_PATH"], set()),
    ],
)
def test_a_database_several_hosts_can_share_warns_of_each_setting_left_per_host(
    tmp_path, monkeypatch, caplog, url, unset, warned
):
    for name, value in [("LMS_SECRET_KEY", "k"), ("LMS_REDIS_URL", "redis://r/0"), ("LMS_STORAGE_PATH", str(tmp_path))]:
        monkeypatch.setenv(name, value)
    for name in unset:
        monkeypatch.delenv(name)
    # nothing connects at start, so no database or Redis is needed; the limiter keeps counting in memory
    settings = {"SQLALCHEMY_DATABASE_URI": url.format(tmp=tmp_path), "RATELIMIT_STORAGE_URI": "memory://"}
    with caplog.at_level(logging.WARNING):
        create_app(settings)
    said = {name for name in config.HOST_SETTINGS if any(f"*** {name} is not set" in m for m in caplog.messages)}
    assert said == warned
