"""Timeliness of first offers, request by request (MEASURES.md section 1; the measure pages say the same).

Input: one row per access request with ``request_datetime`` and ``first_offered_datetime`` (UTC),
``request_date`` (the county's local date, day 0), ``offered_date`` (local date of the offer),
``first_rendered_date``, ``urgency``, ``prior_auth_required`` and ``service_line``. Output: the
same rows with the wait in business days (or hours for urgent requests) and whether each request
met its standard, was late, or cannot be judged yet.

A request never offered is late once its standard's time has passed by ``as_of`` (the last day
the data cover) and is left out while it is still within it.
"""

from datetime import date

import numpy as np
import pandas as pd

from measures.calendar import BusinessCalendar

ROUTINE_STANDARD_DAYS = {"non_psychiatry": 10, "psychiatry": 15}
URGENT_HOURS = 48
URGENT_HOURS_WITH_PRIOR_AUTH = 96

MET = "met"
LATE = "late"
PENDING = "pending"


def request_waits(requests: pd.DataFrame, *, calendar: BusinessCalendar, as_of: date) -> pd.DataFrame:
    out = requests.copy()
    routine = out["urgency"] == "routine"
    urgent = out["urgency"] == "urgent"
    offered = out["offered_date"].notna()
    rendered = out["first_rendered_date"].notna()

    request_days = _days(out["request_date"])
    out["days_to_offer"] = np.nan
    out.loc[offered, "days_to_offer"] = calendar.days_waited(
        request_days[offered.to_numpy()], _days(out.loc[offered, "offered_date"])
    )
    out["days_to_service"] = np.nan
    out.loc[rendered, "days_to_service"] = calendar.days_waited(
        request_days[rendered.to_numpy()], _days(out.loc[rendered, "first_rendered_date"])
    )
    out["hours_to_offer"] = (out["first_offered_datetime"] - out["request_datetime"]).dt.total_seconds() / 3600

    standard_days = out["service_line"].map(ROUTINE_STANDARD_DAYS)
    standard_hours = np.where(out["prior_auth_required"], URGENT_HOURS_WITH_PRIOR_AUTH, URGENT_HOURS)
    out["status"] = PENDING

    routine_met = routine & offered & (out["days_to_offer"] <= standard_days)
    routine_late_offer = routine & offered & (out["days_to_offer"] > standard_days)
    as_of_day = np.datetime64(as_of, "D")
    routine_waited_so_far = pd.Series(calendar.days_waited(request_days, np.full(len(out), as_of_day)), index=out.index)
    routine_overdue = routine & ~offered & (routine_waited_so_far > standard_days)
    out.loc[routine_met, "status"] = MET
    out.loc[routine_late_offer | routine_overdue, "status"] = LATE

    as_of_end = pd.Timestamp(as_of, tz="UTC") + pd.Timedelta(days=1)
    hours_so_far = (as_of_end - out["request_datetime"]).dt.total_seconds() / 3600
    urgent_met = urgent & offered & (out["hours_to_offer"] <= standard_hours)
    urgent_late = urgent & (
        (offered & (out["hours_to_offer"] > standard_hours)) | (~offered & (hours_so_far > standard_hours))
    )
    out.loc[urgent_met, "status"] = MET
    out.loc[urgent_late, "status"] = LATE
    return out


def _days(dates: pd.Series) -> np.ndarray:
    """Calendar days as ``datetime64[D]``: pandas converts a column of dates far faster than numpy does."""
    return pd.to_datetime(dates).to_numpy().astype("datetime64[D]")
