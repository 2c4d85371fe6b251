"""Follow-up after psychiatric hospitalization and readmission, discharge by discharge (MEASURES.md 2.2, 3.1).

**Episodes.** Both measures are about psychiatric inpatient care: stays in an acute psychiatric
hospital or a psychiatric health facility (``FOLLOW_UP_FACILITIES``). A client's psychiatric stays
are chained into episodes: a stay admitted on the day another was discharged, or the next day (or
while it was still open), is a transfer, and the stays are one episode, from the first admission to
the last discharge (MEASURES.md 2.2, [P]). The episode's final discharge is the only discharge it
has: a transferred-from stay is neither an index discharge nor followed by a readmission, and its
follow-up clock never starts.

**Crisis residential.** A crisis residential stay (any stay in the file that is not psychiatric
inpatient) is neither an index discharge nor a readmission, and it neither links psychiatric stays
into one episode nor splits one. MEASURES.md defines both measures over psychiatric inpatient
discharges and admissions only; crisis residential is a lower level of care, the step-down the DHCS
dashboard's "time to step-down" counts, so a hospital → crisis residential → hospital sequence is a
readmission when the second admission comes 2 to 30 days after the first discharge (the step-down
did not prevent it), and it is not hidden as a transfer.

**County measures.** Follow-up counts a service by a mental health provider 1 to 7 (or 30) days
after the episode's discharge: a visit on the discharge day does not count (as HEDIS FUH). A
readmission is a new psychiatric episode admitted 2 to 30 days after the discharge.

**HEDIS FUH variant** (NCQA, MEASURES.md 3.1): the same follow-up, for members 6 and over on the
discharge date, counting only the last discharge when a psychiatric readmission follows within the
30-day follow-up period (the readmission's own discharge is judged instead), and leaving out a
discharge followed within those 30 days by an admission to a nonacute setting (crisis residential)
whatever its diagnosis, as NCQA excludes nonacute readmissions and direct transfers.

A discharge too recent for its window to have passed by ``as_of`` cannot be judged yet; for the
HEDIS variant that window is 30 days for both rates, since only then is it known to be a last
discharge (HEDIS counts discharges to 1 December of its year for the same reason).
"""

from datetime import date

import numpy as np
import pandas as pd

FOLLOW_UP_FACILITIES = ("acute_psychiatric_hospital", "psychiatric_health_facility")
#: An admission this many days after a discharge (or fewer) continues the same episode.
TRANSFER_DAYS = 1
READMISSION_DAYS = 30
#: HEDIS FUH counts members of this age and over on the discharge date.
FUH_MINIMUM_AGE = 6
_EPOCH = pd.Timestamp("1970-01-01")


def _day_numbers(days: pd.Series) -> pd.Series:
    """Dates as whole days since 1970 (float, NaN where missing), so gaps are plain subtraction."""
    return (pd.to_datetime(days) - _EPOCH).dt.days.astype(float)


def psychiatric_episodes(stays: pd.DataFrame) -> pd.DataFrame:
    """The psychiatric inpatient stays of ``stays`` chained into episodes, one row per episode.

    Each row is the stay that ends the episode (its ``stay_id``, facility and every other column),
    with ``admit_date`` the episode's first admission, ``discharge_date`` its last discharge (missing
    while a stay in it is open) and ``episode_stays`` the number of stays chained. Stays overlapping
    an earlier one of the client belong to its episode.
    """
    psychiatric = stays[stays["facility_type"].isin(FOLLOW_UP_FACILITIES)].reset_index(drop=True)
    admit = _day_numbers(psychiatric["admit_date"])
    # An open stay reaches every later day: whatever follows it belongs to its episode.
    end = _day_numbers(psychiatric["discharge_date"]).fillna(np.inf)
    order = np.lexsort((end.to_numpy(), admit.to_numpy(), psychiatric["client_id"].to_numpy()))
    psychiatric, admit, end = (part.iloc[order].reset_index(drop=True) for part in (psychiatric, admit, end))
    clients = psychiatric["client_id"]
    reached = end.groupby(clients).cummax().groupby(clients).shift()  # the latest day the earlier stays reach
    starts = ~(admit <= reached + TRANSFER_DAYS)  # a client's first stay compares with NaN: it starts one
    episode = starts.cumsum()
    first_admit = psychiatric["admit_date"].groupby(episode).transform("min")
    stays_in = episode.map(episode.value_counts())
    # The stay that ends the episode: the latest discharge (an open stay last of all), then the latest admission.
    ending = pd.DataFrame({"episode": episode, "end": end, "admit": admit}).sort_values(
        ["episode", "end", "admit"], kind="stable"
    )
    last = ending.groupby("episode").tail(1).index
    return psychiatric.loc[last].assign(admit_date=first_admit[last], episode_stays=stays_in[last])


