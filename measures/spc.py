"""Statistical process control: run, I, MR, P, U and C charts, Anhøj runs analysis and NHS "Making Data Count".

Implements METHODS.md section 1 as pure functions (numpy only; no Django, no database). The anchor is
qicharts2 0.8.1 (``R/helper.functions.R``: ``qic.run``, ``qic.i``, ``qic.mr``, ``qic.p``, ``qic.u``, ``qic.c``,
``runs.analysis``); the Making Data Count rules follow NHSRplotthedots (``R/ptd_spc_standard.R``,
``R/ptd_calculate_point_type.R``, ``R/ptd_calculate_assurance_type.R``). Tests pin every function to
those packages' published outputs and to Montgomery's textbook examples.

Entry points
------------
``control_chart(chart, values, denominators=None, *, freeze, exclude, parts, multiply, screen_mr, improvement, target)``
    One chart; returns a :class:`ControlChartResult`.
``anhoej_limits(n)`` / ``runs_analysis(values, centre)``
    The Anhøj critical values and the runs analysis on their own.
``mdc_special_cause_types`` / ``mdc_point_types`` / ``mdc_variation`` / ``mdc_assurance`` / ``mdc_summary``
    NHS "Making Data Count" (MDC) rule set B: per-point types and the variation and assurance icons.

Conventions and decisions (METHODS.md §4)
-----------------------------------------
* Positions given by callers (``exclude``, ``parts``) are **1-based**, as in qicharts2. Internally and in
  the result (``phase``) indices are 0-based.
* ``parts`` are the positions *after which* a new phase starts: ``parts=(24,)`` makes points 1–24 phase 0
  and 25… phase 1. Every phase has its own centre line, limits and runs analysis.
* ``freeze`` is the number of leading points **of each phase** used as the baseline for the centre line
  and limits (NHSRplotthedots ``fix_after_n_points`` semantics). Without parts this is exactly qicharts2's
  ``freeze``; qicharts2 ignores ``freeze`` when ``part`` is given, so the anchors never disagree. The runs
  analysis always covers every included point of the phase, tested against the frozen centre line.
* ``exclude`` takes points out of the baseline (centre line, limits, moving ranges) and out of the runs
  analysis; they are still plotted and still tested against the limits (``sigma_signal``). For the I chart
  the excluded points are dropped first and the moving ranges taken between the remaining neighbours
  (qicharts2 ``diff(y[baseline & include])``).
* Per-chart statistics are **per phase**: ``result.longest_run``, ``longest_run_max``, ``crossings``,
  ``crossings_min`` and ``runs_signal`` are always tuples with one entry per phase, even when there is one
  phase. A non-empty tuple is always truthy, so test ``any(result.runs_signal)`` (or use
  ``result.any_runs_signal``), never ``if result.runs_signal``. ``result.phases`` holds the same numbers
  as :class:`PhaseSummary` objects.
* I chart limits are CL ± 3·MR̄/1.128 (qicharts2, PowerBI-SPC), not the rounded 2.66·MR̄ of the MDC Excel
  tool and NHSRplotthedots; the half-widths differ by 0.015 %, so compare with MDC numbers at ≈1e-3.
* Moving-range screening (Nelson 1982) is on by default (``screen_mr=True``): moving ranges ≥ 3.267·MR̄ are
  dropped and MR̄ recomputed once; ``screen_mr=False`` reproduces the MDC Excel tool. When every moving
  range is zero nothing is screened (qicharts2 would return NaN limits; we return zero-width limits).
  The MR chart itself is never screened (qicharts2 ``qic.mr``): CL = MR̄, UCL = 3.267·MR̄, LCL = 0, and it
  has no runs analysis (its points are correlated): ``runs_signal`` is ``False`` and the run statistics
  ``None``.
* P and U centre lines are weighted (Σ numerators / Σ denominators); P limits are clipped to [0, 1], U and
  C lower limits at 0. I chart lower limits are not clipped (qicharts2 ``y.neg = TRUE``).
* ``multiply`` scales the plotted values, centre line and limits (rates per 1,000 …); it is applied after
  the limits are computed, exactly like qicharts2, so it never changes a signal.
* Missing values (NaN) and zero denominators make a point missing: it is not plotted, is not in the
  baseline, has no limits and takes no part in the runs analysis. Next to a missing point the I chart
  pairs no moving range (qicharts2 drops the ``NA`` differences). Negative counts or denominators, and
  proportions above 1, raise ``ValueError``.
* Runs analysis (Anhøj): useful points are included points not on the centre line; longest run L and
  crossings C are counted on them; L_max = round(log2 n) + 3; C_min = the 5 % quantile of Binomial(n − 1,
  ½); signal iff L > L_max or C < C_min. With no useful point the statistics are ``None`` and there is no
  signal. C_min is computed with exact integer arithmetic (no scipy needed).
* MDC rules (NHSRplotthedots): per point, first match wins: outside the limits; a 7-point trend (a tie
  breaks it); 2 of 3 consecutive points in the near-limit band (beyond two thirds of the way to a limit but
  not outside it) with all three on the same side of the centre line; 7 points on one side of the centre
  line (a point on the line breaks the run, unlike Anhøj). All rules work within a phase. On a control
  chart result the near-limit band is the 2-sigma line (``lcl_2sigma``/``ucl_2sigma``); excluded points are
  classified like any other point (they are plotted and tested). Missing points are common cause and
  break trends and runs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

import numpy as np

ChartType = Literal["run", "i", "mr", "p", "u", "c"]
Improvement = Literal["increase", "decrease", "neutral"]

CHART_TYPES: tuple[str, ...] = ("run", "i", "mr", "p", "u", "c")
IMPROVEMENTS: tuple[str, ...] = ("increase", "decrease", "neutral")

#: d2 for moving ranges of two observations (Montgomery eq. 6.33): sigma = MR̄ / d2.
D2 = 1.128
#: D4 for n = 2: upper limit of the MR chart and the Nelson (1982) screening threshold for moving ranges.
D4 = 3.267
#: Width of the control limits in sigmas.
SIGMAS = 3.0
#: Anhøj crossings limit: the lower 5 % prediction limit of Binomial(n − 1, ½).
CROSSINGS_ALPHA_NUMERATOR, CROSSINGS_ALPHA_DENOMINATOR = 1, 20
#: MDC run lengths (NHSRplotthedots): 7-point trend and 7 points on one side of the centre line.
MDC_RUN_LENGTH = 7

COMMON_CAUSE = "common_cause"
SPECIAL_CAUSE_IMPROVEMENT = "special_cause_improvement"
SPECIAL_CAUSE_CONCERN = "special_cause_concern"
SPECIAL_CAUSE_NEUTRAL_HIGH = "special_cause_neutral_high"
SPECIAL_CAUSE_NEUTRAL_LOW = "special_cause_neutral_low"

CONSISTENT_PASS = "consistent_pass"  # noqa: S105 - an MDC icon name, not a secret
CONSISTENT_FAIL = "consistent_fail"
INCONSISTENT = "inconsistent"

# NHSRplotthedots ``ptd_special_cause_type`` labels.
ABOVE_UCL = "Above UCL"
BELOW_LCL = "Below LCL"
TREND_UP = "7 Point Trend (Increasing)"
TREND_DOWN = "7 Point Trend (Decreasing)"
TWO_OF_THREE_ABOVE = "2 in 3 Above CL"
TWO_OF_THREE_BELOW = "2 in 3 Below CL"
SHIFT_ABOVE = "7 Points Above CL"
SHIFT_BELOW = "7 Points Below CL"
COMMON_CAUSE_LABEL = "Common Cause"

_HIGH_LABELS = frozenset({ABOVE_UCL, TREND_UP, TWO_OF_THREE_ABOVE, SHIFT_ABOVE})
_LOW_LABELS = frozenset({BELOW_LCL, TREND_DOWN, TWO_OF_THREE_BELOW, SHIFT_BELOW})


# --- results -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnhojLimits:
    """Critical values of the Anhøj rules for ``n_useful`` useful observations (``None`` when n is 0)."""

    n_useful: int
    longest_run_max: int | None
    crossings_min: int | None


@dataclass(frozen=True)
class RunsAnalysis:
    """Anhøj runs analysis of one phase. Run statistics are ``None`` when there is no useful point."""

    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    signal: bool


@dataclass(frozen=True)
class PhaseSummary:
    """One phase (part) of a chart: points ``start``..``stop - 1`` (0-based) and its runs analysis."""

    index: int
    start: int
    stop: int
    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    runs_signal: bool


@dataclass(frozen=True)
class MdcSummary:
    """Making Data Count view of a chart: one type per point, the variation icon and the assurance icon."""

    improvement: str
    special_cause_types: tuple[str, ...]
    point_types: tuple[str, ...]
    variation: str | None
    assurance: str | None


@dataclass(frozen=True, eq=False)
class ControlChartResult:
    """A computed chart. Per-point arrays have one entry per input point, in input order.

    ``values`` is the plotted y after ``multiply`` (p_i for P charts, u_i for U charts, the moving range for
    MR charts, NaN where missing). ``lcl``/``ucl`` and the 2-sigma lines are NaN for run charts and where a
    point is missing. ``sigma_signal`` is True where a point lies outside its limits (excluded points
    included). ``phase`` is the 0-based phase of each point; ``parts`` echoes the normalised 1-based break
    positions. ``baseline`` marks the points the centre line and limits were computed from.
    """

    chart: str
    values: np.ndarray
    centre: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    lcl_2sigma: np.ndarray
    ucl_2sigma: np.ndarray
    sigma_signal: np.ndarray
    phase: np.ndarray
    parts: tuple[int, ...]
    baseline: np.ndarray
    excluded: np.ndarray
    phases: tuple[PhaseSummary, ...]
    multiply: float
    screen_mr: bool
    mdc: MdcSummary | None = None

    @property
    def longest_run(self) -> tuple[int | None, ...]:
        return tuple(p.longest_run for p in self.phases)

    @property
    def longest_run_max(self) -> tuple[int | None, ...]:
        return tuple(p.longest_run_max for p in self.phases)

    @property
    def crossings(self) -> tuple[int | None, ...]:
        return tuple(p.crossings for p in self.phases)

    @property
    def crossings_min(self) -> tuple[int | None, ...]:
        return tuple(p.crossings_min for p in self.phases)

    @property
    def runs_signal(self) -> tuple[bool, ...]:
        return tuple(p.runs_signal for p in self.phases)

    @property
    def n_useful(self) -> tuple[int, ...]:
        return tuple(p.n_useful for p in self.phases)

    @property
    def any_runs_signal(self) -> bool:
        return any(self.runs_signal)

    @property
    def any_sigma_signal(self) -> bool:
        return bool(self.sigma_signal.any())


# --- Anhøj rules ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _crossings_min(trials: int) -> int:
    """Smallest c with P(Binomial(trials, ½) ≤ c) ≥ 1/20, in exact integer arithmetic (R ``qbinom(0.05, …)``).

    20·Σ_{i≤c} C(trials, i) ≥ 2^trials; equality is impossible (5 does not divide a power of two), so no
    floating-point tie can arise.
    """
    total = 1 << trials
    cumulative, term = 0, 1
    for c in range(trials + 1):
        cumulative += term
        if CROSSINGS_ALPHA_DENOMINATOR * cumulative >= CROSSINGS_ALPHA_NUMERATOR * total:
            return c
        term = term * (trials - c) // (c + 1)
    return trials  # pragma: no cover - the loop always returns by c = trials


def anhoej_limits(n: int) -> AnhojLimits:
    """Anhøj critical values for ``n`` useful observations (qicharts2 ``runs.analysis``; vignette Appendix 2).

    ``longest_run_max`` = round(log2(n)) + 3 and ``crossings_min`` = qbinom(0.05, n − 1, 0.5). Defined for
    every n ≥ 1 (n = 1 gives 3 and 0, as qicharts2); n = 0 gives ``None`` for both. ``round`` is
    half-to-even like R's, and log2(n) is never exactly k + ½ for an integer n.
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise TypeError(f"n must be an integer, got {n!r}.")
    n = int(n)
    if n < 0:
        raise ValueError(f"n must be at least 0, got {n}.")
    if n == 0:
        return AnhojLimits(0, None, None)
    return AnhojLimits(n, round(math.log2(n)) + 3, _crossings_min(n - 1))


