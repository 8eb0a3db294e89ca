"""The exam page as the overload bench simulates it: agents who think, keep every answer the server has not
acknowledged, and send it again after a back-off with jitter, as lms/static/js/exam.js does.

Each agent starts within the ramp and gives an answer every ``think`` seconds (uniform), its k-th answer to question
k + 1. An answer is sent at once unless the agent is backing off. A refused save (503, or any other failure: a
timeout, a lost connection) starts a back-off of Retry-After plus a random part of as long again, or of a window of
2, 4, 8 … 30 s (doubling with each failure in a row) where that is longer; when it ends, every unsent answer goes
in one post (one at a time, oldest first, to a server that takes one answer a post: the bare app), and answers kept
meanwhile follow each acknowledged post. Nothing is sent after the run's end; what is still unsent then is counted
(on the page it would go with 交卷). With the bench's time scaled (LMS_BENCH_QUICK) the waits are scaled alike.
"""

import asyncio
import math
import random
import time
from dataclasses import dataclass, field

import aiohttp

from lms.bench import load

#: As exam.js: the back-off window's first size and cap, and how long a save may take before it is sent again.
BASE, CAP, TIMEOUT = 2.0, 30.0, 30.0


def backoff(failures: int, retry_after: float, rng: random.Random) -> float:
    """Seconds to wait after the ``failures``-th failure in a row (1, 2, …): ``retry_after``, then a random share
    of as long again, or of a window of 2, 4, 8 … seconds (at most 30) where that is longer."""
    return retry_after + rng.uniform(0, max(retry_after, min(CAP, BASE * 2.0 ** (failures - 1))))


@dataclass
class Tally:
    """What the server said, counted over the steady window (from ``window_from`` until the run's end)."""

    seconds: float
    window_from: float
    #: How long each post acknowledged in the window took, and how long each answer it carried waited from given to
    #: acknowledged (a post carries one answer, or all a page kept while backing off).
    latencies: list[float] = field(default_factory=list)
    ages: list[float] = field(default_factory=list)
    refused: int = 0
    failed: int = 0
    #: (agent, k) of every acknowledged answer, whenever it came, to check that each is stored.
    acknowledged: list[tuple[int, int]] = field(default_factory=list)
    #: Answers given and still unacknowledged at the end.
    given: int = 0
    unsent: int = 0
    #: Pages, those still backing off at the end, and the longest Retry-After the server gave (seconds, unscaled).
    pages: int = 0
    backing_off: int = 0
    retry_after_max: float = 0.0
    client_cpu: float = 0.0

    @property
    def rate(self) -> float:
        """Acknowledged answers per second in the window."""
        return len(self.ages) / (self.seconds - self.window_from)

    @property
    def post_rate(self) -> float:
        """Acknowledged posts per second in the window."""
        return len(self.latencies) / (self.seconds - self.window_from)

    @property
    def refused_share(self) -> float:
        """503s among the window's posts."""
        answered = len(self.latencies) + self.refused + self.failed
        return self.refused / answered if answered else math.nan

    @staticmethod
    def p95_ms(values: list[float]) -> float:
        """The 95th percentile of ``values`` (seconds), in milliseconds."""
        if not values:
            return math.nan
        ordered = sorted(values)
        return 1000 * ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


