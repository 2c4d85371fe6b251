"""Statistics for proportions, rates, comparisons with a reference group, disparity indices and percentiles.

Implements METHODS.md sections 2.1–2.4 and 3. Pure functions: no database, no Django. Formulas are
restated from the sources cited in each docstring; tests pin them to the sources' published numbers.

Conventions shared by every function here:

* ``confidence`` is a level strictly between 0 and 1 (0.95, 0.998); anything else raises ``ValueError``.
  z is the standard normal quantile Φ⁻¹(1 − α/2) from scipy, never a rounded 1.96.
* Invalid input (negative counts, a numerator above its denominator, a zero denominator, a zero
  person-time) raises ``ValueError``. Valid input whose interval is mathematically undefined (a
  ratio with a zero count) returns ``nan`` in the undefined fields; each docstring says which.
* Intervals are ``Interval(lower, upper)``; comparisons are ``Estimate(estimate, lower, upper)``;
  summary indices are ``IndexResult(estimate, se)``. All are NamedTuples, so they unpack in that order.
"""

import functools
import math
from collections.abc import Sequence
from typing import Literal, NamedTuple

import numpy as np
from scipy import stats

NAN = float("nan")

#: Counts below this use the exact Poisson interval, counts at or above it Byar's approximation
#: (PHEindicatormethods ``phe_rate``; PHE Technical Guide "Confidence intervals", 2018).
BYAR_MIN_COUNT = 10


class Interval(NamedTuple):
    lower: float
    upper: float


class Estimate(NamedTuple):
    estimate: float
    lower: float
    upper: float


class IndexResult(NamedTuple):
    """A summary index and its standard error on the same scale (``nan`` where no SE is available)."""

    estimate: float
    se: float


# --- helpers -------------------------------------------------------------------------------------


# Cached: every interval of a recompute asks scipy for the same quantile (tens of thousands of calls).
@functools.lru_cache(maxsize=16)
def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}.")
    return float(stats.norm.isf((1 - confidence) / 2))


def _check_proportion(x: float, n: float) -> None:
    if n <= 0:
        raise ValueError("The denominator of a proportion must be positive.")
    if not 0 <= x <= n:
        raise ValueError("The numerator of a proportion must be between 0 and its denominator.")


def _check_rate(x: float, t: float) -> None:
    if t <= 0:
        raise ValueError("Person-time (the denominator of a rate) must be positive.")
    if x < 0:
        raise ValueError("An event count cannot be negative.")


# --- 2.1 proportion ------------------------------------------------------------------------------


def wilson_interval(x: float, n: float, confidence: float = 0.95) -> Interval:
    """Wilson score interval for the proportion x/n.

    Formula as PHEindicatormethods ``wilson_lower``/``wilson_upper`` (``R/utils.R``), from Wilson (1927)
    and Newcombe & Altman, *Statistics with Confidence*, 2nd ed., pp. 46–48::

        (2x + z² ∓ z·sqrt(z² + 4x(1 − x/n))) / (2(n + z²))

    x = 0 gives lower exactly 0 and x = n gives upper exactly 1. n = 0 (no denominator) raises
    ``ValueError``: there is no proportion to show. x need not be an integer.
    """
    _check_proportion(x, n)
    z = _z(confidence)
    centre, half = 2 * x + z * z, z * math.sqrt(z * z + 4 * x * (1 - x / n))
    lower = 0.0 if x == 0 else max(0.0, (centre - half) / (2 * (n + z * z)))
    upper = 1.0 if x == n else min(1.0, (centre + half) / (2 * (n + z * z)))
    return Interval(lower, upper)


# --- 2.2 rate ------------------------------------------------------------------------------------


def rate_interval(x: float, n: float, confidence: float = 0.95, multiplier: float = 1) -> Interval:
    """Confidence interval for the rate x/n × multiplier, as PHEindicatormethods ``phe_rate``.

    * x < 10: exact Poisson limits via chi-square quantiles (Armitage & Berry 2002):
      lower = χ²(α/2; 2x)/2, upper = χ²(1 − α/2; 2x + 2)/2, and lower = 0 when x = 0.
    * x ≥ 10: Byar's approximation (Breslow & Day 1987, vol. II):
      lower = x(1 − 1/(9x) − z/(3√x))³, upper = (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³.

    Both limits of the count are divided by n and multiplied by ``multiplier``. n must be positive.
    """
    _check_rate(x, n)
    z, alpha = _z(confidence), 1 - confidence
    if x < BYAR_MIN_COUNT:
        lower = 0.0 if x == 0 else float(stats.chi2.ppf(alpha / 2, 2 * x)) / 2
        upper = float(stats.chi2.isf(alpha / 2, 2 * x + 2)) / 2
    else:
        lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
        upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3
    return Interval(lower / n * multiplier, upper / n * multiplier)