def runs_analysis(
    values: Sequence[float] | np.ndarray,
    centre: float | Sequence[float] | np.ndarray,
    *,
    include: Sequence[bool] | np.ndarray | None = None,
) -> RunsAnalysis:
    """Anhøj runs analysis of ``values`` against ``centre`` (a number or one centre per point).

    Useful observations are the included, non-missing points not on the centre line; points on the line
    neither break nor extend a run. ``include`` (default all) marks the points that take part.
    """
    y = np.asarray(values, dtype=float)
    cl = np.broadcast_to(np.asarray(centre, dtype=float), y.shape)
    mask = np.ones(y.shape, dtype=bool) if include is None else np.asarray(include, dtype=bool)
    if mask.shape != y.shape:
        raise ValueError("include must have one entry per value.")
    with np.errstate(invalid="ignore"):
        signs = np.sign(y[mask] - cl[mask])
    n_obs = int(mask.sum())
    signs = signs[np.isfinite(signs) & (signs != 0)]
    n_useful = len(signs)
    if n_useful == 0:
        return RunsAnalysis(n_obs, 0, None, None, None, None, False)
    change = np.flatnonzero(signs[1:] != signs[:-1])
    crossings = len(change)
    edges = np.concatenate(([0], change + 1, [n_useful]))
    longest = int(np.diff(edges).max())
    longest_run_max = round(math.log2(n_useful)) + 3
    crossings_min = _crossings_min(n_useful - 1)
    signal = longest > longest_run_max or crossings < crossings_min
    return RunsAnalysis(n_obs, n_useful, longest, longest_run_max, crossings, crossings_min, signal)


