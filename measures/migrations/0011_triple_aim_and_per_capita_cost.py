"""The Triple Aim as a lens on the measures, and its cost measure: approved dollars per eligible member per month.

Seed 002 (the business case for integrated care) takes the IHI Triple Aim: improve the health of the
population; enhance the experience of care (including quality, access and reliability); reduce, or
at least control, the per capita cost of total health care. Each measure is filed under the one it
tells most about, with the reason in one line (shown on its page):

- the timeliness standards, waits, access funnel, no-shows and follow-up after a hospital stay are
  the experience of care: access, reliability and quality for the person who asks or is served;
- the penetration rate is population health: its denominator is everyone eligible, not only those
  who came; a readmission is a health outcome (the IHI also counts hospital use under cost);
- dollars per client served and dollars per eligible member are per capita cost; only the second is
  per capita in the Triple Aim's sense (per member of the population, per month).

On a database whose registry is already loaded this tags every measure (a county's own measure not
in the pack is tagged by its unit, with a reason asking QI staff to check it) and adds the new
measure with its matrix items. On an empty database it adds nothing: the registry's fixture does.
"""

from django.db import migrations, models
from django.utils import timezone

# code -> (Triple Aim, why, why in Spanish)
TAGS = {
    "routine-non-psychiatry-offered-10-days": (
        "experience_of_care",
        "Access: how soon someone who asks for care is offered a first appointment with a clinician.",
        "Acceso: qué tan pronto se ofrece a quien pide atención una primera cita con un profesional clínico.",
    ),
    "routine-psychiatry-offered-15-days": (
        "experience_of_care",
        "Access: how soon someone who asks for care is offered a first appointment with a psychiatrist.",
        "Acceso: qué tan pronto se ofrece a quien pide atención una primera cita con un psiquiatra.",
    ),
    "urgent-offered-48-96-hours": (
        "experience_of_care",
        "Access when it matters most: whether someone in urgent need is offered care within the hours the standard allows.",
        "Acceso cuando más importa: si a quien tiene una necesidad urgente se le ofrece atención dentro de las horas que fija el estándar.",
    ),
    "days-to-first-offer": (
        "experience_of_care",
        "Access: how long people wait for a first offer, as they live it.",
        "Acceso: cuánto esperan las personas una primera oferta de cita, tal como lo viven.",
    ),
    "days-to-first-service": (
        "experience_of_care",
        "Access: how long people wait until they are first seen.",
        "Acceso: cuánto esperan las personas hasta ser atendidas por primera vez.",
    ),
    "no-show-psychiatry": (
        "experience_of_care",
        "Reliability: booked appointments that did not take place, often a sign that care does not fit people's lives.",
        "Confiabilidad: citas programadas que no se realizaron, a menudo señal de que la atención no se ajusta a la vida de las personas.",
    ),
    "no-show-clinicians": (
        "experience_of_care",
        "Reliability: booked appointments that did not take place, often a sign that care does not fit people's lives.",
        "Confiabilidad: citas programadas que no se realizaron, a menudo señal de que la atención no se ajusta a la vida de las personas.",
    ),
    "follow-up-7-days": (
        "experience_of_care",
        "Quality and reliability: whether care continues within a week of leaving hospital.",
        "Calidad y confiabilidad: si la atención continúa dentro de la semana siguiente al alta hospitalaria.",
    ),
    "follow-up-30-days": (
        "experience_of_care",
        "Quality and reliability: whether care continues within a month of leaving hospital.",
        "Calidad y confiabilidad: si la atención continúa dentro del mes siguiente al alta hospitalaria.",
    ),
    "hedis-fuh-7-days": (
        "experience_of_care",
        "Quality and reliability: whether care continues within a week of leaving hospital, counted as HEDIS counts it.",
        "Calidad y confiabilidad: si la atención continúa dentro de la semana siguiente al alta hospitalaria, contada como la cuenta HEDIS.",
    ),
    "hedis-fuh-30-days": (
        "experience_of_care",
        "Quality and reliability: whether care continues within a month of leaving hospital, counted as HEDIS counts it.",
        "Calidad y confiabilidad: si la atención continúa dentro del mes siguiente al alta hospitalaria, contada como la cuenta HEDIS.",
    ),
    "readmission-30-days": (
        "population_health",
        "A health outcome: people unwell enough to return to hospital within a month (the IHI also counts hospital use under cost).",
        "Un resultado de salud: personas tan enfermas que vuelven al hospital dentro de un mes (el IHI también cuenta el uso del hospital en el costo).",
    ),
    "penetration-rate": (
        "population_health",
        "Counts the whole eligible population, not only those who came: how much of the population the plan's care reaches.",
        "Cuenta a toda la población elegible, no solo a quienes acudieron: qué parte de la población alcanza la atención del plan.",
    ),
    "approved-dollars-per-client": (
        "per_capita_cost",
        "Cost of care per person served; dollars per eligible member per month is its per capita counterpart.",
        "Costo de la atención por persona atendida; los dólares por miembro elegible por mes son su equivalente per cápita.",
    ),
    "requests-offered": (
        "experience_of_care",
        "Access: whether a request for care leads to an offered appointment at all.",
        "Acceso: si una solicitud de atención llega a recibir alguna oferta de cita.",
    ),
    "requests-first-service": (
        "experience_of_care",
        "Access: whether a request for care leads to a first service.",
        "Acceso: si una solicitud de atención llega a un primer servicio.",
    ),
    "approved-dollars-per-eligible": (
        "per_capita_cost",
        "The Triple Aim's cost measure itself: spending per member of the whole eligible population, per month.",
        "La medida de costo de la Triple Meta: el gasto por miembro de toda la población elegible, por mes.",
    ),
}
UNLISTED_REASON = (
    "Tagged by its unit when the Triple Aim was added: QI staff should check it.",
    "Clasificada por su unidad al añadir la Triple Meta: el personal de calidad debe revisarla.",
)

