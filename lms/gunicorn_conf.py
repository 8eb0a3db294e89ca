"""gunicorn's settings for the app: ``gunicorn -c python:lms.gunicorn_conf 'lms:create_app()'``.

Used by ``make run``, the load benches (lms/bench/serve.py) and the systemd unit of docs/DEPLOY.md, so what is
measured is what is deployed. The worker count comes from WEB_CONCURRENCY (gunicorn reads it), the address from
``--bind``; anything here can be overridden on the command line or in GUNICORN_CMD_ARGS.

The numbers are chosen for overload (docs/DEPLOY.md, Under overload): past the workers' ceiling, saves wait in the
listen backlog, and a save that waited over LMS_SAVE_QUEUE_LIMIT_MS is refused with a 503 when a worker takes it
(lms/overload.py), which costs far less than storing it. So the queue stays about one limit long, and every save
that is stored was stored within about the limit plus its own few milliseconds.

The app is loaded once, in the master, and the workers are forked from it (``preload_app``), so the pages of its
code and objects are shared instead of each worker building its own (docs/PERFORMANCE.md, Start-up and memory).
The price: ``kill -HUP`` (``systemctl reload``) forks new workers from the same master, that is from the code
already loaded. A deploy restarts the service, or sends USR2 for a new master beside the old one (docs/DEPLOY.md).
"""

import gc

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


#: Load the app in the master, before forking: the workers share its pages until they write to them.
preload_app = True


def pre_fork(server, worker) -> None:
    """Move every object the master holds into the collector's permanent generation, just before a fork.

    A collection walks the objects of its generations and writes their reference counts for the walk, which
    copies every page holding one into the worker that collects: most of the app's pages would become the
    worker's own after its first full collection. Frozen objects are never walked. Called before each fork, so
    a worker started later (one that died, or after a HUP) is forked from a frozen master too.
    """
    gc.freeze()


def post_fork(server, worker) -> None:
    """In each new worker: its own database connections, and large blocks kept out of its heap."""
    drop_inherited_connections(server.app.wsgi())
    keep_large_blocks_out_of_heap()


def drop_inherited_connections(app) -> None:
    """Forget the database connections the worker inherited, without closing them (the master's copy is theirs).

    ``create_app`` connects to nothing (tests/test_preload.py), but an app that does at load (the bench's bare
    app creates its table) would otherwise hand the same socket or SQLite file handle to every worker. This is
    SQLAlchemy's recipe for a forked process: ``engine.dispose(close=False)``, a new, empty pool.
    """
    sqlalchemy = getattr(app, "extensions", {}).get("sqlalchemy")
    if sqlalchemy is None:
        return
    with app.app_context():
        for engine in sqlalchemy.engines.values():
            engine.dispose(close=False)


def keep_large_blocks_out_of_heap() -> None:
    """Keep large blocks out of the worker's heap, so memory lent for a moment goes back to the system.

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