# --- input handling ------------------------------------------------------------------------------------------


def _as_float_vector(name: str, data: Sequence[float] | np.ndarray) -> np.ndarray:
    try:
        array = np.asarray(data, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numbers (NaN or None for missing).") from error
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional.")
    if np.isinf(array).any():
        raise ValueError(f"{name} must not contain infinities.")
    return array


def _positions(name: str, positions: Iterable[int], low: int, high: int) -> tuple[int, ...]:
    result = set()
    for position in positions:
        if isinstance(position, bool) or not isinstance(position, int | np.integer):
            raise ValueError(f"{name} must be whole numbers, got {position!r}.")
        if not low <= position <= high:
            raise ValueError(f"{name} positions must be between {low} and {high} (1-based), got {position}.")
        result.add(int(position))
    return tuple(sorted(result))


def _phase_bounds(n: int, parts: tuple[int, ...]) -> list[tuple[int, int]]:
    edges = [0, *parts, n]
    return [(edges[k], edges[k + 1]) for k in range(len(edges) - 1)] if n else []


def _plotted_values(chart: str, values: np.ndarray, denominators: np.ndarray | None) -> np.ndarray:
    """The statistic plotted for each point before ``multiply`` (moving ranges are taken later, per phase)."""
    if chart in ("p", "u", "c") and (values < 0).any():
        raise ValueError(f"A {chart.upper()} chart needs counts of zero or more.")
    if denominators is None:
        if chart in ("p", "u"):
            raise ValueError(f"A {chart.upper()} chart needs denominators.")
        return values.copy()
    if chart == "c":
        raise ValueError("A C chart takes no denominators; use a U chart for counts over varying exposure.")
    if len(denominators) != len(values):
        raise ValueError("denominators must have one entry per value.")
    if (denominators < 0).any():
        raise ValueError("denominators must not be negative.")
    if chart == "p" and (values > denominators).any():
        raise ValueError("A P chart numerator cannot exceed its denominator.")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominators > 0, values / denominators, np.nan)


