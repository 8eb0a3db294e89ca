"""Scoring a timed typing test: the banded alignment keeps the cost linear in what was typed."""

import time

from lms.bench.report import Figure

RUN_ON = "您好，这里是售后服务中心，我是客服小王，请问有什么可以帮您？" * 200


def _best_of_three(size: int, target: str) -> float:
    """Seconds to score ``size`` typed characters (2% wrong) and tally their misses, as a submit does (best of three).

    Each try types a different character wrong, so none reuses the alignment the last one computed.
    """
    from lms.domain import typing

    best = float("inf")
    for attempt in range(3):
        typed = "".join("错" if i % 50 == 7 + attempt else char for i, char in enumerate(RUN_ON[:size]))
        begin = time.perf_counter()
        typing.score(target, typed, 300, "zh")
        typing.misses(target, typed)
        best = min(best, time.perf_counter() - begin)
    return best


def timed_test(sizes: tuple[int, int] = (300, 1500)) -> list[Figure]:
    """A 5-minute test at the 300 字/分钟 ceiling (1,500 characters of a run-on text) against a 300-character text."""
    text, timed = _best_of_three(sizes[0], RUN_ON[: sizes[0]]), _best_of_three(sizes[1], RUN_ON)
    return [
        Figure(
            "typing",
            f"score a timed test of {sizes[1]:,} 字",
            timed * 1000,
            "ms",
            f"a text of {sizes[0]:,} 字",
            text * 1000,
            f"banded: about x{sizes[1] // sizes[0]} (unbanded: x{(sizes[1] // sizes[0]) ** 2})",
        )
    ]
