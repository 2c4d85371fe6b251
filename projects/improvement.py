"""Has a project's outcome measure improved, by the chart rules, and has the improvement held?

Pure: a series in, a finding out; the rules are :mod:`measures.spc`'s (NHS "Making Data Count", the
same rule set the registry's charts use): a point outside the limits, a run of seven on one side of the
centre line, a trend of seven, or two of three near a limit, counts when it lies in the direction of
improvement. When the project's first PDSA cycle starts after enough data, the points before it are
the frozen baseline: the centre line and limits come from them, as a before-and-after chart does
(Provost & Murray, *The Health Care Data Guide*, ch. 6: "extending the baseline").
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from measures import spc
from measures.compute.trend import MIN_POINTS

#: Points a baseline needs before it is frozen; fewer and the centre line is taken from every point.
MIN_BASELINE = 6
#: Improvement "holds" when this many points after the first signal all lie on its side of the centre line.
SUSTAIN_POINTS = 6


@dataclass(frozen=True)
class ImprovementFinding:
    """``points``: how many points were charted; ``enough``: at least :data:`MIN_POINTS`.

    ``first_signal``: 0-based index of the first point that is a special cause in the direction of
    improvement (``None`` when there is none) and ``rule`` the MDC rule it met. ``after``: points that
    follow it; ``sustained``: at least :data:`SUSTAIN_POINTS` follow it and the last of them are all on
    the improving side of the centre line. ``baseline``: how many leading points were frozen (0: none).
    """

    points: int
    enough: bool
    baseline: int = 0
    first_signal: int | None = None
    rule: str = ""
    after: int = 0
    sustained: bool = False


def improvement_finding(
    chart: str,
    values: Sequence[float],
    denominators: Sequence[float] | None = None,
    *,
    improvement: str,
    multiply: float = 1,
    baseline: int = 0,
) -> ImprovementFinding:
    """Look for improvement in a series in time order.

    ``chart`` and ``values``/``denominators``/``multiply`` as :func:`measures.compute.trend.chart_inputs`
    gives them; ``improvement`` is "increase" or "decrease"; ``baseline`` the points before the first
    change was tested (frozen when there are at least :data:`MIN_BASELINE` and points after them).
    """
    size = len(values)
    if size < MIN_POINTS or improvement not in ("increase", "decrease"):
        return ImprovementFinding(points=size, enough=size >= MIN_POINTS)
    freeze = baseline if MIN_BASELINE <= baseline < size else None
    result = spc.control_chart(chart, values, denominators, freeze=freeze, multiply=multiply, improvement=improvement)
    types = result.mdc.point_types
    signals = [i for i, kind in enumerate(types) if kind == spc.SPECIAL_CAUSE_IMPROVEMENT]
    if freeze:
        # A signal inside the baseline says the baseline was moving, not that the change worked.
        signals = [i for i in signals if i >= freeze]
    finding = ImprovementFinding(points=size, enough=True, baseline=freeze or 0)
    if not signals:
        return finding
    first = signals[0]
    direction = 1 if improvement == "increase" else -1
    after = size - first - 1
    tail = slice(size - SUSTAIN_POINTS, size)
    with np.errstate(invalid="ignore"):
        sides = np.sign(result.values[tail] - result.centre[tail]) * direction
    sustained = after >= SUSTAIN_POINTS and bool(np.all(sides > 0))
    return ImprovementFinding(
        points=size,
        enough=True,
        baseline=freeze or 0,
        first_signal=first,
        rule=result.mdc.special_cause_types[first],
        after=after,
        sustained=sustained,
    )
