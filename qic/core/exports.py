"""CSV downloads that are safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be run as a
formula by Excel or LibreOffice (OWASP "CSV Injection"). Such cells are prefixed with a single
quote, which spreadsheets show as text and do not evaluate.
"""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_response(*, filename: str, rows: Iterable[Iterable]) -> HttpResponse:
    """A UTF-8 CSV attachment (with a byte-order mark so Excel reads accents correctly)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_safe_cell(value) for value in row])
    return response