PER_ELIGIBLE_ITEMS = ["EF-PR-06", "EQ-LE-01"]
PER_ELIGIBLE = {
    "code": "approved-dollars-per-eligible",
    "order": 125,
    "active": True,
    "written_by": "QIC engineers",
    "checked_by": "",
    "next_review": "2027-06-30",
    "name": "Approved dollars per eligible member per month (PMPM)",
    "name_es": "Dólares aprobados por miembro elegible por mes (PMPM)",
    "definition": "The approved amount for all services, per Medi-Cal eligible member per month: the cost of care spread over the plan's whole eligible population, not only over the clients served.",
    "definition_es": "El monto aprobado de todos los servicios, por miembro elegible de Medi-Cal por mes: el costo de la atención repartido entre toda la población elegible del plan, no solo entre los clientes atendidos.",
    "numerator": "Total approved amount of services in the period.",
    "numerator_es": "Monto total aprobado de los servicios del período.",
    "denominator": "Member-months: the eligible beneficiaries of each month of the period, added up (the penetration rate's average monthly eligibles times the number of months).",
    "denominator_es": "Meses-miembro: los beneficiarios elegibles de cada mes del período, sumados (el promedio mensual de elegibles de la tasa de penetración por el número de meses).",
    "method_notes": "Per member per month (PMPM): the period's dollars over its member-months, so a month, a quarter and a fiscal year are on the same scale (a quarter's figure is its months' figures weighted by their eligibles). The eligibles are those of the penetration rate, so the groups are those of the eligibles file. A figure linked to fewer than 11 clients served, or to a group with fewer than 11 eligible members in an average month, is hidden. The IHI Triple Aim asks to reduce, or at least control, per capita cost; spending less can also mean reaching fewer people, so neither direction is called better: the chart watches for change.",
    "method_notes_es": "Por miembro por mes (PMPM): los dólares del período entre sus meses-miembro, de modo que un mes, un trimestre y un año fiscal están en la misma escala (la cifra de un trimestre es la de sus meses ponderada por sus elegibles). Los elegibles son los de la tasa de penetración, así que los grupos son los del archivo de elegibles. Se oculta toda cifra vinculada a menos de 11 clientes atendidos, o a un grupo con menos de 11 miembros elegibles en un mes promedio. La Triple Meta del IHI pide reducir, o al menos controlar, el costo per cápita; gastar menos también puede significar llegar a menos personas, así que ninguna dirección se considera mejor: el gráfico vigila los cambios.",
    "unit": "dollars",
    "measure_type": "balancing",
    "direction": "neutral",
    "standard": "",
    "standard_es": "",
    "target": None,
    "benchmark": "",
    "chart_type": "run",
    "strata": ["race_ethnicity", "age_group", "gender", "language", "threshold_language"],
    # Compared with those who speak English or another language, as DHCS asks (migration 0010).
    "reference_groups": {"threshold_language": "no"},
    "source": "Seed 002 (IHI Triple Aim: per capita cost); MEASURES.md 2.2 (the penetration rate's eligibles, AACB's approved dollars)",
}