# --- 2.3 comparison with a reference group -------------------------------------------------------


def _ratio(numerator: float, denominator: float) -> float:
    return NAN if denominator == 0 else numerator / denominator


def _log_wald(estimate: float, se_log: float, z: float) -> Estimate:
    spread = z * se_log
    return Estimate(estimate, estimate * math.exp(-spread), estimate * math.exp(spread))


def rate_ratio(
    x_group: float,
    t_group: float,
    x_ref: float,
    t_ref: float,
    confidence: float = 0.95,
    method: Literal["wald", "exact"] = "wald",
) -> Estimate:
    """Incidence rate ratio (x_group/t_group) / (x_ref/t_ref) with a confidence interval.

    ``method="wald"`` (default): Rothman's log-scale Wald interval (Episheet; Rothman, Greenland & Lash,
    *Modern Epidemiology*): exp(ln RR ± z·sqrt(1/x_group + 1/x_ref)). Unlike Episheet's ``rate()``,
    ``confidence`` is honoured. When either count is 0 the interval is undefined: lower and upper are
    ``nan``; the estimate is still returned when it is defined (0 when x_group = 0) and is ``nan`` when
    x_ref = 0.

    ``method="exact"``: the exact conditional interval (METHODS.md 2.3; the interval R's
    ``poisson.test`` gives for two samples). Given m = x_group + x_ref, x_group ~ Binomial(m, π) with
    π = t_group·RR / (t_group·RR + t_ref); Clopper–Pearson limits for π are mapped back to RR. It is
    defined with zero counts (lower 0 when x_group = 0, upper ∞ when x_ref = 0); all ``nan`` when m = 0.
    """
    _check_rate(x_group, t_group)
    _check_rate(x_ref, t_ref)
    z = _z(confidence)
    estimate = _ratio(x_group / t_group, x_ref / t_ref)
    if method == "wald":
        if x_group == 0 or x_ref == 0:
            return Estimate(estimate, NAN, NAN)
        return _log_wald(estimate, math.sqrt(1 / x_group + 1 / x_ref), z)
    if method != "exact":
        raise ValueError(f"Unknown method {method!r}; use 'wald' or 'exact'.")
    m, alpha = x_group + x_ref, 1 - confidence
    if m == 0:
        return Estimate(NAN, NAN, NAN)
    pi_lower = 0.0 if x_group == 0 else float(stats.beta.ppf(alpha / 2, x_group, m - x_group + 1))
    pi_upper = 1.0 if x_ref == 0 else float(stats.beta.isf(alpha / 2, x_group + 1, m - x_group))
    odds_to_rr = t_ref / t_group
    lower = pi_lower / (1 - pi_lower) * odds_to_rr
    upper = math.inf if pi_upper == 1 else pi_upper / (1 - pi_upper) * odds_to_rr
    return Estimate(estimate, lower, upper)


def rate_difference(
    x_group: float,
    t_group: float,
    x_ref: float,
    t_ref: float,
    confidence: float = 0.95,
    multiplier: float = 1,
) -> Estimate:
    """Incidence rate difference x_group/t_group − x_ref/t_ref (× multiplier) with a Wald interval.

    RD ± z·sqrt(x_group/t_group² + x_ref/t_ref²) (Rothman; Episheet). Defined for zero counts; when
    both counts are 0 the interval collapses to [0, 0].
    """
    _check_rate(x_group, t_group)
    _check_rate(x_ref, t_ref)
    z = _z(confidence)
    estimate = x_group / t_group - x_ref / t_ref
    spread = z * math.sqrt(x_group / t_group**2 + x_ref / t_ref**2)
    return Estimate(estimate * multiplier, (estimate - spread) * multiplier, (estimate + spread) * multiplier)


