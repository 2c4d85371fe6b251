"""Follow-up after psychiatric hospitalization and readmission, discharge by discharge (MEASURES.md 2.2, 3.1).

The unit is a discharge, not a person. Follow-up counts a service by a mental health provider 1 to
7 (or 30) days after discharge: a visit on the discharge day does not count (HEDIS FUH). A new
admission on the discharge day or the next is a transfer; one 2 to 30 days later is a readmission.
A discharge too recent for its window to have passed by ``as_of`` cannot be judged yet.
"""

from datetime import date

import numpy as np
import pandas as pd

FOLLOW_UP_FACILITIES = ("acute_psychiatric_hospital", "psychiatric_health_facility")


def discharge_outcomes(stays: pd.DataFrame, services: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """One row per discharge with ``follow_up_7``, ``follow_up_30`` and ``readmitted_30`` (True/False/NaN = not yet)."""
    discharges = stays.dropna(subset=["discharge_date"]).copy()
    discharges["discharge_date"] = pd.to_datetime(discharges["discharge_date"])
    as_of = pd.Timestamp(as_of)

    visits = services[services["mental_health_provider"]][["client_id", "date"]].copy()
    visits["date"] = pd.to_datetime(visits["date"])
    paired = discharges[["stay_id", "client_id", "discharge_date"]].merge(visits, on="client_id")
    gap = (paired["date"] - paired["discharge_date"]).dt.days
    first_follow_up = paired[gap >= 1].assign(gap=gap[gap >= 1]).groupby("stay_id")["gap"].min()

    admissions = stays[["client_id", "admit_date"]].copy()
    admissions["admit_date"] = pd.to_datetime(admissions["admit_date"])
    readmits = discharges[["stay_id", "client_id", "discharge_date"]].merge(admissions, on="client_id")
    readmit_gap = (readmits["admit_date"] - readmits["discharge_date"]).dt.days
    readmitted = set(readmits.loc[(readmit_gap >= 2) & (readmit_gap <= 30), "stay_id"])

    days_since = (as_of - discharges["discharge_date"]).dt.days
    follow_up_gap = discharges["stay_id"].map(first_follow_up)
    for window in (7, 30):
        judged = days_since >= window
        discharges[f"follow_up_{window}"] = np.where(judged, follow_up_gap.le(window), np.nan)
    discharges["readmitted_30"] = np.where(days_since >= 30, discharges["stay_id"].isin(readmitted), np.nan)
    return discharges
