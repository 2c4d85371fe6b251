"""The iCalendar text (RFC 5545): CRLF lines of at most 75 octets, escaped text, times in UTC."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from council.ical import CRLF, CalendarEvent, calendar_text, escape_text, fold, unescape_text, unfold, utc_stamp

PACIFIC = timezone(timedelta(hours=-8))


def _event(**fields):
    defaults = {
        "uid": "council-meeting-1@qic",
        "starts_at": datetime(2026, 12, 8, 17, 0, tzinfo=PACIFIC),
        "ends_at": datetime(2026, 12, 8, 19, 0, tzinfo=PACIFIC),
        "summary": "Quality Improvement Council",
    }
    return CalendarEvent(**(defaults | fields))


def _properties(text: str) -> dict[str, str]:
    return dict(line.split(":", 1) for line in unfold(text))


def test_every_line_ends_with_crlf_and_none_is_longer_than_75_octets():
    text = calendar_text(
        _event(description="Consejo de Mejoramiento de la Calidad: ¿qué decidió? " * 10), stamp=datetime.now(UTC)
    )
    assert text.endswith(CRLF)
    lines = text.split(CRLF)[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75


def test_times_are_written_in_utc_with_the_z_suffix():
    properties = _properties(calendar_text(_event(), stamp=datetime(2026, 12, 1, 9, 30, tzinfo=UTC)))
    assert properties["DTSTART"] == "20261209T010000Z"  # 17:00 at UTC−8 is 01:00 the next day
    assert properties["DTEND"] == "20261209T030000Z"
    assert properties["DTSTAMP"] == "20261201T093000Z"


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="aware"):
        utc_stamp(datetime(2026, 12, 8, 17))


def test_the_event_has_what_rfc_5545_requires():
    text = calendar_text(_event(), stamp=datetime.now(UTC))
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    for required in ("VERSION:2.0", "PRODID:", "BEGIN:VEVENT", "UID:council-meeting-1@qic", "DTSTAMP:", "END:VEVENT"):
        assert any(line.startswith(required) for line in lines), required


def test_commas_semicolons_backslashes_and_newlines_are_escaped():
    assert escape_text("Room 2; Main St, Suite 3\\4\nsecond line") == "Room 2\\; Main St\\, Suite 3\\\\4\\nsecond line"


def test_a_cancelled_meeting_keeps_its_uid_and_says_it_is_cancelled():
    properties = _properties(calendar_text(_event(cancelled=True, sequence=3), stamp=datetime.now(UTC)))
    assert properties["METHOD"] == "CANCEL"
    assert properties["STATUS"] == "CANCELLED"
    assert properties["SEQUENCE"] == "3"
    assert properties["UID"] == "council-meeting-1@qic"


def test_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "ñ" * 100
    folded = fold(line)
    for part in folded.split(CRLF):
        part.encode("utf-8").decode("utf-8")  # each part is whole characters
        assert len(part.encode("utf-8")) <= 75
    assert unfold(folded + CRLF) == [line]


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300))
def test_any_text_survives_escaping_folding_and_parsing_back(text):
    calendar = calendar_text(_event(summary=text or "x", location=text), stamp=datetime.now(UTC))
    assert all(len(line.encode("utf-8")) <= 75 for line in calendar.split(CRLF))
    properties = _properties(calendar)
    assert unescape_text(properties["SUMMARY"]) == (text or "x").replace("\r\n", "\n").replace("\r", "\n")
