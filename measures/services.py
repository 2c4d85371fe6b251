"""Reference data the measures app needs on every installation."""

import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from aims.models import MatrixItem
from measures.dashboards import dashboards_invalidate
from measures.imports.services import import_files
from measures.models import BatchStatus, ChartNote, Code, ImportBatch, ImportSource, Measure
from measures.registry_wording import SUPERSEDED as SUPERSEDED_WORDING
from measures.synthetic import KINDS, county_default_start, county_write

CODES_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "codes.json"


@transaction.atomic
def code_lists_load_defaults(*, path: Path = CODES_FIXTURE) -> int:
    """Add the default codes that are missing; codes an administrator has changed are left alone."""
    created = 0
    for entry in json.loads(path.read_text(encoding="utf-8")):
        fields = dict(entry["fields"])
        code_list, code = fields.pop("code_list"), fields.pop("code")
        _code, was_created = Code.objects.get_or_create(code_list=code_list, code=code, defaults=fields)
        created += was_created
    return created


def demo_county_load(*, clients: int = 5000, months: int = 24, seed: int = 2026, user=None):
    """Generate a synthetic county and load it through the real import path; once only.

    Returns the upload, or None when service data is already loaded.
    """
    if ImportBatch.objects.filter(status=BatchStatus.LOADED).exists():
        return None
    with tempfile.TemporaryDirectory(prefix="qic-demo-") as folder:
        out_dir = Path(folder)
        county_write(out_dir=out_dir, clients=clients, months=months, seed=seed, start=county_default_start(months))
        return import_files(
            paths=[(kind, out_dir / f"{kind}.csv") for kind in KINDS], user=user, source=ImportSource.COMMAND
        )


MEASURES_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "measures.json"


def _superseded_wording_replace(measure: Measure, fields: dict) -> None:
    """Give a measure loaded by an earlier version the pack's current source, benchmark and author where
    it still has the wording that version shipped; wording QI staff wrote is kept."""
    stale = {
        field: fields[field]
        for field, old_wording in SUPERSEDED_WORDING.items()
        if getattr(measure, field) in old_wording and getattr(measure, field) != fields[field]
    }
    if stale:
        for field, value in stale.items():
            setattr(measure, field, value)
        measure._change_reason = "The measure pack's wording of its source, benchmark or author updated"
        measure.save(update_fields=list(stale))


@transaction.atomic
def measure_registry_load_defaults(*, path: Path = MEASURES_FIXTURE) -> int:
    """Add the measure pack's definitions that are missing; targets QI staff have set are left alone.
    Wording an earlier version shipped for a definition's source, benchmark or author is brought up to date."""
    items_by_code = dict(MatrixItem.objects.values_list("code", "pk"))
    created = 0
    for entry in json.loads(path.read_text(encoding="utf-8")):
        fields = dict(entry["fields"])
        code = fields.pop("code")
        item_codes = [key[0] for key in fields.pop("matrix_items")]
        measure, was_created = Measure.objects.get_or_create(code=code, defaults=fields)
        if not was_created:
            _superseded_wording_replace(measure, fields)
        if was_created:
            missing = [item for item in item_codes if item not in items_by_code]
            if missing:
                raise ValueError(f"Measure {code} refers to matrix items that do not exist: {missing}")
            measure.matrix_items.set([items_by_code[item] for item in item_codes])
            created += 1
    return created


SETTINGS_FIELDS = (
    "target",
    "spc_rules",
    "baseline_months",
    "reference_groups",
    "written_by",
    "checked_by",
    "next_review",
)


@transaction.atomic
def measure_settings_update(*, measure: Measure, changed_by, change_reason: str, **values) -> Measure:
    """Change a measure's target, chart rules, reference groups or review, kept in its history with
    who and why. A new reference group or rule set takes effect at the next recompute."""
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Not a measure setting: {', '.join(sorted(unknown))}")
    for field, value in values.items():
        setattr(measure, field, value)
    measure.full_clean()
    measure._change_reason = change_reason
    if changed_by is not None and changed_by.is_authenticated:
        measure._history_user = changed_by
    measure.save()
    transaction.on_commit(dashboards_invalidate)
    return measure


def chart_note_add(
    *, measure: Measure, month, text: str, starts_phase: bool, text_es: str = "", created_by=None
) -> ChartNote:
    """Put a note on a measure's monthly chart (the month is taken as its first day), with its Spanish if given."""
    note = ChartNote(
        measure=measure,
        month=month.replace(day=1),
        text=text,
        text_es=text_es,
        starts_phase=starts_phase,
        created_by=created_by if created_by is not None and created_by.is_authenticated else None,
    )
    note.full_clean()
    note.save()
    dashboards_invalidate()
    return note
