"""Reporting periods: calendar months, quarters and the state fiscal year (July to June)."""

from enum import StrEnum

import pandas as pd


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
    start = pd.Timestamp(start)
    return f"FY{start.year}-{(start.year + 1) % 100:02d}"


MONTHS_IN = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.FISCAL_YEAR: 12}


def period_end(start, period_type: str):
    """The last day of the period that starts on ``start`` (a date)."""
    return (
        pd.Timestamp(start) + pd.DateOffset(months=MONTHS_IN[PeriodType(period_type)]) - pd.Timedelta(days=1)
    ).date()
