"""Dates are written one way per language and never as numbers a reader could take either way: "6 Nov 2026"
in English, "6 nov 2026" in Spanish (lower-case month, as Spanish writes it), "6 Nov 2026, 5:00 p.m." with a
time. Templates use the shared format names, never a pattern of their own."""

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parent.parent
FORMAT_NAMES = {"DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT"}
FIVE_PM = datetime(2026, 11, 6, 17, 0)


@pytest.mark.parametrize(
    ("language", "day", "with_time", "month"),
    [
        ("en", "6 Nov 2026", "6 Nov 2026, 5:00 p.m.", "Nov 2026"),
        ("es", "6 nov 2026", "6 nov 2026, 5:00 p.m.", "nov 2026"),
    ],
)
def test_each_language_writes_a_date_one_unambiguous_way(language, day, with_time, month):
    with translation.override(language):
        assert formats.date_format(FIVE_PM.date()) == day
        assert formats.date_format(FIVE_PM.date(), "SHORT_DATE_FORMAT") == day
        assert formats.date_format(FIVE_PM, "DATETIME_FORMAT") == with_time
        assert formats.date_format(FIVE_PM, "SHORT_DATETIME_FORMAT") == with_time
        assert formats.date_format(FIVE_PM.date(), "YEAR_MONTH_FORMAT") == month


def test_spanish_writes_every_month_in_lower_case():
    with translation.override("es"):
        months = [formats.date_format(date(2026, number, 28)) for number in range(1, 13)]
    assert months[7] == "28 ago 2026"
    for written in months:
        assert written == written.lower(), written
        assert not re.search(r"\d+/\d+/\d+", written)


def test_templates_use_the_shared_formats_and_keep_iso_dates_for_machines_only():
    pattern = re.compile(r"\|(?:date|time):(['\"])([^'\"]*)\1")
    own_patterns = []
    for folder in ("templates", "aims", "measures", "dialogues", "projects", "workplan", "council", "reminders", "qic"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".html", ".txt"}:
                continue
            for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                for match in pattern.finditer(line):
                    machine = re.search(r'data-sort="\{\{[^}]*$', line[: match.start()])
                    if match.group(2) not in FORMAT_NAMES and not machine:
                        own_patterns.append(f"{path.relative_to(ROOT)}:{line_number} {match.group(0)}")
    assert own_patterns == []
