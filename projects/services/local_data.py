"""Typing in and pasting a local measure's data points: every row checked, nothing half-saved.

A row is a period (the Monday of a week or the first of a month, as the measure is collected), a
numerator and, for a proportion, a denominator. :func:`data_rows_check` says what is wrong with each row
in words a team member can act on; :func:`data_rows_save` saves all the rows or none. A period already
entered is refused unless the person asks to replace it; either way the preview says so.
"""

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from projects.models import LocalDataPoint, LocalMeasure, LocalPeriod
from projects.selectors.measures import period_start_of
from projects.services._history import save_with_history

#: The most rows one paste takes: three years of weeks with room to spare.
MAX_ROWS = 400
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")


class BadRows(ValidationError):
    """Some rows are wrong: each row carries its errors, and nothing was saved."""


@dataclass
class DataRow:
    """One row as typed or pasted. ``line`` is its line in the paste (1 for a row typed in);
    ``replaces`` the figure already entered for its period that saving would replace (None: a new period)."""

    line: int
    text: str
    period: date | None = None
    numerator: int | None = None
    denominator: int | None = None
    #: What is wrong with the row's own cells (set once, when it is read).
    cell_errors: list[str] = field(default_factory=list)
    #: What is wrong against the calendar, the other rows and the data entered (set by each check).
    check_errors: list[str] = field(default_factory=list)
    replaces: LocalDataPoint | None = None

    @property
    def errors(self) -> list[str]:
        return [*self.cell_errors, *self.check_errors]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def replaces_figure(self) -> str:
        """The figure saving would replace, as the preview says it ("31/60", or "7" for a count)."""
        return point_figure(self.replaces) if self.replaces is not None else ""


def parse_date(text: str) -> date | None:
    """``2026-03-02`` or ``3/2/2026`` (month/day/year, as a US spreadsheet writes it); None otherwise."""
    text = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _whole_number(text: str) -> int | None:
    text = text.strip().replace(",", "")
    return int(text) if re.fullmatch(r"\d+", text) else None


def _cells(line: str) -> list[str]:
    # A tab is what a spreadsheet puts on the clipboard; a comma what a CSV file holds (quoted cells allowed).
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")]
    return [cell.strip() for cell in next(csv.reader([line]))]


def _looks_like_header(cells: list[str]) -> bool:
    return bool(cells) and parse_date(cells[0]) is None and not any(_whole_number(cell) is not None for cell in cells)


def data_rows_parse(*, text: str, measure: LocalMeasure) -> list[DataRow]:
    """The pasted lines as rows (blank lines and one header line skipped), each with the errors of its
    own cells. Checks against the calendar and the data already entered are :func:`data_rows_check`'s."""
    rows: list[DataRow] = []
    seen_data = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = _cells(line)
        while cells and not cells[-1]:
            cells.pop()
        if not seen_data and not rows and _looks_like_header(cells):
            seen_data = True  # one header row, before any data
            continue
        seen_data = True
        row = DataRow(line=number, text=line.strip())
        rows.append(row)
        expected = 3 if measure.is_proportion else 2
        if len(cells) != expected:
            if measure.is_proportion:
                row.cell_errors.append(_("Write three cells: the period, the numerator and the denominator."))
            else:
                row.cell_errors.append(_("Write two cells: the period and the count."))
            continue
        row.period = parse_date(cells[0])
        if row.period is None:
            row.cell_errors.append(
                _("“%(text)s” is not a date: write it as 2026-03-02 or 3/2/2026.") % {"text": cells[0][:40]}
            )
        row.numerator = _whole_number(cells[1])
        if row.numerator is None:
            row.cell_errors.append(_("“%(text)s” is not a whole number of 0 or more.") % {"text": cells[1][:40]})
        if measure.is_proportion:
            row.denominator = _whole_number(cells[2])
            if row.denominator is None:
                row.cell_errors.append(_("“%(text)s” is not a whole number of 0 or more.") % {"text": cells[2][:40]})
    for row in rows[MAX_ROWS:]:
        row.cell_errors.append(_("Paste at most %(count)d rows at a time.") % {"count": MAX_ROWS})
    return rows


def _period_errors(period: date, measure: LocalMeasure, today: date) -> list[str]:
    errors = []
    if period > today:
        errors.append(_("%(day)s is in the future.") % {"day": date_format(period, "DATE_FORMAT")})
    aligned = period_start_of(period, measure.period)
    if aligned != period:
        if measure.period == LocalPeriod.WEEK:
            errors.append(
                _("%(day)s is a %(weekday)s, not a Monday: enter the week by its Monday, %(monday)s.")
                % {
                    "day": date_format(period, "DATE_FORMAT"),
                    "weekday": date_format(period, "l"),
                    "monday": date_format(aligned, "DATE_FORMAT"),
                }
            )
        else:
            errors.append(
                _("%(day)s is not the first of a month: enter the month by its first day, %(first)s.")
                % {"day": date_format(period, "DATE_FORMAT"), "first": date_format(aligned, "DATE_FORMAT")}
            )
    return errors


