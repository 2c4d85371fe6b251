"""Reading the measure registry for the pages."""

from django.db.models import Prefetch, QuerySet

from aims.models import MatrixItem
from measures.models import Measure


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
