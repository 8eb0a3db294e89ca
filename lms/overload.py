"""Past its ceiling the server refuses a late answer save at once (503, Retry-After) instead of storing it late.

A shift of exam-takers can offer more saves than two workers store (about 1,000 a second on two cores). Without a
bound, the listen queue grows until every save waits longer than the browser will, and the workers spend their
time on saves whose senders have given up. So a save that has already waited more than LMS_SAVE_QUEUE_LIMIT_MS
in the queue is answered ``503`` with ``Retry-After`` before Flask, the session or the database is touched
(a quarter of a millisecond of the worker's CPU, gunicorn's own work included, against 1.4-1.9 for a save): the
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
import time
from collections.abc import Callable, Iterable

#: The answer save's paths (lms/exams/routes.py ``exams.save``): the only request shed.
SAVE_PATH = re.compile(r"/attempts/\d+/answers(/\d+)?")
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
#: Seconds for the Retry-After to grow e-fold while the worker refuses, or to shrink e-fold while its queue is short.
SETTLE = 10.0


def retry_after(waited_ms: int, told: float) -> int:
    """Seconds to wait before sending again: the worker's current Retry-After ``told``, and longer than the queue
    this request waited in; at most RETRY_AFTER_MAX."""
    return min(RETRY_AFTER_MAX, max(round(told), math.ceil(waited_ms / 1000)))


class ShedLateSaves:
    """WSGI middleware: a POST to the answer save that waited over ``limit_ms`` gets a 503 and stores nothing.

    The Retry-After it gives follows its queue over time: it grows e-fold for each SETTLE seconds the worker spends
    refusing saves, shrinks e-fold for each SETTLE seconds in which saves find the queue under half the limit, and
    stays between RETRY_AFTER and RETRY_AFTER_MAX. Refused pages come back after it, spread over as long again (the
    page's jitter, lms/static/js/exam.js). So a storm of refusals (a shift starting at once) sends pages away for
    longer the longer it lasts, and once the queue is short again the next refused pages are told less: the server
    is neither flooded by pages coming back together nor left idle while pages wait out a storm that is over.
    (A share of refusals counted per request, as before, reached the 5-minute cap in the storm of a bench's ramp
    and left the workers half idle afterwards: docs/PERFORMANCE.md, Overload.)
    """

    def __init__(self, app: Callable, limit_ms: int, clock: Callable[[], float] = time.monotonic):
        self.app, self.limit_ms, self.clock = app, limit_ms, clock
        self.told = float(RETRY_AFTER)  # seconds: the Retry-After this worker gives now
        self.settle = SETTLE  # shorter only in a bench whose clients live in scaled time (lms/bench/overload.py)
        self.last_save = clock()

    def follow(self, waited_ms: int) -> None:
        """Move the Retry-After by the time since the worker's previous save (at most the limit): up if this save is
        late, down if it found the queue under half the limit."""
        now = self.clock()
        spent, self.last_save = min(now - self.last_save, self.limit_ms / 1000), now
        if waited_ms > self.limit_ms:
            self.told = min(RETRY_AFTER_MAX, self.told * math.exp(spent / self.settle))
        elif waited_ms < self.limit_ms / 2:
            self.told = max(RETRY_AFTER, self.told * math.exp(-spent / self.settle))

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST" and SAVE_PATH.fullmatch(environ.get("PATH_INFO", "")):
            waited = queued_ms(environ)
            if waited is not None:
                self.follow(waited)
            if waited is not None and waited > self.limit_ms:
                headers = [
                    ("Content-Type", "application/json"),
                    ("Content-Length", str(len(_BODY))),
                    ("Retry-After", str(retry_after(waited, self.told))),
                    ("Cache-Control", "no-store"),
                ]
                start_response("503 Service Unavailable", headers)
                return [_BODY]
        return self.app(environ, start_response)
