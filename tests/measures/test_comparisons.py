"""Each group against its reference group, and summary disparity: pure functions over result rows."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from measures import stats
from measures.compute.comparisons import (
    DIFFERENCE,
    PROPORTION,
    RATE,
    ComparisonSpec,
    choose_reference,
    compare_groups,
    summary_indices,
)

QUARTER = date(2026, 7, 1)


def row(group, numerator, denominator, *, value=None, suppressed=False, stratum="race_ethnicity", scale=100.0):
    if value is None and denominator:
        value = scale * numerator / denominator
    return {
        "period_type": "quarter",
        "period_start": QUARTER,
        "stratum": stratum,
        "group": group,
        "numerator": numerator,
        "denominator": denominator,
        "value": value,
        "lower": None,
        "upper": None,
        "details": {},
        "suppressed": suppressed,
        "reason": "small_count" if suppressed else "",
    }


def test_the_largest_group_shown_is_the_reference_by_default():
    rows = [row("latino_hispanic", 300, 400), row("white", 100, 150), row("native_american", 5, 9, suppressed=True)]

    reference, rule = choose_reference(rows, rule="largest", lower_is_better=False)

    assert (reference["group"], rule) == ("latino_hispanic", "largest")


def test_a_hidden_group_is_never_the_reference_even_when_named():
    rows = [row("latino_hispanic", 300, 400), row("white", 100, 150), row("native_american", 5, 9, suppressed=True)]

    assert choose_reference(rows, rule="white", lower_is_better=False)[0]["group"] == "white"
    reference, rule = choose_reference(rows, rule="native_american", lower_is_better=False)
    assert (reference["group"], rule) == ("latino_hispanic", "largest (named group hidden)")


def test_the_best_group_follows_the_direction_of_improvement():
    rows = [row("a", 80, 100), row("b", 60, 100), row("c", 90, 200)]

    assert choose_reference(rows, rule="best", lower_is_better=False)[0]["group"] == "a"
    assert choose_reference(rows, rule="best", lower_is_better=True)[0]["group"] == "c"
    assert choose_reference(rows, rule="best", lower_is_better=None) == (rows[2], "largest")


def test_proportions_give_the_katz_risk_ratio_and_newcombes_difference_in_percentage_points():
    # Newcombe (1998), Statistics in Medicine 17:873, example (e): 56/70 against 48/80.
    # Method 10 (hybrid score) gives +0.0524 to +0.3339 for the difference of 0.2000.
    rows = [row("reference", 48, 80), row("group", 56, 70)]
    compare_groups(rows, ComparisonSpec(kind=PROPORTION, lower_is_better=False))

    comparison = rows[1]["details"]["vs_reference"]
    assert comparison["reference"] == "reference"
    estimate, lower, upper = comparison["difference"]
    assert (round(estimate, 2), round(lower, 2), round(upper, 2)) == (20.00, 5.24, 33.39)
    assert comparison["ratio"] == pytest.approx(list(stats.risk_ratio(56, 70, 48, 80)))
    assert comparison["verdict"] == "better", "a higher share is better here and the interval excludes 0"
    assert rows[0]["details"] == {"reference_rule": "largest"}


def test_rates_give_rothmans_rate_ratio_and_difference():
    # Episheet / Modern Epidemiology: 41 cases in 28,010 person-years against 15 in 19,017; RR 1.855 as Episheet
    # prints it (truncated; 1.8558), 95 % CI 1.03 to 3.35.
    rows = [row("reference", 15, 19_017), row("group", 41, 28_010)]
    rows[0]["denominator"] = 30_000  # make the reference the largest population ...
    rows[0]["numerator"] = 15 * 30_000 / 19_017  # ... with the same rate
    rows[0]["value"] = 100 * 15 / 19_017

    compare_groups(rows, ComparisonSpec(kind=RATE, lower_is_better=False))

    ratio = rows[1]["details"]["vs_reference"]["ratio"]
    assert ratio[0] == pytest.approx(1.856, abs=5e-4)
    assert ratio == pytest.approx(list(stats.rate_ratio(41, 28_010, rows[0]["numerator"], 30_000)))


def test_small_rate_counts_use_the_exact_conditional_interval():
    rows = [row("reference", 40, 1000), row("group", 3, 200)]

    compare_groups(rows, ComparisonSpec(kind=RATE, lower_is_better=False))

    assert rows[1]["details"]["vs_reference"]["ratio"] == pytest.approx(
        list(stats.rate_ratio(3, 200, 40, 1000, method="exact"))
    )


def test_waits_and_dollars_are_compared_by_difference_alone():
    rows = [row("reference", 400, 400, value=6.0), row("group", 120, 120, value=8.5)]

    compare_groups(rows, ComparisonSpec(kind=DIFFERENCE, lower_is_better=True))

    comparison = rows[1]["details"]["vs_reference"]
    assert comparison["ratio"] is None
    assert comparison["difference"] == [2.5, None, None]
    assert comparison["verdict"] == "no_test"


def test_a_worse_group_is_flagged_against_the_measures_direction():
    rows = [row("reference", 50, 1000), row("group", 40, 200)]  # no-shows 5 % against 20 %

    compare_groups(rows, ComparisonSpec(kind=PROPORTION, lower_is_better=True))

    assert rows[1]["details"]["vs_reference"]["verdict"] == "worse"


def test_everyone_and_each_stratum_are_compared_separately_and_everyone_is_never_compared():
    rows = [
        row("", 500, 1000, stratum="all"),
        row("latino_hispanic", 300, 600),
        row("white", 200, 400),
        row("female", 260, 520, stratum="gender"),
        row("male", 240, 480, stratum="gender"),
    ]

    summaries = compare_groups(rows, ComparisonSpec(kind=PROPORTION))

    assert rows[0]["details"] == {}
    assert rows[2]["details"]["vs_reference"]["reference"] == "latino_hispanic"
    assert rows[4]["details"]["vs_reference"]["reference"] == "female"
    assert {summary["stratum"] for summary in summaries} == {"race_ethnicity", "gender"}


def test_summary_indices_follow_the_statistics_module():
    rows = [row("a", 30, 100), row("b", 60, 300), row("c", 10, 100)]

    summary = summary_indices(rows)

    rates, shares = [30.0, 20.0, 10.0], [100, 300, 100]
    assert summary["groups"] == 3
    assert summary["index_of_disparity"] == pytest.approx(stats.index_of_disparity(rates, shares).estimate)
    assert summary["between_group_variance"] == pytest.approx(stats.between_group_variance(rates, shares).estimate)
    assert summary["theil"] == pytest.approx(stats.theil_index(rates, shares, scale=1000).estimate)
    assert summary["mean_log_deviation"] == pytest.approx(stats.mean_log_deviation(rates, shares, scale=1000).estimate)
    assert summary["range_ratio"] == pytest.approx(3.0)


def test_summary_needs_two_groups_shown():
    assert summary_indices([row("a", 30, 100), row("b", 5, 8, suppressed=True)]) is None


@given(
    hidden_numerator=st.integers(min_value=1, max_value=10),
    hidden_denominator=st.integers(min_value=10, max_value=40),
)
def test_no_summary_index_depends_on_a_hidden_group(hidden_numerator, hidden_denominator):
    shown = [row("a", 300, 1000), row("b", 120, 500), row("c", 40, 200)]
    hidden = row("d", hidden_numerator, hidden_denominator, suppressed=True)

    assert summary_indices([*shown, hidden]) == summary_indices(shown)