# --- limits per phase ----------------------------------------------------------------------------------------


@dataclass
class _Lines:
    centre: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    lcl2: np.ndarray
    ucl2: np.ndarray


def _mean_moving_range(window_values: np.ndarray, screen: bool) -> float:
    """MR̄ of consecutive values (NaN differences dropped), screened once at D4·MR̄ when ``screen``."""
    moving_ranges = np.abs(np.diff(window_values))
    moving_ranges = moving_ranges[np.isfinite(moving_ranges)]
    if moving_ranges.size == 0:
        return math.nan
    mean_mr = float(moving_ranges.mean())
    if screen and mean_mr > 0:
        moving_ranges = moving_ranges[moving_ranges < D4 * mean_mr]
        mean_mr = float(moving_ranges.mean())
    return mean_mr


def _phase_lines(
    chart: str, y: np.ndarray, n: np.ndarray | None, window: np.ndarray, include: np.ndarray, screen_mr: bool
) -> _Lines:
    """Centre line, 3-sigma and 2-sigma lines for one phase (before ``multiply``).

    ``y`` are the phase's plotted values, ``window`` marks the frozen leading points, ``include`` the points
    not excluded. The baseline is ``window & include`` (and non-missing).
    """
    size = len(y)
    base = window & include & np.isfinite(y)
    nan = np.full(size, np.nan)
    if chart == "run":
        centre = float(np.median(y[base])) if base.any() else math.nan
        return _Lines(np.full(size, centre), nan, nan.copy(), nan.copy(), nan.copy())
    if chart == "mr":
        centre = float(y[base].mean()) if base.any() else math.nan
        zero = np.zeros(size)
        return _Lines(
            np.full(size, centre),
            zero,
            np.full(size, D4 * centre),
            zero.copy(),
            np.full(size, D4 / SIGMAS * 2 * centre),
        )
    if chart == "i":
        centre = float(y[base].mean()) if base.any() else math.nan
        sigma = np.full(size, _mean_moving_range(y[window & include], screen_mr) / D2)
    elif chart == "c":
        centre = float(y[base].mean()) if base.any() else math.nan
        sigma = np.full(size, math.sqrt(centre) if centre >= 0 else math.nan)
    else:  # p, u: weighted centre line, limits vary with the denominator
        assert n is not None  # checked by _plotted_values
        numerators = y[base] * n[base]
        total = float(n[base].sum())
        centre = float(numerators.sum()) / total if total > 0 else math.nan
        with np.errstate(divide="ignore", invalid="ignore"):
            spread = centre * (1 - centre) if chart == "p" else centre
            sigma = np.where(n > 0, np.sqrt(spread / n), np.nan)
    centre_line = np.full(size, centre)
    lcl, ucl = centre_line - SIGMAS * sigma, centre_line + SIGMAS * sigma
    lcl2, ucl2 = centre_line - 2 * sigma, centre_line + 2 * sigma
    if chart in ("p", "u", "c"):
        lcl, lcl2 = np.maximum(lcl, 0.0), np.maximum(lcl2, 0.0)
    if chart == "p":
        ucl, ucl2 = np.minimum(ucl, 1.0), np.minimum(ucl2, 1.0)
    return _Lines(centre_line, lcl, ucl, lcl2, ucl2)


