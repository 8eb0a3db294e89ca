"""Chart geometry for server-drawn SVG (no script, prints as drawn): stacked bars and lines fitted to a box.

Templates only place what these return; the scale, the ticks and the positions are decided here and tested.
"""

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

#: Series colours, in order (levels lowest first, then the rest); dark enough to print in grey.
PALETTE = ("#0b6e4f", "#2f80ed", "#e8912d", "#8e44ad", "#c0392b", "#7b8794")
#: The colour of "none" (e.g. people who hold no level yet).
NONE_COLOUR = "#cbd2d9"
#: The font size the templates draw labels at, in SVG units.
FONT = 13


def points(corners: Sequence[tuple[float, float]]) -> str:
    """An SVG ``points`` attribute: "x,y " for each corner (one template expression, not two a corner)."""
    return "".join(f"{x},{y} " for x, y in corners)


def nice_max(value: float) -> float:
    """The smallest 1, 2 or 5 × 10ⁿ at or above ``value`` (1 for nothing), so an axis ends on a round figure."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if value <= step * power * (1 + 1e-9))


def ticks(top: float, whole: bool = False) -> list[float]:
    """Axis values from 0 to ``top`` (a ``nice_max``) in round steps; whole numbers only when ``whole`` (counts)."""
    mantissa = round(top / 10.0 ** math.floor(math.log10(top)))
    count = {1: 5, 2: 4, 5: 5}.get(mantissa, 4)
    if whole and top < count:
        count = max(int(top), 1)
    return [round(top * index / count, 6) for index in range(count + 1)]


def text_width(text: str, size: float = FONT) -> float:
    """About how wide ``text`` is drawn: a CJK or full-width character is one em, anything else about half."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.56 for ch in text)


def fit(text: str, width: float, size: float = FONT) -> str:
    """``text`` cut to fit ``width`` (with "…" when cut)."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def figure(value: float, rate: bool = False) -> str:
    """A chart's figure as drawn: a rate as a whole percentage, a whole number without decimals, else one decimal."""
    if rate:
        return f"{value * 100:.0f}%"
    return str(int(value)) if value == int(value) else f"{value:.1f}"


@dataclass(frozen=True)
class Segment:
    """One part of a bar: its series (index into the palette), value, and where it is drawn."""

    series: int
    value: float
    x: float
    width: float


@dataclass(frozen=True)
class BarRow:
    """One bar: its label as drawn, its full label (for the tooltip), its total and its segments, at height ``y``."""

    label: str
    title: str
    total: float
    y: float
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars (stacked when a row has several values) with a value axis along the bottom."""

    width: float
    height: float
    plot_x: float
    plot_width: float
    bar_height: float
    rows: tuple[BarRow, ...]
    #: (x, value) of each axis tick; the value is a fraction when ``percent``.
    ticks: tuple[tuple[float, float], ...]
    percent: bool


def bars(
    rows: Sequence[tuple[str, Sequence[float]]],
    *,
    percent: bool = False,
    top: float | None = None,
    whole: bool = False,
    width: float = 380,
    label_width: float | None = None,
    row_height: float = 26,
) -> BarChart:
    """Bars for (label, values) rows: stacked in series order, to a shared round scale or each to 100 %.

    ``percent`` draws each row as its parts of its own total (a row of zeros stays empty). ``top`` fixes
    the scale (e.g. 1 for rates); otherwise it is the round figure at or above the largest total.
    ``whole``: the values are counts, so the axis ticks whole numbers only. The labels get the room the
    longest needs, up to 40 % of ``width`` (longer ones are cut).
    """
    if label_width is None:
        label_width = min(max((text_width(label) for label, _ in rows), default=0), width * 0.4)
    plot_x, plot_width = label_width + 8, width - label_width - 8 - 40
    scale = 1.0 if percent else (top if top is not None else nice_max(max((sum(v) for _, v in rows), default=0)))
    drawn = []
    for index, (label, values) in enumerate(rows):
        total = float(sum(values))
        divisor = (total or 1.0) if percent else scale
        x, segments = plot_x, []
        for series, value in enumerate(values):
            span = plot_width * value / divisor
            if span > 0:
                segments.append(Segment(series, float(value), round(x, 1), round(span, 1)))
            x += span
        y = 6 + index * row_height
        drawn.append(BarRow(fit(label, label_width), label, total, y, tuple(segments)))
    axis = tuple((round(plot_x + plot_width * value / scale, 1), value) for value in ticks(scale, whole=whole))
    height = 6 + len(rows) * row_height + 22
    return BarChart(width, height, plot_x, plot_width, row_height * 0.62, tuple(drawn), axis, percent)


@dataclass(frozen=True)
class Line:
    """One series: its name, palette index and its points (x, y, value)."""

    name: str
    series: int
    points: tuple[tuple[float, float, float], ...]

    @property
    def polyline(self) -> str:
        """The points as an SVG ``polyline`` takes them: ``x,y`` each followed by a space."""
        return points([(x, y) for x, y, _ in self.points])


@dataclass(frozen=True)
class LineChart:
    """Lines over labelled steps (e.g. months), with a value axis on the left."""

    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    #: (x, label) along the bottom; long runs show every other label.
    steps: tuple[tuple[float, str], ...]
    #: (y, value) of each axis tick.
    ticks: tuple[tuple[float, float], ...]
    lines: tuple[Line, ...]


def lines(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    whole: bool = False,
    width: float = 400,
    height: float = 210,
) -> LineChart:
    """Lines for each (name, values) series over ``labels``, on a round scale from 0 (whole ticks for counts)."""
    left, right, top, bottom = 40.0, width - 12, 12.0, height - 28
    scale = nice_max(max((max(values, default=0) for _, values in series), default=0))
    step = (right - left) / max(len(labels) - 1, 1)
    every = 1 if len(labels) <= 8 else 2
    xs = [round(left + step * index, 1) for index in range(len(labels))]
    steps = tuple((x, label) for index, (x, label) in enumerate(zip(xs, labels, strict=True)) if index % every == 0)
    drawn = tuple(
        Line(
            name,
            index,
            tuple(
                (x, round(bottom - (bottom - top) * value / scale, 1), float(value))
                for x, value in zip(xs, values, strict=True)
            ),
        )
        for index, (name, values) in enumerate(series)
    )
    axis = tuple((round(bottom - (bottom - top) * value / scale, 1), value) for value in ticks(scale, whole=whole))
    return LineChart(width, height, left, right, top, bottom, steps, axis, drawn)
