"""The strata the state asks for, on databases loaded before: threshold language yes/no and region
(AB 411's geographic area) wherever the clients' records give them, no-shows also by gender and
limited English, hospital follow-up and readmission also by limited English. Threshold language is
compared with "no" (English or another language) unless QI staff chose otherwise.

Penetration is broken down by threshold language only: the eligibles file carries languages but
neither region nor limited English.
"""

from django.db import migrations

REQUESTS = ("threshold_language", "region")
NO_SHOWS = ("gender", "threshold_language", "limited_english", "region")
DISCHARGES = ("threshold_language", "limited_english", "region")
NEW_STRATA = {
    "routine-non-psychiatry-offered-10-days": REQUESTS,
    "routine-psychiatry-offered-15-days": REQUESTS,
    "urgent-offered-48-96-hours": REQUESTS,
    "days-to-first-offer": REQUESTS,
    "days-to-first-service": REQUESTS,
    "requests-offered": REQUESTS,
    "requests-first-service": REQUESTS,
    "no-show-psychiatry": NO_SHOWS,
    "no-show-clinicians": NO_SHOWS,
    "follow-up-7-days": DISCHARGES,
    "follow-up-30-days": DISCHARGES,
    "hedis-fuh-7-days": DISCHARGES,
    "hedis-fuh-30-days": DISCHARGES,
    "readmission-30-days": DISCHARGES,
    "penetration-rate": ("threshold_language",),
    "approved-dollars-per-client": ("threshold_language", "region"),
}
#: The order the strata are shown in: a new one goes after the last of these the measure already has.
ORDER = (
    "race_ethnicity",
    "age_group",
    "gender",
    "language",
    "threshold_language",
    "limited_english",
    "region",
    "program",
    "service_line",
    "delivery_mode",
)
REFERENCE = {"threshold_language": "no"}


def _placed(strata: list[str], stratum: str) -> list[str]:
    rank = ORDER.index(stratum)
    at = next((i for i, s in enumerate(strata) if s in ORDER and ORDER.index(s) > rank), len(strata))
    return [*strata[:at], stratum, *strata[at:]]


def add_strata(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    for measure in Measure.objects.filter(code__in=NEW_STRATA):
        strata = list(measure.strata)
        for stratum in NEW_STRATA[measure.code]:
            if stratum not in strata:
                strata = _placed(strata, stratum)
        references = dict(measure.reference_groups or {})
        for stratum, group in REFERENCE.items():
            if stratum in strata:
                references.setdefault(stratum, group)
        measure.strata, measure.reference_groups = strata, references
        measure.save(update_fields=["strata", "reference_groups"])


def remove_strata(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    for measure in Measure.objects.filter(code__in=NEW_STRATA):
        added = NEW_STRATA[measure.code]
        measure.strata = [stratum for stratum in measure.strata if stratum not in added]
        measure.reference_groups = {
            stratum: rule for stratum, rule in (measure.reference_groups or {}).items() if stratum not in added
        }
        measure.save(update_fields=["strata", "reference_groups"])


class Migration(migrations.Migration):
    dependencies = [("measures", "0009_hospital_episodes_and_hedis_follow_up")]

    operations = [migrations.RunPython(add_strata, remove_strata)]