# --- the chart -----------------------------------------------------------------------------------------------


def control_chart(
    chart: ChartType,
    values: Sequence[float] | np.ndarray,
    denominators: Sequence[float] | np.ndarray | None = None,
    *,
    freeze: int | None = None,
    exclude: Iterable[int] = (),
    parts: Iterable[int] = (),
    multiply: float = 1,
    screen_mr: bool = True,
    improvement: Improvement | None = None,
    target: float | None = None,
) -> ControlChartResult:
    """Compute a run, I, MR, P, U or C chart with its Anhøj runs analysis (see the module docstring).

    ``values`` are the measurements (run, I, MR charts; with ``denominators`` the ratios
    values/denominators are charted, as PowerBI-SPC and qicharts2 do) or the event counts (P: numerators,
    U: events, C: counts). ``denominators`` are required for P (sample sizes) and U (exposure) charts and
    refused for C charts. ``freeze`` is the number of leading points of each phase used as the baseline;
    ``exclude`` and ``parts`` are 1-based positions. ``improvement`` ("increase", "decrease", "neutral")
    adds the Making Data Count summary (``result.mdc``), with the assurance icon when ``target`` is given.
    """
    if chart not in CHART_TYPES:
        raise ValueError(f"chart must be one of {', '.join(CHART_TYPES)}; got {chart!r}.")
    numeric = isinstance(multiply, int | float | np.integer | np.floating) and not isinstance(multiply, bool)
    if not (numeric and math.isfinite(multiply) and multiply > 0):
        raise ValueError(f"multiply must be a positive finite number, got {multiply!r}.")
    if freeze is not None and (isinstance(freeze, bool) or not isinstance(freeze, int | np.integer) or freeze < 1):
        raise ValueError(f"freeze must be a whole number of points, at least 1; got {freeze!r}.")
    if improvement is not None and chart == "mr":
        raise ValueError("Making Data Count rules do not apply to MR charts.")

    raw = _as_float_vector("values", values)
    n_den = None if denominators is None else _as_float_vector("denominators", denominators)
    size = len(raw)
    excluded_positions = _positions("exclude", exclude, 1, size)
    part_positions = _positions("parts", parts, 1, size - 1)
    y = _plotted_values(chart, raw, n_den)

    excluded = np.zeros(size, dtype=bool)
    excluded[[p - 1 for p in excluded_positions]] = True
    include = ~excluded
    phase = np.zeros(size, dtype=int)
    baseline = np.zeros(size, dtype=bool)
    plotted = np.full(size, np.nan)
    lines = {name: np.full(size, np.nan) for name in ("centre", "lcl", "ucl", "lcl2", "ucl2")}

    bounds = _phase_bounds(size, part_positions)
    for index, (start, stop) in enumerate(bounds):
        phase[start:stop] = index
        segment = y[start:stop].copy()
        if chart == "mr":
            segment = np.concatenate(([np.nan], np.abs(np.diff(segment))))
        window = np.zeros(stop - start, dtype=bool)
        window[: (stop - start) if freeze is None else int(freeze)] = True
        segment_include = include[start:stop]
        segment_n = None if n_den is None or chart not in ("p", "u") else n_den[start:stop]
        phase_lines = _phase_lines(chart, segment, segment_n, window, segment_include, screen_mr)
        plotted[start:stop] = segment
        baseline[start:stop] = window & segment_include & np.isfinite(segment)
        for name in lines:
            lines[name][start:stop] = getattr(phase_lines, name)

    missing = ~np.isfinite(plotted)
    for name in ("lcl", "ucl", "lcl2", "ucl2"):
        lines[name][missing] = np.nan
    factor = float(multiply)
    plotted = plotted * factor
    for name in lines:
        lines[name] = lines[name] * factor
    with np.errstate(invalid="ignore"):
        sigma_signal = (plotted > lines["ucl"]) | (plotted < lines["lcl"])
    sigma_signal &= ~missing & np.isfinite(lines["ucl"])

    summaries = []
    for index, (start, stop) in enumerate(bounds):
        if chart == "mr":  # no runs analysis on moving ranges: neighbouring ranges share a point
            runs = RunsAnalysis(int(include[start:stop].sum()), 0, None, None, None, None, False)
        else:
            runs = runs_analysis(plotted[start:stop], lines["centre"][start:stop], include=include[start:stop])
        summaries.append(
            PhaseSummary(
                index=index,
                start=start,
                stop=stop,
                n_obs=runs.n_obs,
                n_useful=runs.n_useful,
                longest_run=runs.longest_run,
                longest_run_max=runs.longest_run_max,
                crossings=runs.crossings,
                crossings_min=runs.crossings_min,
                runs_signal=runs.signal,
            )
        )

    result = ControlChartResult(
        chart=chart,
        values=plotted,
        centre=lines["centre"],
        lcl=lines["lcl"],
        ucl=lines["ucl"],
        lcl_2sigma=lines["lcl2"],
        ucl_2sigma=lines["ucl2"],
        sigma_signal=sigma_signal,
        phase=phase,
        parts=part_positions,
        baseline=baseline,
        excluded=excluded,
        phases=tuple(summaries),
        multiply=factor,
        screen_mr=screen_mr,
    )
    if improvement is None:
        if target is not None:
            raise ValueError("target needs an improvement direction.")
        return result
    return replace(result, mdc=mdc_summary(result, improvement, target))


