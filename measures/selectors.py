"""Reading the measure registry for the pages."""

import math
from collections.abc import Sequence
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from aims.models import MatrixItem
from measures.charts import reason_text
from measures.charts.gap_trend import gap_trend_panel
from measures.compute.periods import fiscal_year_label, period_end, quarter_label
from measures.compute.services import comparison_spec
from measures.gap_trend import stratum_gaps
from measures.models import (
    Code,
    CodeList,
    ComputationStatus,
    Measure,
    MeasureComputation,
    MeasureDisparity,
    MeasureResult,
    Stratum,
    TripleAim,
)
from measures.models.registry import TRIPLE_AIM_GOALS
from measures.monthly import measure_monthly_settings, monthly_trend


def measure_list() -> QuerySet[Measure]:
    return Measure.objects.active()


def measure_list_by_triple_aim(*, triple_aim: str | None = None) -> list[dict]:
    """The active measures grouped by the Triple Aim objective each serves (seed 002), in the seed's order.

    Returns one dict per objective that has measures: ``aim`` (its value), ``label``, ``goal`` (what
    the objective asks) and ``measures`` (in the registry's order). ``triple_aim`` keeps only that
    objective's group; ``None`` keeps every group. One query.
    """
    measures = list(measure_list())
    groups = []
    for aim in TripleAim:
        if triple_aim is not None and aim != triple_aim:
            continue
        members = [measure for measure in measures if measure.triple_aim == aim]
        if members:
            groups.append({"aim": aim.value, "label": aim.label, "goal": TRIPLE_AIM_GOALS[aim], "measures": members})
    return groups


def measure_get(*, code: str) -> Measure:
    items = MatrixItem.objects.select_related("aim", "level").order_by("aim__order", "level__order", "code")
    return Measure.objects.prefetch_related(Prefetch("matrix_items", queryset=items), "chart_notes").get(
        code=code, active=True
    )


def measure_target_history(*, measure: Measure) -> list:
    """Changes of the target, newest first, with who made them and why."""
    changes = []
    records = list(measure.history.select_related("history_user").order_by("-history_date", "-history_id"))
    for newer, older in zip(records, [*records[1:], None], strict=True):
        if older is None or newer.target != older.target:
            changes.append(newer)
    return changes


PERIOD_TYPES = ("month", "quarter", "fiscal_year")


def measure_results_latest(*, measure: Measure, period_type: str) -> dict | None:
    """The most recent period's results for a measure: everyone first, then each stratum's groups.

    Returns None when nothing has been computed for this measure and period type.
    """
    results = MeasureResult.objects.filter(measure=measure, period_type=period_type)
    starts = list(results.order_by("-period_start").values_list("period_start", flat=True).distinct()[:2])
    if not starts:
        return None
    # The latest period the data cover to its end; a period still under way only when there is no other.
    as_of = MeasureComputation.objects.filter(results__measure=measure).values_list("data_as_of", flat=True).first()
    complete = [start for start in starts if as_of is None or period_end(start, period_type) <= as_of]
    latest = complete[0] if complete else starts[0]
    rows = list(results.filter(period_start=latest).select_related("computation").order_by("stratum", "group"))
    disparities = {
        summary.stratum: summary
        for summary in MeasureDisparity.objects.filter(measure=measure, period_type=period_type, period_start=latest)
    }
    overall = next((row for row in rows if row.stratum == "all"), None)
    labels = group_labels()
    for row in rows:
        # Why a row is hidden publicly, for staff only: the public page says the same for every hidden row.
        row.hidden_reason = reason_text(row.suppression_reason) if row.suppressed else ""
    strata: dict[str, list[MeasureResult]] = {}
    for row in rows:
        if row.stratum != "all":
            row.group_label = labels.get((row.stratum, row.group), row.group)
            row.comparison = row.details.get("vs_reference")
            row.is_reference = "reference_rule" in row.details
            if row.comparison:
                row.comparison["reference_label"] = labels.get(
                    (row.stratum, row.comparison["reference"]), row.comparison["reference"]
                )
            strata.setdefault(row.stratum, []).append(row)
    # Groups in their code list's order (age bands youngest first), strata in the measure's order.
    position = {key: index for index, key in enumerate(labels)}
    for key, groups in strata.items():
        groups.sort(key=lambda row, key=key: (position.get((key, row.group), len(position)), row.group))
    order = {stratum: index for index, stratum in enumerate(measure.strata)}
    strata = dict(sorted(strata.items(), key=lambda item: order.get(item[0], len(order))))
    for summary in disparities.values():
        summary.reference_label = labels.get((summary.stratum, summary.reference_group), summary.reference_group)
    return {
        "period_start": latest,
        "period_label": period_label(period_type, latest),
        "partial": as_of is not None and period_end(latest, period_type) > as_of,
        "overall": overall,
        "strata": [
            {
                "key": key,
                "label": Stratum(key).label if key in Stratum.values else key,
                "rows": groups,
                "disparity": disparities.get(key),
            }
            for key, groups in strata.items()
        ],
        "computation": rows[0].computation,
    }


