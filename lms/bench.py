"""Benchmarks (``make bench``): figures printed, never asserted."""

import csv
import io
import os
import random
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from lms.domain import competency, levels

RULES_FILE = Path(__file__).resolve().parent.parent / "question_banks" / "levels" / "levels.yaml"


def agents(count: int, today: date, rng: random.Random) -> list[levels.Facts]:
    """``count`` agents with varied tenure, awards, courses, drills, ratings and violations."""
    codes = ["junior", "intermediate", "senior", "expert"]
    modules = ["onboarding", "etiquette", "complaint-handling", "mot-basics", "mot-advanced"]
    found = []
    for _ in range(count):
        hired = today - timedelta(days=rng.randint(0, 1500))
        held = codes[: rng.randint(0, 3)]
        found.append(
            levels.Facts(
                today=today,
                hire_date=hired,
                awards={code: hired + timedelta(days=100 * (i + 1)) for i, code in enumerate(held)},
                modules=frozenset(rng.sample(modules, rng.randint(0, len(modules)))),
                series=frozenset({"selling"} if rng.random() < 0.5 else ()),
                exams={"promotion-junior": rng.uniform(40, 100), "promotion-intermediate": rng.uniform(40, 100)},
                typing=tuple(
                    (today - timedelta(days=rng.randint(0, 60)), "zh", rng.uniform(20, 120), rng.uniform(0.8, 1))
                    for _ in range(rng.randint(0, 5))
                ),
                replies=tuple(
                    (today - timedelta(days=rng.randint(0, 60)), rng.uniform(0.5, 1), rng.uniform(5, 30))
                    for _ in range(rng.randint(0, 3))
                ),
                competency={code: rng.randint(2, 5) for code in competency.WEIGHTS} if rng.random() < 0.7 else None,
                violations=tuple(
                    (today - timedelta(days=rng.randint(0, 400)), rng.choice([5, 10, 20]))
                    for _ in range(rng.randint(0, 2))
                ),
            )
        )
    return found


def level_engine(count: int = 100_000) -> None:
    """Evaluate ``count`` agents and print the time and the distribution."""
    rules = levels.parse(RULES_FILE.read_text(encoding="utf-8"))
    population = agents(count, date(2026, 11, 23), random.Random(7))
    start = time.perf_counter()
    results = [levels.evaluate(facts, rules) for facts in population]
    elapsed = time.perf_counter() - start
    ready = sum(1 for r in results if r.ready_for_exam)
    print(
        f"level engine: {count:,} agents evaluated in {elapsed:.2f} s ({count / elapsed:,.0f} agents/s); "
        f"{ready:,} ready for their next promotion exam"
    )


def _rows(count: int):
    """``count`` synthetic certificate rows with Chinese names and a few formula-like cells."""
    start = date(2026, 1, 1)
    for i in range(count):
        name = "=HYPERLINK(1)" if i % 1000 == 0 else f"客服{i:06d}号"
        yield (f"ABCD{i:09d}", name, f"HZ-{i:06d}", "售后一组", "初级", start, start + timedelta(days=730), "有效")


def _measured(label: str, write) -> tuple[float, int]:
    """Run ``write`` twice: timed untraced, then under tracemalloc for its peak; print and return both."""
    begin = time.perf_counter()
    write()
    elapsed = time.perf_counter() - begin
    tracemalloc.start()
    write()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"  {label:<44} {elapsed:6.2f} s   peak {peak / 2**20:7.1f} MiB")
    return elapsed, peak


def export(count: int = 100_000) -> None:
    """Export ``count`` rows through the app's CSV and XLSX writers, beside plain csv.writer into memory."""
    from lms.services import exports

    header = ["证书编号", "姓名", "工号", "团队", "等级", "发证日期", "到期日期", "状态"]

    def table():
        return exports.Table("bench", "bench", header, _rows(count))

    def baseline():
        buffer = io.BytesIO()
        text = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(_rows(count))
        text.flush()

    def streamed_csv():
        for _chunk in exports.csv_chunks(table()):
            pass

    def streamed_xlsx():
        for _chunk in exports.file_chunks(exports.xlsx_file(table())):
            pass

    print(f"export of {count:,} rows:")
    base_time, base_peak = _measured("baseline: csv.writer into a BytesIO", baseline)
    for label, write in (
        ("CSV, streamed in chunks (neutralised)", streamed_csv),
        ("XLSX, write-only to a temp file", streamed_xlsx),
    ):
        elapsed, peak = _measured(label, write)
        print(f"  {'':<44} ratio to baseline: time x{elapsed / base_time:.1f}, peak memory x{peak / base_peak:.2f}")


def gift_block(sizes: tuple[int, int] = (20_000, 40_000)) -> None:
    """Parse one GIFT choice block of each size (best of three) and print the ratio: about 2 means linear."""
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
        print(f"GIFT answer block of {size:,} options parsed in {best:.3f} s")
    print(f"  {sizes[1]:,} vs {sizes[0]:,} options: time x{times[1] / times[0]:.2f} (linear: about x2)")


if __name__ == "__main__":
    level_engine()
    gift_block()
    export(int(os.environ.get("LMS_BENCH_ROWS", "100000")))
