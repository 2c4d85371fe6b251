"""What a measure's monthly series says: common-cause variation, or a special cause that is improving
or worsening, under the measure's rule set (Anhøj with the 3-sigma limits, or Making Data Count).

Pure: numbers in, a verdict and the chart out; the charts themselves come from :mod:`measures.spc`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from measures import spc

COMMON_CAUSE = "common_cause"
IMPROVING = "improving"
WORSENING = "worsening"
SPECIAL_CAUSE = "special_cause"  # a signal on a measure with no better direction
TOO_FEW = "too_few_points"
#: Fewer points than this give no verdict: the Anhøj rules are tabulated from 10 points up.
MIN_POINTS = 10

ANHOEJ = "anhoej"
MAKING_DATA_COUNT = "making_data_count"


@dataclass(frozen=True)
class Trend:
    verdict: str
    chart: spc.ControlChartResult | None
    assurance: str | None = None


def _direction(improvement: str) -> int:
    return {"increase": 1, "decrease": -1}.get(improvement, 0)


def chart_inputs(chart: str, *, numerators: Sequence, denominators: Sequence, values: Sequence) -> tuple:
    """What :func:`measures.spc.control_chart` takes for a measure's chart: ``(chart, values,
    denominators or None, multiply)``. P charts chart the numerators over the denominators in percent;
    U charts the rate; C charts the counts; I and run charts the stored values."""
    if chart in ("p", "u"):
        return chart, list(numerators), list(denominators), 100 if chart == "p" else 1
    if chart == "c":
        return chart, list(numerators), None, 1
    return chart, list(values), None, 1


def series_trend(
    chart: str,
    values: Sequence[float],
    denominators: Sequence[float] | None = None,
    *,
    rules: str = ANHOEJ,
    improvement: str = "neutral",
    target: float | None = None,
    multiply: float = 1,
    parts: Sequence[int] = (),
    freeze: int | None = None,
) -> Trend:
    """The verdict on a series in time order.

    ``chart`` is the measure's chart ("run", "i", "p", "u", "c"); for P and U charts ``values`` are
    the numerators and ``denominators`` the counts. Under the Anhøj rules a signal is a point
    outside the limits or a runs signal in the last phase; its direction is the side of the centre
    line of the latest point outside the limits, or of the latest point when only the runs signal.
    Under Making Data Count it is the variation icon of the last point, with the assurance icon
    when a target is given.
    """
    if len(values) < MIN_POINTS:
        return Trend(TOO_FEW, None)
    mdc = rules == MAKING_DATA_COUNT and chart != "mr"
    result = spc.control_chart(
        chart,
        values,
        denominators,
        parts=parts,
        freeze=freeze,
        multiply=multiply,
        improvement=improvement if mdc else None,
        target=target if mdc else None,
    )
    direction = _direction(improvement)
    if rules == MAKING_DATA_COUNT and result.mdc is not None:
        icon = result.mdc.variation
        verdict = {
            spc.SPECIAL_CAUSE_IMPROVEMENT: IMPROVING,
            spc.SPECIAL_CAUSE_CONCERN: WORSENING,
            spc.COMMON_CAUSE: COMMON_CAUSE,
        }.get(icon, SPECIAL_CAUSE)
        return Trend(verdict, result, result.mdc.assurance)
    last_phase = result.phase == result.phase[-1]
    outside = np.flatnonzero(result.sigma_signal & last_phase)
    if not len(outside) and not result.runs_signal[-1]:
        return Trend(COMMON_CAUSE, result)
    # The side of the latest point outside the limits, or else of the run the series is in now: its
    # latest month with a value (a missing month is on no side, and says nothing of the run).
    measured = np.flatnonzero(np.isfinite(np.asarray(result.values, dtype=float)) & last_phase)
    if not len(outside) and not len(measured):
        return Trend(SPECIAL_CAUSE, result)
    latest = outside[-1] if len(outside) else measured[-1]
    side = np.sign(result.values[latest] - result.centre[latest])
    if direction == 0 or side == 0 or not np.isfinite(side):
        return Trend(SPECIAL_CAUSE, result)
    return Trend(IMPROVING if side == direction else WORSENING, result)


@dataclass(frozen=True)
class ChartLayout:
    """Where a monthly chart's phases start, its frozen baseline and its notes, for spc and the figure."""

    parts: tuple[int, ...] = ()
    freeze: int | None = None
    annotations: tuple[tuple[object, str], ...] = ()
    phase_labels: tuple[str, ...] = ()


def chart_layout(periods: Sequence, notes: Sequence[tuple[object, str, bool]], baseline: int | None) -> ChartLayout:
    """The layout of a chart of ``periods`` (in order) from its notes, each ``(month, text, starts_phase)``.

    A note that starts a phase at the i-th month (0-based) breaks the series after point i (1-based, as
    :func:`measures.spc.control_chart` takes ``parts``); a phase needs a point before it. ``baseline``
    months are frozen in each phase when every phase is longer than that.
    """
    index = {period: position for position, period in enumerate(periods)}
    parts, labels, annotations = [], [], []
    for month, text, starts_phase in notes:
        position = index.get(month)
        if position is None:
            continue
        if starts_phase and 0 < position < len(periods) and position not in parts:
            parts.append(position)
            labels.append(text)
        else:
            annotations.append((month, text))
    order = sorted(range(len(parts)), key=parts.__getitem__)
    parts = [parts[i] for i in order]
    labels = [labels[i] for i in order]
    bounds = [0, *parts, len(periods)]
    shortest = min(stop - start for start, stop in pairwise(bounds)) if periods else 0
    freeze = baseline if baseline and baseline < shortest else None
    return ChartLayout(tuple(parts), freeze, tuple(annotations), tuple(labels))