def risk_ratio(x_group: float, n_group: float, x_ref: float, n_ref: float, confidence: float = 0.95) -> Estimate:
    """Risk ratio (x_group/n_group) / (x_ref/n_ref) with Katz's log interval.

    exp(ln RR ± z·sqrt(1/x_group − 1/n_group + 1/x_ref − 1/n_ref)) (Katz et al. 1978; Fagerland, Lydersen
    & Laake, *Statistical Analysis of Contingency Tables*, 2017, §4.7). Zero counts are handled as in
    :func:`rate_ratio` with ``method="wald"``: lower and upper ``nan``; estimate 0 when x_group = 0 and
    ``nan`` when x_ref = 0.
    """
    _check_proportion(x_group, n_group)
    _check_proportion(x_ref, n_ref)
    z = _z(confidence)
    estimate = _ratio(x_group / n_group, x_ref / n_ref)
    if x_group == 0 or x_ref == 0:
        return Estimate(estimate, NAN, NAN)
    return _log_wald(estimate, math.sqrt(1 / x_group - 1 / n_group + 1 / x_ref - 1 / n_ref), z)


def proportion_difference(
    x_group: float, n_group: float, x_ref: float, n_ref: float, confidence: float = 0.95
) -> Estimate:
    """Difference of proportions p_group − p_ref with Newcombe's hybrid score interval.

    Newcombe (1998), *Stat Med* 17:873–890, method 10, built from the two Wilson intervals
    (l_g, u_g) and (l_r, u_r) of :func:`wilson_interval`::

        lower = d − sqrt((p_g − l_g)² + (u_r − p_r)²)
        upper = d + sqrt((u_g − p_g)² + (p_r − l_r)²)

    Defined for zero counts and for x = n. Limits are kept within [−1, 1].
    """
    l_g, u_g = wilson_interval(x_group, n_group, confidence)
    l_r, u_r = wilson_interval(x_ref, n_ref, confidence)
    p_g, p_r = x_group / n_group, x_ref / n_ref
    d = p_g - p_r
    lower = d - math.hypot(p_g - l_g, u_r - p_r)
    upper = d + math.hypot(u_g - p_g, p_r - l_r)
    return Estimate(d, max(-1.0, lower), min(1.0, upper))


# --- 2.4 summary disparity indices ---------------------------------------------------------------


def _groups(rates: Sequence[float], shares: Sequence[float] | None, ses: Sequence[float] | None):
    """Arrays of rates, population shares normalised to sum 1 (or None) and SEs (or None)."""
    r = np.asarray(rates, dtype=float)
    if r.ndim != 1 or r.size == 0 or not np.all(np.isfinite(r)):
        raise ValueError("rates must be a non-empty sequence of finite numbers.")
    p = None
    if shares is not None:
        p = np.asarray(shares, dtype=float)
        if p.shape != r.shape or np.any(p < 0) or not np.all(np.isfinite(p)) or p.sum() <= 0:
            raise ValueError("shares must be non-negative, one per rate, and not all zero.")
        p = p / p.sum()
    s = None
    if ses is not None:
        s = np.asarray(ses, dtype=float)
        if s.shape != r.shape or np.any(s < 0):
            raise ValueError("ses must be non-negative, one per rate.")
    return r, p, s


