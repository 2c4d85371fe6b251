"""Opening an uploaded file: encoding, delimiter, header, and the kind of file it is."""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .formats import (
    SPECS,
    clients_column_rule_error,
    detect_kind,
    identifying_reason,
    kind_label,
    normalise_header_name,
)

DELIMITERS = {",": gettext_lazy("comma"), ";": gettext_lazy("semicolon"), "\t": gettext_lazy("tab")}
# Large enough for any real row; stops a file with no line ends from filling memory.
csv.field_size_limit(1_000_000)


class FileProblem(Exception):
    """The file as a whole cannot be read (empty, wrong encoding, wrong kind, bad header)."""

    def __init__(self, reason: str, *, column: str = "", row: int | None = 1):
        super().__init__(reason)
        self.reason = reason
        self.column = column
        self.row = row


@dataclass
class OpenedFile:
    kind: str
    header: list[str]
    rows: Iterator[list[str]]
    notes: list[str] = field(default_factory=list)
    text: io.TextIOWrapper | None = None

    def release(self) -> None:
        """Let go of the byte stream without closing it (a text wrapper closes its stream when collected)."""
        if self.text is not None:
            self.text.detach()
            self.text = None


def not_utf8_problem(stream: BinaryIO) -> FileProblem:
    """The problem to report for a file that is not UTF-8, naming the first line that is not."""
    stream.seek(0)
    line = 0
    for line, raw in enumerate(stream, start=1):  # noqa: B007 (the last line read is what we report)
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            break
    return FileProblem(
        _(
            "The file is not in UTF-8 (a character on line %(line)s cannot be read). "
            "In Excel choose “CSV UTF-8”; in other programs choose the UTF-8 encoding."
        )
        % {"line": line},
        row=line,
    )


def open_import_file(stream: BinaryIO, *, expected_kind: str | None) -> OpenedFile:
    """Read the header and work out the delimiter and kind; rows are read lazily afterwards.

    Decoding is done in large chunks by ``io.TextIOWrapper``; a ``UnicodeDecodeError`` while the
    rows are read means the file is not UTF-8, and ``not_utf8_problem`` finds the line.
    """
    notes: list[str] = []
    head = stream.read(3)
    if head == codecs.BOM_UTF8:
        notes.append(_("A byte-order mark (added by Excel) was found and ignored."))
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    try:
        try:
            header_line = ""
            for line in iter(text.readline, ""):
                if line.strip():
                    header_line = line
                    break
        except UnicodeDecodeError:
            raise not_utf8_problem(stream) from None
        if not header_line:
            raise FileProblem(_("The file is empty."), row=None)

        delimiter = max(DELIMITERS, key=header_line.count)
        if header_line.count(delimiter) == 0:
            delimiter = ","
        if delimiter != ",":
            notes.append(
                _("Columns are separated by %(name)s characters; the file was read that way.")
                % {"name": DELIMITERS[delimiter]}
            )

        raw_header = next(csv.reader([header_line], delimiter=delimiter))
        header = [normalise_header_name(name) for name in raw_header]
        _check_header(header, raw_header)

        kind = detect_kind(header)
        if expected_kind and kind and kind != expected_kind:
            raise FileProblem(
                _("This looks like a file of %(found)s, not %(expected)s.")
                % {"found": kind_label(kind).lower(), "expected": kind_label(expected_kind).lower()}
            )
        kind = kind or expected_kind
        if kind is None:
            raise FileProblem(
                _("The columns do not match any kind of QIC file. Check the column names against the import guide.")
            )
        _check_columns(kind, header)
    except FileProblem:
        text.detach()
        raise

    rows = csv.reader(text, delimiter=delimiter, strict=True)
    return OpenedFile(kind=kind, header=header, rows=rows, notes=[str(note) for note in notes], text=text)


def _check_header(header: list[str], raw_header: list[str]) -> None:
    for name, raw in zip(header, raw_header, strict=True):
        if not name:
            raise FileProblem(_("A column has no name."), column=raw)
        reason = identifying_reason(name)
        if reason:
            raise FileProblem(
                _(
                    "The column “%(column)s” looks like %(what)s. QIC takes de-identified data only: "
                    "remove the column and load the file again."
                )
                % {"column": raw.strip(), "what": reason},
                column=raw.strip(),
            )
    seen = set()
    for name in header:
        if name in seen:
            raise FileProblem(_("The column “%(column)s” appears twice.") % {"column": name}, column=name)
        seen.add(name)


def _check_columns(kind: str, header: list[str]) -> None:
    spec = SPECS[kind]
    missing = [name for name in spec.column_names if name in spec.required_names and name not in header]
    if missing:
        raise FileProblem(
            _("A file of %(kind)s needs these columns, which are missing: %(columns)s.")
            % {"kind": kind_label(kind).lower(), "columns": ", ".join(missing)},
            column=", ".join(missing),
        )
    unknown = [name for name in header if name not in spec.column_names]
    if unknown:
        raise FileProblem(
            _("Unexpected columns for a file of %(kind)s: %(columns)s. Only the listed columns are accepted.")
            % {"kind": kind_label(kind).lower(), "columns": ", ".join(unknown)},
            column=", ".join(unknown),
        )
    if kind == "clients":
        problem = clients_column_rule_error(header)
        if problem:
            raise FileProblem(problem)


def peek_rows(stream: BinaryIO, *, limit: int) -> tuple[list[str], list[list[str]]]:
    """The header and the first rows, for the preview; never raises, shows what it can."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    first = text.readline()
    delimiter = max(DELIMITERS, key=first.count) if first else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    rows = []
    reader = csv.reader(text, delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error:
        pass
    text.detach()
    return header, rows
