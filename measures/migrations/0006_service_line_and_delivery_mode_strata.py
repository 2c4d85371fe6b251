"""Waits are also reported by service line, and no-shows by delivery mode, on databases loaded before."""

from django.db import migrations

NEW_STRATA = {
    "days-to-first-offer": "service_line",
    "days-to-first-service": "service_line",
    "no-show-psychiatry": "delivery_mode",
    "no-show-clinicians": "delivery_mode",
}


def add_strata(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    for measure in Measure.objects.filter(code__in=NEW_STRATA):
        stratum = NEW_STRATA[measure.code]
        if stratum not in measure.strata:
            measure.strata = [*measure.strata, stratum]
            measure.save(update_fields=["strata"])


def remove_strata(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    for measure in Measure.objects.filter(code__in=NEW_STRATA):
        measure.strata = [stratum for stratum in measure.strata if stratum != NEW_STRATA[measure.code]]
        measure.save(update_fields=["strata"])


class Migration(migrations.Migration):
    dependencies = [("measures", "0005_chart_notes_baseline")]

    operations = [migrations.RunPython(add_strata, remove_strata)]
