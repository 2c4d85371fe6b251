"""Results per period and group: counts, percentages with Wilson intervals, and suppression."""

from datetime import date

import pandas as pd
import pytest

from measures import stats
from measures.compute.aggregate import proportion_results, wait_results
from measures.compute.periods import PeriodType


def requests_frame(rows: list[tuple[str, str, bool]]) -> pd.DataFrame:
    """(request date, race/ethnicity group, met the standard) per request."""
    frame = pd.DataFrame(rows, columns=["request_date", "race_ethnicity", "met"])
    frame["request_date"] = pd.to_datetime(frame["request_date"])
    return frame


def results_for(frame: pd.DataFrame, **options) -> dict[tuple, dict]:
    rows = proportion_results(
        frame,
        measure="routine-non-psychiatry-offered-10-days",
        success=frame["met"],
        eligible=pd.Series(True, index=frame.index),
        date_column="request_date",
        period_types=[PeriodType.MONTH],
        strata=["race_ethnicity"],
        **options,
    )
    return {(row["period_start"], row["stratum"], row["group"]): row for row in rows}


def test_a_percentage_carries_its_counts_and_wilson_interval():
    frame = requests_frame([("2025-03-03", "white", True)] * 81 + [("2025-03-10", "white", False)] * 182)

    everyone = results_for(frame)[(date(2025, 3, 1), "all", "")]

    expected = stats.wilson_interval(81, 263)
    assert (everyone["numerator"], everyone["denominator"]) == (81, 263)
    assert everyone["value"] == pytest.approx(100 * 81 / 263)
    assert (everyone["lower"], everyone["upper"]) == pytest.approx((100 * expected.lower, 100 * expected.upper))
    assert everyone["suppressed"] is False


def test_small_groups_are_hidden_with_a_complementary_group_and_everyone_is_shown():
    rows = (
        [("2025-03-03", "latino_hispanic", True)] * 40
        + [("2025-03-03", "latino_hispanic", False)] * 20
        + [("2025-03-03", "white", True)] * 15
        + [("2025-03-03", "white", False)] * 15
        + [("2025-03-03", "native_american", True)] * 3
        + [("2025-03-03", "native_american", False)] * 2
    )

    results = results_for(requests_frame(rows))

    march = date(2025, 3, 1)
    assert results[(march, "race_ethnicity", "native_american")]["reason"] == "small_count"
    assert results[(march, "race_ethnicity", "white")]["reason"] == "complementary"
    assert results[(march, "race_ethnicity", "latino_hispanic")]["suppressed"] is False
    assert results[(march, "all", "")]["denominator"] == 95
    assert results[(march, "all", "")]["suppressed"] is False


def test_when_every_group_is_small_the_total_is_hidden_too():
    rows = [("2025-03-03", "white", True)] * 6 + [("2025-03-03", "white", False)] * 6

    results = results_for(requests_frame(rows))

    assert results[(date(2025, 3, 1), "race_ethnicity", "white")]["suppressed"] is True
    assert results[(date(2025, 3, 1), "all", "")]["suppressed"] is True


def test_requests_that_cannot_be_judged_yet_are_left_out():
    frame = requests_frame([("2025-03-03", "white", True)] * 20 + [("2025-03-04", "white", False)] * 20)
    eligible = pd.Series([True] * 30 + [False] * 10)

    rows = proportion_results(
        frame,
        measure="m",
        success=frame["met"],
        eligible=eligible,
        date_column="request_date",
        period_types=[PeriodType.MONTH, PeriodType.FISCAL_YEAR],
        strata=[],
    )

    assert [(row["period_type"], row["numerator"], row["denominator"]) for row in rows] == [
        ("month", 20, 30),
        ("fiscal_year", 20, 30),
    ]


def test_waits_are_summarised_by_median_mean_and_linear_90th_percentile():
    frame = pd.DataFrame(
        {
            "request_date": pd.to_datetime(["2025-03-03"] * 12),
            "race_ethnicity": ["white"] * 12,
            "days": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 30],
        }
    )

    rows = wait_results(
        frame,
        measure="days-to-first-offer",
        waits=frame["days"],
        date_column="request_date",
        period_types=[PeriodType.MONTH],
        strata=["race_ethnicity"],
    )

    everyone = next(row for row in rows if row["stratum"] == "all")
    assert (everyone["numerator"], everyone["value"]) == (12, 6.5)
    assert everyone["details"] == {"mean": pytest.approx(96 / 12), "p90": pytest.approx(10.9)}
    assert stats.percentile(frame["days"], 90) == pytest.approx(10.9), "the same type 7 as the statistics module"
    assert everyone["suppressed"] is False
    white = next(row for row in rows if row["group"] == "white")
    assert white["suppressed"] is False
