"""An objective's chart for print: the geometry of a small SVG line chart (figures, the path from baseline
to target, the target), drawn by the PDF template. Pure: points and numbers in, coordinates out.

Plotly's static export needs kaleido (a headless browser) which QIC does not ship; a few lines of SVG,
which WeasyPrint draws natively, say the same in a printed document.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

WIDTH = 480
HEIGHT = 190
#: Room for the axis labels: left, right, top, bottom (the dates, then the legend).
MARGIN = (56, 12, 10, 52)


@dataclass(frozen=True)
class ChartGeometry:
    width: int
    height: int
    #: "x,y x,y …" for a <polyline>.
    figures: str
    markers: list[tuple[float, float]]
    path: tuple[float, float, float, float]
    target_y: float
    plot: tuple[float, float, float, float]
    #: (y, label) for the axis ticks: the lowest and highest value shown.
    ticks: list[tuple[float, str]]
    #: (x, label): the start of the year and the due date, under the plot.
    date_ticks: list[tuple[float, str]]
    #: The baseline of the dates' text and of the legend's row.
    date_y: float
    legend_y: float

    @property
    def plot_width(self) -> float:
        return self.plot[2] - self.plot[0]

    @property
    def plot_height(self) -> float:
        return self.plot[3] - self.plot[1]


def _nice(value: float) -> str:
    return f"{value:g}"


def chart_geometry(
    points: Sequence,
    *,
    baseline: float,
    target: float,
    start: date,
    due: date,
    date_label: Callable[[date], str] = date.isoformat,
) -> ChartGeometry | None:
    """Coordinates in a ``WIDTH`` × ``HEIGHT`` box for ``points`` (objects with ``on`` and ``value``)
    between ``start`` and ``due``; None when there is nothing to draw beyond the path (no figures).
    ``date_label`` writes the start and due dates under the plot in the document's language."""
    if not points:
        return None
    left, right, top, bottom = MARGIN
    x0, x1, y0, y1 = left, WIDTH - right, top, HEIGHT - bottom
    end = max([due, *(point.on for point in points)])
    span = max((end - start).days, 1)
    values = [float(point.value) for point in points] + [baseline, target]
    low, high = min(values), max(values)
    if high == low:
        high, low = high + 1, low - 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad

    def x(on: date) -> float:
        return round(x0 + (x1 - x0) * max((on - start).days, 0) / span, 1)

    def y(value: float) -> float:
        return round(y1 - (y1 - y0) * (value - low) / (high - low), 1)

    markers = [(x(point.on), y(float(point.value))) for point in points]
    return ChartGeometry(
        width=WIDTH,
        height=HEIGHT,
        figures=" ".join(f"{px},{py}" for px, py in markers),
        markers=markers,
        path=(x(start), y(baseline), x(due), y(target)),
        target_y=y(target),
        plot=(x0, y0, x1, y1),
        ticks=[(y(low + pad), _nice(round(low + pad, 2))), (y(high - pad), _nice(round(high - pad, 2)))],
        date_ticks=[(x(start), date_label(start)), (x(due), date_label(due))],
        date_y=y1 + 14,
        legend_y=HEIGHT - 8,
    )