# --- Making Data Count (NHSRplotthedots) ---------------------------------------------------------------------


def _check_improvement(improvement: str) -> int:
    if improvement not in IMPROVEMENTS:
        raise ValueError(f"improvement must be one of {', '.join(IMPROVEMENTS)}; got {improvement!r}.")
    return {"increase": 1, "decrease": -1, "neutral": 0}[improvement]


def _part_of_run(ends: np.ndarray) -> np.ndarray:
    """Mark a point if it or one of the next six points ends a 7-point run (``ptd_part_of_seven_trend``)."""
    flagged = np.zeros(len(ends), dtype=bool)
    for i in np.flatnonzero(ends):
        flagged[max(0, i - MDC_RUN_LENGTH + 1) : i + 1] = True
    return flagged


def _mdc_segment_types(
    y: np.ndarray, cl: np.ndarray, lcl: np.ndarray, ucl: np.ndarray, low_near: np.ndarray, high_near: np.ndarray
) -> list[str]:
    size = len(y)
    with np.errstate(invalid="ignore"):
        side = np.nan_to_num(np.sign(y - cl), nan=0.0).astype(int)
        outside = (y > ucl) | (y < lcl)
        close = ~outside & ((y < low_near) | (y > high_near))

    # 7 points on the same side of the centre line; a point on the line (side 0) breaks the run.
    shift_ends = np.zeros(size, dtype=bool)
    for i in range(MDC_RUN_LENGTH - 1, size):
        window = side[i - MDC_RUN_LENGTH + 1 : i + 1]
        shift_ends[i] = window[-1] != 0 and bool((window == window[-1]).all())
    in_shift = _part_of_run(shift_ends)

    # 7 points each strictly above (below) the previous: six same-sign differences; a tie breaks it.
    with np.errstate(invalid="ignore"):
        steps = np.sign(np.diff(y))
    trend_ends = np.zeros(size, dtype=bool)
    for i in range(MDC_RUN_LENGTH - 1, size):
        window = steps[i - MDC_RUN_LENGTH + 1 : i]
        trend_ends[i] = bool((window == 1).all() or (window == -1).all())
    in_trend = _part_of_run(trend_ends)

    # 2 of 3 consecutive points close to a limit, all three on the same side; only the close points count.
    in_two_of_three = np.zeros(size, dtype=bool)
    for start in range(size - 2):
        window = slice(start, start + 3)
        if close[window].sum() >= 2 and abs(int(side[window].sum())) == 3:
            in_two_of_three[window] |= close[window]

    labels = []
    for i in range(size):
        if outside[i]:
            labels.append(ABOVE_UCL if side[i] == 1 else BELOW_LCL)
        elif in_trend[i]:
            # NHSR: a point inside a trend takes the direction of the step to its right, else from its left.
            right = i + 1 < size and in_trend[i + 1]
            step = steps[i] if right else steps[i - 1] if i > 0 else 0
            labels.append(TREND_UP if step == 1 else TREND_DOWN)
        elif in_two_of_three[i]:
            labels.append(TWO_OF_THREE_ABOVE if side[i] > 0 else TWO_OF_THREE_BELOW)
        elif in_shift[i]:
            labels.append(SHIFT_ABOVE if side[i] > 0 else SHIFT_BELOW)
        else:
            labels.append(COMMON_CAUSE_LABEL)
    return labels