def measure_monthly_trend(*, measure: Measure, internal: bool, before: date | None = None) -> dict:
    """Everyone's monthly results in time order, with the verdict of the measure's control chart.

    Read through :func:`measures.monthly.monthly_trend`, as the wait-time dashboard reads it: staff, and
    the public when no month is hidden, get the same verdict; a public series with a hidden month gets
    none (``trend.verdict == NO_VERDICT_HIDDEN``) and marks no point outside the limits. Returns
    ``{"months": [MeasureResult shown], "points": [{"period", "row" (None when hidden), "centre", "lcl",
    "ucl", "outside"}], "hidden": how many months are hidden, "trend", "chart": the chart type}``. With
    ``before``, only the months starting before that day: the chart as it stood then.
    """
    rows = MeasureResult.objects.filter(measure=measure, period_type="month", stratum="all")
    if before is not None:
        rows = rows.filter(period_start__lt=before)
    months = [row for row in rows.order_by("period_start") if row.value is not None]
    notes = [(note.month, note.localized("text").text, note.starts_phase) for note in measure.chart_notes.all()]
    trend = monthly_trend(
        [_result_dict(row) for row in months], **measure_monthly_settings(measure), notes=notes, public=not internal
    )
    points = []
    for index, (row, hidden) in enumerate(zip(months, trend.hidden, strict=True)):
        point = {"period": row.period_start, "row": None if hidden else row}
        point |= {"centre": None, "lcl": None, "ucl": None, "outside": False}
        if trend.chart is not None and not hidden:
            lines = trend.chart
            point.update(
                centre=_number(lines.centre[index]),
                lcl=_number(lines.lcl[index]),
                ucl=_number(lines.ucl[index]),
                outside=trend.signals and bool(lines.sigma_signal[index]),
            )
        points.append(point)
    return {
        "months": [row for row, hidden in zip(months, trend.hidden, strict=True) if not hidden],
        "points": points,
        "hidden": trend.hidden_count,
        "trend": trend,
        "chart": trend.chart_type,
    }


#: The columns of a stored result the gap trend reads (measures.gap_trend).
GAP_TREND_FIELDS = (
    *("stratum", "group", "period_start", "numerator", "denominator", "value"),
    *("details", "suppressed", "suppression_reason"),
)


