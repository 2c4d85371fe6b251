"""A measure's monthly series as one reader sees it: the chart's lines and the verdict, in one place.

The wait-time dashboard (its tiles and panels) and the measure page both read the monthly series
through :func:`monthly_trend`, so the two never judge the same months differently.

Why the public does not always get a verdict. The public series is the staff series with the hidden
months left out (charted as missing). When no month is hidden the two series are the same, and so is
the verdict. When a month is hidden, a verdict on the gappy series can contradict the real one (a
missing last point, a baseline without one of its months, a run broken by the gap), while the real
verdict rests on the hidden figures: under the Anhøj rules its direction is the side of the centre line
of the latest point, and under Making Data Count it is the type of the last point, so it can tell a
reader on which side of a line a hidden month lies. Neither is honest, so a public series with a hidden
month gets no verdict (:data:`NO_VERDICT_HIDDEN`) and its chart marks no signal. Its centre line and
limits rest on the months shown only, never on a hidden one, so they give no hidden figure away.

Pure: result dicts in (the keys of a stored result), numbers and a :class:`measures.spc.ControlChartResult`
out; no ORM, no request.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from measures import spc
from measures.charts import ControlChartSeries, control_chart_series
from measures.charts._common import finite
from measures.compute.trend import MIN_POINTS, TOO_FEW, ChartLayout, chart_inputs, chart_layout, series_trend

#: The public verdict of a series with a month hidden from the public: none, said as such.
NO_VERDICT_HIDDEN = "no_verdict_hidden"
#: A chart needs this many points shown to be drawn at all.
MIN_DRAWN = 2


@dataclass(frozen=True)
class MonthlyTrend:
    """What one reader is shown of a monthly series.

    ``series`` is the series as the reader sees it (hidden months as NaN, see
    :func:`measures.charts.control_chart_series`) and ``hidden`` says, per month, whether it is hidden
    from this reader. ``chart`` is the chart drawn from that series (``None`` with fewer than two months
    shown), on the scale of ``multiply``. ``verdict`` is one of :mod:`measures.compute.trend`'s verdicts or
    :data:`NO_VERDICT_HIDDEN`; ``signals`` says whether the chart may mark signals (outside the limits,
    an unusual run) at all.
    """

    series: ControlChartSeries
    hidden: tuple[bool, ...]
    chart_type: str
    chart: spc.ControlChartResult | None
    verdict: str
    assurance: str | None
    layout: ChartLayout
    target: float | None
    multiply: float

    @property
    def hidden_count(self) -> int:
        return sum(self.hidden)

    @property
    def signals(self) -> bool:
        return self.verdict != NO_VERDICT_HIDDEN


def monthly_trend(
    rows: Sequence[Mapping],
    *,
    chart_type: str,
    rules: str,
    improvement: str,
    target: float | None = None,
    baseline_months: int | None = None,
    notes: Sequence[tuple[object, str, bool]] = (),
    public: bool,
) -> MonthlyTrend:
    """The chart and verdict of one measure's monthly rows (one stratum and group, any order) for a reader.

    ``chart_type``, ``rules``, ``improvement``, ``target`` and ``baseline_months`` are the measure's
    settings; ``notes`` its chart notes as ``(month, text, starts_phase)``. A row without a value has
    nothing to chart and is left out for every reader. Staff (``public=False``), and the public when no
    month is hidden from it, get :func:`measures.compute.trend.series_trend` of the same series; fewer
    than ten months give ``TOO_FEW`` to everyone; otherwise the public gets :data:`NO_VERDICT_HIDDEN`.
    """
    rows = [row for row in rows if finite(row.get("value")) is not None]
    series = control_chart_series(rows, public=public)
    hidden = tuple(public and flag for flag in series.suppressed)
    chart, values, denominators, multiply = chart_inputs(
        chart_type, numerators=series.numerators, denominators=series.denominators, values=series.values
    )
    layout = chart_layout(series.periods, notes, baseline_months)
    shape = {"parts": layout.parts, "freeze": layout.freeze, "multiply": multiply}
    verdict, assurance, result = TOO_FEW, None, None
    if len(values) >= MIN_POINTS and any(hidden):
        verdict = NO_VERDICT_HIDDEN
    elif len(values) >= MIN_POINTS:
        # The series has no missing point here: every row has a value and none is hidden from this reader.
        trend = series_trend(chart, values, denominators, rules=rules, improvement=improvement, target=target, **shape)
        verdict, assurance, result = trend.verdict, trend.assurance, trend.chart
    shown = sum(1 for value in values if not math.isnan(value))
    if result is None and shown >= MIN_DRAWN:
        result = spc.control_chart(chart, values, denominators, **shape)
    if shown < MIN_DRAWN:
        result = None
    return MonthlyTrend(series, hidden, chart, result, verdict, assurance, layout, target, multiply)


def measure_monthly_settings(measure) -> dict:
    """The keyword arguments of :func:`monthly_trend` that come from a measure (its chart, rules,
    direction of improvement, target and frozen baseline)."""
    return {
        "chart_type": measure.chart_type,
        "rules": measure.spc_rules,
        "improvement": measure.direction,
        "target": float(measure.target) if measure.target is not None else None,
        "baseline_months": measure.baseline_months,
    }
