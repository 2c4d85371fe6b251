"""Is the gap closing? Each group's monthly ratio to its reference group, and the trend of that ratio.

A director's question is not only "is there a gap?" but "is it closing?". For one measure and one
grouping (stratum) this module lays out, month by month, each group's ratio to the reference group with
its 95 % interval, and says whether the ratio is moving towards 1 (no gap) or away from it.

**The monthly ratio** is the comparison the recompute already makes (:func:`measures.compute.comparisons.compare_pair`,
METHODS.md 2.3): for percentages the risk ratio with Katz's log interval, for rates (penetration) the rate
ratio with Rothman's log-scale Wald interval, exact conditional below 10 events. Measures compared by a
difference only (waits, dollars) have no ratio and no interval, so they get no trend test here. Every
month is compared with one group, the series' reference: the reference the recompute chose in the latest
month that has one (the largest group shown, unless QI staff named another), so a month in which the
largest group happened to change does not switch the series to another comparison.

**Is the gap closing?** An inverse-variance weighted least-squares regression of the log ratio on time in
months, y_i = ln(ratio_i), weights w_i = 1 / v_i with v_i = ((ln upper_i − ln lower_i) / (2 · 1.96))² read
back from the month's 95 % interval (exactly Katz's and Rothman's variance; for the exact interval of small
counts, its log-scale half-width): a fixed-effect meta-regression on one covariate with a multiplicative
dispersion parameter (Thompson & Sharp 1999, *Stat Med* 18:2693–2708, the "multiplicative" model). With
t̄ = Σ w_i t_i / Σ w_i and ȳ = Σ w_i y_i / Σ w_i:

    slope b = Σ w_i (t_i − t̄)(y_i − ȳ) / S,   S = Σ w_i (t_i − t̄)²,   intercept a = ȳ − b·t̄
    φ = max(1, Σ w_i (y_i − a − b·t_i)² / (k − 2))
    SE(b) = sqrt(φ / S),   95 % interval b ± t(0.975; k − 2) · SE(b)

Month-to-month variation beyond the sampling error widens the interval (φ > 1); a series that fits better
than its sampling error is never allowed to narrow it (φ floored at 1, the "ad hoc" rule of Knapp & Hartung
2003, *Stat Med* 22:2693–2710). With φ > 1 the numbers are those of ordinary weighted least squares (R's
``lm(y ~ t, weights = w)``); the t distribution with k − 2 degrees of freedom is also what NCI's Joinpoint
uses for the interval of an annual percent change (Kim et al. 2000, *Stat Med* 19:335–351). ``exp(12·b)`` is
the factor the ratio changes by in a year.

**The verdict** reads the slope's interval against the side of 1 the fitted line is on: an interval that
contains 0 is *no clear change*; otherwise, with the fitted ratio at the first and last month used on the
same side of 1, the gap is *narrowing* when the last is nearer 1 and *widening* when it is further; a fitted
line that crosses 1 is *crossed* (the group moved from one side of the reference to the other). Fewer than
:data:`MIN_MONTHS` months with a ratio and an interval are *too few months*.

**Privacy.** In a public view (``public=True``) a month whose group cell or reference cell is hidden
(suppressed, or resting on 1–10 people: :func:`measures.charts._common.hidden`) is a gap in the series: no
ratio or interval is computed from it and the trend rests on the months shown only, so nothing shown can be
used to work out a hidden count. County staff (``public=False``) get every month, as on the staff equity
dashboard, with the months hidden publicly flagged.

Pure: result dicts in (the keys of a stored result), dataclasses out; no ORM, no request.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scipy import stats as scipy_stats

from measures.charts._common import finite, hidden
from measures.compute.comparisons import DIFFERENCE, compare_pair

NARROWING = "narrowing"
WIDENING = "widening"
CROSSED = "crossed"
NO_CLEAR_CHANGE = "no_clear_change"
TOO_FEW = "too_few_months"
#: Months with a ratio and an interval needed for a verdict: the slope then has four degrees of freedom.
MIN_MONTHS = 6
#: The stored intervals are 95 % intervals (:mod:`measures.compute.comparisons`).
Z_95 = 1.959963984540054


@dataclass(frozen=True)
class GapPoint:
    """One month of one group against the reference.

    ``ratio``/``lower``/``upper`` are ``None`` when the month has no ratio (no data, a zero count, or hidden
    from this reader). ``hidden`` says the month is left out for this reader (public, and a cell is hidden);
    ``flagged`` that a cell of the month is hidden publicly (drawn for staff, and marked).
    """

    period: object
    ratio: float | None = None
    lower: float | None = None
    upper: float | None = None
    hidden: bool = False
    flagged: bool = False

    @property
    def usable(self) -> bool:
        """Whether the month can be charted on a log scale and fitted (see :func:`usable`)."""
        return usable(self.ratio, self.lower, self.upper)


def usable(ratio: float | None, lower: float | None, upper: float | None) -> bool:
    """A positive ratio with a finite interval of positive width: zero counts give none (METHODS.md 2.3)."""
    parts = (ratio, lower, upper)
    return all(part is not None and 0 < part < math.inf for part in parts) and lower < upper


@dataclass(frozen=True)
class Trend:
    """The weighted least-squares trend of one log-ratio series, on the scale of ln(ratio) per month.

    ``slope``, ``lower`` and ``upper`` (its interval), ``intercept`` (the fitted ln ratio at the first month
    fitted, ``first``; ``last`` is the last) and ``dispersion`` (φ) are ``None`` with fewer than
    :data:`MIN_MONTHS` months.
    """

    verdict: str
    months: int
    slope: float | None = None
    lower: float | None = None
    upper: float | None = None
    intercept: float | None = None
    dispersion: float | None = None
    first: int | None = None
    last: int | None = None

    def fitted(self, month: float) -> float | None:
        """The fitted ratio at a month index."""
        if self.slope is None:
            return None
        return math.exp(self.intercept + self.slope * (month - self.first))

    @property
    def start_ratio(self) -> float | None:
        return None if self.first is None else self.fitted(self.first)

    @property
    def end_ratio(self) -> float | None:
        return None if self.last is None else self.fitted(self.last)

    @property
    def per_year(self) -> tuple[float, float, float] | None:
        """The factor the ratio changes by in twelve months, with its interval."""
        if self.slope is None:
            return None
        return math.exp(12 * self.slope), math.exp(12 * self.lower), math.exp(12 * self.upper)


def log_ratio_trend(
    months: Sequence[float],
    ratios: Sequence[float],
    lowers: Sequence[float],
    uppers: Sequence[float],
    *,
    confidence: float = 0.95,
    interval_z: float = Z_95,
) -> Trend:
    """The trend of a ratio over time and whether the gap it measures is closing (see the module's docstring).

    Inputs, one entry per month, in any order: ``months`` (a month index, e.g. 12·year + month), the
    ``ratios`` and their interval limits ``lowers``/``uppers`` (made with ``interval_z``; 1.96 for the stored
    95 % intervals). Months without a positive ratio and a finite interval of positive width are left out.
    ``confidence`` is that of the slope's interval. Returns a :class:`Trend`.
    """
    kept = []
    for month, ratio, lower, upper in zip(months, ratios, lowers, uppers, strict=True):
        ratio, lower, upper = finite(ratio), finite(lower), finite(upper)
        if usable(ratio, lower, upper):
            variance = ((math.log(upper) - math.log(lower)) / (2 * interval_z)) ** 2
            kept.append((float(month), math.log(ratio), 1 / variance))
    k = len(kept)
    if k < MIN_MONTHS:
        return Trend(TOO_FEW, k)
    total = sum(w for _t, _y, w in kept)
    t_bar = sum(w * t for t, _y, w in kept) / total
    y_bar = sum(w * y for _t, y, w in kept) / total
    spread = sum(w * (t - t_bar) ** 2 for t, _y, w in kept)
    slope = sum(w * (t - t_bar) * (y - y_bar) for t, y, w in kept) / spread
    # Centred on t̄ (a ± b·t with t = 12·year + month would cancel digits); the same line as a + b·t.
    residual = sum(w * (y - y_bar - slope * (t - t_bar)) ** 2 for t, y, w in kept)
    dispersion = max(1.0, residual / (k - 2))
    half_width = float(scipy_stats.t.ppf(1 - (1 - confidence) / 2, k - 2)) * math.sqrt(dispersion / spread)
    lower, upper = slope - half_width, slope + half_width
    first, last = min(t for t, _y, _w in kept), max(t for t, _y, _w in kept)
    start, end = y_bar + slope * (first - t_bar), y_bar + slope * (last - t_bar)
    if lower <= 0 <= upper:
        verdict = NO_CLEAR_CHANGE
    elif start * end < 0:
        verdict = CROSSED
    else:
        verdict = NARROWING if abs(end) < abs(start) else WIDENING
    return Trend(verdict, k, slope, lower, upper, start, dispersion, int(first), int(last))


def month_index(period) -> int:
    """A month's place in time, for the regression: 12·year + month."""
    return 12 * period.year + period.month


@dataclass(frozen=True)
class GroupGap:
    """One group's monthly ratios to the reference and their trend."""

    group: str
    points: tuple[GapPoint, ...]
    trend: Trend

    @property
    def hidden_months(self) -> int:
        return sum(point.hidden for point in self.points)


@dataclass(frozen=True)
class StratumGaps:
    """Every group of one measure and stratum against the series' reference, month by month.

    ``comparable`` is False for a measure compared by a difference only (no ratio, no interval): then
    ``groups`` is empty. ``reference`` is ``None`` when no month has a reference group.
    """

    stratum: str
    reference: str | None
    comparable: bool
    periods: tuple
    groups: tuple[GroupGap, ...]


def series_reference(rows: Sequence[Mapping], *, public: bool) -> str | None:
    """The group the series is compared with: the recompute's reference in the latest month that has one.

    The recompute picks a reference only among the groups the public may see (:mod:`measures.compute.comparisons`);
    a public reader's reference must also be shown in that month.
    """
    references = [
        row for row in rows if "reference_rule" in (row.get("details") or {}) and not hidden(row, public=public)
    ]
    if not references:
        return None
    return max(references, key=lambda row: row["period_start"])["group"]


def _comparable(row: Mapping | None) -> bool:
    return row is not None and finite(row.get("value")) is not None and row["denominator"] > 0


def stratum_gaps(
    rows: Sequence[Mapping], *, stratum: str, kind: str, public: bool, scale: float = 100.0
) -> StratumGaps:
    """Each group's monthly ratio to the series' reference, and its trend, for one reader.

    ``rows`` are one measure's monthly result dicts for one stratum (keys ``period_start``, ``group``,
    ``numerator``, ``denominator``, ``value``, ``details``, ``suppressed``, ``suppression_reason``); ``kind``
    and ``scale`` are the measure's comparison (:func:`measures.compute.services.comparison_spec`). Groups come
    in the order they first appear in ``rows``; every group has one point per month of the stratum.
    """
    periods = tuple(sorted({row["period_start"] for row in rows}))
    if kind == DIFFERENCE:
        return StratumGaps(stratum, None, False, periods, ())
    reference = series_reference(rows, public=public)
    if reference is None:
        return StratumGaps(stratum, None, True, periods, ())
    cells = {(row["period_start"], row["group"]): row for row in rows}
    groups = list(dict.fromkeys(row["group"] for row in rows if row["group"] != reference))
    out = []
    for group in groups:
        points = []
        for period in periods:
            row, ref = cells.get((period, group)), cells.get((period, reference))
            if public and any(cell is not None and hidden(cell, public=True) for cell in (row, ref)):
                points.append(GapPoint(period, hidden=True))
                continue
            if not (_comparable(row) and _comparable(ref)):
                points.append(GapPoint(period))
                continue
            ratio = compare_pair(row, ref, kind=kind, scale=scale)["ratio"]
            flagged = bool(row.get("suppressed") or ref.get("suppressed"))
            points.append(GapPoint(period, *ratio, flagged=flagged))
        trend = log_ratio_trend(
            [month_index(point.period) for point in points],
            [point.ratio for point in points],
            [point.lower for point in points],
            [point.upper for point in points],
        )
        out.append(GroupGap(group, tuple(points), trend))
    return StratumGaps(stratum, reference, True, periods, tuple(out))
