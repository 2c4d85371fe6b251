"""Request by request: business-day waits, urgent hours, and requests never offered."""

from datetime import date

import pandas as pd
import pytest

from measures.calendar import BusinessCalendar
from measures.compute.periods import PeriodType, fiscal_year_label, period_start
from measures.compute.timeliness import LATE, MET, PENDING, request_waits

CALENDAR = BusinessCalendar([date(2025, 3, 31)])
AS_OF = date(2025, 4, 30)


def request(request_id, when, *, urgency="routine", line="non_psychiatry", offered=None, rendered=None, auth=False):
    requested = pd.Timestamp(when, tz="America/Los_Angeles")
    offer = pd.Timestamp(offered, tz="America/Los_Angeles") if offered else pd.NaT
    return {
        "request_id": request_id,
        "request_datetime": requested.tz_convert("UTC"),
        "request_date": requested.date(),
        "first_offered_datetime": offer.tz_convert("UTC") if offered else pd.NaT,
        "offered_date": offer.date() if offered else None,
        "first_rendered_date": pd.Timestamp(rendered).date() if rendered else None,
        "urgency": urgency,
        "prior_auth_required": auth,
        "service_line": line,
    }


def waits(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["first_offered_datetime"] = pd.to_datetime(frame["first_offered_datetime"], utc=True)
    return request_waits(frame, calendar=CALENDAR, as_of=AS_OF).set_index("request_id")


def test_routine_requests_are_judged_in_business_days_against_their_service_line():
    result = waits(
        request("friday-next-friday", "2025-03-07 10:00", offered="2025-03-14 09:00", rendered="2025-03-17"),
        request("ten-days", "2025-03-07 10:00", offered="2025-03-21 09:00"),
        request("eleven-days", "2025-03-07 10:00", offered="2025-03-24 09:00"),
        request("psychiatry-fifteen", "2025-03-07 10:00", line="psychiatry", offered="2025-03-28 09:00"),
        request("over-the-holiday", "2025-03-14 10:00", offered="2025-03-31 09:00"),
    )

    assert result.loc["friday-next-friday", ["days_to_offer", "days_to_service"]].tolist() == [5, 6]
    assert result["days_to_offer"].tolist() == [5, 10, 11, 15, 10]
    assert result["status"].tolist() == [MET, MET, LATE, MET, MET]


def test_urgent_requests_are_judged_in_clock_hours_with_96_when_prior_authorization_is_needed():
    result = waits(
        request("46h", "2025-03-07 10:00", urgency="urgent", offered="2025-03-09 09:00"),
        request("49h", "2025-03-07 10:00", urgency="urgent", offered="2025-03-09 12:00"),
        request("49h-with-auth", "2025-03-07 10:00", urgency="urgent", offered="2025-03-09 12:00", auth=True),
    )

    # Friday 10:00 to Sunday 09:00 is 47 hours on the wall clock but 46 elapsed: clocks sprang forward on 9 March.
    assert result["hours_to_offer"].round(1).tolist() == [46.0, 49.0, 49.0]
    assert result["status"].tolist() == [MET, LATE, MET]


def test_requests_never_offered_are_late_once_their_time_has_passed_and_pending_before():
    result = waits(
        request("old-routine", "2025-03-03 10:00"),
        request("recent-routine", "2025-04-25 10:00"),
        request("old-urgent", "2025-04-27 10:00", urgency="urgent"),
        request("recent-urgent", "2025-04-30 10:00", urgency="urgent"),
    )

    assert result["status"].tolist() == [LATE, PENDING, LATE, PENDING]
    assert result["days_to_offer"].isna().all()


@pytest.mark.parametrize(
    ("period_type", "expected"),
    [
        (PeriodType.MONTH, ["2025-06-01", "2025-07-01", "2026-01-01"]),
        (PeriodType.QUARTER, ["2025-04-01", "2025-07-01", "2026-01-01"]),
        (PeriodType.FISCAL_YEAR, ["2024-07-01", "2025-07-01", "2025-07-01"]),
    ],
)
def test_periods_start_on_their_first_day_and_the_fiscal_year_in_july(period_type, expected):
    dates = pd.Series(pd.to_datetime(["2025-06-30", "2025-07-01", "2026-01-15"]))

    assert period_start(dates, period_type).dt.strftime("%Y-%m-%d").tolist() == expected
    assert fiscal_year_label("2025-07-01") == "FY2025-26"
