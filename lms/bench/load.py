"""An asyncio load client (aiohttp, one connection pool): many agents posting at once, each request timed.

Two arrival processes: agents that post again as soon as answered (zero think time, for throughput) and agents
that think between posts (for capacity). The client's own CPU is measured, so a saturated client shows.
"""

import asyncio
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp


@dataclass(frozen=True)
class Post:
    """One form POST: the path, the form fields and the agent's own headers (its session cookie); ``batch``, where
    the same agent's posts may go together as one (their forms merged), or None where they may not."""

    path: str
    form: dict[str, str]
    headers: dict[str, str]
    batch: str | None = None


#: An agent: its ``k``-th post (k = 0, 1, 2…).
Agent = Callable[[int], Post]


@dataclass
class Result:
    """What a load run saw: the times of the answered posts, the failures, and the client's CPU."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    #: (agent, k) of every post answered 200, to check afterwards that each was stored.
    acknowledged: list[tuple[int, int]] = field(default_factory=list)
    client_cpu: float = 0.0

    @property
    def rate(self) -> float:
        """Answered posts per second."""
        return len(self.latencies) / self.seconds

    @property
    def p95_ms(self) -> float:
        """The 95th percentile of the answered posts' times, in milliseconds."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


class _Run:
    """One run's connection pool and tally."""

    def __init__(self, base_url: str, result: Result, counted_from: float):
        self.base_url, self.result, self.counted_from = base_url, result, counted_from
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0, force_close=True),
            cookie_jar=aiohttp.DummyCookieJar(),  # each agent sends its own cookie; the server's updates are ignored
            timeout=aiohttp.ClientTimeout(total=60),
        )

    async def post(self, agent: int, k: int, post: Post) -> None:
        begin = time.perf_counter()
        try:
            async with self.session.post(self.base_url + post.path, data=post.form, headers=post.headers) as response:
                await response.read()
                ok = response.status == 200
        except (aiohttp.ClientError, TimeoutError):
            ok = False
        if time.perf_counter() < self.counted_from:
            return
        if ok:
            self.result.latencies.append(time.perf_counter() - begin)
            self.result.acknowledged.append((agent, k))
        else:
            self.result.errors += 1


def _run(base_url: str, seconds: float, warmup: float, body: Callable[[_Run, float], list]) -> Result:
    """Run the agents' coroutines made by ``body(run, stop_at)``; posts before ``warmup`` are not counted."""
    result = Result(seconds=seconds)

    async def main() -> None:
        start = time.perf_counter()
        run = _Run(base_url, result, start + warmup)
        try:
            await asyncio.gather(*body(run, start + warmup + seconds))
        finally:
            await run.session.close()

    cpu = time.process_time()
    wall = time.perf_counter()
    asyncio.run(main())
    result.client_cpu = (time.process_time() - cpu) / (time.perf_counter() - wall)
    return result


def zero_think(base_url: str, agents: list[Agent], seconds: float, warmup: float = 5) -> Result:
    """Every agent posts again as soon as it is answered, for ``seconds`` after a warm-up."""

    def body(run: _Run, stop_at: float) -> list:
        async def agent(number: int, make: Agent) -> None:
            k = 0
            while time.perf_counter() < stop_at:
                await run.post(number, k, make(k))
                k += 1

        return [agent(number, make) for number, make in enumerate(agents)]

    return _run(base_url, seconds, warmup, body)


def thinking(
    base_url: str, agents: list[Agent], ramp: float, think: tuple[float, float], seconds: float, seed: int = 15
) -> Result:
    """Agents who start within ``ramp`` seconds, then think ``think`` seconds (uniform) before each post.

    Every post is counted, from the first agent's start until ``seconds`` have passed.
    """
    rng = random.Random(seed)

    def body(run: _Run, stop_at: float) -> list:
        async def agent(number: int, make: Agent, start: float) -> None:
            await asyncio.sleep(start)
            k = 0
            while True:
                pause = rng.uniform(*think)
                if time.perf_counter() + pause >= stop_at:
                    return
                await asyncio.sleep(pause)
                await run.post(number, k, make(k))
                k += 1

        return [agent(number, make, rng.uniform(0, ramp)) for number, make in enumerate(agents)]

    return _run(base_url, seconds, 0, body)
