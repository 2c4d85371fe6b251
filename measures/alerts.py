"""What each measure's monthly chart says needs attention now: a special-cause signal in the worse
direction, or a target missed. Other apps turn these into work (``dialogues`` drafts problems from them).

A signal is keyed by ``(measure, kind, month)``, where the month is where the signal *started*, so an
ongoing signal keeps its key from one recompute to the next while months are added, and one signal is
raised once:

* **Special cause, worse direction**: the measure's chart verdict is "getting worse"
  (:func:`measures.compute.trend.series_trend`, read as QI staff read the chart on the measure's page).
  Under the Anhøj rules the signal starts at the first month of the latest phase outside the limits on the
  worse side; with only a runs signal, at the first month of the run on the worse side the series is in
  now. Under Making Data Count it starts at the first month of the stretch of "concern" points that ends
  at the latest month.
* **Target missed**: the latest month misses the target (as the council's agenda reads it); the signal
  starts at the first month of the stretch of missed months that ends at the latest month.

A measure with no better direction has neither. When the chart stops saying so (the latest month meets
the target again, the verdict is no longer "getting worse") the signal is gone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _

from measures import spc
from measures.compute.trend import ANHOEJ, WORSENING
from measures.models import Direction, Measure


class SignalKind(models.TextChoices):
    SPECIAL_CAUSE = "special_cause", _("Special-cause signal, getting worse")
    TARGET_MISSED = "target_missed", _("Target missed")


@dataclass(frozen=True)
class ChartSignal:
    measure: Measure
    kind: str
    month: date
    #: The latest month's value, in the measure's unit (for the draft's description).
    latest_value: float | None


def _worse(direction: str) -> int:
    """+1 when higher values are worse, -1 when lower values are, 0 without a better direction."""
    return {Direction.INCREASE: -1, Direction.DECREASE: 1}.get(direction, 0)


def trailing_start(flags: Sequence[bool]) -> int | None:
    """The index where the run of True flags that ends at the last entry starts; None if the last is False."""
    if not len(flags) or not flags[-1]:
        return None
    start = len(flags) - 1
    while start > 0 and flags[start - 1]:
        start -= 1
    return start


def special_cause_start(*, chart: spc.ControlChartResult, verdict: str, rules: str, direction: str) -> int | None:
    """The index of the month a worsening special-cause signal starts at (see the module's docstring).

    ``chart`` and ``verdict`` are a monthly trend's; None when the verdict is not "getting worse".
    """
    worse = _worse(direction)
    if verdict != WORSENING or worse == 0 or chart is None:
        return None
    values = np.asarray(chart.values, dtype=float)
    with np.errstate(invalid="ignore"):
        side = np.sign(values - np.asarray(chart.centre, dtype=float))
    last_phase = chart.phase == chart.phase[-1]
    if rules == ANHOEJ or chart.mdc is None:
        outside = np.flatnonzero(chart.sigma_signal & last_phase & (side == worse))
        if len(outside):
            return int(outside[0])
        start = trailing_start([bool(flag) for flag in (last_phase & (side == worse))])
        return start if start is not None else len(values) - 1
    concern = [kind == spc.SPECIAL_CAUSE_CONCERN for kind in chart.mdc.point_types]
    start = trailing_start(concern)
    return start if start is not None else len(values) - 1


def target_missed_start(*, values: Sequence[float], target: float | None, direction: str) -> int | None:
    """The index of the first month of the stretch of missed months ending at the latest; None if it is met."""
    worse = _worse(direction)
    if target is None or worse == 0:
        return None
    missed = [value is not None and math.isfinite(value) and (value - target) * worse > 0 for value in values]
    return trailing_start(missed)


def measure_signals_current() -> list[ChartSignal]:
    """Every active measure's current signals (see the module's docstring), read from the stored results.

    One query for the measures and two per measure with a better direction (its notes and its months).
    """
    from measures.selectors import measure_monthly_trend

    signals = []
    measures = Measure.objects.active().exclude(direction=Direction.NEUTRAL).prefetch_related("chart_notes")
    for measure in measures.order_by("order", "code"):
        monthly = measure_monthly_trend(measure=measure, internal=True)
        months = monthly["months"]
        if not months:
            continue
        trend = monthly["trend"]
        latest = months[-1].value
        start = special_cause_start(
            chart=trend.chart, verdict=trend.verdict, rules=measure.spc_rules, direction=measure.direction
        )
        if start is not None:
            signals.append(ChartSignal(measure, SignalKind.SPECIAL_CAUSE, months[start].period_start, latest))
        target = float(measure.target) if measure.target is not None else None
        start = target_missed_start(values=[row.value for row in months], target=target, direction=measure.direction)
        if start is not None:
            signals.append(ChartSignal(measure, SignalKind.TARGET_MISSED, months[start].period_start, latest))
    return signals
