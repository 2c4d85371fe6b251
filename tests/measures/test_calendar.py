"""Business days: request day is day 0; weekends and county holidays do not count."""

from datetime import date

import numpy as np
import pytest

from measures.calendar import BusinessCalendar

FRIDAY = date(2025, 3, 7)
CESAR_CHAVEZ_DAY = date(2025, 3, 31)  # a Monday


@pytest.mark.parametrize(
    ("start", "end", "waited"),
    [
        (FRIDAY, FRIDAY, 0),
        (FRIDAY, date(2025, 3, 10), 1),  # Monday
        (FRIDAY, date(2025, 3, 14), 5),  # the next Friday: MEASURES.md's worked example
        (date(2025, 3, 8), date(2025, 3, 10), 1),  # a Saturday request offered on Monday
        (date(2025, 3, 28), date(2025, 4, 1), 1),  # Friday to Tuesday over Cesar Chavez Day
        (date(2025, 3, 27), date(2025, 4, 10), 9),
    ],
)
def test_days_waited_count_business_days_after_the_request_day(start, end, waited):
    calendar = BusinessCalendar([CESAR_CHAVEZ_DAY])

    assert calendar.days_waited(start, end) == waited


def test_days_waited_works_on_whole_columns():
    calendar = BusinessCalendar([CESAR_CHAVEZ_DAY])
    starts = np.array([FRIDAY, date(2025, 3, 28)], dtype="datetime64[D]")
    ends = np.array([date(2025, 3, 14), date(2025, 4, 1)], dtype="datetime64[D]")

    assert calendar.days_waited(starts, ends).tolist() == [5, 1]


def test_adding_business_days_is_the_inverse_of_counting_them():
    calendar = BusinessCalendar([CESAR_CHAVEZ_DAY])

    tenth = calendar.add_business_days(date(2025, 3, 24), 10)

    assert tenth == np.datetime64("2025-04-08")
    assert calendar.days_waited(date(2025, 3, 24), date(2025, 4, 8)) == 10
    assert not calendar.is_business_day(CESAR_CHAVEZ_DAY)
