"""Past its ceiling the server refuses a late answer save at once (503, Retry-After) instead of storing it late.

A shift of exam-takers can offer more saves than two workers store (about 300 a second on two cores). Without a
bound, the listen queue grows until every save waits longer than the browser will, and the workers spend their
time on saves whose senders have given up. So a save that has already waited more than LMS_SAVE_QUEUE_LIMIT_MS
in the queue is answered ``503`` with ``Retry-After`` before Flask, the session or the database is touched
(tens of microseconds, against milliseconds for a save): the workers keep storing saves at their ceiling, and the
page keeps the refused answer, backs off with jitter and sends it again (lms/static/js/exam.js). A 503 stores
nothing; any 2xx means stored.

How long a request waited is read from the kernel, not from a header a client could set: gunicorn hands the
connection's socket to the app (``gunicorn.socket`` in the WSGI environ), and Linux's ``TCP_INFO`` says how many
milliseconds ago its last bytes arrived (``tcpi_last_data_recv``). A sync worker accepts a connection only when it
is free, so a save's bytes (a small form, sent at once) arrive while it waits in the listen backlog, and that
figure is its time in the queue. Behind a reverse proxy it is the wait in gunicorn's own backlog, the queue that
matters here. Where it cannot be read (not Linux, a Unix socket, another server) nothing is shed.
"""

import json
import math
import re
import socket
import struct
from collections.abc import Callable, Iterable

#: The answer save's path (lms/exams/routes.py ``exams.save``): the only request shed.
SAVE_PATH = re.compile(r"/attempts/\d+/answers/\d+")
#: Where ``tcpi_last_data_recv`` (milliseconds, u32) sits in Linux's ``struct tcp_info``, and how much to read.
_LAST_DATA_RECV, _TCP_INFO_SIZE = 52, 104
_BODY = json.dumps({"saved": False, "retry": True}).encode()


def queued_ms(environ: dict) -> int | None:
    """How many milliseconds ago the request's last bytes reached the server, or None where that cannot be read."""
    connection = environ.get("gunicorn.socket")
    if connection is None or not hasattr(socket, "TCP_INFO"):
        return None
    try:
        info = connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, _TCP_INFO_SIZE)
    except OSError:  # a Unix socket, or a connection already closed
        return None
    if len(info) < _LAST_DATA_RECV + 4:
        return None
    return struct.unpack_from("I", info, _LAST_DATA_RECV)[0]


#: The least Retry-After (seconds). Past the ceiling the overload lasts (a shift keeps answering), and a refused
#: page asking again sooner than its learner answers (every 20-40 s) would add refusals, not saves: with 10 s the
#: bench at 1.5 times the ceiling saw three refusals for every save stored. The answer is safe in the browser
#: meanwhile, and goes with 交卷 at the latest.
RETRY_AFTER = 30


def retry_after(waited_ms: int) -> int:
    """Seconds to wait before sending again: RETRY_AFTER, or longer than the queue this request waited in."""
    return max(RETRY_AFTER, math.ceil(waited_ms / 1000))


class ShedLateSaves:
    """WSGI middleware: a POST to the answer save that waited over ``limit_ms`` gets a 503 and stores nothing."""

    def __init__(self, app: Callable, limit_ms: int):
        self.app, self.limit_ms = app, limit_ms

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST" and SAVE_PATH.fullmatch(environ.get("PATH_INFO", "")):
            waited = queued_ms(environ)
            if waited is not None and waited > self.limit_ms:
                headers = [
                    ("Content-Type", "application/json"),
                    ("Content-Length", str(len(_BODY))),
                    ("Retry-After", str(retry_after(waited))),
                    ("Cache-Control", "no-store"),
                ]
                start_response("503 Service Unavailable", headers)
                return [_BODY]
        return self.app(environ, start_response)
