"""Each group against its stratum's reference group, and summary disparity across the groups.

Pure functions over the result dicts of :mod:`measures.compute.aggregate`, after suppression
(METHODS.md 2.3 and 2.4; PRODUCT.md 5.3):

- **Reference group**: per stratum, the group a measure names, or the largest group (the
  default), or the best-performing one. Only a group the public may see can be the reference, so
  that no comparison rests on a hidden count; when the named group is hidden or absent the largest
  shown group stands in, and the rule says so.
- **Pair comparisons**, stored in the row's ``details["vs_reference"]``:
  proportions: risk ratio with Katz's log interval and the difference in percentage points with
  Newcombe's hybrid score interval (method 10); rates (clients per average monthly eligibles):
  rate ratio, Wald on the log scale from 10 events in both groups and the exact conditional
  interval below that, and the rate difference with its Wald interval (Rothman); waits and
  dollars: the difference in value only, with no interval (no published interval for a difference
  of medians from these summaries). A row that is hidden keeps its comparison for internal views;
  public views hide the whole row.
- **Summary indices** over the groups shown publicly (so none can reveal a hidden group): the
  index of disparity (unweighted, against the population-weighted mean, ×100), between-group
  variance (in the squared unit of the measure), Theil and mean log deviation (×1000, as WHO HEAT
  publishes them) and the ratio of the highest to the lowest value.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from measures import stats

from .aggregate import ALL

PROPORTION = "proportion"
RATE = "rate"
DIFFERENCE = "difference"
ComparisonKind = Literal["proportion", "rate", "difference"]

LARGEST = "largest"
BEST = "best"
EXACT_BELOW = 10


@dataclass(frozen=True)
class ComparisonSpec:
    """How one measure's groups are compared.

    ``scale`` turns a stored value back into the statistic's unit (100 for percentages and rates per
    100); ``lower_is_better`` is None for a measure with no better direction; ``references`` maps a
    stratum to "largest", "best" or a group's code.
    """

    kind: ComparisonKind
    scale: float = 100.0
    lower_is_better: bool | None = None
    references: dict[str, str] | None = None

    def rule(self, stratum: str) -> str:
        return (self.references or {}).get(stratum) or LARGEST


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _triple(estimate) -> list[float | None]:
    return [_finite(estimate.estimate), _finite(estimate.lower), _finite(estimate.upper)]


def _scaled(estimate, scale: float) -> list[float | None]:
    return [None if part is None else part * scale for part in _triple(estimate)]


def _comparable(row: dict) -> bool:
    return not row["suppressed"] and row["value"] is not None and row["denominator"] > 0


def choose_reference(rows: list[dict], *, rule: str, lower_is_better: bool | None) -> tuple[dict | None, str]:
    """The reference row of one table and the rule that chose it (``"named"``, ``"largest"``, ``"best"``,
    or ``"largest (named group hidden)"``); ``(None, rule)`` when no group can be shown."""
    shown = [row for row in rows if _comparable(row)]
    if not shown:
        return None, rule

    def largest() -> dict:
        return max(shown, key=lambda row: (row["denominator"], row["group"]))

    if rule == LARGEST:
        return largest(), LARGEST
    if rule == BEST:
        if lower_is_better is None:
            return largest(), LARGEST
        pick = min if lower_is_better else max
        return pick(shown, key=lambda row: row["value"]), BEST
    named = next((row for row in shown if row["group"] == rule), None)
    if named is not None:
        return named, "named"
    return largest(), "largest (named group hidden)"


def compare_pair(row: dict, reference: dict, *, kind: ComparisonKind, scale: float) -> dict:
    """One group against the reference: ``{"ratio": [estimate, lower, upper] | None,
    "difference": [estimate, lower, upper]}`` in the measure's stored unit (the difference) or as
    a plain ratio."""
    x, n = row["numerator"], row["denominator"]
    x_ref, n_ref = reference["numerator"], reference["denominator"]
    if kind == PROPORTION:
        x, n, x_ref, n_ref = round(x), round(n), round(x_ref), round(n_ref)
        return {
            "ratio": _triple(stats.risk_ratio(x, n, x_ref, n_ref)),
            "difference": _scaled(stats.proportion_difference(x, n, x_ref, n_ref), scale),
        }
    if kind == RATE:
        method = "wald" if min(x, x_ref) >= EXACT_BELOW else "exact"
        return {
            "ratio": _triple(stats.rate_ratio(x, n, x_ref, n_ref, method=method)),
            "difference": _scaled(stats.rate_difference(x, n, x_ref, n_ref), scale),
        }
    return {"ratio": None, "difference": [row["value"] - reference["value"], None, None]}


def _verdict(comparison: dict, *, lower_is_better: bool | None) -> str:
    """ "worse", "better" or "similar" from the difference's interval; "no test" without one."""
    estimate, lower, upper = comparison["difference"]
    if lower is None or upper is None or estimate is None:
        return "no_test"
    if lower <= 0 <= upper or lower_is_better is None:
        return "similar" if lower <= 0 <= upper else "different"
    higher = lower > 0
    return "worse" if higher == lower_is_better else "better"


def summary_indices(rows: list[dict]) -> dict | None:
    """The summary indices over the shown groups of one table; None with fewer than two."""
    shown = [row for row in rows if _comparable(row)]
    if len(shown) < 2:
        return None
    rates = [row["value"] for row in shown]
    shares = [row["denominator"] for row in shown]
    positive = all(rate > 0 for rate in rates)
    lowest = min(rates)
    return {
        "groups": len(shown),
        "index_of_disparity": _finite(stats.index_of_disparity(rates, shares).estimate) if sum(rates) else None,
        "between_group_variance": _finite(stats.between_group_variance(rates, shares).estimate),
        "theil": _finite(stats.theil_index(rates, shares, scale=1000).estimate) if positive else None,
        "mean_log_deviation": _finite(stats.mean_log_deviation(rates, shares, scale=1000).estimate)
        if positive
        else None,
        "range_ratio": max(rates) / lowest if lowest > 0 else None,
    }


def compare_groups(rows: list[dict], spec: ComparisonSpec) -> list[dict]:
    """Add each group's comparison with its reference to ``rows`` (in place) and return the summary
    rows, one per period and stratum with two or more groups shown.

    ``rows`` are one measure's results. The row chosen as reference gets
    ``details["reference_rule"]``; every other row of a stratum gets ``details["vs_reference"]``
    with the reference's group, the ratio, the difference and a verdict against the measure's
    direction.
    """
    tables: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        if row["stratum"] != ALL:
            tables[(row["period_type"], row["period_start"], row["stratum"])].append(row)
    summaries = []
    for (period_type, period, stratum), table in tables.items():
        reference, rule = choose_reference(table, rule=spec.rule(stratum), lower_is_better=spec.lower_is_better)
        if reference is None:
            continue
        reference["details"] = {**reference["details"], "reference_rule": rule}
        for row in table:
            if row is reference or row["value"] is None or row["denominator"] <= 0:
                continue
            comparison = compare_pair(row, reference, kind=spec.kind, scale=spec.scale)
            comparison["reference"] = reference["group"]
            comparison["verdict"] = _verdict(comparison, lower_is_better=spec.lower_is_better)
            row["details"] = {**row["details"], "vs_reference": comparison}
        indices = summary_indices(table)
        if indices is not None:
            summaries.append(
                {
                    "period_type": period_type,
                    "period_start": period,
                    "stratum": stratum,
                    "reference_group": reference["group"],
                    "reference_rule": rule,
                    **indices,
                }
            )
    return summaries
