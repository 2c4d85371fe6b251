"""Results per period and group: counts, percentages with Wilson intervals, and suppression."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from measures import stats
from measures.compute.aggregate import people_and_amounts, proportion_results, wait_results
from measures.compute.periods import PeriodType, period_start


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
    # Type 7 quartiles 3.75 and 9.25; Tukey's whiskers reach 1 and 11: 30 is beyond 9.25 + 1.5 × 5.5.
    assert everyone["details"] == {
        "mean": pytest.approx(96 / 12),
        "p90": pytest.approx(10.9),
        "q1": pytest.approx(3.75),
        "q3": pytest.approx(9.25),
        "lower_fence": 1,
        "upper_fence": 11,
    }
    assert stats.percentile(frame["days"], 90) == pytest.approx(10.9), "the same type 7 as the statistics module"
    assert everyone["suppressed"] is False
    white = next(row for row in rows if row["group"] == "white")
    assert white["suppressed"] is False


def grouped_reference(frame: pd.DataFrame, *, date_column: str, stratum: str | None, period_type: PeriodType):
    """The cells as a plain pandas groupby sees them: (period start, group text) for each row."""
    groups = "" if stratum is None else frame[stratum].astype(str)
    return frame.assign(_period=period_start(frame[date_column], period_type), _group=groups)


def mixed_frame(rows: int, *, seed: int) -> pd.DataFrame:
    """Requests over two years with a coded (categorical) and a text stratum, some days and groups missing."""
    rng = np.random.default_rng(seed)
    days = pd.Series(pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 730, rows), unit="D"))
    days[rng.random(rows) < 0.02] = pd.NaT
    language = pd.Series(rng.choice(["english", "spanish", "vietnamese", "tagalog"], rows)).astype("category")
    program = pd.Series(rng.choice(["adult_north", "adult_south", "children", "crisis"], rows), dtype=object)
    program[rng.random(rows) < 0.01] = None
    waits = pd.Series(rng.integers(0, 40, rows), dtype=float)
    waits[rng.random(rows) < 0.1] = float("nan")
    return pd.DataFrame(
        {
            "request_date": days,
            "language": language,
            "program": program,
            "met": rng.random(rows) < 0.7,
            "judged": rng.random(rows) < 0.9,
            "days": waits,
        }
    )


@pytest.mark.parametrize("period_type", list(PeriodType))
def test_percentages_count_every_period_and_group_as_a_groupby_would(period_type):
    frame = mixed_frame(5000, seed=1)

    rows = proportion_results(
        frame,
        measure="m",
        success=frame["met"],
        eligible=frame["judged"],
        date_column="request_date",
        period_types=[period_type],
        strata=["language", "program"],
    )

    expected = []
    for stratum in (None, "language", "program"):
        table = grouped_reference(frame, date_column="request_date", stratum=stratum, period_type=period_type)
        table = table[table["judged"]].assign(_x=lambda t: t["met"].astype(int), _n=1)
        for (period, group), counts in table.groupby(["_period", "_group"])[["_x", "_n"]].sum().iterrows():
            expected.append((stratum or "all", period.date(), group, counts["_x"], counts["_n"]))
    got = [(r["stratum"], r["period_start"], r["group"], r["numerator"], r["denominator"]) for r in rows]
    assert got == expected, "the same cells, counts and order"
    assert "nan" not in {row["group"] for row in rows}, "rows without a group are left out, as groupby drops them"


def test_waits_give_the_median_mean_and_percentile_pandas_gives_per_group():
    frame = mixed_frame(5000, seed=2)

    rows = wait_results(
        frame,
        measure="m",
        waits=frame["days"],
        date_column="request_date",
        period_types=[PeriodType.QUARTER],
        strata=["language", "program"],
    )

    expected = []
    for stratum in (None, "language", "program"):
        table = grouped_reference(frame, date_column="request_date", stratum=stratum, period_type=PeriodType.QUARTER)
        summary = (
            table.dropna(subset=["days"])
            .groupby(["_period", "_group"])["days"]
            .agg(n="count", median="median", mean="mean", p90=lambda values: values.quantile(0.9))
        )
        for (period, group), cell in summary.iterrows():
            expected.append(
                (stratum or "all", period.date(), group, cell["n"], cell["median"], cell["mean"], cell["p90"])
            )
    got = [
        (
            r["stratum"],
            r["period_start"],
            r["group"],
            r["numerator"],
            r["value"],
            r["details"]["mean"],
            r["details"]["p90"],
        )
        for r in rows
    ]
    assert got == expected, "exactly the same figures, not merely close ones"


def test_no_rows_give_no_results():
    frame = mixed_frame(0, seed=3)

    assert (
        proportion_results(
            frame,
            measure="m",
            success=frame["met"],
            eligible=frame["judged"],
            date_column="request_date",
            period_types=list(PeriodType),
            strata=["language"],
        )
        == []
    )
    assert (
        wait_results(
            frame,
            measure="m",
            waits=frame["days"],
            date_column="request_date",
            period_types=list(PeriodType),
            strata=["language"],
        )
        == []
    )


@pytest.mark.parametrize("period_type", list(PeriodType))
def test_clients_served_are_counted_once_per_period_and_group_and_amounts_summed(period_type):
    rng = np.random.default_rng(5)
    frame = mixed_frame(5000, seed=4).assign(client=rng.integers(1, 400, 5000), amount=rng.random(5000) * 300)
    # A group fixed for each client, and one that changes from service to service (language above).
    frame["region"] = pd.Series(np.array(["north", "south", "east"])[frame["client"] % 3]).astype("category")
    periods = period_start(frame["request_date"], period_type)

    usage = people_and_amounts(
        frame["request_date"],
        {"all": None, "language": frame["language"], "region": frame["region"]},
        period_types=[period_type],
        clients=frame["client"],
        amounts=frame["amount"],
    )

    for stratum in ("all", "language", "region"):
        groups = "" if stratum == "all" else frame[stratum].astype(str)
        expected = (
            frame.assign(period=periods, group=groups)
            .groupby(["period", "group"])
            .agg(people=("client", "nunique"), amount=("amount", "sum"))
            .reset_index()
        )
        got = usage[period_type, stratum]
        assert got["group"].tolist() == expected["group"].tolist()
        assert got["period"].tolist() == expected["period"].tolist()
        assert got["people"].tolist() == expected["people"].tolist()
        assert got["amount"].tolist() == expected["amount"].tolist(), "summed in the same order, to the last bit"
