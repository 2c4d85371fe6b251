"""Parsers for one cell of an import file: raw text in, canonical text for the database out.

Each parser raises ``CellError`` with a reason written for the person who made the file. Output is
canonical text (ISO dates, UTC timestamps, ``t``/``f``), so the same normalised file feeds
PostgreSQL's ``COPY`` and the batched writer.
"""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
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
DIGITS = "0123456789"
AMOUNT_PATTERN = re.compile(r"^\d{1,10}(?:\.\d{1,2})?$")


def parse_key(value: str) -> str:
    if not KEY_PATTERN.match(value):
        raise CellError(_("use up to 64 letters, digits, '_', '-', '.' or ':'"))
    return value


def parse_client_key(value: str) -> str:
    # A key that starts with a letter cannot be an SSN or a telephone number: skip those tests.
    if not value[:1].isalpha() and (LOOKS_LIKE_SSN.match(value) or LOOKS_LIKE_PHONE.match(value)):
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
    """Reads wall-clock times in the county's time zone, refusing times that never happened.

    A time without an offset is read as the county's local time (``TIME_ZONE``). In the autumn
    hour that happens twice the first (daylight-saving) one is taken; a time in the spring gap,
    when clocks jump forward, is refused. The result keeps the wall-clock time and adds its UTC
    offset (``2025-03-07 10:00:00-08:00``), which PostgreSQL and ``datetime.fromisoformat`` both
    read as one instant. Offsets are looked up once per local hour, which keeps a million rows fast.
    """

    def __init__(self, zone_name: str):
        self.zone = ZoneInfo(zone_name)
        self.zone_name = zone_name
        self._offsets: dict[str, str | CellError] = {}

    def _offset_for(self, date_text: str, hour: str) -> str:
        key = f"{date_text} {hour}"
        offset = self._offsets.get(key)
        if offset is None:
            offset = self._offsets[key] = self._find_offset(date_text, hour)
        if isinstance(offset, CellError):
            raise CellError(str(offset))
        return offset

    def _find_offset(self, date_text: str, hour: str) -> str | CellError:
        try:
            local = datetime.fromisoformat(f"{date_text}T{hour}:00")
        except ValueError:
            return CellError(_("is not a real date and time"))
        aware = local.replace(tzinfo=self.zone)
        if aware.astimezone(UTC).astimezone(self.zone).replace(tzinfo=None) != local:
            return CellError(
                _("did not happen in %(zone)s: the clocks jumped forward that night") % {"zone": self.zone_name}
            )
        return format_offset(aware.utcoffset())

    def parse(self, value: str) -> tuple[str, str]:
        """Return (timestamp with its UTC offset, the county's local date) as ISO text."""
        # The common shape, YYYY-MM-DD HH:MM, skips the regular expression: the date and hour are
        # checked once per hour by _find_offset, the minutes here.
        if len(value) == 16 and value[10] == " " and value[13] == ":" and value[14] in "012345" and value[15] in DIGITS:
            offset = self._offsets.get(value[:13])
            if offset.__class__ is str:
                return f"{value}:00{offset}", value[:10]
        match = DATETIME_PATTERN.match(value)
        if not match:
            if DATE_PATTERN.match(value):
                raise CellError(_("needs a time as well as a date: YYYY-MM-DD HH:MM"))
            raise CellError(_("write date and time as YYYY-MM-DD HH:MM (24-hour clock)"))
        date_text, time_text, offset_text = match.group("date", "time", "offset")
        if len(time_text) == 5:
            time_text += ":00"
        if not (time_text[3:5] < "60" and time_text[6:8] < "60"):
            raise CellError(_("is not a real date and time"))
        if offset_text is None:
            return f"{date_text} {time_text}{self._offset_for(date_text, time_text[:2])}", date_text
        try:
            moment = datetime.fromisoformat(f"{date_text}T{time_text}{offset_text}")
        except ValueError:
            raise CellError(_("is not a real date and time")) from None
        return f"{date_text} {time_text}{format_offset(moment.utcoffset())}", moment.astimezone(
            self.zone
        ).date().isoformat()


def format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def instant_before(earlier: str, later: str) -> bool:
    """Whether one timestamp made by ``LocalTime.parse`` is before another (as instants)."""
    if earlier[-6:] == later[-6:]:
        return earlier < later
    return datetime.fromisoformat(earlier) < datetime.fromisoformat(later)
