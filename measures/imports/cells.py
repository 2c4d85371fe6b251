"""Parsers for one cell of an import file: raw text in, canonical text for the database out.

Each parser raises ``CellError`` with a reason written for the person who made the file. Output is
canonical text (ISO dates, UTC timestamps, ``t``/``f``), so the same normalised file feeds
PostgreSQL's ``COPY`` and the batched writer.
"""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _


class CellError(ValueError):
    """A cell's value is not acceptable; the message says why."""


KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
LOOKS_LIKE_SSN = re.compile(r"^\d{3}-?\d{2}-?\d{4}$")
LOOKS_LIKE_PHONE = re.compile(r"^\+?1?[-. ]?\(?\d{3}\)?[-. ]?\d{3}[-. ]?\d{4}$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_PATTERN = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)(?P<offset>Z|[+-]\d{2}:?\d{2})?$"
)
MONTH_PATTERN = re.compile(r"^(?P<month>\d{4}-\d{2})(?:-01)?$")
TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0"})
AMOUNT_PATTERN = re.compile(r"^\d{1,10}(?:\.\d{1,2})?$")


def parse_key(value: str) -> str:
    if not KEY_PATTERN.match(value):
        raise CellError(_("use up to 64 letters, digits, '_', '-', '.' or ':'"))
    return value


def parse_client_key(value: str) -> str:
    if LOOKS_LIKE_SSN.match(value) or LOOKS_LIKE_PHONE.match(value):
        raise CellError(_("looks like a Social Security or telephone number; use the county's pseudonymous client key"))
    return parse_key(value)


def parse_date(value: str) -> str:
    if not DATE_PATTERN.match(value):
        raise CellError(_("write dates as YYYY-MM-DD"))
    try:
        date.fromisoformat(value)
    except ValueError:
        raise CellError(_("is not a date on the calendar")) from None
    return value


def parse_month(value: str) -> str:
    match = MONTH_PATTERN.match(value)
    if not match:
        raise CellError(_("write months as YYYY-MM"))
    month = f"{match['month']}-01"
    try:
        date.fromisoformat(month)
    except ValueError:
        raise CellError(_("is not a month on the calendar")) from None
    return month


def parse_bool(value: str) -> str:
    lowered = value.lower()
    if lowered in TRUE_WORDS:
        return "t"
    if lowered in FALSE_WORDS:
        return "f"
    raise CellError(_("write true or false (yes/no and 1/0 are also understood)"))


def parse_count(value: str) -> str:
    if not value.isdigit() or len(value) > 9:
        raise CellError(_("must be a whole number, 0 or more"))
    return str(int(value))


def parse_amount(value: str) -> str:
    if "," in value and "." not in value:
        raise CellError(_("use a point, not a comma, before the cents"))
    if not AMOUNT_PATTERN.match(value):
        raise CellError(_("must be an amount of 0 or more with at most two decimals and no currency sign"))
    try:
        return str(Decimal(value))
    except InvalidOperation:
        raise CellError(_("is not a number")) from None


def birth_year_parser(this_year: int):
    def parse_birth_year(value: str) -> str:
        if not value.isdigit() or not 1900 <= int(value) <= this_year:
            raise CellError(_("must be a four-digit year between 1900 and %(year)s") % {"year": this_year})
        return value

    return parse_birth_year


def code_parser(allowed: frozenset[str], list_label: str):
    def parse_code(value: str) -> str:
        if value not in allowed:
            lowered = value.strip().lower()
            if lowered in allowed:
                return lowered
            raise CellError(
                _("is not a code in the %(list)s list (an administrator can add it)") % {"list": list_label}
            )
        return value

    return parse_code


class LocalTime:
    """Turns wall-clock times in the county's time zone into UTC, refusing times that never happened.

    A time without an offset is read as the county's local time (``TIME_ZONE``). In the autumn
    hour that happens twice the first (daylight-saving) one is taken; a time in the spring gap,
    when clocks jump forward, is refused. Offsets are cached per local hour, which keeps a million
    rows fast.
    """

    def __init__(self, zone_name: str):
        self.zone = ZoneInfo(zone_name)
        self.zone_name = zone_name
        self._offset = lru_cache(maxsize=65536)(self._offset_uncached)

    def _offset_uncached(self, local_hour: datetime) -> timedelta | None:
        aware = local_hour.replace(tzinfo=self.zone)
        round_trip = aware.astimezone(UTC).astimezone(self.zone).replace(tzinfo=None)
        if round_trip != local_hour:
            return None
        return aware.utcoffset()

    def parse(self, value: str) -> tuple[str, str]:
        """Return (UTC timestamp, local date) as ISO text."""
        match = DATETIME_PATTERN.match(value)
        if not match:
            if DATE_PATTERN.match(value):
                raise CellError(_("needs a time as well as a date: YYYY-MM-DD HH:MM"))
            raise CellError(_("write date and time as YYYY-MM-DD HH:MM (24-hour clock)"))
        try:
            moment = datetime.fromisoformat(f"{match['date']}T{match['time']}{match['offset'] or ''}")
        except ValueError:
            raise CellError(_("is not a real date and time")) from None
        if moment.tzinfo is None:
            offset = self._offset(moment.replace(minute=0, second=0))
            if offset is None:
                raise CellError(
                    _("did not happen in %(zone)s: the clocks jumped forward that night") % {"zone": self.zone_name}
                )
            utc = moment - offset
            local_date = moment.date()
        else:
            utc = moment.astimezone(UTC).replace(tzinfo=None)
            local_date = moment.astimezone(self.zone).date()
        return f"{utc.isoformat(sep=' ')}+00:00", local_date.isoformat()
