"""A save that waited too long in the server's queue is refused at once with a 503 and stores nothing (lms/overload.py).

The wait is read from a real TCP connection's kernel figures, as gunicorn's socket would give it: each test makes a
connection on 127.0.0.1, sends bytes, lets them wait, and hands the accepted socket to the app as gunicorn does.
"""

import math
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from lms import gunicorn_conf, overload
from lms.domain.scoring import model_answer
from tests.conftest import csrf_token
from tests.web.test_exams import form_fields, items, page_ref, start

ROOT = Path(__file__).resolve().parent.parent.parent
linux_only = pytest.mark.skipif(not hasattr(socket, "TCP_INFO"), reason="TCP_INFO is Linux's")


@contextmanager
def waited(seconds: float) -> Iterator[socket.socket]:
    """The server side of a connection whose request bytes arrived ``seconds`` ago (as gunicorn's socket)."""
    with socket.create_server(("127.0.0.1", 0)) as listener, socket.create_connection(listener.getsockname()) as client:
        client.sendall(b"POST /attempts/1/answers/1 HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(seconds)
        accepted, _ = listener.accept()
        with accepted:
            yield accepted


@linux_only
@pytest.mark.parametrize("seconds", [0.3, 0.0])
def test_the_time_a_request_waited_is_read_from_its_connection(seconds):
    with waited(seconds) as connection:
        queued = overload.queued_ms({"gunicorn.socket": connection})
    assert seconds * 1000 - 20 <= queued <= seconds * 1000 + 150


def test_nothing_is_known_of_a_request_without_a_tcp_socket():
    assert overload.queued_ms({}) is None
    with socket.socket(socket.AF_UNIX) as unix:
        assert overload.queued_ms({"gunicorn.socket": unix}) is None


@pytest.mark.parametrize(
    ("waited_ms", "told", "seconds"),
    [
        (2001, 30.0, 30),  # the worker's current Retry-After
        (2001, 81.4, 81),
        (45_500, 30.0, 46),  # never before the queue it waited in is gone
        (2001, 400.0, 300),  # at most five minutes
    ],
)
def test_retry_after_is_the_workers_own_and_at_least_the_wait(waited_ms, told, seconds):
    assert overload.retry_after(waited_ms, told) == seconds


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def follows(saves: list[tuple[float, int]], told: float = overload.RETRY_AFTER) -> float:
    """A worker's Retry-After after ``saves``: (seconds since the previous one, milliseconds it waited), limit 2 s."""
    clock = Clock()
    shed = overload.ShedLateSaves(lambda environ, start_response: [], 2000, clock=clock)
    shed.told = told
    for after, waited_ms in saves:
        clock.now += after
        shed.follow(waited_ms)
    return shed.told


def test_refusing_for_ten_seconds_makes_the_retry_after_e_times_longer():
    assert follows([(0.01, 2500)] * 1000) == pytest.approx(overload.RETRY_AFTER * math.e)
    assert follows([(0.01, 2500)] * 3000) == overload.RETRY_AFTER_MAX  # at most five minutes


def test_ten_seconds_of_a_short_queue_make_it_e_times_shorter_down_to_the_least():
    assert follows([(0.01, 900)] * 1000, told=300.0) == pytest.approx(300 / math.e)
    assert follows([(0.01, 0)] * 3000, told=300.0) == overload.RETRY_AFTER


def test_a_queue_between_half_the_limit_and_the_limit_holds_it():
    assert follows([(0.01, 1500)] * 1000, told=100.0) == 100.0


def test_a_pause_between_saves_counts_for_at_most_the_limit():
    """After a quiet minute one late save is no proof of a minute of refusals (nor a short queue of a quiet one)."""
    assert follows([(60.0, 2500)]) == pytest.approx(overload.RETRY_AFTER * math.exp(2 / overload.SETTLE))
    assert follows([(60.0, 0)], told=100.0) == pytest.approx(100.0 * math.exp(-2 / overload.SETTLE))


def _save(app, client, auth, people, seconds: float, path: str = "/answers/1"):
    """Start an exam, then post the first question's right answer (to ``path`` under the attempt's) after it waited
    ``seconds`` in the queue; the response, the answer stored and the answer given."""
    auth.login(people["agent"])
    attempt_id = start(auth)
    first = items(app, attempt_id)[0]
    fields = {**form_fields(first.version.content, 1, model_answer(first.version.content)), **page_ref(first)}
    token = csrf_token(client, "/password")
    with waited(seconds) as connection:
        response = client.post(
            f"/attempts/{attempt_id}{path}",
            data={**fields, "csrf_token": token},
            environ_overrides={"gunicorn.socket": connection},
        )
    return response, items(app, attempt_id)[0].answer, model_answer(first.version.content)


@linux_only
@pytest.mark.parametrize("path", ["/answers/1", "/answers"])  # one answer, or the answers a page kept
def test_a_save_that_waited_past_the_limit_is_refused_at_once_and_stores_nothing(
    app, client, auth, people, exam_content, monkeypatch, path
):
    monkeypatch.setattr(app.wsgi_app, "limit_ms", 100)  # the app's ShedLateSaves, outermost
    monkeypatch.setattr(app.wsgi_app, "told", 30.0)
    response, stored, _ = _save(app, client, auth, people, 0.3, path)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert app.wsgi_app.told > 30.0  # refusing makes the next Retry-After longer
    assert response.get_json() == {"saved": False, "retry": True}
    assert stored is None


@linux_only
@pytest.mark.parametrize("path", ["/answers/1", "/answers"])
def test_a_save_within_the_limit_is_stored(app, client, auth, people, exam_content, monkeypatch, path):
    assert app.wsgi_app.limit_ms == 2000  # LMS_SAVE_QUEUE_LIMIT_MS's default
    monkeypatch.setattr(app.wsgi_app, "told", 100.0)
    response, stored, given = _save(app, client, auth, people, 0.0, path)
    assert response.status_code == 200
    assert stored == given
    assert app.wsgi_app.told < 100.0  # a short queue makes the next Retry-After shorter


@linux_only
def test_only_the_answer_save_is_ever_refused(app, client, auth, people, exam_content, monkeypatch):
    monkeypatch.setattr(app.wsgi_app, "limit_ms", 100)
    monkeypatch.setattr(app.wsgi_app, "told", 30.0)
    auth.login(people["agent"])
    with waited(0.3) as connection:
        assert client.get("/exams", environ_overrides={"gunicorn.socket": connection}).status_code == 200
    assert app.wsgi_app.told == 30.0


def test_every_server_the_project_starts_uses_the_gunicorn_settings():
    """make run, the benches and the deployment guide's unit serve with lms/gunicorn_conf.py: measured as deployed."""
    for path in ("Makefile", "lms/bench/serve.py", "docs/DEPLOY.md"):
        text = (ROOT / path).read_text()
        assert "python:lms.gunicorn_conf" in text, path
        assert "--backlog" not in text and "--timeout" not in text, path


def test_a_save_can_never_reach_the_worker_timeout():
    """The worker timeout is far above a save's worst case: SQLite's busy timeout per statement and the queue limit."""
    assert gunicorn_conf.worker_class == "sync"
    assert gunicorn_conf.timeout > 10 * 5
    assert gunicorn_conf.backlog <= 4096  # Linux's somaxconn would silently cap a larger one
