"""One table for ``make bench``: every figure with its unit, the baseline measured in the same run, and the ratio.

A figure on a shared, noisy machine means something only beside a baseline taken in the same run, so a
section returns ``Figure`` rows rather than printing, and the table puts each beside its baseline.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure; ``baseline`` names what it is compared with (``None``: a count, not a speed)."""

    section: str
    name: str
    value: float
    unit: str
    baseline: str | None = None
    baseline_value: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.baseline_value:
            return None
        return self.value / self.baseline_value


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(figures: list[Figure]) -> str:
    """The figures as a Markdown table (it reads in a terminal and pastes into docs/PERFORMANCE.md)."""
    lines = ["| section | figure | value | baseline | ratio | note |", "|---|---|---|---|---|---|"]
    for f in figures:
        base = f"{f.baseline}: {_number(f.baseline_value)} {f.unit}" if f.baseline and f.baseline_value else ""
        ratio = f"x{f.ratio:.2f}" if f.ratio is not None else ""
        lines.append(f"| {f.section} | {f.name} | {_number(f.value)} {f.unit} | {base} | {ratio} | {f.note} |")
    return "\n".join(lines)