def mdc_special_cause_types(
    values: Sequence[float] | np.ndarray,
    centre: float | Sequence[float] | np.ndarray,
    lcl: float | Sequence[float] | np.ndarray,
    ucl: float | Sequence[float] | np.ndarray,
    *,
    parts: Iterable[int] = (),
    lower_near: float | Sequence[float] | np.ndarray | None = None,
    upper_near: float | Sequence[float] | np.ndarray | None = None,
) -> tuple[str, ...]:
    """NHSRplotthedots ``ptd_special_cause_type`` labels, one per point ("Above UCL", "7 Point Trend
    (Increasing)", "2 in 3 Below CL", "7 Points Above CL", "Common Cause", …).

    ``centre``, ``lcl`` and ``ucl`` are numbers or one per point. The near-limit band starts at
    ``lower_near``/``upper_near`` (default two thirds of the way from the centre line to each limit, as
    NHSR's 2/3·2.66·MR̄). ``parts`` (1-based, as in :func:`control_chart`) restart every rule.
    """
    y = _as_float_vector("values", values)
    shape = y.shape

    def per_point(name: str, data: float | Sequence[float] | np.ndarray) -> np.ndarray:
        array = np.asarray(data, dtype=float)
        try:
            return np.broadcast_to(array, shape).astype(float)
        except ValueError as error:
            raise ValueError(f"{name} must be a number or have one entry per value.") from error

    cl, low, high = per_point("centre", centre), per_point("lcl", lcl), per_point("ucl", ucl)
    low_near = cl + 2 / 3 * (low - cl) if lower_near is None else per_point("lower_near", lower_near)
    high_near = cl + 2 / 3 * (high - cl) if upper_near is None else per_point("upper_near", upper_near)
    labels: list[str] = []
    for start, stop in _phase_bounds(len(y), _positions("parts", parts, 1, len(y) - 1)):
        window = slice(start, stop)
        labels.extend(
            _mdc_segment_types(y[window], cl[window], low[window], high[window], low_near[window], high_near[window])
        )
    return tuple(labels)


