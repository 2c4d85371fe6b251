"""iCalendar (RFC 5545) text for one meeting: what an e-mail attaches so the meeting lands in a calendar.

Pure: values in, text out. No library is a dependency of QIC for this and one event needs little:
CRLF line endings (3.1), lines folded at 75 octets without splitting a UTF-8 character (3.1), TEXT
values escaped (3.3.11: backslash, semicolon, comma, newline), times in UTC with the "Z" suffix
(3.3.5, form 2), and the UID, DTSTAMP and DTSTART every VEVENT needs (3.6.1).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

CRLF = "\r\n"
#: RFC 5545 3.1: "Lines of text SHOULD NOT be longer than 75 octets, excluding the line break."
FOLD_AT = 75
PRODUCT_ID = "-//QIC//Quality Improvement Council//EN"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash first, then ; and , and every newline as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets, each continuation starting with one space.

    Breaks fall between characters, never inside one (a split UTF-8 sequence is not valid text).
    """
    parts = []
    current = b""
    limit = FOLD_AT
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = FOLD_AT - 1  # the leading space of a continuation line counts
        current += encoded
    parts.append(current.decode("utf-8"))
    return (CRLF + " ").join(parts)


def utc_stamp(moment: datetime) -> str:
    """A DATE-TIME in UTC (RFC 5545 3.3.5, form 2), e.g. 20261208T013000Z. Naive times are refused."""
    if moment.tzinfo is None:
        raise ValueError("An aware datetime is needed: a naive one has no place in time.")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    cancelled: bool = False


def calendar_text(event: CalendarEvent, *, stamp: datetime) -> str:
    """The VCALENDAR text of one event, ready to attach as ``text/calendar``.

    ``stamp`` is DTSTAMP, when the text is made; ``sequence`` grows with each change a member should
    see (RFC 5546). A cancelled event keeps its UID so calendars remove the one they hold.
    """
    method = "CANCEL" if event.cancelled else "PUBLISH"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SEQUENCE:{event.sequence}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + CRLF for line in lines)


def unfold(text: str) -> list[str]:
    """The content lines of iCalendar text, unfolded (RFC 5545 3.1): the reverse of :func:`fold`."""
    return text.replace(CRLF + " ", "").replace(CRLF + "\t", "").split(CRLF)[:-1]


def unescape_text(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\n" if following in ("n", "N") else following)
        else:
            out.append(char)
    return "".join(out)
