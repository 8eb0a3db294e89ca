"""Rate limits hold across workers: counted in Redis when LMS_REDIS_URL is set, and a warning when they cannot be."""

import logging
import subprocess
import sys
import uuid

import pytest

from lms import create_app

REDIS_URL = "redis://127.0.0.1:6379/15"

#: One app instance (as one gunicorn worker would build it): looks up a certificate number COUNT times.
WORKER = """
import sys
from flask_migrate import upgrade
from lms import create_app

database, redis_url, prefix, count = sys.argv[1:]
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database, "REDIS_URL": redis_url,
                  "RATELIMIT_KEY_PREFIX": prefix})
with app.app_context():
    upgrade()
client = app.test_client()
print(" ".join(str(client.get("/verify/2345678923456").status_code) for _ in range(int(count))))
"""


def redis_client():
    """The test Redis, or a skip saying why there is none."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


def lookups(tmp_path, name: str, prefix: str, count: int, redis_url: str = REDIS_URL) -> list[int]:
    """The statuses a fresh app instance (its own process and database) answers to ``count`` lookups."""
    database = f"sqlite:///{tmp_path / name}.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", WORKER, database, redis_url, prefix, str(count)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return [int(status) for status in done.stdout.split()]


def test_two_app_instances_share_one_verify_count_in_redis(tmp_path):
    redis = redis_client()
    prefix = f"lms-test-{uuid.uuid4().hex}"
    try:
        assert lookups(tmp_path, "first", prefix, 20) == [404] * 20
        assert lookups(tmp_path, "second", prefix, 20) == [404] * 10 + [429] * 10
        assert any(redis.scan_iter(f"*{prefix}*"))  # counted in Redis, under this test's own prefix
    finally:
        for key in redis.scan_iter(f"*{prefix}*"):
            redis.delete(key)
    assert list(redis.scan_iter(f"*{prefix}*")) == []


def test_verify_answers_while_redis_is_down_counting_in_memory(tmp_path):
    nothing_listens = "redis://127.0.0.1:9/0"
    assert lookups(tmp_path, "alone", "lms-test-down", 31, nothing_listens) == [404] * 30 + [429]


@pytest.mark.parametrize(
    ("workers", "redis_url", "warned"),
    [("2", None, True), ("4", None, True), ("1", None, False), ("", None, False), ("2", REDIS_URL, False)],
)
def test_several_workers_without_redis_warn_at_start(tmp_path, monkeypatch, caplog, workers, redis_url, warned):
    monkeypatch.setenv("WEB_CONCURRENCY", workers)
    settings = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3", "REDIS_URL": redis_url}
    # the limiter is one object for the process: keep counting in memory, as the other tests do
    settings["RATELIMIT_STORAGE_URI"] = "memory://"
    with caplog.at_level(logging.WARNING):
        create_app(settings)
    assert ("without LMS_REDIS_URL" in caplog.text) is warned
    if warned:
        assert f"{workers} workers" in caplog.text


@pytest.mark.parametrize(("proxies", "counted_apart"), [("1", True), ("0", False)])
def test_behind_a_proxy_each_client_is_counted_on_its_own_address(tmp_path, monkeypatch, proxies, counted_apart):
    monkeypatch.setenv("LMS_PROXIES", proxies)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    client = app.test_client()

    def lookup(client_address: str) -> int:
        headers = {"X-Forwarded-For": client_address}
        return client.get(
            "/verify/2345678923456", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"}
        ).status_code

    assert [lookup("203.0.113.1") for _ in range(31)] == [404] * 30 + [429]
    assert lookup("203.0.113.2") == (404 if counted_apart else 429)