def mdc_point_type(special_cause_type: str, improvement: Improvement) -> str:
    """Map one special-cause label to its MDC point type for the improvement direction (``ptd_point_type``)."""
    direction = _check_improvement(improvement)
    if special_cause_type in _HIGH_LABELS:
        sign = 1
    elif special_cause_type in _LOW_LABELS:
        sign = -1
    elif special_cause_type == COMMON_CAUSE_LABEL:
        sign = 0
    else:
        raise ValueError(f"Unknown special cause type {special_cause_type!r}.")
    if sign == 0:
        return COMMON_CAUSE
    if direction == 0:
        return SPECIAL_CAUSE_NEUTRAL_HIGH if sign > 0 else SPECIAL_CAUSE_NEUTRAL_LOW
    return SPECIAL_CAUSE_IMPROVEMENT if sign * direction > 0 else SPECIAL_CAUSE_CONCERN


def mdc_point_types(
    values: Sequence[float] | np.ndarray,
    centre: float | Sequence[float] | np.ndarray,
    lcl: float | Sequence[float] | np.ndarray,
    ucl: float | Sequence[float] | np.ndarray,
    improvement: Improvement,
    *,
    parts: Iterable[int] = (),
    lower_near: float | Sequence[float] | np.ndarray | None = None,
    upper_near: float | Sequence[float] | np.ndarray | None = None,
) -> tuple[str, ...]:
    """MDC point type per point: ``special_cause_improvement``, ``special_cause_concern``,
    ``special_cause_neutral_high``/``_low`` (``improvement="neutral"``) or ``common_cause``.

    Arguments as :func:`mdc_special_cause_types`; high/increasing signals are improvements when
    ``improvement="increase"`` and concerns when ``"decrease"``.
    """
    _check_improvement(improvement)
    labels = mdc_special_cause_types(
        values, centre, lcl, ucl, parts=parts, lower_near=lower_near, upper_near=upper_near
    )
    return tuple(mdc_point_type(label, improvement) for label in labels)


def mdc_variation(point_types: Sequence[str]) -> str | None:
    """The MDC variation icon: the point type of the last point (``None`` for an empty chart)."""
    return point_types[-1] if len(point_types) else None


def mdc_assurance(target: float | None, lcl_last: float, ucl_last: float, improvement: Improvement) -> str | None:
    """The MDC assurance icon from the target and the limits at the last point (``ptd_calculate_assurance_type``).

    increase: target > UCL → consistent_fail, target < LCL → consistent_pass; decrease: the reverse;
    otherwise (including a target equal to a limit) inconsistent. ``None`` when there is no target, the
    direction is neutral, or the limits are missing (a run chart).
    """
    direction = _check_improvement(improvement)
    if target is None or direction == 0:
        return None
    if not (math.isfinite(target) and math.isfinite(lcl_last) and math.isfinite(ucl_last)):
        return None
    if target > ucl_last:
        return CONSISTENT_FAIL if direction > 0 else CONSISTENT_PASS
    if target < lcl_last:
        return CONSISTENT_PASS if direction > 0 else CONSISTENT_FAIL
    return INCONSISTENT


def mdc_summary(result: ControlChartResult, improvement: Improvement, target: float | None = None) -> MdcSummary:
    """Apply the MDC rules to a computed chart, phase by phase, using its 2-sigma lines as the near band."""
    if result.chart == "mr":
        raise ValueError("Making Data Count rules do not apply to MR charts.")
    _check_improvement(improvement)
    labels = mdc_special_cause_types(
        result.values,
        result.centre,
        result.lcl,
        result.ucl,
        parts=result.parts,
        lower_near=result.lcl_2sigma,
        upper_near=result.ucl_2sigma,
    )
    types = tuple(mdc_point_type(label, improvement) for label in labels)
    assurance = None
    if len(types):
        assurance = mdc_assurance(target, float(result.lcl[-1]), float(result.ucl[-1]), improvement)
    return MdcSummary(improvement, labels, types, mdc_variation(types), assurance)
