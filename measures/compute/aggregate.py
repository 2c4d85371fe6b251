"""From rows to results: per period and per group, with intervals and small-cell suppression.

Each result is a plain dict ready to be stored: the measure, the period, the stratum and group
(``"all"``/``""`` for everyone), numerator, denominator, value, interval, and whether the public
view must hide it (``suppressed``, with the reason). Internal views may show hidden values with a
banner; nothing else leaves the statistics layer without passing through here.
"""

from collections.abc import Iterable

import pandas as pd

from measures import stats
from measures.suppression import GroupCounts, suppress_groups

from .periods import PeriodType, period_start

ALL = "all"


def _tables(frame: pd.DataFrame, *, date_column: str, period_types: Iterable[PeriodType], strata: Iterable[str]):
    """Yield (period type, stratum, grouped frame) for everyone and for each stratum."""
    for period_type in period_types:
        periods = period_start(frame[date_column], period_type)
        yield period_type, ALL, frame.assign(_period=periods, _group="")
        for stratum in strata:
            yield period_type, stratum, frame.assign(_period=periods, _group=frame[stratum].astype(str))


def _suppress(rows: list[dict], *, proportion: bool) -> bool:
    """Mark the rows of one table (one period and stratum); return whether its total must be hidden too.

    The table of everyone (stratum ``all``) has one row and no total beside it, so only the
    primary rule applies to it.
    """
    decision = suppress_groups(
        [GroupCounts(row["group"] or ALL, row["numerator"], row["denominator"]) for row in rows],
        proportion=proportion,
        total_shown=rows[0]["stratum"] != ALL,
    )
    for row in rows:
        reason = decision.hidden.get(row["group"] or ALL, "")
        row.update(suppressed=bool(reason), reason=str(reason))
    return decision.total_hidden


def _hide_totals(results: list[dict], totals: set[tuple[str, object]]) -> None:
    for row in results:
        if row["stratum"] == ALL and (row["period_type"], row["period_start"]) in totals:
            row.update(suppressed=True, reason="complementary")


def proportion_results(
    frame: pd.DataFrame,
    *,
    measure: str,
    success: pd.Series,
    eligible: pd.Series,
    date_column: str,
    period_types: Iterable[PeriodType],
    strata: Iterable[str],
    confidence: float = 0.95,
) -> list[dict]:
    """Percentages with Wilson intervals: ``success`` out of ``eligible`` rows, per period and group."""
    frame = frame.assign(_x=success.astype(int), _n=eligible.astype(int))
    results = []
    hidden_totals: set[tuple[str, object]] = set()
    for period_type, stratum, table in _tables(
        frame, date_column=date_column, period_types=period_types, strata=strata
    ):
        counts = table[table["_n"] == 1].groupby(["_period", "_group"])[["_x", "_n"]].sum()
        for period, block in counts.groupby(level="_period"):
            rows = []
            for (_period, group), (x, n) in block.iterrows():
                interval = stats.wilson_interval(int(x), int(n), confidence)
                rows.append(
                    {
                        "measure": measure,
                        "period_type": str(period_type),
                        "period_start": pd.Timestamp(period).date(),
                        "stratum": stratum,
                        "group": group,
                        "numerator": int(x),
                        "denominator": int(n),
                        "value": 100 * x / n,
                        "lower": 100 * interval.lower,
                        "upper": 100 * interval.upper,
                    }
                )
            if _suppress(rows, proportion=True):
                hidden_totals.add((rows[0]["period_type"], rows[0]["period_start"]))
            results.extend(rows)
    _hide_totals(results, hidden_totals)
    return results


def wait_results(
    frame: pd.DataFrame,
    *,
    measure: str,
    waits: pd.Series,
    date_column: str,
    period_types: Iterable[PeriodType],
    strata: Iterable[str],
) -> list[dict]:
    """Median waits (with mean and 90th percentile, linear type 7) per period and group.

    The numerator and denominator are both the number of waits measured; a group measured fewer
    than 11 times is hidden, with complementary groups as for counts.
    """
    frame = frame.assign(_wait=waits).dropna(subset=["_wait"])
    results = []
    hidden_totals: set[tuple[str, object]] = set()
    for period_type, stratum, table in _tables(
        frame, date_column=date_column, period_types=period_types, strata=strata
    ):
        summary = table.groupby(["_period", "_group"])["_wait"].agg(
            n="count", median="median", mean="mean", p90=lambda values: values.quantile(0.9)
        )
        for period, block in summary.groupby(level="_period"):
            rows = [
                {
                    "measure": measure,
                    "period_type": str(period_type),
                    "period_start": pd.Timestamp(period).date(),
                    "stratum": stratum,
                    "group": group,
                    "numerator": int(stats_row["n"]),
                    "denominator": int(stats_row["n"]),
                    "value": float(stats_row["median"]),
                    "lower": None,
                    "upper": None,
                    "details": {"mean": float(stats_row["mean"]), "p90": float(stats_row["p90"])},
                }
                for (_period, group), stats_row in block.iterrows()
            ]
            if _suppress(rows, proportion=False):
                hidden_totals.add((rows[0]["period_type"], rows[0]["period_start"]))
            results.extend(rows)
    _hide_totals(results, hidden_totals)
    return results


def ratio_results(
    tables: Iterable[tuple[str, pd.DataFrame]],
    *,
    measure: str,
    scale: float,
    interval: str | None,
    period_type: PeriodType,
) -> list[dict]:
    """Results from ready-made sums, one table per stratum (``all`` first).

    Each table has ``period``, ``group``, ``people``, ``numerator`` and ``denominator``. ``people``
    is how many clients a value rests on, which is what suppression counts; the value is
    numerator ÷ denominator × ``scale``, with an exact/Byar interval when ``interval == "rate"``.
    """
    results = []
    hidden_totals: set[tuple[str, object]] = set()
    for stratum, table in tables:
        for period, block in table.groupby("period"):
            rows = []
            for record in block.itertuples(index=False):
                value = lower = upper = None
                if record.denominator > 0:
                    value = scale * record.numerator / record.denominator
                    if interval == "rate":
                        bounds = stats.rate_interval(record.numerator, record.denominator, multiplier=scale)
                        lower, upper = bounds.lower, bounds.upper
                rows.append(
                    {
                        "measure": measure,
                        "period_type": str(period_type),
                        "period_start": pd.Timestamp(period).date(),
                        "stratum": stratum,
                        "group": record.group,
                        "numerator": float(record.numerator),
                        "denominator": float(record.denominator),
                        "value": value,
                        "lower": lower,
                        "upper": upper,
                        "details": {"clients": int(record.people)},
                    }
                )
            counted = [
                dict(row, numerator=row["details"]["clients"], denominator=row["details"]["clients"]) for row in rows
            ]
            if _suppress(counted, proportion=False):
                hidden_totals.add((rows[0]["period_type"], rows[0]["period_start"]))
            for row, decided in zip(rows, counted, strict=True):
                row.update(suppressed=decided["suppressed"], reason=decided["reason"])
            results.extend(rows)
    _hide_totals(results, hidden_totals)
    return results