def tag_and_add_per_capita_cost(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    MatrixItem = apps.get_model("aims", "MatrixItem")
    if not Measure.objects.exists():
        return  # an empty registry: the fixture brings every measure, tagged
    added = None
    if not Measure.objects.filter(code=PER_ELIGIBLE["code"]).exists():
        added = Measure.objects.create(**PER_ELIGIBLE)
        added.matrix_items.set(MatrixItem.objects.filter(code__in=PER_ELIGIBLE_ITEMS))
    for measure in Measure.objects.all():
        if measure.code in TAGS:
            measure.triple_aim, measure.triple_aim_reason, measure.triple_aim_reason_es = TAGS[measure.code]
        else:
            measure.triple_aim = "per_capita_cost" if measure.unit == "dollars" else "experience_of_care"
            measure.triple_aim_reason, measure.triple_aim_reason_es = UNLISTED_REASON
        measure.save(update_fields=["triple_aim", "triple_aim_reason", "triple_aim_reason_es"])
    if added is not None:
        _history_of_creation(apps, Measure.objects.get(pk=added.pk))
    _checks_now(schema_editor)


def _history_of_creation(apps, measure):
    """The record a measure loaded from the fixture gets when created: its page lists the target's history."""
    History = apps.get_model("measures", "HistoricalMeasure")
    copied = {
        field.attname: getattr(measure, field.attname)
        for field in History._meta.fields
        if not field.name.startswith("history_")
    }
    History.objects.create(
        **copied,
        history_date=timezone.now(),
        history_type="+",
        history_change_reason="Added with the Triple Aim (migration 0011)",
    )


def remove_per_capita_cost(apps, schema_editor):
    apps.get_model("measures", "Measure").objects.filter(code=PER_ELIGIBLE["code"]).delete()
    _checks_now(schema_editor)


def _checks_now(schema_editor):
    """Adding or deleting the measure with its matrix items leaves deferred foreign-key checks pending,
    and PostgreSQL will not alter the table (the constraints and fields around this step) until they run."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


TRIPLE_AIM_CHOICES = [
    ("population_health", "Population health"),
    ("experience_of_care", "Experience of care"),
    ("per_capita_cost", "Per capita cost"),
]


def triple_aim_fields(model_name: str) -> list:
    """The three fields, added blank (then filled in below, before the constraints)."""
    return [
        migrations.AddField(
            model_name=model_name,
            name="triple_aim",
            field=models.CharField(
                choices=TRIPLE_AIM_CHOICES,
                default="",
                help_text="The objective of the IHI Triple Aim the measure tells about: the registry is grouped by it.",
                max_length=20,
                verbose_name="Triple Aim",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=model_name,
            name="triple_aim_reason",
            field=models.CharField(
                default="",
                help_text="One line, shown on the measure's page.",
                max_length=300,
                verbose_name="why this objective",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=model_name,
            name="triple_aim_reason_es",
            field=models.CharField(blank=True, max_length=300, verbose_name="why this objective (Spanish)"),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("measures", "0010_region_and_threshold_language_strata")]

    operations = [
        *triple_aim_fields("historicalmeasure"),
        *triple_aim_fields("measure"),
        migrations.RunPython(tag_and_add_per_capita_cost, remove_per_capita_cost),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.CheckConstraint(
                condition=models.Q(("triple_aim__in", ["population_health", "experience_of_care", "per_capita_cost"])),
                name="measures_measure_triple_aim_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.CheckConstraint(
                condition=models.Q(("triple_aim_reason", ""), _negated=True),
                name="measures_measure_triple_aim_reason_not_blank",
            ),
        ),
    ]
