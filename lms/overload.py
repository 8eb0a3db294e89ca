"""Past its ceiling the server refuses a late answer save at once (503, Retry-After) instead of storing it late.

A shift of exam-takers can offer more saves than two workers store (about 300 a second on two cores). Without a
bound, the listen queue grows until every save waits longer than the browser will, and the workers spend their
time on saves whose senders have given up. So a save that has already waited more than LMS_SAVE_QUEUE_LIMIT_MS
in the queue is answered ``503`` with ``Retry-After`` before Flask, the session or the database is touched
(under a millisecond of the worker's CPU, gunicorn's own work included, against about 8 for a save): the
workers keep storing saves near their ceiling, and the page keeps the refused answer, backs off with jitter and
sends it again (lms/static/js/exam.js). A 503 stores nothing; any 2xx means stored.

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
#: The longest Retry-After (seconds).
RETRY_AFTER_MAX = 300
#: How much each save counts in a worker's running share of refused saves (an average over about the last 100).
SMOOTHING = 0.01


def retry_after(waited_ms: int, refused_share: float) -> int:
    """Seconds to wait before sending again: RETRY_AFTER stretched by (1 + r)² where r is how many saves the worker
    refuses for each it stores, and longer than the queue this request waited in; at most RETRY_AFTER_MAX.

    Every refused page asks again about once per Retry-After, so the more pages wait, the longer each must wait for
    their requests to stop crowding out the saves. In the simple model where every page asks once per Retry-After,
    pages offering 1.5 times the ceiling settle at r = 0.14 ((1 + r)³ = 1.5), where a fixed 30 s gives r = 0.5 and
    more as the overload grows.
    """
    per_stored = refused_share / max(1 - refused_share, 0.01)
    stretched = math.ceil(RETRY_AFTER * (1 + per_stored) ** 2)
    return min(RETRY_AFTER_MAX, max(stretched, math.ceil(waited_ms / 1000)))


class ShedLateSaves:
    """WSGI middleware: a POST to the answer save that waited over ``limit_ms`` gets a 503 and stores nothing."""

    def __init__(self, app: Callable, limit_ms: int):
        self.app, self.limit_ms = app, limit_ms
        self.refused_share = 0.0  # of this worker's recent saves

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST" and SAVE_PATH.fullmatch(environ.get("PATH_INFO", "")):
            waited = queued_ms(environ)
            late = waited is not None and waited > self.limit_ms
            self.refused_share += SMOOTHING * (late - self.refused_share)
            if waited is not None and late:
                headers = [
                    ("Content-Type", "application/json"),
                    ("Content-Length", str(len(_BODY))),
                    ("Retry-After", str(retry_after(waited, self.refused_share))),
                    ("Cache-Control", "no-store"),
                ]
                start_response("503 Service Unavailable", headers)
                return [_BODY]
        return self.app(environ, start_response)