def index_of_disparity(
    rates: Sequence[float],
    shares: Sequence[float] | None = None,
    *,
    reference: float | None = None,
    variant: Literal["unweighted", "weighted", "best"] = "unweighted",
    lower_is_better: bool | None = None,
    scale: float = 100.0,
) -> IndexResult:
    """Index of disparity (Pearcy & Keppel 2002), in percent of the reference by default (``scale=100``).

    Variants (METHODS.md 2.4; decision 8):

    * ``"unweighted"`` (default; WHO healthequal ``idisu``): scale · (1/J) Σ|r_j − μ| / μ.
    * ``"weighted"`` (healthequal ``idisw``): scale · Σ p_j |r_j − μ| / μ.
    * ``"best"`` (Healthy People 2010/2020, Statistical Note 27): scale · (1/(J−1)) Σ_{j≠best} |r_j − r_best|
      / r_best, where r_best is ``reference`` if given, otherwise the lowest rate when ``lower_is_better``
      and the highest when not (one of the two must be given).

    μ, for the first two variants, is ``reference`` when given (the total-population rate — healthequal's
    ``setting_average``), otherwise the population-weighted mean Σ p_j r_j, p_j = shares normalised to sum
    to 1 (which equals the total-population rate when the r_j are crude rates and the shares are the
    groups' denominators). With neither, ``ValueError``. The reference must be positive.

    The index has no analytic SE (healthequal uses a simulation), so ``se`` is ``nan``.
    """
    r, p, _ = _groups(rates, shares, None)
    if variant == "best":
        if reference is None:
            if lower_is_better is None:
                raise ValueError("The 'best' variant needs reference or lower_is_better.")
            reference = float(r.min() if lower_is_better else r.max())
        if r.size < 2:
            raise ValueError("The 'best' variant needs at least two groups.")
        if reference <= 0:
            raise ValueError("The reference rate must be positive.")
        return IndexResult(scale * float(np.abs(r - reference).sum()) / (r.size - 1) / reference, NAN)
    if variant not in ("unweighted", "weighted"):
        raise ValueError(f"Unknown variant {variant!r}; use 'unweighted', 'weighted' or 'best'.")
    if reference is None:
        if p is None:
            raise ValueError("Give shares (for the weighted mean) or the reference rate.")
        reference = float(p @ r)
    if reference <= 0:
        raise ValueError("The reference (mean) rate must be positive.")
    if variant == "unweighted":
        return IndexResult(scale * float(np.abs(r - reference).mean()) / reference, NAN)
    if p is None:
        raise ValueError("The weighted variant needs shares.")
    return IndexResult(scale * float(p @ np.abs(r - reference)) / reference, NAN)


def between_group_variance(
    rates: Sequence[float], shares: Sequence[float], *, ses: Sequence[float] | None = None
) -> IndexResult:
    """Between-group variance Σ p_j (r_j − μ)², μ = Σ p_j r_j (WHO healthequal ``bgv``; HD*Calc BGV).

    Unscaled: in the squared unit of the rates (percentage points² if the rates are percentages).
    ``shares`` are population sizes or shares (normalised to sum 1). With ``ses`` (the SE of each r_j)
    the SE is the one healthequal uses (Ahn et al. 2018)::

        sqrt(4·Σp²s²(r − μ)² + 2·[(Σp²s²)² − Σp⁴s⁴ + Σp²(1 − p)²s⁴])

    otherwise ``se`` is ``nan``.
    """
    r, p, s = _groups(rates, shares, ses)
    mu = float(p @ r)
    estimate = float(p @ (r - mu) ** 2)
    se = NAN
    if s is not None:
        ps2 = p**2 * s**2
        se = math.sqrt(
            4 * float(ps2 @ (r - mu) ** 2)
            + 2 * (float(ps2.sum()) ** 2 - float((ps2**2).sum()) + float((ps2 * (1 - p) ** 2 * s**2).sum()))
        )
    return IndexResult(estimate, se)


def _relative_to_mean(r: np.ndarray, p: np.ndarray, zero_value: float | None) -> tuple[np.ndarray, float]:
    if np.any(r < 0):
        raise ValueError("Rates must be non-negative for Theil and MLD.")
    if zero_value is not None:
        r = np.where(r == 0, zero_value, r)
    mu = float(p @ r)
    if mu <= 0:
        raise ValueError("The mean rate must be positive for Theil and MLD.")
    return r, mu


