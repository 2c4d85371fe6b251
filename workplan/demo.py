"""The work plan's demo: last year's plan and its evaluation, written up, and this year's plan started from it,
with objectives measured by the demo county's data and by figures QI staff entered (test calls, grievances).
The council demo (``council.demo``) approves this year's plan and last year's evaluation at its meetings."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from measures.models import Measure
from workplan.models import Activity, Goal, Objective, ReviewArea, WorkPlan
from workplan.services import (
    evaluation_start,
    objective_figure_record,
    objective_save,
    plan_approve,
    plan_create_from_last_year,
    plan_create_from_template,
)

# (area, title, title_es, measure code or None, unit, direction, baseline, target, responsible)
LAST_YEAR_OBJECTIVES = [
    (
        "access-timeliness",
        "Offer a routine appointment within 10 business days to 80 % of requests",
        "Ofrecer una cita de rutina en 10 días hábiles al 80 % de las solicitudes",
        "routine-non-psychiatry-offered-10-days",
        "",
        "increase",
        "70",
        "80",
        "Access team manager",
    ),
    (
        "physical-health-coordination",
        "See 40 % of people within 7 days of leaving a psychiatric hospital",
        "Atender al 40 % de las personas dentro de 7 días después de salir de un hospital psiquiátrico",
        "follow-up-7-days",
        "",
        "increase",
        "30",
        "40",
        "Hospital liaison",
    ),
    (
        "access-line",
        "Test calls given information on how to get services",
        "Llamadas de prueba que reciben información sobre cómo obtener servicios",
        None,
        "% of test calls",
        "increase",
        "82",
        "95",
        "Access line supervisor",
    ),
    (
        "grievances-appeals",
        "Grievances resolved within 90 days",
        "Quejas resueltas dentro de 90 días",
        None,
        "% of grievances",
        "increase",
        "88",
        "95",
        "Patients' rights advocate",
    ),
]

# New this year, whatever was carried forward.
THIS_YEAR_OBJECTIVES = [
    (
        "access-timeliness",
        "Bring missed psychiatry appointments down to 10 %",
        "Reducir al 10 % las citas de psiquiatría perdidas",
        "no-show-psychiatry",
        "",
        "decrease",
        "15",
        "10",
        "Medical director",
    ),
    (
        "physical-health-coordination",
        "See 60 % of people within 30 days of leaving a psychiatric hospital",
        "Atender al 60 % de las personas dentro de 30 días después de salir de un hospital psiquiátrico",
        "follow-up-30-days",
        "",
        "increase",
        "50",
        "60",
        "Hospital liaison",
    ),
]

FIGURES = {
    "access-line": ["85", "88", "90", "91"],
    "grievances-appeals": ["92", "94", "96", "97"],
}

# Who approved last year's plan, before QIC kept the council's meetings (the council demo's seven, one absent).
# This year's plan and last year's evaluation are approved at the council demo's meetings, from attendance.
LAST_YEAR_APPROVAL = {
    "consumers_present": 2,
    "family_members_present": 1,
    "providers_present": 1,
    "county_staff_present": 1,
    "directors_present": 1,
    "meeting_reference": "Quality Improvement Council",
}


def _fiscal_year(day: date) -> int:
    return day.year if day.month >= 7 else day.year - 1


def _quarter_ends(year: int) -> list[date]:
    return [date(year, 9, 30), date(year, 12, 31), date(year + 1, 3, 31), date(year + 1, 6, 30)]


@transaction.atomic
def workplan_demo_load() -> dict[str, int]:
    """Load the demo once: returns how many plans and objectives there are. Does nothing when this
    fiscal year already has a plan."""
    this_year = _fiscal_year(timezone.localdate())
    if not WorkPlan.objects.filter(fiscal_year_start=date(this_year, 7, 1)).exists():
        _load(this_year)
    return {"plans": WorkPlan.objects.count(), "objectives": Objective.objects.count()}


def _load(this_year: int) -> None:
    staff = get_user_model().objects.filter(username="qi_staff").first()
    last = WorkPlan.objects.filter(fiscal_year_start=date(this_year - 1, 7, 1)).first()
    if last is None:
        last = plan_create_from_template(year=this_year - 1)
        for order, spec in enumerate(LAST_YEAR_OBJECTIVES, start=1):
            objective = _objective(last, spec, order=order, baseline_year=this_year - 2)
            area, who = spec[0], spec[-1]
            Activity.objects.create(
                objective=objective,
                description="Review the figures at each monthly QI meeting and agree one change to test.",
                description_es="Revisar las cifras en cada reunión mensual de calidad y acordar un cambio a probar.",
                responsible=who,
                status="done",
            )
            Activity.objects.create(
                objective=objective,
                description="Ask the consumer cell what gets in the way, and report back to the council.",
                description_es="Preguntar a la célula de consumidores qué lo dificulta e informar al consejo.",
                responsible=who,
                status="under_way",
            )
            if staff is not None and area in FIGURES:
                for as_of, value in zip(_quarter_ends(this_year - 1), FIGURES[area], strict=True):
                    objective_figure_record(
                        objective=objective, as_of=as_of, value=Decimal(value), source="Quarterly log", by=staff
                    )
        plan_approve(
            plan=last, approval={"approved_on": last.fiscal_year_start + timedelta(days=60), **LAST_YEAR_APPROVAL}
        )
        evaluation = evaluation_start(plan=last)
        for review in evaluation.reviews.all():
            review.narrative = "The council reviewed the year's figures and the activities carried out."
            review.narrative_es = "El consejo revisó las cifras del año y las actividades realizadas."
            review.barriers = "Staff vacancies in the second half of the year."
            review.barriers_es = "Puestos vacantes en la segunda mitad del año."
            review.next_steps = "Carry forward if not met; test evening appointments."
            review.next_steps_es = "Continuar si no se cumplió; probar citas por la tarde."
            review.save()
    plan = plan_create_from_last_year(year=this_year)
    for order, spec in enumerate(THIS_YEAR_OBJECTIVES, start=10):
        _objective(plan, spec, order=order, baseline_year=this_year - 1)


def _objective(plan: WorkPlan, spec: tuple, *, order: int, baseline_year: int) -> Objective:
    area, title, title_es, code, unit, direction, baseline, target, who = spec
    goal = Goal.objects.filter(plan=plan, area__code=area).first() or Goal.objects.create(
        plan=plan, area=ReviewArea.objects.get(code=area), title=ReviewArea.objects.get(code=area).name
    )
    return objective_save(
        objective=Objective(
            goal=goal,
            order=order,
            title=title,
            title_es=title_es,
            measure=Measure.objects.filter(code=code).first() if code else None,
            unit_label=unit,
            direction=direction,
            baseline=Decimal(baseline),
            baseline_note=f"FY{baseline_year}-{(baseline_year + 1) % 100:02d}",
            target=Decimal(target),
            due_date=plan.fiscal_year_end,
            responsible=who,
        )
    )
