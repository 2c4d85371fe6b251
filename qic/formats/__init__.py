"""Dates written one way per language, never as numbers a reader could take either way.

"11/06/2026" is 6 November to a reader in California and 11 June to one from Mexico, and QIC's readers
are both. So every date names its month: "6 Nov 2026" in English, "6 nov 2026" in Spanish (which writes
its month abbreviations in lower case), with the time as "6 Nov 2026, 5:00 p.m.". ``DATE_FORMAT``,
``DATETIME_FORMAT`` and ``YEAR_MONTH_FORMAT`` are the names templates (``|date:"DATE_FORMAT"``) and code
(``formats.date_format``) use; the ``SHORT_`` ones are the same, so nothing falls back to numbers.
Machine-readable dates (CSV, iCalendar, ``<time datetime>``, form inputs) stay ISO 8601.
"""