def data_rows_check(
    *, measure: LocalMeasure, rows: list[DataRow], replace: bool, today: date | None = None, editing=None
) -> list[DataRow]:
    """Add to each row the errors that need the calendar, the other rows or the data already entered:
    no period after ``today``, a period aligned to the measure's (a Monday, a first of the month), a
    numerator not above its denominator, a denominator above 0, a period once only in the paste, and a
    period already entered only with ``replace``. ``editing`` is the point being edited (its own period is
    not a clash). Returns the rows."""
    today = today or timezone.localdate()
    existing = {point.period_start: point for point in measure.data_points.all()}
    first_line: dict[date, int] = {}
    for row in rows:
        row.check_errors, row.replaces = [], None
        if row.period is not None:
            row.check_errors.extend(_period_errors(row.period, measure, today))
        if measure.is_proportion and row.denominator is not None:
            if row.denominator == 0:
                row.check_errors.append(_("The denominator must be more than 0."))
            elif row.numerator is not None and row.numerator > row.denominator:
                row.check_errors.append(
                    _("The numerator (%(numerator)d) is above the denominator (%(denominator)d).")
                    % {"numerator": row.numerator, "denominator": row.denominator}
                )
        if row.period is None:
            continue
        if row.period in first_line:
            row.check_errors.append(
                _("This period is already on line %(line)d of the paste.") % {"line": first_line[row.period]}
            )
            continue
        first_line[row.period] = row.line
        before = existing.get(row.period)
        if before is None or (editing is not None and before.pk == editing.pk):
            continue
        if replace:
            row.replaces = before
        else:
            row.check_errors.append(
                _("This period already has a figure (%(figure)s): tick “replace” to replace it.")
                % {"figure": point_figure(before)}
            )
    return rows


def point_figure(point: LocalDataPoint) -> str:
    if point.denominator is None:
        return str(point.numerator)
    return f"{point.numerator}/{point.denominator}"


def _as_error(rows: list[DataRow]) -> BadRows:
    bad = [row for row in rows if not row.ok]
    return BadRows(
        [_("Line %(line)d: %(errors)s") % {"line": row.line, "errors": " ".join(row.errors)} for row in bad],
        code="bad_rows",
    )


@transaction.atomic
def data_rows_save(*, measure: LocalMeasure, rows: list[DataRow], replace: bool, by) -> list[LocalDataPoint]:
    """Check ``rows`` again (the data may have changed since the preview) and save them all, or raise
    :class:`ValidationError` and save none. Each point records who entered it; its history keeps the
    figure it replaced. Returns the saved points in period order."""
    if not rows:
        raise ValidationError(_("There is nothing to save: paste at least one row."), code="empty")
    # One writer at a time per measure, so two people saving the same week cannot both pass the check.
    LocalMeasure.objects.select_for_update().filter(pk=measure.pk).first()
    data_rows_check(measure=measure, rows=rows, replace=replace)
    if any(not row.ok for row in rows):
        raise _as_error(rows)
    saved = []
    for row in sorted(rows, key=lambda r: r.period):
        point = row.replaces or LocalDataPoint(measure=measure, period_start=row.period)
        point.numerator = row.numerator
        point.denominator = row.denominator if measure.is_proportion else None
        point.entered_by = by if getattr(by, "is_authenticated", False) else None
        reason = "replaced by hand" if row.replaces else "entered by hand"
        try:
            with transaction.atomic():
                save_with_history(point, by=by, reason=reason)
        except IntegrityError as error:
            raise ValidationError(
                _("Someone else saved a figure for %(day)s meanwhile: check the data and try again.")
                % {"day": date_format(row.period, "DATE_FORMAT")},
                code="race",
            ) from error
        saved.append(point)
    return saved


def data_point_add(
    *, measure: LocalMeasure, period: date, numerator: int, denominator: int | None, replace: bool, by
) -> LocalDataPoint:
    """One period typed in: the same checks as a paste of one row."""
    row = DataRow(line=1, text="", period=period, numerator=numerator, denominator=denominator)
    if measure.is_proportion and denominator is None:
        row.cell_errors.append(_("Write the denominator."))
    return _single(measure, row, replace=replace, by=by)


def _single(measure: LocalMeasure, row: DataRow, *, replace: bool, by) -> LocalDataPoint:
    if not row.ok:
        raise ValidationError(row.errors, code="bad_row")
    try:
        return data_rows_save(measure=measure, rows=[row], replace=replace, by=by)[0]
    except BadRows as error:
        # One row: its errors without the "Line 1:" prefix a paste needs.
        raise ValidationError(row.errors, code="bad_row") from error


@transaction.atomic
def data_point_update(*, point: LocalDataPoint, numerator: int, denominator: int | None, by) -> LocalDataPoint:
    """Correct a point's figures (its period stays: delete it and enter the right one instead)."""
    measure = point.measure
    LocalMeasure.objects.select_for_update().filter(pk=measure.pk).first()
    row = DataRow(line=1, text="", period=point.period_start, numerator=numerator, denominator=denominator)
    if measure.is_proportion and denominator is None:
        row.cell_errors.append(_("Write the denominator."))
    # The period was checked when it was entered; only the figures are checked again.
    data_rows_check(measure=measure, rows=[row], replace=False, editing=point, today=date.max)
    if not row.ok:
        raise ValidationError(row.errors, code="bad_row")
    point.numerator = numerator
    point.denominator = denominator if measure.is_proportion else None
    point.entered_by = by if getattr(by, "is_authenticated", False) else None
    save_with_history(point, by=by, reason="corrected by hand")
    return point


@transaction.atomic
def data_point_delete(*, point: LocalDataPoint, by) -> None:
    """Delete a point; its history keeps the figure and who deleted it."""
    point._change_reason = "deleted by hand"
    if getattr(by, "is_authenticated", False):
        point._history_user = by
    point.delete()