class _Page:
    """One agent's page: its unsent answers, the back-off, the save in flight per question."""

    def __init__(self, run: "_Run", number: int, make: load.Agent):
        self.run, self.number, self.make = run, number, make
        self.unsent: dict[int, float] = {}  # k -> when the answer was given
        self.in_flight: set[int] = set()
        self.failures = 0
        self.timer: asyncio.TimerHandle | None = None

    def give(self, k: int) -> None:
        self.unsent[k] = time.perf_counter()
        if self.timer is None:
            self.send([k])

    def send(self, ks: list[int]) -> None:
        ks = [k for k in ks if k not in self.in_flight]
        if ks:
            self.in_flight.update(ks)
            task = asyncio.ensure_future(self._save(ks))
            self.run.tasks.add(task)
            task.add_done_callback(self.run.tasks.discard)

    def send_waiting(self) -> None:
        """Send the unsent answers not on their way (after a back-off, and after each acknowledged post): all in
        one post, or the oldest alone where posts do not go together."""
        self.timer = None
        waiting = sorted((k for k in self.unsent if k not in self.in_flight), key=self.unsent.__getitem__)
        if waiting and time.perf_counter() < self.run.stop_at:
            self.send(waiting if self.make(waiting[0]).batch else waiting[:1])

    def _post(self, ks: list[int]) -> load.Post:
        """One post with the answers ``ks``."""
        posts = [self.make(k) for k in ks]
        if len(posts) == 1:
            return posts[0]
        return load.Post(str(posts[0].batch), {n: v for post in posts for n, v in post.form.items()}, posts[0].headers)

    async def _save(self, ks: list[int]) -> None:
        post, begin = self._post(ks), time.perf_counter()
        status, retry_after = 0, 0.0
        try:
            async with self.run.session.post(self.run.url + post.path, data=post.form, headers=post.headers) as answer:
                await answer.read()
                status = answer.status
                retry_after = float(answer.headers.get("Retry-After", "0") or 0)
        except (aiohttp.ClientError, TimeoutError, ValueError):
            pass
        self.in_flight.difference_update(ks)
        end = time.perf_counter()
        self.run.count(status, end - begin, [end - self.unsent[k] for k in ks], end)
        self.run.tally.retry_after_max = max(self.run.tally.retry_after_max, retry_after)
        if status == 200:
            self.run.tally.acknowledged.extend((self.number, k) for k in ks)
            for k in ks:
                del self.unsent[k]
            self.failures = 0
            if self.timer is None:
                self.send_waiting()
            return
        self.failures += 1
        if self.timer is not None:
            self.timer.cancel()
        if end < self.run.stop_at:
            delay = backoff(self.failures, retry_after, self.run.rng) / self.run.time_scale
            self.timer = asyncio.get_running_loop().call_later(delay, self.send_waiting)


class _Run:
    def __init__(self, url: str, tally: Tally, start: float, rng: random.Random, time_scale: int):
        self.url, self.tally, self.rng, self.time_scale = url, tally, rng, time_scale
        self.window_from, self.stop_at = start + tally.window_from, start + tally.seconds
        self.tasks: set[asyncio.Future] = set()
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0, force_close=True),
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=TIMEOUT),
        )

    def count(self, status: int, took: float, ages: list[float], at: float) -> None:
        if at < self.window_from or at > self.stop_at:
            return
        if status == 200:
            self.tally.latencies.append(took)
            self.tally.ages.extend(ages)
        elif status == 503:
            self.tally.refused += 1
        else:
            self.tally.failed += 1


def patient(
    base_url: str,
    agents: list[load.Agent],
    ramp: float,
    think: tuple[float, float],
    seconds: float,
    window_from: float,
    time_scale: int = 1,
    seed: int = 19,
) -> Tally:
    """Run the agents for ``seconds``; the tally counts the answers that came after ``window_from``. Back-offs are
    divided by ``time_scale``, as the think times are."""
    tally, rng = Tally(seconds=seconds, window_from=window_from, pages=len(agents)), random.Random(seed)

    async def main() -> None:
        run = _Run(base_url, tally, time.perf_counter(), rng, time_scale)

        async def agent(number: int, make: load.Agent, start: float) -> None:
            page = _Page(run, number, make)
            await asyncio.sleep(start)
            k = 0
            while True:
                pause = rng.uniform(*think)
                if time.perf_counter() + pause >= run.stop_at:
                    break
                await asyncio.sleep(pause)
                page.give(k)
                k += 1
            tally.given += k
            await asyncio.sleep(max(0.0, run.stop_at - time.perf_counter()))  # a page backing off may still send
            if page.timer is not None:
                tally.backing_off += 1
                page.timer.cancel()
            while page.in_flight:
                await asyncio.sleep(0.5)
            tally.unsent += len(page.unsent)

        try:
            await asyncio.gather(*(agent(n, make, rng.uniform(0, ramp)) for n, make in enumerate(agents)))
        finally:
            await run.session.close()

    cpu, wall = time.process_time(), time.perf_counter()
    asyncio.run(main())
    tally.client_cpu = (time.process_time() - cpu) / (time.perf_counter() - wall)
    return tally