def discharge_outcomes(stays: pd.DataFrame, services: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """One row per psychiatric episode discharge, with its outcomes (True/False, NaN = not judged).

    ``stays``: ``stay_id``, ``client_id``, ``admit_date``, ``discharge_date`` (missing while open),
    ``facility_type`` and ``age_at_discharge`` (the age on the discharge date, NaN when unknown),
    plus any strata, which are carried along. ``services``: ``client_id``, ``date``,
    ``mental_health_provider``. The rows are those of ``psychiatric_episodes`` that have a discharge,
    with ``follow_up_7``, ``follow_up_30``, ``readmitted_30`` (county measures) and
    ``fuh_follow_up_7``, ``fuh_follow_up_30`` (HEDIS FUH variant: NaN also for a discharge outside
    its denominator).
    """
    episodes = psychiatric_episodes(stays)
    discharges = episodes.dropna(subset=["discharge_date"]).reset_index(drop=True)
    discharges["discharge_date"] = pd.to_datetime(discharges["discharge_date"])
    discharge_day = _day_numbers(discharges["discharge_date"])
    ends = discharges[["stay_id", "client_id"]].assign(discharge_day=discharge_day)

    visits = services[services["mental_health_provider"]][["client_id", "date"]]
    paired = ends.merge(visits.assign(day=_day_numbers(visits["date"])), on="client_id")
    after = paired[paired["day"] > paired["discharge_day"]]  # a visit on the discharge day does not count
    first_follow_up = (after["day"] - after["discharge_day"]).groupby(after["stay_id"]).min()
    follow_up_gap = discharges["stay_id"].map(first_follow_up)

    readmitted = _followed_within(ends, episodes, first_day=TRANSFER_DAYS + 1)
    nonacute = stays[~stays["facility_type"].isin(FOLLOW_UP_FACILITIES)]
    to_nonacute = _followed_within(ends, nonacute, first_day=0)

    days_since = (pd.Timestamp(as_of) - discharges["discharge_date"]).dt.days
    settled = days_since >= READMISSION_DAYS
    fuh_index = (discharges["age_at_discharge"] >= FUH_MINIMUM_AGE) & ~readmitted & ~to_nonacute
    for window in (7, 30):
        discharges[f"follow_up_{window}"] = np.where(days_since >= window, follow_up_gap.le(window), np.nan)
        discharges[f"fuh_follow_up_{window}"] = np.where(settled & fuh_index, follow_up_gap.le(window), np.nan)
    discharges["readmitted_30"] = np.where(settled, readmitted, np.nan)
    return discharges


def _followed_within(ends: pd.DataFrame, admissions: pd.DataFrame, *, first_day: int) -> pd.Series:
    """Whether each discharge of ``ends`` is followed by an admission of ``admissions`` (same client)
    ``first_day`` to ``READMISSION_DAYS`` days after it; aligned with ``ends``."""
    later = ends.merge(
        admissions[["client_id"]].assign(admit_day=_day_numbers(admissions["admit_date"])), on="client_id"
    )
    gap = later["admit_day"] - later["discharge_day"]
    followed = set(later.loc[(gap >= first_day) & (gap <= READMISSION_DAYS), "stay_id"])
    return ends["stay_id"].isin(followed)
