"""A large export through the app's CSV and XLSX writers, beside plain csv.writer into memory."""

import csv
import io
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

from lms.bench.report import Figure

HEADER = ["证书编号", "姓名", "工号", "团队", "等级", "发证日期", "到期日期", "状态"]


def _rows(count: int):
    """``count`` synthetic certificate rows with Chinese names and a few formula-like cells."""
    start = date(2026, 1, 1)
    for i in range(count):
        name = "=HYPERLINK(1)" if i % 1000 == 0 else f"客服{i:06d}号"
        yield (f"ABCD{i:09d}", name, f"HZ-{i:06d}", "售后一组", "初级", start, start + timedelta(days=730), "有效")


def measured(write: Callable[[], object]) -> tuple[float, float]:
    """Run ``write`` twice: timed untraced, then under tracemalloc for its peak (MiB)."""
    begin = time.perf_counter()
    write()
    elapsed = time.perf_counter() - begin
    tracemalloc.start()
    write()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, peak / 2**20


def plain_csv(header: list[str], rows: Iterable[Sequence]) -> None:
    """The baseline: csv.writer into memory, cells as they come (no neutralising, no labels)."""
    text = io.TextIOWrapper(io.BytesIO(), encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    text.flush()


def export(count: int = 100_000) -> list[Figure]:
    """Time and peak memory of a ``count``-row export as CSV and as XLSX."""
    from lms.services import exports

    def table():
        return exports.Table("bench", "bench", HEADER, _rows(count))

    def baseline():
        plain_csv(HEADER, _rows(count))

    def streamed_csv():
        for _chunk in exports.csv_chunks(table()):
            pass

    def streamed_xlsx():
        for _chunk in exports.file_chunks(exports.xlsx_file(table())):
            pass

    base_time, base_peak = measured(baseline)
    figures = []
    for label, write in (("CSV, streamed", streamed_csv), ("XLSX, write-only", streamed_xlsx)):
        elapsed, peak = measured(write)
        name = f"export {count:,} rows, {label}"
        figures.append(Figure("export", f"{name}: time", elapsed, "s", "csv.writer to memory", base_time))
        figures.append(Figure("export", f"{name}: peak memory", peak, "MiB", "csv.writer to memory", base_peak))
    return figures
