"""The access funnel: requested, offered an appointment, reached a first service; and why the rest closed.

Two proportions over every request (``requests-offered`` and ``requests-first-service``) come from
:func:`measures.compute.aggregate.proportion_results` like any other measure. The closure reasons of
the requests that never reached a first service are counted per period for everyone and stored in the
``details`` of the everyone result of ``requests-first-service``, each with its suppression decision:
a reason of 1 to 10 requests is hidden, with complementary hiding against the total not served.
"""

import pandas as pd

from measures.suppression import GroupCounts, suppress_groups

from .aggregate import ALL
from .periods import period_start

STILL_OPEN = "open"


def closure_reason_counts(requests: pd.DataFrame, *, period_type: str) -> dict:
    """``{period start (Timestamp): {reason: {"count": n, "suppressed": bool}}}`` for the requests
    without a first service; a request with no closure reason is counted as still open."""
    unserved = requests[requests["first_rendered_date"].isna()]
    if unserved.empty:
        return {}
    reasons = unserved["closure_reason"].fillna("").astype(str).replace("", STILL_OPEN)
    periods = period_start(unserved["request_date"], period_type)
    counts = pd.DataFrame({"period": periods, "reason": reasons}).groupby(["period", "reason"]).size()
    out = {}
    for period, block in counts.groupby(level="period"):
        table = {reason: int(n) for (_period, reason), n in block.items()}
        decision = suppress_groups(
            [GroupCounts(reason, n, n) for reason, n in table.items()], proportion=False, total_shown=True
        )
        out[period] = {
            reason: {"count": n, "suppressed": decision.is_hidden(reason)} for reason, n in sorted(table.items())
        }
    return out


def attach_closure_reasons(rows: list[dict], requests: pd.DataFrame, period_types) -> None:
    """Put the closure reasons on the everyone rows of ``requests-first-service`` (in place)."""
    by_type = {
        str(period_type): closure_reason_counts(requests, period_type=period_type) for period_type in period_types
    }
    for row in rows:
        if row["stratum"] != ALL:
            continue
        reasons = by_type.get(row["period_type"], {}).get(pd.Timestamp(row["period_start"]))
        if reasons:
            row["details"] = {**row["details"], "closure_reasons": reasons}