def theil_index(
    rates: Sequence[float],
    shares: Sequence[float],
    *,
    ses: Sequence[float] | None = None,
    scale: float = 1.0,
    zero_value: float | None = None,
) -> IndexResult:
    """Theil index T = scale · Σ p_j (r_j/μ) ln(r_j/μ), μ = Σ p_j r_j (WHO healthequal ``ti``; HD*Calc T).

    Unscaled by default (``scale=1``): the index as defined by Theil and by Harper & Lynch (2005), so the
    number and its SE need no conversion; ×1000 is a display convention. WHO healthequal and HEAT publish
    it ×1000, so pass ``scale=1000`` to match them and label it so. Unlike healthequal, ``se`` is on the
    same scale as the estimate (healthequal returns the unscaled SE next to a ×1000 estimate — METHODS.md
    2.4). With ``ses``::

        se = scale · sqrt(Σ (1 + ln(r_j/μ) − Σ_k p_k (r_k/μ)(1 + ln(r_k/μ)))² · p_j² s_j² / μ²)

    A zero rate contributes 0 (the limit of x·ln x); its SE term is undefined, so ``se`` is ``nan`` then.
    ``zero_value=1e-6`` reproduces healthequal, which replaces zero rates by 1e-6 before computing.
    The estimate is ≥ 0; floating-point noise below 0 is clipped to 0.
    """
    r, p, s = _groups(rates, shares, ses)
    r, mu = _relative_to_mean(r, p, zero_value)
    rel = r / mu
    with np.errstate(divide="ignore", invalid="ignore"):
        log_rel = np.log(rel)
        terms = np.where(rel > 0, rel * log_rel, 0.0)  # x·ln x → 0 as x → 0
    estimate = max(0.0, float(p @ terms)) * scale
    se = NAN
    if s is not None and np.all(rel > 0):
        centre = float(p @ (rel * (1 + log_rel)))
        se = scale * math.sqrt(float((1 + log_rel - centre) ** 2 @ (p**2 * s**2)) / mu**2)
    return IndexResult(estimate, se)


def mean_log_deviation(
    rates: Sequence[float],
    shares: Sequence[float],
    *,
    ses: Sequence[float] | None = None,
    scale: float = 1.0,
    zero_value: float | None = None,
) -> IndexResult:
    """Mean log deviation MLD = scale · Σ p_j ln(μ/r_j), μ = Σ p_j r_j (WHO healthequal ``mld``; HD*Calc MLD).

    Unscaled by default (``scale=1``); healthequal and HEAT publish it ×1000 (pass ``scale=1000``). With
    ``ses``, se = scale · sqrt(Σ p_j² s_j²/μ² · (1 − μ/r_j)²), on the same scale as the estimate.

    MLD is undefined (infinite) when a group's rate is 0: that raises ``ValueError`` unless ``zero_value``
    is given (healthequal uses 1e-6, which makes the result depend on the rates' unit — avoid it unless
    reproducing healthequal). The estimate is ≥ 0; floating-point noise below 0 is clipped to 0.
    """
    r, p, s = _groups(rates, shares, ses)
    r, mu = _relative_to_mean(r, p, zero_value)
    if np.any(r == 0):
        raise ValueError("MLD is undefined when a group's rate is 0 (see zero_value).")
    estimate = max(0.0, float(p @ np.log(mu / r))) * scale
    se = NAN
    if s is not None:
        se = scale * math.sqrt(float((p**2 * s**2) @ (1 - mu / r) ** 2) / mu**2)
    return IndexResult(estimate, se)


# --- 3 wait-time statistics ----------------------------------------------------------------------


def _values(values: Sequence[float]) -> np.ndarray:
    a = np.asarray(values, dtype=float)
    if a.ndim != 1 or a.size == 0:
        raise ValueError("Need at least one value.")
    if np.any(np.isnan(a)):
        raise ValueError("Values contain NaN; drop missing values first.")
    return a


def percentile(values: Sequence[float], q: float, *, method: str = "linear") -> float:
    """The q-th percentile of values, q in 0–100 (90 for the P90).

    Default: linear interpolation between order statistics — Hyndman & Fan (1996) type 7, R's default
    ``quantile``, Excel ``PERCENTILE.INC``, numpy ``method="linear"``: with sorted x_1..x_n and
    h = (n − 1)·q/100, the result is x_⌊h⌋+1 + (h − ⌊h⌋)(x_⌊h⌋+2 − x_⌊h⌋+1). ``method`` accepts the other
    numpy names, e.g. ``"inverted_cdf"`` (type 1, nearest rank: always an observed value).
    Empty input, NaN values or q outside 0–100 raise ``ValueError``.
    """
    a = _values(values)
    if not 0 <= q <= 100:
        raise ValueError(f"q is a percentile between 0 and 100, got {q!r}.")
    return float(np.percentile(a, q, method=method))


def median(values: Sequence[float]) -> float:
    """The median: :func:`percentile` at 50 (the mean of the two middle values when n is even)."""
    return percentile(values, 50)


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean; empty input or NaN values raise ``ValueError``."""
    return float(_values(values).mean())
