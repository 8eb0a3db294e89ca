"""Parser cost against input size: a linear parser takes about twice as long for twice the input."""

import time

from lms.bench.report import Figure


def gift_block(sizes: tuple[int, int] = (20_000, 40_000)) -> list[Figure]:
    """Parse one GIFT choice block of each size (best of three); the smaller one is the baseline."""
    from lms.domain.gift import parse_gift

    times = []
    for size in sizes:
        text = "客户说什么？{=对 " + " ".join(f"~选项{i}#反馈{i}" for i in range(size)) + "}"
        best = float("inf")
        for _ in range(3):
            begin = time.perf_counter()
            parse_gift(text)
            best = min(best, time.perf_counter() - begin)
        times.append(best)
    return [
        Figure(
            "parsing",
            f"GIFT block of {sizes[1]:,} options",
            times[1] * 1000,
            "ms",
            f"{sizes[0]:,} options",
            times[0] * 1000,
            "linear: about x2",
        )
    ]
