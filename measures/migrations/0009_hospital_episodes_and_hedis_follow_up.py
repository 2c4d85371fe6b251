"""Hospital measures counted by episode, and the HEDIS FUH variant of follow-up, on databases loaded before.

Follow-up and readmission now chain transfers into one hospitalization, leave crisis residential
stays out, and take a discharge's age on its discharge date (``measures.compute.hospital``); their
pages say so. Two measures are added beside the county follow-up: the HEDIS FUH variant (members 6
and over, only the last of discharges readmitted within 30 days), with the strata, reference groups
and matrix items of their county counterpart. A new database gets all of it from
``fixtures/measures.json`` (``load_code_lists``); here only the shipped wording is changed, so a
definition an administrator reworded is left as it is.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

_TRANSFER_RULE = (
    "Stays joined by a transfer (a new psychiatric admission on the day of discharge or the next day) are one "
    "hospitalization, from the first admission to the last discharge; only that last discharge is counted"
)
_TRANSFER_RULE_ES = (
    "Las estadías unidas por un traslado (una nueva admisión psiquiátrica el mismo día del alta o al día "
    "siguiente) son una sola hospitalización, desde la primera admisión hasta la última alta; solo se cuenta esa "
    "última alta"
)
_CRISIS_RULE = (
    "Crisis residential stays are not psychiatric hospital stays: they are never counted as a discharge or a "
    "readmission, and they neither join nor split a hospitalization, since they are a step down to a lower level "
    "of care."
)
_CRISIS_RULE_ES = (
    "Las estadías en residencias de crisis no son estadías en un hospital psiquiátrico: nunca se cuentan como alta "
    "ni como readmisión, y no unen ni dividen una hospitalización, porque son un paso a un nivel de atención menor."
)
_AGE_RULE = "A discharge's age group is the one on the day of discharge."
_AGE_RULE_ES = "El grupo de edad de un alta es el del día del alta."
_DISCHARGES = (
    "Discharges from acute psychiatric hospitals and psychiatric health facilities in the period (a unit is a "
    "discharge, not a person); stays joined by a transfer count once, at their last discharge. Crisis residential "
    "stays are not counted."
)
_DISCHARGES_ES = (
    "Altas de hospitales psiquiátricos de agudos y de centros de salud psiquiátrica en el período (la unidad es el "
    "alta, no la persona); las estadías unidas por un traslado cuentan una vez, en su última alta. Las estadías en "
    "residencias de crisis no se cuentan."
)


def _follow_up_notes(days: int) -> tuple[str, str]:
    return (
        "HEDIS FUH-aligned, not certified: the plan's own data miss follow-up by managed-care and Medicare "
        "providers, so this is 'MHP-observed follow-up'. This is the county's count, of every discharge at any age; "
        "the HEDIS FUH variant beside it counts members 6 and over and only the last of discharges readmitted "
        f"within 30 days. {_TRANSFER_RULE}, and the follow-up clock starts there. {_CRISIS_RULE} {_AGE_RULE} "
        f"Discharges in the last {days} days of the data are left out until their window has passed.",
        "Alineado con HEDIS FUH, no certificado: los datos del plan no incluyen el seguimiento de proveedores de "
        "atención administrada y Medicare, por lo que es el 'seguimiento observado por el MHP'. Es el recuento del "
        "condado, de todas las altas a cualquier edad; la variante HEDIS FUH a su lado cuenta a los miembros de 6 "
        "años o más y solo la última de las altas con readmisión dentro de 30 días. "
        f"{_TRANSFER_RULE_ES}, y el plazo del seguimiento empieza allí. {_CRISIS_RULE_ES} {_AGE_RULE_ES} "
        f"Las altas de los últimos {days} días de los datos se dejan fuera hasta que pase su plazo.",
    )


_NOTES_7, _NOTES_7_ES = _follow_up_notes(7)
_NOTES_30, _NOTES_30_ES = _follow_up_notes(30)

#: code -> field -> (the wording shipped before, the wording now).
REWORDED = {
    "follow-up-7-days": {
        "denominator": (
            "Discharges from acute psychiatric hospitals and psychiatric health facilities in the period (a unit is "
            "a discharge, not a person).",
            _DISCHARGES,
        ),
        "denominator_es": (
            "Altas de hospitales psiquiátricos de agudos y de centros de salud psiquiátrica en el período (la unidad "
            "es el alta, no la persona).",
            _DISCHARGES_ES,
        ),
        "method_notes": (
            "HEDIS FUH-aligned, not certified: the plan's own data miss follow-up by managed-care and Medicare "
            "providers, so this is 'MHP-observed follow-up'. Discharges in the last 7 days of the data are left out "
            "until their window has passed.",
            _NOTES_7,
        ),
        "method_notes_es": (
            "Alineado con HEDIS FUH, no certificado: los datos del plan no incluyen el seguimiento de proveedores de "
            "atención administrada y Medicare, por lo que es el 'seguimiento observado por el MHP'. Las altas de los "
            "últimos 7 días de los datos se dejan fuera hasta que pase su plazo.",
            _NOTES_7_ES,
        ),
    },
    "follow-up-30-days": {
        "denominator": (
            "Discharges from acute psychiatric hospitals and psychiatric health facilities in the period.",
            _DISCHARGES,
        ),
        "denominator_es": (
            "Altas de hospitales psiquiátricos de agudos y de centros de salud psiquiátrica en el período.",
            _DISCHARGES_ES,
        ),
        "method_notes": (
            "HEDIS FUH-aligned, not certified ('MHP-observed follow-up'). Discharges in the last 30 days of the data "
            "are left out until their window has passed.",
            _NOTES_30,
        ),
        "method_notes_es": (
            "Alineado con HEDIS FUH, no certificado ('seguimiento observado por el MHP'). Las altas de los últimos 30 "
            "días de los datos se dejan fuera hasta que pase su plazo.",
            _NOTES_30_ES,
        ),
    },
    "readmission-30-days": {
        "numerator": (
            "Discharges followed by another admission 2 to 30 days after discharge.",
            "Discharges followed by a new admission to an acute psychiatric hospital or a psychiatric health facility "
            "2 to 30 days after discharge.",
        ),
        "numerator_es": (
            "Altas seguidas de otra admisión entre 2 y 30 días después del alta.",
            "Altas seguidas de una nueva admisión en un hospital psiquiátrico de agudos o en un centro de salud "
            "psiquiátrica entre 2 y 30 días después del alta.",
        ),
        "denominator": ("Discharges from psychiatric stays in the period.", _DISCHARGES),
        "denominator_es": ("Altas de estadías psiquiátricas en el período.", _DISCHARGES_ES),
        "method_notes": (
            "An admission on the day of discharge or the next day is treated as a transfer, not a readmission.",
            "An admission on the day of discharge or the next day is a transfer, not a readmission: the stays it "
            "joins are one hospitalization, from the first admission to the last discharge, and only that last "
            f"discharge is counted. {_CRISIS_RULE} So a return to hospital 2 to 30 days after a discharge is a "
            f"readmission even with a crisis residential stay between. {_AGE_RULE} Discharges in the last 30 days of "
            "the data are left out until their window has passed.",
        ),
        "method_notes_es": (
            "Una admisión el mismo día del alta o al día siguiente se trata como un traslado, no como una readmisión.",
            "Una admisión el mismo día del alta o al día siguiente es un traslado, no una readmisión: las estadías "
            "que une son una sola hospitalización, desde la primera admisión hasta la última alta, y solo se cuenta "
            f"esa última alta. {_CRISIS_RULE_ES} Así, volver al hospital entre 2 y 30 días después de un alta es una "
            f"readmisión aunque haya una estadía en una residencia de crisis entre medio. {_AGE_RULE_ES} Las altas "
            "de los últimos 30 días de los datos se dejan fuera hasta que pase su plazo.",
        ),
    },
}


def _hedis_fuh(days: int, target: str, benchmark: str) -> dict:
    return {
        "order": {7: 92, 30: 94}[days],
        "active": True,
        "written_by": "QIC engineers",
        "checked_by": "",
        "next_review": date(2027, 6, 30),
        "name": f"Follow-up within {days} days after psychiatric hospitalization (HEDIS FUH, age 6+)",
        "name_es": f"Seguimiento dentro de {days} días después de una hospitalización psiquiátrica "
        "(HEDIS FUH, 6 años o más)",
        "definition": "Follow-up after a psychiatric hospitalization counted the HEDIS FUH way: of the discharges of "
        "members aged 6 or over, the share followed by an outpatient visit with a mental health provider within "
        f"{days} days. When a member goes back into hospital within 30 days, only the last discharge counts. A visit "
        "on the day of discharge does not count.",
        "definition_es": "El seguimiento después de una hospitalización psiquiátrica contado como en HEDIS FUH: de "
        "las altas de miembros de 6 años o más, la proporción seguida de una visita ambulatoria con un proveedor de "
        f"salud mental dentro de {days} días. Cuando un miembro vuelve al hospital dentro de 30 días, solo cuenta la "
        "última alta. Una visita el mismo día del alta no cuenta.",
        "numerator": f"Discharges in the denominator with a service by a mental health provider 1 to {days} days "
        "after discharge.",
        "numerator_es": "Altas del denominador con un servicio de un proveedor de salud mental entre 1 y "
        f"{days} días después del alta.",
        "denominator": "Discharges from acute psychiatric hospitals and psychiatric health facilities in the period, "
        "of members aged 6 or over on the day of discharge. A discharge followed within 30 days by a new "
        "psychiatric admission is left out, and the readmission's discharge is counted instead; one followed "
        "within 30 days by an admission to crisis residential (a nonacute setting) is left out.",
        "denominator_es": "Altas de hospitales psiquiátricos de agudos y de centros de salud psiquiátrica en el "
        "período, de miembros de 6 años o más el día del alta. Un alta seguida dentro de 30 días de una nueva "
        "admisión psiquiátrica se deja fuera, y en su lugar se cuenta el alta de la readmisión; un alta seguida "
        "dentro de 30 días de una admisión en una residencia de crisis (un entorno no agudo) se deja fuera.",
        "method_notes": "HEDIS FUH-aligned (NCQA), not certified: the same visits as the county's follow-up "
        "measure, on the HEDIS denominator, so the rate can be set beside the NCQA benchmark. Stays joined by a "
        "transfer (a new psychiatric admission on the day of discharge or the next day) are one hospitalization, "
        "counted at its last discharge. Ages are counted as for the age groups (the year of discharge minus the "
        "birth year); when the birth year is unknown, the age group reported must start at 6 or over. A discharge "
        "is counted once 30 days have passed, when it is known to be the last (HEDIS counts discharges up to "
        "1 December for the same reason). Not applied, because the county's data do not carry them: the principal "
        "diagnosis, continuous enrollment, and the hospice and death exclusions. The plan's data miss follow-up by "
        "managed-care and Medicare providers ('MHP-observed follow-up').",
        "method_notes_es": "Alineado con HEDIS FUH (NCQA), no certificado: las mismas visitas que la medida de "
        "seguimiento del condado, sobre el denominador de HEDIS, para poder comparar la tasa con la referencia de "
        "NCQA. Las estadías unidas por un traslado (una nueva admisión psiquiátrica el mismo día del alta o al día "
        "siguiente) son una sola hospitalización, que se cuenta en su última alta. Las edades se cuentan como en "
        "los grupos de edad (el año del alta menos el año de nacimiento); cuando no se conoce el año de "
        "nacimiento, el grupo de edad informado debe empezar en 6 años o más. Un alta se cuenta cuando han pasado "
        "30 días, cuando se sabe que es la última (HEDIS cuenta las altas hasta el 1 de diciembre por la misma "
        "razón). No se aplican, porque los datos del condado no los incluyen: el diagnóstico principal, la "
        "inscripción continua y las exclusiones por cuidados paliativos (hospicio) y por fallecimiento. Los datos "
        "del plan no incluyen el seguimiento de proveedores de atención administrada y Medicare ('seguimiento "
        "observado por el MHP').",
        "unit": "percent",
        "measure_type": "outcome",
        "direction": "increase",
        "standard": f"Within {days} days",
        "standard_es": f"Dentro de {days} días",
        "target": Decimal(target),
        "benchmark": benchmark,
        "chart_type": "p",
        "source": "MEASURES.md 3.1: NCQA HEDIS FUH",
    }


#: code -> (its county counterpart, whose strata, reference groups and matrix items it takes; its fields).
HEDIS_FUH = {
    "hedis-fuh-7-days": (
        "follow-up-7-days",
        _hedis_fuh(7, "40", "NCQA Medicaid HMO MY2022: 36.6 %"),
    ),
    "hedis-fuh-30-days": (
        "follow-up-30-days",
        _hedis_fuh(30, "60", "NCQA Medicaid HMO MY2022: 57.1 %"),
    ),
}


def _reword(apps, *, forwards: bool) -> None:
    Measure = apps.get_model("measures", "Measure")
    for measure in Measure.objects.filter(code__in=REWORDED):
        changed = []
        for field, (before, after) in REWORDED[measure.code].items():
            old, new = (before, after) if forwards else (after, before)
            if getattr(measure, field) == old:
                setattr(measure, field, new)
                changed.append(field)
        if changed:
            measure.save(update_fields=changed)


def hedis_fuh_add(apps, schema_editor):
    _reword(apps, forwards=True)
    Measure = apps.get_model("measures", "Measure")
    for code, (county_code, fields) in HEDIS_FUH.items():
        county = Measure.objects.filter(code=county_code).first()
        if county is None or Measure.objects.filter(code=code).exists():
            continue  # a registry not loaded yet gets the measure from the fixture
        measure = Measure.objects.create(
            code=code, strata=list(county.strata), reference_groups=dict(county.reference_groups), **fields
        )
        measure.matrix_items.set(county.matrix_items.all())


def hedis_fuh_remove(apps, schema_editor):
    apps.get_model("measures", "Measure").objects.filter(code__in=HEDIS_FUH).delete()
    _reword(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("measures", "0008_disclosure_audit")]

    operations = [migrations.RunPython(hedis_fuh_add, hedis_fuh_remove)]
