"""Row-by-row validation of one file, streaming: raw rows in, normalised rows out to a spool file.

Everything that can be decided from the file alone is decided here, in one pass with bounded
memory (the keys seen so far are the only thing that grows). What needs the database (does this
client exist? was this id loaded before?) is checked afterwards by the writer, set-based.
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from measures.models import Code, CodeList, DataKind

from . import cells
from .formats import SPECS, Column, FileSpec
from .report import Report

HISPANIC_GROUP = "latino_hispanic"
ENGLISH_OR_UNKNOWN = frozenset({"english", "unknown"})
RACE_GROUP_LIST = "race_group"


@dataclass(frozen=True)
class CodeBook:
    """The active code lists at the moment an import starts."""

    allowed: dict[str, frozenset[str]]
    race_group: dict[str, str]
    threshold_languages: frozenset[str]

    @classmethod
    def load(cls) -> "CodeBook":
        allowed: dict[str, set[str]] = {code_list: set() for code_list in CodeList.values}
        allowed[RACE_GROUP_LIST] = set()
        race_group: dict[str, str] = {}
        threshold: set[str] = set()
        for code in Code.objects.active().only("code_list", "code", "reporting_group", "is_threshold"):
            allowed[code.code_list].add(code.code)
            if code.code_list == CodeList.RACE:
                race_group[code.code] = code.reporting_group or code.code
                if not code.reporting_group:
                    allowed[RACE_GROUP_LIST].add(code.code)
            if code.is_threshold:
                threshold.add(code.code)
        return cls(
            allowed={name: frozenset(codes) for name, codes in allowed.items()},
            race_group=race_group,
            threshold_languages=frozenset(threshold),
        )


class Parsers:
    """Makes the cell parser for each column, bound to the code book, time zone and year."""

    def __init__(self, codebook: CodeBook, *, zone_name: str | None = None, this_year: int | None = None):
        self.codebook = codebook
        self.local_time = cells.LocalTime(zone_name or settings.TIME_ZONE)
        self.this_year = this_year or timezone.localdate().year

    def for_column(self, spec: FileSpec, column: Column) -> Callable[[str], object]:
        if column.parse == "code":
            code_list = column.code_list
            if spec.kind == DataKind.ELIGIBLES and code_list == CodeList.RACE:
                code_list = RACE_GROUP_LIST
            label = str(CodeList(column.code_list).label).lower()
            return cells.code_parser(self.codebook.allowed[code_list], label)
        if column.parse == "datetime":
            return self.local_time.parse
        if column.parse == "birth_year":
            return cells.birth_year_parser(self.this_year)
        return {
            "key": cells.parse_key,
            "client_key": cells.parse_client_key,
            "date": cells.parse_date,
            "month": cells.parse_month,
            "bool": cells.parse_bool,
            "count": cells.parse_count,
            "amount": cells.parse_amount,
            "text": _parse_text,
        }[column.parse]


def _fast_parser(column: Column, parse: Callable[[str], object], *, absent: bool) -> Callable[[str], object]:
    """The parser for the fast path: a blank cell is fine where allowed and a problem elsewhere.

    Every parser already refuses an empty string, so required columns need no wrapper.
    """
    if absent:
        return lambda _value: ""
    if column.blank:
        return lambda value: parse(value) if value else ""
    return parse


def _parse_text(value: str) -> str:
    if not value:
        raise cells.CellError(_("is empty; a value is needed"))
    if len(value) > 100:
        raise cells.CellError(_("is longer than 100 characters"))
    if not value.isprintable():
        raise cells.CellError(_("contains a control character (such as a tab or a NUL)"))
    return value


@dataclass
class FileOutcome:
    rows_read: int = 0
    rows_valid: int = 0


class FileValidator:
    """Validates the rows of one file and writes the good ones, normalised, to ``out``."""

    def __init__(self, *, spec: FileSpec, header: list[str], parsers: Parsers, report: Report, file_label: str):
        self.spec = spec
        self.header = header
        self.report = report
        self.file_label = file_label
        self.codebook = parsers.codebook
        self.width = len(header)
        self.stage_names = [name for name, _type in spec.stage_columns]
        self.position = {name: index for index, name in enumerate(self.stage_names)}
        self.file_index = {column.name: header.index(column.name) for column in spec.columns if column.name in header}
        self.plan = [
            (
                header.index(column.name) if column.name in header else None,
                out_index,
                column,
                parsers.for_column(spec, column),
            )
            for out_index, column in enumerate(spec.columns)
        ]
        # The fast path parses a whole row in one comprehension; any problem sends the row through
        # the slow path, which finds every problem in it and words each one.
        self.fast_plan = [
            (file_index or 0, _fast_parser(column, parse, absent=file_index is None))
            for file_index, _out_index, column, parse in self.plan
        ]
        self.derived_blanks = [""] * len(spec.derived)
        self.unique_positions = [self.position[name] for name in spec.unique]
        self.seen: dict[object, int] = {}
        self.finish = getattr(self, f"_finish_{spec.kind}", None)

    def problem(self, row: int, column: str, value: str, reason: str) -> None:
        self.report.add(file=self.file_label, row=row, column=column, value=value, reason=reason)

    def validate(
        self, rows: Iterable[list[str]], out: IO[str], *, progress: Callable[[int], None] | None = None
    ) -> FileOutcome:
        writer = csv.writer(out, lineterminator="\n")
        outcome = FileOutcome()
        row_number = 1
        blank_value = _("is empty; a value is needed")
        iterator = iter(rows)
        while True:
            try:
                raw = next(iterator)
            except StopIteration:
                break
            except csv.Error as error:
                row_number += 1
                self.problem(row_number, "", "", _("cannot be read as CSV: %(error)s") % {"error": error})
                break
            row_number += 1
            if not raw or (len(raw) == 1 and not raw[0].strip()):
                continue
            outcome.rows_read += 1
            if progress and outcome.rows_read % 20000 == 0:
                progress(outcome.rows_read)
            if len(raw) != self.width:
                self.problem(
                    row_number,
                    "",
                    "",
                    _("has %(found)s values but the header has %(expected)s columns")
                    % {"found": len(raw), "expected": self.width},
                )
                continue
            try:
                values = [parse(raw[index].strip()) for index, parse in self.fast_plan]
                values.extend(self.derived_blanks)
            except cells.CellError:
                values = self._parse_reporting_problems(row_number, raw, blank_value)
                if values is None:
                    continue
            if self.finish is not None and not self.finish(row_number, values, raw):
                continue
            key = tuple(values[position] for position in self.unique_positions)
            first_row = self.seen.setdefault(key, row_number)
            if first_row != row_number:
                self.problem(
                    row_number,
                    ", ".join(self.spec.unique),
                    " ".join(str(part) for part in key),
                    _("repeats row %(row)s of this file") % {"row": first_row},
                )
                continue
            writer.writerow([row_number, *values])
            outcome.rows_valid += 1
        if progress:
            progress(outcome.rows_read)
        return outcome

    def _parse_reporting_problems(self, row_number: int, raw: list[str], blank_value: str) -> list | None:
        values: list = [""] * len(self.stage_names)
        good = True
        for file_index, out_index, column, parse in self.plan:
            value = raw[file_index].strip() if file_index is not None else ""
            if not value:
                if not column.blank:
                    self.problem(row_number, column.name, "", blank_value)
                    good = False
                continue
            try:
                values[out_index] = parse(value)
            except cells.CellError as error:
                self.problem(row_number, column.name, value, str(error))
                good = False
        return values if good else None

    def raw(self, raw: list[str], name: str) -> str:
        return raw[self.file_index[name]].strip()

    def _finish_clients(self, row: int, values: list, raw: list[str]) -> bool:
        at = self.position
        if values[at["birth_year"]] == "" and values[at["age_group"]] == "":
            self.problem(row, "birth_year", "", _("give a birth_year or an age_group"))
            return False
        hispanic = values[at["hispanic_latino"]] == "t"
        values[at["race_ethnicity"]] = HISPANIC_GROUP if hispanic else self.codebook.race_group[values[at["race"]]]
        language = values[at["primary_language"]]
        if values[at["threshold_language"]] == "":
            values[at["threshold_language"]] = "t" if language in self.codebook.threshold_languages else "f"
        if values[at["limited_english"]] == "":
            values[at["limited_english"]] = "f" if language in ENGLISH_OR_UNKNOWN else "t"
        return True

    def _finish_requests(self, row: int, values: list, raw: list[str]) -> bool:
        at = self.position
        requested_utc, request_date = values[at["request_datetime"]]
        values[at["request_datetime"]] = requested_utc
        values[at["request_date"]] = request_date
        good = True
        offered = values[at["first_offered_datetime"]]
        if offered:
            offered_utc, _offered_date = offered
            values[at["first_offered_datetime"]] = offered_utc
            if cells.instant_before(offered_utc, requested_utc):
                self.problem(
                    row,
                    "first_offered_datetime",
                    self.raw(raw, "first_offered_datetime"),
                    _("is before the request (%(when)s)") % {"when": self.raw(raw, "request_datetime")},
                )
                good = False
        rendered = values[at["first_rendered_date"]]
        if rendered and rendered < request_date:
            self.problem(
                row,
                "first_rendered_date",
                rendered,
                _("is before the request date (%(date)s)") % {"date": request_date},
            )
            good = False
        return good

    def _finish_hospitalizations(self, row: int, values: list, raw: list[str]) -> bool:
        at = self.position
        discharged = values[at["discharge_date"]]
        if discharged and discharged < values[at["admit_date"]]:
            self.problem(
                row,
                "discharge_date",
                discharged,
                _("is before the admission (%(date)s)") % {"date": values[at["admit_date"]]},
            )
            return False
        return True


def to_python(db_type: str, text: str):
    """Canonical text back to a Python value, for the batched writer."""
    if db_type == "text":
        return text
    if text == "":
        return None
    if db_type == "integer":
        return int(text)
    if db_type == "boolean":
        return text == "t"
    if db_type == "date":
        return date.fromisoformat(text)
    if db_type == "timestamptz":
        return datetime.fromisoformat(text)
    return Decimal(text)


__all__ = ["SPECS", "CodeBook", "FileOutcome", "FileValidator", "Parsers", "to_python"]
