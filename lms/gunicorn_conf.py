"""gunicorn's settings for the app: ``gunicorn -c python:lms.gunicorn_conf 'lms:create_app()'``.

Used by ``make run``, the load benches (lms/bench/serve.py) and the systemd unit of docs/DEPLOY.md, so what is
measured is what is deployed. The worker count comes from WEB_CONCURRENCY (gunicorn reads it), the address from
``--bind``; anything here can be overridden on the command line or in GUNICORN_CMD_ARGS.

The numbers are chosen for overload (docs/DEPLOY.md, Under overload): past the workers' ceiling, saves wait in the
listen backlog, and a save that waited over LMS_SAVE_QUEUE_LIMIT_MS is refused with a 503 when a worker takes it
(lms/overload.py), which costs far less than storing it. So the queue stays about one limit long, and every save
that is stored was stored within about the limit plus its own few milliseconds.
"""

#: Sync workers: one request at a time each, so a save's wait happens in the listen backlog, where lms/overload.py
#: can see it. gunicorn closes every connection after its response (keep-alive is for the threaded and async
#: workers), so a browser's idle connection never holds a worker.
worker_class = "sync"
keepalive = 2

#: Connections waiting for a worker. Past it the kernel drops new connections and the browser only sees a slow
#: connect (its SYN is sent again after 1, 3, 7… s, and given up after about two minutes); below it, a waiting
#: save is answered (stored, or refused with a 503 the page understands). A whole shift signing in at once is
#: what fills it: with 1024, 419 of 2,000 agents arriving within 10 s never got a connection (make bench, section
#: signin). 4096 is Linux's net.core.somaxconn since 5.4, which would silently cap anything larger; saves queued
#: in it are still refused after LMS_SAVE_QUEUE_LIMIT_MS, so the longer queue does not make stored saves late.
backlog = 4096

#: A worker that has not reported for this many seconds is killed and its request lost. A save takes milliseconds
#: (at most SQLite's 5-second busy timeout per statement), a refused one less, so overload never reaches it;
#: it is this long for the exports, which stream their rows in one request.
timeout = 120
#: On a restart, requests in hand get this long to finish.
graceful_timeout = 30

#: glibc's M_MMAP_THRESHOLD option of mallopt(3), and the threshold the app keeps it at (glibc's default).
_M_MMAP_THRESHOLD, _MMAP_THRESHOLD = -3, 128 * 1024


def post_fork(server, worker) -> None:
    """Keep large blocks out of each worker's heap, so memory lent for a moment goes back to the system.

    A password check (argon2id) takes 19 MiB for a few milliseconds. glibc hands such a block out by mmap and
    returns it, but then raises its threshold to that size, so from the next sign-in on the block comes from the
    heap and stays resident: every worker grew by about 20 MB after its second sign-in. Fixing the threshold at
    glibc's default keeps it at mmap. Where the C library is not glibc there is no mallopt, and nothing changes.
    """
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
    except (OSError, AttributeError):
        pass