def measure_gap_trends(
    *, measure: Measure, public: bool, strata: Sequence[str] | None = None, labels: dict | None = None
) -> list[dict]:
    """Is the gap closing? Each stratum's monthly ratios to its reference group and their trend, for one reader.

    For each of the measure's strata (only those in ``strata`` when given, in the measure's order) that has
    monthly results: :func:`measures.charts.gap_trend.gap_trend_panel` of
    :func:`measures.gap_trend.stratum_gaps`, groups in their code list's order. ``public`` leaves out every
    month in which a group's or the reference's cell is hidden (see :mod:`measures.gap_trend`). ``labels``
    are :func:`group_labels` when the caller has them. One query for the results, and one for the labels
    when not given and there are results.
    """
    wanted = [stratum for stratum in measure.strata if strata is None or stratum in strata]
    by_stratum: dict[str, list[dict]] = {}
    results = MeasureResult.objects.filter(measure=measure, period_type="month", stratum__in=wanted)
    for row in results.order_by("period_start").values(*GAP_TREND_FIELDS):
        by_stratum.setdefault(row["stratum"], []).append(row)
    if not by_stratum:
        return []
    labels = group_labels() if labels is None else labels
    kind = comparison_spec(measure).kind
    panels = []
    for stratum in (stratum for stratum in wanted if stratum in by_stratum):
        names = {code: label for (key, code), label in labels.items() if key == stratum}  # in code-list order
        order = {code: index for index, code in enumerate(names)}
        rows = sorted(by_stratum[stratum], key=lambda row: (order.get(row["group"], len(order)), row["group"]))
        gaps = stratum_gaps(rows, stratum=stratum, kind=kind, public=public)
        panels.append(
            gap_trend_panel(
                gaps,
                labels=names,
                stratum_label=str(Stratum(stratum).label) if stratum in Stratum.values else stratum,
                reference_label=names.get(gaps.reference, gaps.reference or ""),
                public=public,
            )
        )
    return panels


def _result_dict(row: MeasureResult) -> dict:
    return {
        "period_start": row.period_start,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "value": row.value,
        "details": row.details,
        "suppressed": row.suppressed,
        "suppression_reason": row.suppression_reason,
    }


def _number(value) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def stratum_group_choices() -> dict[str, list[tuple[str, str]]]:
    """For each stratum, its groups as (code, label), for choosing a reference group."""
    choices: dict[str, list[tuple[str, str]]] = {}
    for (stratum, code), label in group_labels().items():
        choices.setdefault(stratum, []).append((code, label))
    return choices


def computation_list(*, limit: int = 20) -> list[MeasureComputation]:
    return list(MeasureComputation.objects.order_by("-started_at", "-id")[:limit])


def computation_latest_good() -> MeasureComputation | None:
    return MeasureComputation.objects.filter(status=ComputationStatus.SUCCEEDED).order_by("-finished_at").first()


def period_label(period_type: str, start) -> str:
    """A reporting period in the reader's language: "March 2026" ("marzo de 2026"), "Q3 2026" ("3.er trimestre
    de 2026"), "FY2025-26" ("AF 2025-26")."""
    if period_type == "quarter":
        return quarter_label(start)
    if period_type == "fiscal_year":
        return fiscal_year_label(start)
    return date_format(start, "YEAR_MONTH_FORMAT")


STRATUM_CODE_LISTS = {
    "race_ethnicity": CodeList.RACE,
    "age_group": CodeList.AGE_GROUP,
    "gender": CodeList.GENDER,
    "language": CodeList.LANGUAGE,
    "region": CodeList.REGION,
    "program": CodeList.PROGRAM,
    "service_line": CodeList.SERVICE_LINE,
    "delivery_mode": CodeList.DELIVERY_MODE,
}


def group_labels() -> dict[tuple[str, str], str]:
    """{(stratum, group code): label in the reader's language}, each stratum's groups in code-list order."""
    by_list = {code_list: stratum for stratum, code_list in STRATUM_CODE_LISTS.items()}
    labels = {
        (by_list[code.code_list], code.code): code.display_label for code in Code.objects.filter(code_list__in=by_list)
    }
    labels[("limited_english", "yes")] = str(_("Limited English proficiency"))
    labels[("limited_english", "no")] = str(_("Speaks English well"))
    labels[("threshold_language", "yes")] = str(_("A threshold language other than English"))
    labels[("threshold_language", "no")] = str(_("English or a non-threshold language"))
    return labels
