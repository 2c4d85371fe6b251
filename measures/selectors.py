"""Reading the measure registry for the pages."""

from django.db.models import Prefetch, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from aims.models import MatrixItem
from measures.compute.periods import fiscal_year_label
from measures.models import Code, CodeList, Measure, MeasureResult, Stratum


def measure_list() -> QuerySet[Measure]:
    return Measure.objects.active()


def measure_get(*, code: str) -> Measure:
    items = MatrixItem.objects.select_related("aim", "level").order_by("aim__order", "level__order", "code")
    return Measure.objects.prefetch_related(Prefetch("matrix_items", queryset=items)).get(code=code, active=True)


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
    latest = results.order_by("-period_start").values_list("period_start", flat=True).first()
    if latest is None:
        return None
    rows = list(results.filter(period_start=latest).select_related("computation").order_by("stratum", "group"))
    overall = next((row for row in rows if row.stratum == "all"), None)
    labels = _group_labels()
    strata: dict[str, list[MeasureResult]] = {}
    for row in rows:
        if row.stratum != "all":
            row.group_label = labels.get((row.stratum, row.group), row.group)
            strata.setdefault(row.stratum, []).append(row)
    return {
        "period_start": latest,
        "period_label": period_label(period_type, latest),
        "overall": overall,
        "strata": [(Stratum(key).label if key in Stratum.values else key, groups) for key, groups in strata.items()],
        "computation": rows[0].computation,
    }


def period_label(period_type: str, start) -> str:
    if period_type == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if period_type == "fiscal_year":
        return fiscal_year_label(start)
    return date_format(start, "F Y")


STRATUM_CODE_LISTS = {
    "race_ethnicity": CodeList.RACE,
    "age_group": CodeList.AGE_GROUP,
    "gender": CodeList.GENDER,
    "language": CodeList.LANGUAGE,
    "program": CodeList.PROGRAM,
}


def _group_labels() -> dict[tuple[str, str], str]:
    by_list = {code_list: stratum for stratum, code_list in STRATUM_CODE_LISTS.items()}
    labels = {
        (by_list[code.code_list], code.code): code.display_label for code in Code.objects.filter(code_list__in=by_list)
    }
    labels[("limited_english", "yes")] = str(_("Limited English proficiency"))
    labels[("limited_english", "no")] = str(_("Speaks English well"))
    return labels
