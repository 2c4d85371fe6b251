"""Reporting periods: calendar months, quarters and the state fiscal year (July to June)."""

from enum import StrEnum

import pandas as pd
from django.utils.translation import gettext as _


class PeriodType(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    FISCAL_YEAR = "fiscal_year"


def period_start(dates: pd.Series, period_type: PeriodType) -> pd.Series:
    """The first day of the period each date falls in, as a datetime64 column."""
    dates = pd.Series(pd.to_datetime(dates))
    # Millions of rows fall on a few hundred days: work out each day's period once.
    codes, days = pd.factorize(dates, use_na_sentinel=True)
    starts = _period_starts(pd.Series(days), period_type)
    return pd.Series(pd.DatetimeIndex(starts).take(codes, allow_fill=True), index=dates.index)


def _period_starts(dates: pd.Series, period_type: PeriodType) -> pd.Series:
    if period_type == PeriodType.MONTH:
        return dates.dt.to_period("M").dt.start_time
    if period_type == PeriodType.QUARTER:
        return dates.dt.to_period("Q").dt.start_time
    # Fiscal year FY2025-26 runs from 1 July 2025 to 30 June 2026 and is keyed by its first day.
    years = dates.dt.year - (dates.dt.month < 7).astype(int)
    return pd.to_datetime({"year": years, "month": 7, "day": 1})


def fiscal_year_label(start) -> str:
    """The state fiscal year that starts on ``start`` (1 July): "FY2025-26", in Spanish "AF 2025-26"."""
    start = pd.Timestamp(start)
    return _("FY%(first)s-%(second)s") % {"first": start.year, "second": f"{(start.year + 1) % 100:02d}"}


def quarter_label(start) -> str:
    """The calendar quarter ``start`` falls in: "Q3 2026", in Spanish "3.er trimestre de 2026" (one text per
    quarter, because Spanish ordinals differ: 1.er, 2.º, 3.er, 4.º)."""
    start = pd.Timestamp(start)
    names = {1: _("Q1 %(year)s"), 2: _("Q2 %(year)s"), 3: _("Q3 %(year)s"), 4: _("Q4 %(year)s")}
    return names[(start.month - 1) // 3 + 1] % {"year": start.year}


MONTHS_IN = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.FISCAL_YEAR: 12}


def period_end(start, period_type: str):
    """The last day of the period that starts on ``start`` (a date)."""
    return (
        pd.Timestamp(start) + pd.DateOffset(months=MONTHS_IN[PeriodType(period_type)]) - pd.Timedelta(days=1)
    ).date()
