"""A local measure's control chart for print: the geometry of a small SVG (the figures, the centre line, the
control limits, a marker on each point outside them and a dotted line where each PDSA cycle starts), drawn
by the report's PDF template. Pure: numbers in, coordinates out.

Plotly's static export needs kaleido (a headless browser), which QIC does not ship; as the work plan's
documents do (:mod:`workplan.documents.chart`), a few lines of SVG that WeasyPrint draws say the same.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH = 480
HEIGHT = 200
#: Room for the labels: left, right, top, bottom.
MARGIN = (48, 10, 12, 34)


@dataclass(frozen=True)
class PrintChart:
    width: int
    height: int
    plot: tuple[float, float, float, float]
    #: "x,y x,y …" for <polyline>s: the figures, the centre line, the upper and lower limits (may be "").
    figures: str
    centre: str
    upper: str
    lower: str
    points: list[tuple[float, float, bool]]
    #: (x, label) of each PDSA cycle's start.
    cycles: list[tuple[float, str]]
    #: (y, label) of the lowest and highest value on the axis; (x, label) of the first and last period.
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]

    @property
    def plot_width(self) -> float:
        return self.plot[2] - self.plot[0]

    @property
    def plot_height(self) -> float:
        return self.plot[3] - self.plot[1]

    @property
    def label_y(self) -> float:
        return self.plot[3] + 14


def _finite(values) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(float(v))]


def print_chart(
    periods: Sequence[date],
    values: Sequence[float],
    *,
    centre: Sequence[float],
    upper: Sequence[float],
    lower: Sequence[float],
    outside: Sequence[bool],
    cycles: Sequence[tuple[date, str]] = (),
    period_label=date.isoformat,
    value_label=lambda value: f"{value:g}",
) -> PrintChart | None:
    """Coordinates in a ``WIDTH`` × ``HEIGHT`` box, points evenly spaced in time order, for the chart's
    series and lines (NaN where a line has no value); None with fewer than two points."""
    if len(periods) < 2:
        return None
    left, right, top, bottom = MARGIN
    x0, x1, y0, y1 = left, WIDTH - right, top, HEIGHT - bottom
    known = _finite([*values, *centre, *upper, *lower])
    low, high = min(known), max(known)
    if high == low:
        high, low = high + 1, low - 1
    step = (x1 - x0) / (len(periods) - 1)

    def x(index: float) -> float:
        return round(x0 + step * index, 1)

    def y(value: float) -> float:
        return round(y1 - (y1 - y0) * (value - low) / (high - low), 1)

    def line(column) -> str:
        return " ".join(
            f"{x(i)},{y(float(v))}" for i, v in enumerate(column) if v is not None and math.isfinite(float(v))
        )

    marks = []
    for when, text in cycles:
        # Where the start falls between two periods, as a fraction of the gap between them.
        before = [i for i, period in enumerate(periods) if period <= when]
        if not before:
            continue
        i = before[-1]
        fraction = 0.0
        if i + 1 < len(periods):
            span = (periods[i + 1] - periods[i]).days or 1
            fraction = (when - periods[i]).days / span
        marks.append((x(i + fraction), text))
    return PrintChart(
        width=WIDTH,
        height=HEIGHT,
        plot=(x0, y0, x1, y1),
        figures=line(values),
        centre=line(centre),
        upper=line(upper),
        lower=line(lower),
        points=[(x(i), y(float(v)), bool(out)) for i, (v, out) in enumerate(zip(values, outside, strict=True))],
        cycles=marks,
        y_ticks=[(y(low), value_label(low)), (y(high), value_label(high))],
        x_ticks=[(x(0), period_label(periods[0])), (x(len(periods) - 1), period_label(periods[-1]))],
    )
