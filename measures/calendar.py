"""Business days for the timeliness standards (MEASURES.md section 1.2).

A business day is Monday to Friday and not a county holiday. The request day is day 0: the days
counted are those that start after the request date, up to and including the day of the offer or
service. A request made on a Friday and offered the next Friday has waited 5 business days; one
offered the same day has waited 0.
"""

from collections.abc import Iterable
from datetime import date

import numpy as np

WEEKMASK = "1111100"


class BusinessCalendar:
    def __init__(self, holidays: Iterable[date] = ()):
        self.holidays = tuple(sorted(set(holidays)))
        self._calendar = np.busdaycalendar(weekmask=WEEKMASK, holidays=np.array(self.holidays, dtype="datetime64[D]"))

    def days_waited(self, start, end) -> np.ndarray:
        """Business days from each start date (day 0) to each end date, element-wise.

        Accepts dates or arrays of dates; an end date before its start gives a negative count.
        """
        starts = np.asarray(start, dtype="datetime64[D]")
        ends = np.asarray(end, dtype="datetime64[D]")
        return np.busday_count(starts + 1, ends + 1, busdaycal=self._calendar)

    def is_business_day(self, day) -> np.ndarray:
        return np.is_busday(np.asarray(day, dtype="datetime64[D]"), busdaycal=self._calendar)

    def add_business_days(self, start, days) -> np.ndarray:
        """The date that is ``days`` business days after ``start`` (day 0)."""
        return np.busday_offset(
            np.asarray(start, dtype="datetime64[D]"), days, roll="backward", busdaycal=self._calendar
        )
