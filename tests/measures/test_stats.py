"""measures.stats against published worked examples, then Hypothesis invariants.

Each worked example names its source above it and is checked to the precision the source publishes.
"R 4.2.2" marks a number computed here with R (an implementation independent of ours) where no
published number was found; those are labelled as such.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.stats import norm

from measures.stats import (
    Estimate,
    Interval,
    between_group_variance,
    index_of_disparity,
    mean,
    mean_log_deviation,
    median,
    percentile,
    proportion_difference,
    rate_difference,
    rate_interval,
    rate_ratio,
    risk_ratio,
    theil_index,
    wilson_interval,
)

FOUR_DP = 5e-5  # a value published to 4 decimals


def approx4(value):
    return pytest.approx(value, abs=FOUR_DP)


# --- Wilson score interval (2.1) -----------------------------------------------------------------


# Newcombe RG (1998) "Two-sided confidence intervals for the single proportion", Stat Med 17:857, method 3;
# as tested in m-Py/propint tests/testthat/test_Single_Proportion_CI.R.
@pytest.mark.parametrize(
    ("x", "n", "lower", "upper"),
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605)],
)
def test_wilson_newcombe_1998_single_proportion(x, n, lower, upper):
    assert wilson_interval(x, n) == (approx4(lower), approx4(upper))


# Newcombe (1998) Stat Med 17:857, the same table's boundary examples 0/20 and 1/29 (method 3). Quoted from
# the paper; no public repository holding them was found.
@pytest.mark.parametrize(("x", "n", "lower", "upper"), [(0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)])
def test_wilson_newcombe_1998_boundary_examples(x, n, lower, upper):
    assert wilson_interval(x, n) == (approx4(lower), approx4(upper))


# Fagerland, Lydersen & Laake, Statistical Analysis of Contingency Tables (2017), ch. 2, Ligarden et al.
# (2010) 13/16: Wilson score 0.5699 to 0.9341 (ocbe-uio/contingencytables tests/testthat/test-ch2.R).
def test_wilson_fagerland_ligarden():
    assert wilson_interval(13, 16) == (approx4(0.5699), approx4(0.9341))


# DHSC's Python port of PHEindicatormethods, DataS-DHSC/PHStatsMethods
# ph_statistical_methods/archive/tests_old.py: phe_proportion(100, 1000) == (10.0, 8.29094435930957,
# 12.01519631953484) in percent. (PHE's own Excel-derived values are in binary xlsx files we cannot read.)
def test_wilson_phe_python_port():
    lower, upper = wilson_interval(100, 1000)
    assert lower * 100 == pytest.approx(8.29094435930957, rel=1e-12)
    assert upper * 100 == pytest.approx(12.01519631953484, rel=1e-12)


def test_wilson_boundaries_are_exact():
    assert wilson_interval(0, 7).lower == 0.0
    assert wilson_interval(7, 7).upper == 1.0
    assert wilson_interval(0, 7, 0.998).upper < 1.0


@pytest.mark.parametrize(("x", "n"), [(1, 0), (0, 0), (-1, 5), (6, 5)])
def test_wilson_rejects_impossible_counts(x, n):
    with pytest.raises(ValueError, match="proportion"):
        wilson_interval(x, n)


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5])
def test_confidence_must_be_a_fraction(confidence):
    with pytest.raises(ValueError, match="confidence"):
        wilson_interval(5, 10, confidence)


# --- Rate interval: exact Poisson below 10, Byar from 10 (2.2) -----------------------------------


# epitools documentation (pois.exact): "When x = 0, for the upper confidence limit pois.exact returns 3.689".
def test_rate_exact_zero_count():
    assert rate_interval(0, 1) == (0.0, pytest.approx(3.689, abs=5e-4))


# Exact (Garwood) limits for counts 1–9. No published table was reachable as text; R 4.2.2
# poisson.test(k)$conf.int, printed to 6 decimals.
@pytest.mark.parametrize(
    ("x", "lower", "upper"),
    [
        (1, 0.025318, 5.571643),
        (2, 0.242209, 7.224688),
        (3, 0.618672, 8.767273),
        (4, 1.089865, 10.241589),
        (5, 1.623486, 11.668332),
        (6, 2.201894, 13.059474),
        (7, 2.814363, 14.422675),
        (8, 3.453832, 15.763189),
        (9, 4.115373, 17.084803),
    ],
)
def test_rate_exact_small_counts(x, lower, upper):
    assert rate_interval(x, 1) == (pytest.approx(lower, abs=5e-7), pytest.approx(upper, abs=5e-7))


# R 4.2.2: poisson.test(5, conf.level = 0.998)$conf.int = 0.739371731918 16.454745203680.
def test_rate_exact_at_998():
    assert rate_interval(5, 1, 0.998) == (pytest.approx(0.739371731918), pytest.approx(16.454745203680))


# DHSC's Python port of PHEindicatormethods (DataS-DHSC/PHStatsMethods archive/tests_old.py):
# phe_rate(100, 10000, 100000) lower limit 813.6210549052789 per 100,000. (Its upper limit there,
# 1216.2458755509265, does not satisfy the Byar formula PHE documents; see the next test.)
def test_rate_byar_phe_python_port_lower():
    assert rate_interval(100, 10000, multiplier=100_000).lower == pytest.approx(813.6210549052789, rel=1e-12)


# Byar gem documentation (rubygems "byar", z fixed at 1.96): Byar.new(100).upper_bound == 121.628347271806 and
# Byar.lower(100, 90) == 0.9040199067337297. z = 1.96 exactly is confidence 2Φ(1.96) − 1.
def test_rate_byar_gem_documentation():
    lower, upper = rate_interval(100, 1, confidence=2 * norm.cdf(1.96) - 1)
    assert upper == pytest.approx(121.628347271806, rel=1e-12)
    assert lower / 90 == pytest.approx(0.9040199067337297, rel=1e-12)


# PHE's Byar formulas (Fingertips technical guidance, "Rates") evaluated in R 4.2.2 with z = qnorm(1 − α/2):
# x = 10 is the first count on Byar's branch; 65 at 99.8 % and 1045 are inputs of PHEindicatormethods'
# tests/testthat/testByars.R (whose expected values sit in a binary xlsx).
@pytest.mark.parametrize(
    ("x", "confidence", "lower", "upper"),
    [
        (10, 0.95, 4.78744991397, 18.39145860576),
        (65, 0.998, 42.8802614715, 94.0002908443),
        (100, 0.95, 81.3621054905, 121.6279375792),
        (1045, 0.95, 982.593201807, 1110.331212986),
    ],
)
def test_rate_byar_branch(x, confidence, lower, upper):
    assert rate_interval(x, 1, confidence) == (pytest.approx(lower, rel=1e-11), pytest.approx(upper, rel=1e-11))


@pytest.mark.parametrize(("x", "n"), [(-1, 10), (5, 0), (5, -2)])
def test_rate_rejects_impossible_input(x, n):
    with pytest.raises(ValueError, match=r"negative|positive"):
        rate_interval(x, n)


# --- Rate ratio and rate difference (2.3) --------------------------------------------------------

# Rothman's Episheet example (Boice & Monson 1977, breast cancer after fluoroscopy): 41 cases in 28,010
# person-years exposed vs 15 in 19,017 unexposed. epijim/episheet tests/testthat/test-rate.R:
# rate ratio 1.855 (95 % CI 1.03 to 3.35); rate difference 67.499 per 100,000 PY (7.5 to 128).
BREAST_CANCER = (41, 28_010, 15, 19_017)


def test_rate_ratio_rothman_episheet():
    estimate, lower, upper = rate_ratio(*BREAST_CANCER)
    assert estimate == pytest.approx(1.855, rel=1e-3)  # 1.8558: episheet truncates; its tolerance is 0.001
    assert lower == pytest.approx(1.03, rel=1e-2)
    assert upper == pytest.approx(3.35, rel=1e-3)


def test_rate_difference_rothman_episheet():
    estimate, lower, upper = rate_difference(*BREAST_CANCER, multiplier=100_000)
    assert estimate == pytest.approx(67.499, rel=1e-3)
    assert lower == pytest.approx(7.5, rel=1e-3)
    assert upper == pytest.approx(128, rel=1e-2)


def test_rate_ratio_honours_confidence():
    """Episheet always uses 95 %; here 90 % must be the Wald formula with z(0.95) = 1.6449."""
    estimate, lower, upper = rate_ratio(*BREAST_CANCER, confidence=0.90)
    spread = 1.6448536269514722 * math.sqrt(1 / 41 + 1 / 15)
    assert (lower, upper) == (pytest.approx(estimate * math.exp(-spread)), pytest.approx(estimate * math.exp(spread)))
    assert rate_ratio(*BREAST_CANCER).lower < lower


# Exact conditional interval. Data from R's ?poisson.test example (eba1977: Fredericia vs the other three
# cities, ages 55–59): poisson.test(c(11, 6 + 8 + 7), c(800, 1083 + 1050 + 878)); interval computed with
# R 4.2.2: 0.8584264034 to 4.2772659437, rate ratio 1.971488.
def test_rate_ratio_exact_matches_r_poisson_test():
    estimate, lower, upper = rate_ratio(11, 800, 21, 3011, method="exact")
    assert estimate == pytest.approx(1.971488, abs=5e-7)
    assert lower == pytest.approx(0.8584264034, rel=1e-9)
    assert upper == pytest.approx(4.2772659437, rel=1e-9)


def test_rate_ratio_zero_counts():
    estimate, lower, upper = rate_ratio(0, 100, 5, 100)
    assert estimate == 0.0
    assert math.isnan(lower)
    assert math.isnan(upper)
    assert all(math.isnan(v) for v in rate_ratio(3, 100, 0, 100))
    assert rate_ratio(0, 100, 5, 100, method="exact")[:2] == (0.0, 0.0)
    assert rate_ratio(0, 100, 5, 100, method="exact").upper > 0
    assert rate_ratio(3, 100, 0, 100, method="exact").upper == math.inf
    assert all(math.isnan(v) for v in rate_ratio(0, 100, 0, 100, method="exact"))
    assert rate_difference(0, 100, 0, 50) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="Unknown method"):
        rate_ratio(1, 100, 1, 100, method="mid-p")


# --- Risk ratio and difference of proportions (2.3) ----------------------------------------------


# Fagerland, Lydersen & Laake (2017), ch. 4, Perondi et al. (2004) RCT of high vs standard dose epinephrine:
# 7/34 vs 1/34. ocbe-uio/contingencytables tests/testthat/test-ch4.R: Katz log 7.0000 (0.9096 to 53.8695);
# Newcombe hybrid score 0.1765 (0.0189 to 0.3404).
def test_risk_ratio_katz_perondi():
    assert risk_ratio(7, 34, 1, 34) == (approx4(7.0), approx4(0.9096), approx4(53.8695))


def test_proportion_difference_newcombe_perondi():
    assert proportion_difference(7, 34, 1, 34) == (approx4(0.1765), approx4(0.0189), approx4(0.3404))


# Newcombe RG (1998) "Interval estimation for the difference between independent proportions", Stat Med
# 17:873, Table II, method 10. Rows (a) and (b) are also in m-Py/propint
# tests/testthat/test_Two_Independent_Props_CI.R; rows (c)–(f) are quoted from the paper's table (no public
# repository holding them was found).
@pytest.mark.parametrize(
    ("x_g", "n_g", "x_r", "n_r", "lower", "upper"),
    [
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (6, 7, 2, 7, 0.0582, 0.8062),
        (5, 56, 0, 29, -0.0381, 0.1926),
        (0, 10, 0, 20, -0.1611, 0.2775),
        (10, 10, 0, 20, 0.6791, 1.0000),
    ],
)
def test_proportion_difference_newcombe_1998_table(x_g, n_g, x_r, n_r, lower, upper):
    estimate, low, high = proportion_difference(x_g, n_g, x_r, n_r)
    assert estimate == pytest.approx(x_g / n_g - x_r / n_r)
    assert (low, high) == (approx4(lower), approx4(upper))


def test_risk_ratio_zero_counts():
    estimate, lower, upper = risk_ratio(0, 20, 4, 20)
    assert estimate == 0.0
    assert math.isnan(lower)
    assert math.isnan(upper)
    assert math.isnan(risk_ratio(4, 20, 0, 20).estimate)


# --- Summary disparity indices (2.4) -------------------------------------------------------------

# WHO healthequal tests/testthat/test-{bgv,ti,mld,idisu,idisw}.R build their data with
#   set.seed(123); pop <- round(rnorm(25, 1000, 300)); est <- rbinom(25, 1000, .065); se <- rbinom(25, 100, .045)
# The vectors below are that output, regenerated with R 4.2.2 (the BGV match below confirms them).
HE_POP = [832, 931, 1468, 1021, 1039, 1515, 1138, 620, 794, 866, 1367, 1108, 1120, 1033, 833, 1536, 1149, 410, 1210]
HE_POP += [858, 680, 935, 692, 781, 812]
HE_EST = [61, 74, 58, 59, 72, 75, 74, 68, 75, 67, 73, 63, 66, 62, 60, 66, 71, 73, 71, 61, 74, 84, 55, 69, 60]
HE_SE = [5, 3, 3, 3, 4, 9, 2, 2, 2, 5, 5, 7, 5, 6, 4, 5, 6, 6, 9, 4, 3, 4, 1, 3, 7]


# healthequal test-bgv.R: BGV 46.198326, SE 17.134647 (tolerance 1e-6).
def test_bgv_healthequal():
    estimate, se = between_group_variance(HE_EST, HE_POP, ses=HE_SE)
    assert estimate == pytest.approx(46.198326, rel=1e-6)
    assert se == pytest.approx(17.134647, rel=1e-6)


# healthequal test-ti.R: TI ×1000 = 5.0359201, SE .0014201 (its SE is on the unscaled metric), checked there
# to a relative tolerance of 1e-4. healthequal's own formula evaluated in R 4.2.2 gives 5.03598030, which we
# match to 1e-8; the published 5.0359201 differs in the 5th significant figure, within its tolerance.
def test_theil_healthequal():
    scaled = theil_index(HE_EST, HE_POP, ses=HE_SE, scale=1000)
    assert scaled.estimate == pytest.approx(5.0359201, rel=1e-4)
    assert scaled.estimate == pytest.approx(5.03598030, abs=5e-9)
    unscaled = theil_index(HE_EST, HE_POP, ses=HE_SE)
    assert unscaled.se == pytest.approx(0.0014201, rel=1e-4)
    assert scaled.se == pytest.approx(1000 * unscaled.se)  # same scale as the estimate, unlike healthequal
    assert unscaled.estimate == pytest.approx(scaled.estimate / 1000)


# healthequal test-mld.R: MLD ×1000 = 5.0524006, SE .0014242 (unscaled), tolerance 1e-3. R 4.2.2 evaluation
# of healthequal's formula: 5.05235521.
def test_mld_healthequal():
    scaled = mean_log_deviation(HE_EST, HE_POP, ses=HE_SE, scale=1000)
    assert scaled.estimate == pytest.approx(5.0524006, rel=1e-3)
    assert scaled.estimate == pytest.approx(5.05235521, abs=5e-9)
    unscaled = mean_log_deviation(HE_EST, HE_POP, ses=HE_SE)
    assert unscaled.se == pytest.approx(0.0014242, rel=1e-3)
    assert scaled.se == pytest.approx(1000 * unscaled.se)


# healthequal test-idisu.R: 8.7018175; test-idisw.R: 8.6178417 (tolerance 1e-4).
def test_index_of_disparity_healthequal():
    assert index_of_disparity(HE_EST, HE_POP).estimate == pytest.approx(8.7018175, rel=1e-4)
    assert index_of_disparity(HE_EST, HE_POP, variant="weighted").estimate == pytest.approx(8.6178417, rel=1e-4)
    assert math.isnan(index_of_disparity(HE_EST, HE_POP).se)


def test_index_of_disparity_reference_and_best_variants():
    """Hand-worked: no published example of these two variants was found."""
    # Setting average 20: (|10−20| + |20−20| + |30−20|)/3/20 × 100 = 33.33…
    assert index_of_disparity([10, 20, 30], reference=20).estimate == pytest.approx(100 / 3)
    # Best (lowest) rate 10: (|20−10| + |40−10|)/(3−1)/10 × 100 = 200
    assert index_of_disparity([10, 20, 40], variant="best", lower_is_better=True).estimate == pytest.approx(200)
    # Best (highest) rate 40: (30 + 20)/2/40 × 100 = 62.5
    assert index_of_disparity([10, 20, 40], variant="best", lower_is_better=False).estimate == pytest.approx(62.5)
    with pytest.raises(ValueError, match="lower_is_better"):
        index_of_disparity([10, 20, 40], variant="best")
    with pytest.raises(ValueError, match="shares"):
        index_of_disparity([10, 20, 40])  # neither shares nor reference
    with pytest.raises(ValueError, match="needs shares"):
        index_of_disparity([10, 20, 40], reference=20, variant="weighted")


def test_theil_and_mld_with_a_zero_rate():
    rates, shares = [0.0, 10.0, 20.0], [1, 1, 2]
    theil = theil_index(rates, shares, ses=[1, 1, 1])
    assert theil.estimate == pytest.approx(theil_index([1e-12, 10, 20], shares).estimate, abs=1e-9)
    assert math.isnan(theil.se)
    assert theil_index(rates, shares, zero_value=1e-6).estimate == pytest.approx(theil.estimate, abs=1e-6)
    with pytest.raises(ValueError, match="undefined"):
        mean_log_deviation(rates, shares)
    assert mean_log_deviation(rates, shares, zero_value=1e-6).estimate > 1


@pytest.mark.parametrize(
    ("rates", "shares"),
    [([], []), ([1, 2], [1]), ([1, 2], [0, 0]), ([1, 2], [-1, 2]), ([1, math.nan], [1, 1])],
)
def test_indices_reject_bad_groups(rates, shares):
    with pytest.raises(ValueError, match=r"rates|shares"):
        between_group_variance(rates, shares)


# --- Percentiles (3) -----------------------------------------------------------------------------


# numpy.percentile documentation example: a = [[10, 7, 4], [3, 2, 1]]; np.percentile(a, 50) -> 3.5.
def test_percentile_numpy_documentation():
    assert percentile([10, 7, 4, 3, 2, 1], 50) == 3.5


# R's default quantile (type 7): quantile(1:10, 0.9) = 9.1 (R 4.2.2), and on an unsorted wait-time-like
# sample quantile(c(2, 4, 4, 5, 7, 9, 15, 21, 30, 45), c(0.5, 0.9)) = 8.0, 31.5.
def test_percentile_r_type_7():
    assert percentile(range(1, 11), 90) == pytest.approx(9.1)
    waits = [21, 4, 9, 45, 2, 15, 7, 30, 4, 5]
    assert percentile(waits, 50) == pytest.approx(8.0)
    assert percentile(waits, 90) == pytest.approx(31.5)
    assert median(waits) == 8.0


# Excel-compatible PERCENTILE, NExS spreadsheet manual: @PERCENTILE(A1..A4, 0.65) = 2.95 for 1, 2, 3, 4.
def test_percentile_excel_percentile_inc():
    assert percentile([1, 2, 3, 4], 65) == pytest.approx(2.95)


def test_percentile_nearest_rank_option_returns_an_observed_value():
    assert percentile([2, 4, 4, 5, 7, 9, 15, 21, 30, 45], 90, method="inverted_cdf") == 30


@pytest.mark.parametrize(("values", "q"), [([], 50), ([1, 2], 101), ([1, 2], -1), ([1, math.nan], 50)])
def test_percentile_rejects_bad_input(values, q):
    with pytest.raises(ValueError, match=r"value|percentile|NaN"):
        percentile(values, q)


def test_mean_and_median():
    assert mean([1, 2, 3, 10]) == 4.0
    assert median([1, 2, 3, 10]) == 2.5
    with pytest.raises(ValueError, match="at least one"):
        mean([])


def test_results_unpack_in_documented_order():
    assert isinstance(wilson_interval(1, 2), Interval)
    assert isinstance(rate_ratio(1, 2, 3, 4), Estimate)
    lower, upper = rate_interval(3, 100)
    assert lower < upper


# --- Hypothesis invariants -----------------------------------------------------------------------

confidences = st.floats(min_value=0.5, max_value=0.999)
counts = st.integers(min_value=0, max_value=100_000)


@st.composite
def proportions(draw, max_n=100_000):
    n = draw(st.integers(min_value=1, max_value=max_n))
    return draw(st.integers(min_value=0, max_value=n)), n


@given(proportions(), confidences)
def test_wilson_bounds_contain_the_proportion_within_0_1(xn, confidence):
    x, n = xn
    lower, upper = wilson_interval(x, n, confidence)
    assert 0 <= lower <= x / n <= upper <= 1


@given(proportions(max_n=10_000), st.integers(min_value=2, max_value=50))
def test_wilson_narrows_as_n_grows_at_the_same_proportion(xn, k):
    x, n = xn
    small, large = wilson_interval(x, n), wilson_interval(k * x, k * n)
    assert large.upper - large.lower < small.upper - small.lower


@given(proportions(), confidences, confidences)
def test_wilson_widens_with_confidence(xn, c1, c2):
    assume(c1 < c2)
    narrow, wide = wilson_interval(*xn, c1), wilson_interval(*xn, c2)
    assert wide.lower <= narrow.lower
    assert narrow.upper <= wide.upper


@given(counts, st.floats(min_value=1e-3, max_value=1e7), st.sampled_from([1, 100, 1000, 100_000]), confidences)
def test_rate_interval_contains_the_rate(x, n, multiplier, confidence):
    lower, upper = rate_interval(x, n, confidence, multiplier)
    rate = x / n * multiplier
    assert 0 <= lower <= rate * (1 + 1e-12)
    assert rate * (1 - 1e-12) <= upper
    assert (lower * 7, upper * 7) == (
        pytest.approx(rate_interval(x, n, confidence, multiplier * 7).lower),
        pytest.approx(rate_interval(x, n, confidence, multiplier * 7).upper),
    )


@given(counts, confidences, confidences)
def test_rate_interval_widens_with_confidence(x, c1, c2):
    assume(c1 < c2)
    narrow, wide = rate_interval(x, 1000, c1), rate_interval(x, 1000, c2)
    assert wide.lower <= narrow.lower
    assert narrow.upper <= wide.upper


positive_counts = st.integers(min_value=1, max_value=10_000)
person_time = st.floats(min_value=1.0, max_value=1e6)


def assert_log_symmetric(result: Estimate):
    estimate, lower, upper = result
    assert lower <= estimate <= upper
    assert math.log(estimate) - math.log(lower) == pytest.approx(math.log(upper) - math.log(estimate))


@given(positive_counts, person_time, positive_counts, person_time, confidences)
def test_rate_ratio_wald_is_symmetric_on_the_log_scale(x_g, t_g, x_r, t_r, confidence):
    assert_log_symmetric(rate_ratio(x_g, t_g, x_r, t_r, confidence))


@given(counts, person_time, counts, person_time, confidences)
def test_rate_ratio_exact_contains_the_estimate(x_g, t_g, x_r, t_r, confidence):
    assume(x_g + x_r > 0)
    estimate, lower, upper = rate_ratio(x_g, t_g, x_r, t_r, confidence, method="exact")
    if x_r > 0:
        assert lower <= estimate * (1 + 1e-9)
        assert estimate * (1 - 1e-9) <= upper
    else:
        assert upper == math.inf


@given(counts, person_time, counts, person_time, confidences)
def test_rate_difference_is_symmetric_and_contains_the_estimate(x_g, t_g, x_r, t_r, confidence):
    estimate, lower, upper = rate_difference(x_g, t_g, x_r, t_r, confidence)
    assert lower <= estimate <= upper
    assert estimate - lower == pytest.approx(upper - estimate)


@given(proportions(), proportions(), confidences)
def test_risk_ratio_is_symmetric_on_the_log_scale(g, r, confidence):
    assume(g[0] > 0 and r[0] > 0)
    assert_log_symmetric(risk_ratio(*g, *r, confidence))


@given(proportions(), proportions(), confidences)
def test_proportion_difference_contains_d_and_is_antisymmetric(g, r, confidence):
    estimate, lower, upper = proportion_difference(*g, *r, confidence)
    assert -1 <= lower <= estimate <= upper <= 1
    swapped = proportion_difference(*r, *g, confidence)
    assert swapped == (pytest.approx(-estimate), pytest.approx(-upper), pytest.approx(-lower))


group_rates = st.lists(st.floats(min_value=0.01, max_value=1e4), min_size=2, max_size=12)


@st.composite
def groups(draw):
    rates = draw(group_rates)
    shares = draw(st.lists(st.integers(min_value=1, max_value=10_000), min_size=len(rates), max_size=len(rates)))
    return rates, shares


def all_indices(rates, shares):
    return [
        index_of_disparity(rates, shares).estimate,
        index_of_disparity(rates, shares, variant="weighted").estimate,
        index_of_disparity(rates, shares, variant="best", lower_is_better=True).estimate,
        between_group_variance(rates, shares).estimate,
        theil_index(rates, shares).estimate,
        mean_log_deviation(rates, shares).estimate,
    ]


@given(groups())
def test_indices_are_non_negative(data):
    assert all(value >= 0 for value in all_indices(*data))


@given(st.floats(min_value=0.01, max_value=1e4), st.lists(st.integers(min_value=1, max_value=10_000), min_size=1))
def test_indices_are_zero_when_all_rates_are_equal(rate, shares):
    rates = [rate] * len(shares)
    if len(rates) == 1:
        rates, shares = rates * 2, shares * 2
    assert all_indices(rates, shares) == pytest.approx([0.0] * 6, abs=1e-9)


@given(groups(), st.floats(min_value=0.001, max_value=1000))
def test_relative_indices_ignore_the_unit_and_bgv_scales_by_its_square(data, c):
    rates, shares = data
    scaled = [c * r for r in rates]
    before, after = all_indices(rates, shares), all_indices(scaled, shares)
    for i in (0, 1, 2, 4, 5):
        assert after[i] == pytest.approx(before[i], rel=1e-6, abs=1e-9)
    assert after[3] == pytest.approx(c * c * before[3], rel=1e-6, abs=1e-9)


@given(st.lists(st.integers(min_value=0, max_value=365), min_size=1), st.floats(0, 100), st.floats(0, 100))
def test_percentile_is_monotone_and_within_the_data(days, q1, q2):
    low, high = sorted((q1, q2))
    assert min(days) <= percentile(days, low) <= percentile(days, high) <= max(days)
    assert percentile(days, 50) == pytest.approx(float(np.median(days)))
