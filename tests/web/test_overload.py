"""A save that waited too long in the server's queue is refused at once with a 503 and stores nothing (lms/overload.py).

The wait is read from a real TCP connection's kernel figures, as gunicorn's socket would give it: each test makes a
connection on 127.0.0.1, sends bytes, lets them wait, and hands the accepted socket to the app as gunicorn does.
"""

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from lms import gunicorn_conf, overload
from lms.domain.scoring import model_answer
from tests.conftest import csrf_token
from tests.web.test_exams import form_fields, items, start

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
    ("waited_ms", "refused_share", "seconds"),
    [
        (1001, 0.0, 30),  # nothing refused lately: the least wait
        (1001, 0.5, 120),  # one refused for each stored: (1 + 1)² × 30
        (1001, 0.2, 47),  # one for every four stored: 1.25² × 30 = 46.9
        (45_500, 0.0, 46),  # never before the queue it waited in is gone
        (1001, 0.99, 300),  # at most five minutes
    ],
)
def test_retry_after_grows_with_the_share_of_saves_refused(waited_ms, refused_share, seconds):
    assert overload.retry_after(waited_ms, refused_share) == seconds


def _save(app, client, auth, people, seconds: float):
    """Start an exam, then post the first question's right answer after it waited ``seconds`` in the queue; the
    response, the answer stored and the answer given."""
    auth.login(people["agent"])
    attempt_id = start(auth)
    first = items(app, attempt_id)[0]
    fields = form_fields(first.version.content, 1, model_answer(first.version.content))
    token = csrf_token(client, "/password")
    with waited(seconds) as connection:
        response = client.post(
            f"/attempts/{attempt_id}/answers/1",
            data={**fields, "csrf_token": token},
            environ_overrides={"gunicorn.socket": connection},
        )
    return response, items(app, attempt_id)[0].answer, model_answer(first.version.content)


@linux_only
def test_a_save_that_waited_past_the_limit_is_refused_at_once_and_stores_nothing(
    app, client, auth, people, exam_content, monkeypatch
):
    monkeypatch.setattr(app.wsgi_app, "limit_ms", 100)  # the app's ShedLateSaves, outermost
    monkeypatch.setattr(app.wsgi_app, "refused_share", 0.0)
    response, stored, _ = _save(app, client, auth, people, 0.3)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "31"  # 30 s, stretched by this one refusal among the worker's saves
    assert app.wsgi_app.refused_share == overload.SMOOTHING
    assert response.get_json() == {"saved": False, "retry": True}
    assert stored is None


@linux_only
def test_a_save_within_the_limit_is_stored(app, client, auth, people, exam_content):
    assert app.wsgi_app.limit_ms == 1000  # LMS_SAVE_QUEUE_LIMIT_MS's default
    response, stored, given = _save(app, client, auth, people, 0.0)
    assert response.status_code == 200
    assert stored == given


@linux_only
def test_only_the_answer_save_is_ever_refused(app, client, auth, people, exam_content, monkeypatch):
    monkeypatch.setattr(app.wsgi_app, "limit_ms", 100)
    monkeypatch.setattr(app.wsgi_app, "refused_share", 0.0)
    auth.login(people["agent"])
    with waited(0.3) as connection:
        assert client.get("/exams", environ_overrides={"gunicorn.socket": connection}).status_code == 200
    assert app.wsgi_app.refused_share == 0.0


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
