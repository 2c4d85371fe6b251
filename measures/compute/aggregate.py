"""From rows to results: per period and per group, with intervals and small-cell suppression.

Each result is a plain dict ready to be stored: the measure, the period, the stratum and group
(``"all"``/``""`` for everyone), numerator, denominator, value, interval, and whether the public
view must hide it (``suppressed``, with the reason). Internal views may show hidden values with a
banner; nothing else leaves the statistics layer without passing through here.
"""

from collections.abc import Iterable

import numpy as np
import pandas as pd

from measures import stats
from measures.suppression import GroupCounts, suppress_groups

from .periods import PeriodType, period_start

ALL = "all"


class _Keys:
    """Rows numbered by their (period, group) cell, cells in the order of period, then group name.

    ``cell`` holds each row's cell number (−1 for a row without a period or group); ``periods``
    and ``groups`` give each cell's period start and group name. Grouping on these small integers
    instead of on a copy of the frame with string columns keeps memory and time proportional to the
    rows once, not once per period type and stratum.
    """

    def __init__(self, periods: tuple[np.ndarray, np.ndarray], groups: tuple[np.ndarray, np.ndarray] | None):
        period_codes, period_values = periods
        if groups is None:
            group_codes, group_names = np.zeros(len(period_codes), dtype=np.int64), np.array([""], dtype=object)
        else:
            group_codes, group_names = groups
        size = max(len(group_names), 1)
        self.cell = np.where((period_codes >= 0) & (group_codes >= 0), period_codes * size + group_codes, -1)
        cells = np.arange(len(period_values) * size)
        self.periods = np.asarray(period_values)[cells // size] if len(cells) else np.array([])
        self.groups = group_names[cells % size] if len(cells) else np.array([], dtype=object)
        self.cells = len(cells)

    def blocks(self, present: np.ndarray):
        """(period, cell numbers) for each period with a present cell, in order."""
        cells = np.flatnonzero(present)
        if not len(cells):
            return
        periods = self.periods[cells]
        starts = np.flatnonzero(np.r_[True, periods[1:] != periods[:-1]])
        for first, last in zip(starts, [*starts[1:], len(cells)], strict=True):
            yield periods[first], cells[first:last]


def _period_codes(dates: pd.Series, period_types: Iterable[PeriodType]) -> dict[PeriodType, tuple]:
    """Each row's period as a number, periods numbered in date order (−1: no period), per period type.

    The periods are those of ``period_start``, worked out once per distinct day.
    """
    day_codes, days = pd.factorize(pd.Series(pd.to_datetime(dates)), use_na_sentinel=True)
    day_codes = np.asarray(day_codes, dtype=np.int64)
    codes = {}
    for period_type in period_types:
        period_of_day, periods = pd.factorize(period_start(pd.Series(days), period_type), sort=True)
        period_of_day = np.append(np.asarray(period_of_day, dtype=np.int64), -1)  # index −1: no day
        codes[period_type] = (period_of_day[day_codes], np.asarray(periods))
    return codes


def _group_codes(groups: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's group as a number, groups numbered in the order of their names (−1: no group).

    Groups are compared by their text, as they are stored.
    """
    if isinstance(groups.dtype, pd.CategoricalDtype):  # already numbered
        codes, uniques = groups.cat.codes.to_numpy(), groups.cat.categories
    else:
        codes, uniques = pd.factorize(groups, use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.int64)
    names, inverse = np.unique(np.array([str(value) for value in uniques], dtype=object), return_inverse=True)
    if len(names):
        codes = np.where(codes >= 0, np.asarray(inverse, dtype=np.int64)[codes], -1)
    return codes, names


def _by_cell(values: np.ndarray, cells: np.ndarray, size: int):
    """``pd.Series(values).groupby(cells)``, cells in order, without hashing the cell numbers again."""
    cells = pd.Categorical.from_codes(cells, categories=pd.RangeIndex(size))
    return pd.Series(values, copy=False).groupby(cells, observed=True)


def _tables(frame: pd.DataFrame, *, date_column: str, period_types: Iterable[PeriodType], strata: Iterable[str]):
    """Yield (period type, stratum, keys) for everyone and for each stratum."""
    groups = {stratum: _group_codes(frame[stratum]) for stratum in strata}
    for period_type, periods in _period_codes(frame[date_column], period_types).items():
        yield period_type, ALL, _Keys(periods, None)
        for stratum, codes in groups.items():
            yield period_type, stratum, _Keys(periods, codes)


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
    eligible = eligible.astype(int).to_numpy() == 1
    success = success.astype(int).to_numpy()
    results = _Results()
    for period_type, stratum, keys in _tables(frame, date_column=date_column, period_types=period_types, strata=strata):
        counted = eligible & (keys.cell >= 0)
        cells = keys.cell[counted]
        numerators = np.bincount(cells, weights=success[counted], minlength=keys.cells).astype(np.int64)
        denominators = np.bincount(cells, minlength=keys.cells)
        for period, block in keys.blocks(denominators > 0):
            rows = []
            for cell in block:
                x, n = int(numerators[cell]), int(denominators[cell])
                interval = stats.wilson_interval(x, n, confidence)
                rows.append(
                    _result(
                        measure,
                        period_type,
                        period,
                        stratum,
                        keys.groups[cell],
                        numerator=x,
                        denominator=n,
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
    """Median waits (with mean, quartiles, Tukey whiskers and 90th percentile, linear type 7) per
    period and group.

    The numerator and denominator are both the number of waits measured; a group measured fewer
    than 11 times is hidden, with complementary groups as for counts.
    """
    waits = waits.to_numpy(dtype=float)
    measured = ~np.isnan(waits)
    results = _Results()
    for period_type, stratum, keys in _tables(frame, date_column=date_column, period_types=period_types, strata=strata):
        counted = measured & (keys.cell >= 0)
        cells, values = keys.cell[counted], waits[counted]
        # The same reductions as a groupby over the rows in their order; the 90th percentile as
        # Series.quantile takes it (numpy, linear), on each cell's waits.
        summary = _by_cell(values, cells, keys.cells).agg(["count", "median", "mean"])
        counts, medians, means, p90 = (np.zeros(keys.cells) for _statistic in range(4))
        cells_measured = summary.index.to_numpy()
        counts[cells_measured] = summary["count"].to_numpy()
        medians[cells_measured] = summary["median"].to_numpy()
        means[cells_measured] = summary["mean"].to_numpy()
        order = np.argsort(cells, kind="stable")
        bounds = np.searchsorted(cells[order], cells_measured)
        ends = np.append(bounds[1:], len(order))[: len(bounds)]
        # Quartiles and Tukey's whiskers (the furthest waits within 1.5 IQR of the box) for box plots.
        q1, q3, low, high = (np.zeros(keys.cells) for _statistic in range(4))
        for cell, first, last in zip(cells_measured, bounds, ends, strict=True):
            cell_waits = values[order[first:last]]
            p90[cell], q1[cell], q3[cell] = np.quantile(cell_waits, [0.9, 0.25, 0.75])
            reach = 1.5 * (q3[cell] - q1[cell])
            low[cell] = cell_waits[cell_waits >= q1[cell] - reach].min()
            high[cell] = cell_waits[cell_waits <= q3[cell] + reach].max()
        for period, block in keys.blocks(counts > 0):
            rows = [
                _result(
                    measure,
                    period_type,
                    period,
                    stratum,
                    keys.groups[cell],
                    numerator=int(counts[cell]),
                    denominator=int(counts[cell]),
                    value=float(medians[cell]),
                    details={
                        "mean": float(means[cell]),
                        "p90": float(p90[cell]),
                        "q1": float(q1[cell]),
                        "q3": float(q3[cell]),
                        "lower_fence": float(low[cell]),
                        "upper_fence": float(high[cell]),
                    },
                )
                for cell in block
            ]
            results.add_table(rows, proportion=False)
    return results.finish()


def people_and_amounts(
    dates: pd.Series,
    groups: dict[str, pd.Series | None],
    *,
    period_types: Iterable[PeriodType],
    clients: pd.Series,
    amounts: pd.Series,
) -> dict[tuple[PeriodType, str], pd.DataFrame]:
    """Clients served and amounts summed per period and group, for each period type and stratum.

    ``groups`` maps a stratum to each row's group (``None``: everyone, group ``""``). Each frame
    has ``period``, ``group``, ``people`` (distinct clients) and ``amount``, one row per period and
    group with any rows, ordered by period and group, as
    ``groupby(["period", group]).agg(people=("client", "nunique"), amount=("amount", "sum"))``
    with the period from ``period_start(dates, period_type)``.
    """
    ids = clients.to_numpy(dtype=np.int64)
    values = amounts.to_numpy(dtype=float)
    span = int(ids.max()) + 1 if len(ids) else 1
    codes = {stratum: None if column is None else _group_codes(column) for stratum, column in groups.items()}
    tables = {}
    for period_type, period_codes in _period_codes(dates, period_types).items():
        # Each row's (period, client) pair, numbered once for every stratum.
        pair_of_row, pairs = pd.factorize(np.where(period_codes[0] >= 0, period_codes[0] * span + ids, -1))
        for stratum, group_codes in codes.items():
            tables[period_type, stratum] = _usage(period_codes, group_codes, pair_of_row, len(pairs), values)
    return tables


def _usage(period_codes, group_codes, pair_of_row: np.ndarray, pairs: int, values: np.ndarray) -> pd.DataFrame:
    keys = _Keys(period_codes, group_codes)
    kept = keys.cell >= 0
    # The same summation as that groupby (pandas' grouped sum over the rows in their order).
    amount = _by_cell(values[kept], keys.cell[kept], keys.cells).sum()
    # A client is counted once in a cell. Where each (period, client) pair lies in one cell (the
    # client's group does not change within the period), counting pairs is enough.
    cell_of_pair = np.full(pairs, -1, dtype=np.int64)
    cell_of_pair[pair_of_row] = keys.cell
    if (cell_of_pair[pair_of_row] == keys.cell).all():
        people = np.bincount(cell_of_pair[cell_of_pair >= 0], minlength=keys.cells)
    else:
        distinct = pd.unique(keys.cell[kept] * pairs + pair_of_row[kept])
        people = np.bincount(distinct // pairs, minlength=keys.cells)
    present = amount.index.to_numpy()
    return pd.DataFrame(
        {
            "period": keys.periods[present],
            "group": keys.groups[present],
            "people": people[present],
            "amount": amount.to_numpy(),
        }
    )


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
    is how many clients a value rests on, which is what suppression counts unless the table has a
    ``guard`` column (a smaller count the value also rests on, such as a per-capita figure's
    eligible members); the value is numerator ÷ denominator × ``scale``, with an exact/Byar
    interval when ``interval == "rate"``.
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
            guards = block["guard"] if "guard" in block.columns else block["people"]
            results.add_table(rows, proportion=False, counts=[(int(count),) * 2 for count in guards])
    return results.finish()
