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


def _result(
    measure: str,
    period_type: PeriodType,
    period,
    stratum: str,
    group: str,
    *,
    numerator: float,
    denominator: float,
    value: float | None,
    lower: float | None = None,
    upper: float | None = None,
    details: dict | None = None,
) -> dict:
    return {
        "measure": measure,
        "period_type": str(period_type),
        "period_start": pd.Timestamp(period).date(),
        "stratum": stratum,
        "group": group,
        "numerator": numerator,
        "denominator": denominator,
        "value": value,
        "lower": lower,
        "upper": upper,
        "details": details or {},
    }


class _Results:
    """Collects the tables of one measure and applies suppression to each, then to the totals."""

    def __init__(self):
        self.rows: list[dict] = []
        self.hidden_totals: set[tuple[str, object]] = set()

    def add_table(self, rows: list[dict], *, proportion: bool, counts: list[tuple[int, int]] | None = None) -> None:
        """Mark the rows of one table (one period and stratum).

        ``counts`` are the (numerator, denominator) suppression looks at, when they are not the
        rows' own (dollars rest on clients, not on dollars). The table of everyone (stratum
        ``all``) has no total beside it, so only the primary rule applies to it.
        """
        counts = counts or [(row["numerator"], row["denominator"]) for row in rows]
        decision = suppress_groups(
            [GroupCounts(row["group"] or ALL, x, n) for row, (x, n) in zip(rows, counts, strict=True)],
            proportion=proportion,
            total_shown=rows[0]["stratum"] != ALL,
        )
        for row in rows:
            reason = decision.hidden.get(row["group"] or ALL, "")
            row.update(suppressed=bool(reason), reason=str(reason))
        if decision.total_hidden:
            self.hidden_totals.add((rows[0]["period_type"], rows[0]["period_start"]))
        self.rows.extend(rows)

    def finish(self) -> list[dict]:
        for row in self.rows:
            if row["stratum"] == ALL and (row["period_type"], row["period_start"]) in self.hidden_totals:
                row.update(suppressed=True, reason="complementary")
        return self.rows


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
    results = _Results()
    for period_type, stratum, table in _tables(
        frame, date_column=date_column, period_types=period_types, strata=strata
    ):
        counts = table[table["_n"] == 1].groupby(["_period", "_group"])[["_x", "_n"]].sum()
        for period, block in counts.groupby(level="_period"):
            rows = []
            for (_period, group), (x, n) in block.iterrows():
                interval = stats.wilson_interval(int(x), int(n), confidence)
                rows.append(
                    _result(
                        measure,
                        period_type,
                        period,
                        stratum,
                        group,
                        numerator=int(x),
                        denominator=int(n),
                        value=100 * x / n,
                        lower=100 * interval.lower,
                        upper=100 * interval.upper,
                    )
                )
            results.add_table(rows, proportion=True)
    return results.finish()


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
    results = _Results()
    for period_type, stratum, table in _tables(
        frame, date_column=date_column, period_types=period_types, strata=strata
    ):
        summary = table.groupby(["_period", "_group"])["_wait"].agg(
            n="count", median="median", mean="mean", p90=lambda values: values.quantile(0.9)
        )
        for period, block in summary.groupby(level="_period"):
            rows = [
                _result(
                    measure,
                    period_type,
                    period,
                    stratum,
                    group,
                    numerator=int(summary_row["n"]),
                    denominator=int(summary_row["n"]),
                    value=float(summary_row["median"]),
                    details={"mean": float(summary_row["mean"]), "p90": float(summary_row["p90"])},
                )
                for (_period, group), summary_row in block.iterrows()
            ]
            results.add_table(rows, proportion=False)
    return results.finish()


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
    results = _Results()
    for stratum, table in tables:
        for period, block in table.groupby("period"):
            rows = []
            for record in block.itertuples(index=False):
                value = lower = upper = None
                if record.denominator > 0:
                    value = scale * record.numerator / record.denominator
                    if interval == "rate":
                        lower, upper = stats.rate_interval(record.numerator, record.denominator, multiplier=scale)
                rows.append(
                    _result(
                        measure,
                        period_type,
                        period,
                        stratum,
                        record.group,
                        numerator=float(record.numerator),
                        denominator=float(record.denominator),
                        value=value,
                        lower=lower,
                        upper=upper,
                        details={"clients": int(record.people)},
                    )
                )
            people = [(row["details"]["clients"],) * 2 for row in rows]
            results.add_table(rows, proportion=False, counts=people)
    return results.finish()
