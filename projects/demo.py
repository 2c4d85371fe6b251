"""Demo data for improvement projects: the year's two PIPs (one clinical, one non-clinical) with their
teams, driver diagrams, PDSA cycles and a local measure whose data shows improvement, and a CQI cell's
own project.

``projects_demo_load()`` is safe to run again: it does nothing once a project exists. Run it after the
partnership demo (``dialogues.demo``), whose people, cells and problems it uses.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from aims.models import Aim, MatrixItem
from dialogues.models import CqiCell, PdsaDecision, Problem
from projects.models import (
    ImprovementProject,
    LocalDataPoint,
    LocalMeasure,
    MeasureRole,
    ProjectKind,
    ProjectStage,
    SpreadStatus,
    TeamRole,
)
from projects.services.cycles import cycle_start, cycle_update
from projects.services.drivers import change_idea_add, driver_add
from projects.services.family import local_measure_create
from projects.services.projects import project_create, project_member_add
from projects.services.spread import spread_site_save

# Follow-up within 7 days, per month for a year: six months before the change, six after.
FOLLOW_UP = [(41, 92), (40, 88), (45, 95), (38, 90), (43, 93), (42, 89), (58, 91), (67, 94), (66, 90), (70, 92)]
FOLLOW_UP += [(71, 95), (69, 91)]
# Calls after 4 pm that reach a person, per week for 20 weeks: eight before the change, twelve after.
LATE_CALLS = [(31, 58), (35, 61), (30, 57), (33, 60), (29, 55), (34, 62), (32, 59), (30, 56)]
LATE_CALLS += [(48, 60), (52, 61), (51, 58), (55, 62), (54, 60), (56, 61), (53, 59), (57, 62), (55, 60), (58, 61)]
LATE_CALLS += [(56, 59), (57, 60)]


def _users(*names):
    by_name = {user.username: user for user in get_user_model().objects.filter(username__in=names)}
    return [by_name.get(name) for name in names]


def _months_back(count: int) -> list[date]:
    """The first days of the last ``count`` full months, oldest first."""
    month = timezone.localdate().replace(day=1)
    months = []
    for _step in range(count):
        month = (month - timedelta(days=1)).replace(day=1)
        months.append(month)
    return months[::-1]


def _weeks_back(count: int) -> list[date]:
    """The Mondays of the last ``count`` full weeks, oldest first."""
    today = timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=count - i) for i in range(count)]


def _points(measure: LocalMeasure, periods: list[date], figures, entered_by) -> None:
    LocalDataPoint.objects.bulk_create(
        LocalDataPoint(measure=measure, period_start=period, numerator=num, denominator=den, entered_by=entered_by)
        for period, (num, den) in zip(periods, figures, strict=True)
    )


def _team(project, people) -> None:
    for user, role in people:
        if user is not None:
            project_member_add(project=project, user=user, role=role)


def _clinical_pip(staff, people) -> ImprovementProject:
    priya, james, tom = people
    months = _months_back(len(FOLLOW_UP))
    project = project_create(
        by=staff,
        kind=ProjectKind.PIP_CLINICAL,
        title="Follow-up within 7 days of a hospital discharge",
        title_es="Seguimiento dentro de los 7 días después del alta hospitalaria",
        summary="Fewer than half the people discharged from a psychiatric stay were seen within a week.",
        summary_es=(
            "Menos de la mitad de las personas dadas de alta de una hospitalización psiquiátrica eran atendidas "
            "en una semana."
        ),
        aim_what="follow-up visits within 7 days of discharge",
        aim_what_es="visitas de seguimiento dentro de los 7 días del alta",
        aim_for_whom="adults discharged from a psychiatric hospital stay",
        aim_for_whom_es="adultos dados de alta de una hospitalización psiquiátrica",
        baseline_text="about 45 in 100",
        baseline_text_es="alrededor de 45 de cada 100",
        baseline_value=45,
        goal_text="70 in 100",
        goal_text_es="70 de cada 100",
        goal_value=70,
        aim_by=months[-1] + timedelta(days=365),
        stage=ProjectStage.IMPLEMENTING,
        starts_on=months[0],
        aims=Aim.objects.filter(slug="timely"),
        matrix_items=MatrixItem.objects.filter(code__in=["TI-PR-01"]),
    )
    _team(
        project, [(priya, TeamRole.LEAD), (james, TeamRole.MEMBER), (tom, TeamRole.MEMBER), (staff, TeamRole.SPONSOR)]
    )
    know = driver_add(
        project=project,
        text="The clinic knows of a discharge the same day",
        text_es="La clínica se entera del alta el mismo día",
    )
    notices = driver_add(
        project=project,
        parent=know,
        text="Discharge notices reach the clinic electronically",
        text_es="Los avisos de alta llegan a la clínica en forma electrónica",
    )
    change_idea_add(
        driver=notices,
        text="A daily discharge list from the hospital liaison",
        text_es="Una lista diaria de altas del enlace del hospital",
    )
    booked = driver_add(
        project=project,
        text="The appointment is booked before the person leaves",
        text_es="La cita se programa antes de que la persona salga",
    )
    ward = change_idea_add(
        driver=booked, text="Book the follow-up from the ward", text_es="Programar el seguimiento desde la sala"
    )
    measure = local_measure_create(
        project=project,
        role=MeasureRole.OUTCOME,
        name="Follow-up within 7 days of discharge",
        name_es="Seguimiento dentro de los 7 días del alta",
        definition="Discharges in the month followed by a visit within 7 days, counted from the liaison's list.",
        definition_es="Altas del mes seguidas de una visita dentro de los 7 días, contadas de la lista del enlace.",
        kind="proportion",
        numerator_label="discharges followed up within 7 days",
        numerator_label_es="altas con seguimiento dentro de los 7 días",
        denominator_label="discharges",
        denominator_label_es="altas",
        direction="increase",
        period="month",
    )
    local_measure_create(
        project=project,
        role=MeasureRole.BALANCING,
        name="Ward nurse hours spent booking",
        name_es="Horas de enfermería dedicadas a programar citas",
        definition="Hours a month the ward's nurses spend booking follow-ups, from their log.",
        definition_es="Horas al mes que el personal de enfermería dedica a programar seguimientos, según su registro.",
        kind="count",
        direction="decrease",
        period="month",
    )
    _points(measure, months, FOLLOW_UP, staff)
    cycle = cycle_start(
        idea=ward,
        by=staff,
        title="Book the follow-up from the ward, one unit",
        title_es="Programar el seguimiento desde la sala, en una unidad",
        plan_prediction="Most people leaving unit B will have a booked visit; follow-up rises above 60 in 100.",
        plan_prediction_es=(
            "La mayoría de quienes salgan de la unidad B tendrán una visita programada; el seguimiento supera "
            "60 de cada 100."
        ),
        plan_who="Unit B nurses and the clinic scheduler",
        plan_who_es="El personal de enfermería de la unidad B y quien programa las citas de la clínica",
        plan_where="Unit B",
        plan_where_es="Unidad B",
        plan_measure="Follow-up within 7 days of discharge",
        plan_measure_es="Seguimiento dentro de los 7 días del alta",
        starts_on=months[6],
        measure=None,
    )
    cycle_update(
        cycle=cycle,
        by=staff,
        ends_on=months[7] + timedelta(days=27),
        do_notes="The scheduler joined the unit's discharge huddle twice a week.",
        do_notes_es="Quien programa las citas se unió dos veces por semana a la reunión breve de altas de la unidad.",
        study_notes="Follow-up rose to about two in three, as predicted; booking took nurses little time.",
        study_notes_es=(
            "El seguimiento subió a unos dos de cada tres, como se predijo; programar les tomó poco tiempo a las "
            "enfermeras."
        ),
        act_decision=PdsaDecision.ADOPT,
        act_notes="Adopted on unit B; unit C next.",
        act_notes_es="Se adoptó en la unidad B; sigue la unidad C.",
    )
    return project


def _non_clinical_pip(staff, people, problem) -> ImprovementProject:
    consumer, tom, maria = people
    weeks = _weeks_back(len(LATE_CALLS))
    project = project_create(
        by=staff,
        kind=ProjectKind.PIP_NON_CLINICAL,
        title="A person answers the intake line after 4 pm",
        title_es="Una persona contesta la línea de admisión después de las 4 pm",
        origin_problem=problem,
        aim_what="intake calls after 4 pm answered by a person",
        aim_what_es="llamadas de admisión después de las 4 pm contestadas por una persona",
        aim_for_whom="people calling to ask for services",
        aim_for_whom_es="personas que llaman para pedir servicios",
        baseline_text="about 55 in 100",
        baseline_text_es="alrededor de 55 de cada 100",
        baseline_value=55,
        goal_text="85 in 100",
        goal_text_es="85 de cada 100",
        goal_value=85,
        aim_by=weeks[-1] + timedelta(days=180),
        stage=ProjectStage.SPREADING,
        starts_on=weeks[0],
        aims=Aim.objects.filter(slug="timely"),
    )
    _team(
        project,
        [(tom, TeamRole.LEAD), (consumer, TeamRole.MEMBER), (maria, TeamRole.MEMBER), (staff, TeamRole.SPONSOR)],
    )
    staffing = driver_add(
        project=project,
        text="Someone is free to answer from 4 to 6 pm",
        text_es="Alguien está libre para contestar de 4 a 6 pm",
    )
    shifts = change_idea_add(
        driver=staffing, text="Stagger the intake team's shifts", text_es="Escalonar los turnos del equipo de admisión"
    )
    voicemail = driver_add(
        project=project,
        text="Messages are returned the same evening",
        text_es="Los mensajes se devuelven la misma tarde",
    )
    change_idea_add(
        driver=voicemail, text="Empty the voicemail box at 5 pm", text_es="Vaciar el buzón de voz a las 5 pm"
    )
    measure = local_measure_create(
        project=project,
        role=MeasureRole.OUTCOME,
        name="Calls after 4 pm answered by a person",
        name_es="Llamadas después de las 4 pm contestadas por una persona",
        definition=(
            "Calls to the intake line from 4 to 6 pm answered by a person, from the phone system's weekly report."
        ),
        definition_es=(
            "Llamadas a la línea de admisión de 4 a 6 pm contestadas por una persona, según el informe semanal "
            "del sistema telefónico."
        ),
        kind="proportion",
        numerator_label="calls answered by a person",
        numerator_label_es="llamadas contestadas por una persona",
        denominator_label="calls from 4 to 6 pm",
        denominator_label_es="llamadas de 4 a 6 pm",
        direction="increase",
        period="week",
    )
    _points(measure, weeks, LATE_CALLS, staff)
    cycle = cycle_start(
        idea=shifts,
        by=staff,
        title="Two intake workers start at 10 am",
        title_es="Dos trabajadores de admisión empiezan a las 10 a.m.",
        plan_prediction="Most late calls will reach a person; answered calls rise above 80 in 100.",
        plan_prediction_es=(
            "La mayoría de las llamadas de la tarde llegarán a una persona; las llamadas contestadas superan 80 de "
            "cada 100."
        ),
        plan_who="The intake team",
        plan_who_es="El equipo de admisión",
        plan_where="Main intake line",
        plan_where_es="Línea principal de admisión",
        plan_measure="Calls after 4 pm answered by a person",
        plan_measure_es="Llamadas después de las 4 p.m. contestadas por una persona",
        starts_on=weeks[8],
        measure=None,
    )
    cycle_update(
        cycle=cycle,
        by=staff,
        ends_on=weeks[11] + timedelta(days=4),
        do_notes="Two workers moved their day to 10 am–6:30 pm for four weeks.",
        do_notes_es="Dos trabajadores cambiaron su horario a de 10 a.m. a 6:30 p.m. durante cuatro semanas.",
        study_notes="Answered calls rose to about nine in ten; morning calls were not hurt.",
        study_notes_es="Las llamadas contestadas subieron a unas nueve de cada diez; las de la mañana no se afectaron.",
        act_decision=PdsaDecision.ADOPT,
        act_notes="Kept as the team's rota.",
        act_notes_es="Se mantuvo como el horario del equipo.",
    )
    spread_site_save(
        project=project,
        place="South clinic intake line",
        place_es="Línea de admisión de la clínica sur",
        status=SpreadStatus.UNDER_WAY,
        on=weeks[-4],
        note="Same rota from this month.",
        note_es="El mismo turno desde este mes.",
    )
    spread_site_save(
        project=project,
        place="Crisis line evenings",
        place_es="Línea de crisis por la tarde",
        status=SpreadStatus.PLANNED,
    )
    return project


def _cell_project(staff, cell, people) -> ImprovementProject:
    consumer, lena = people
    project = project_create(
        by=staff,
        kind=ProjectKind.CELL_WORK,
        cell=cell,
        title="Fewer repeat calls about a first appointment",
        title_es="Menos llamadas repetidas sobre la primera cita",
        aim_what="repeat calls to the front desk about a first appointment",
        aim_what_es="llamadas repetidas a recepción sobre la primera cita",
        aim_for_whom="people waiting for a first appointment",
        aim_for_whom_es="personas que esperan su primera cita",
        goal_text="half as many",
        goal_text_es="la mitad",
        aim_by=timezone.localdate() + timedelta(days=180),
        stage=ProjectStage.TESTING,
        starts_on=timezone.localdate() - timedelta(weeks=6),
        lead=consumer,
    )
    _team(project, [(lena, TeamRole.MEMBER)])
    letter = driver_add(
        project=project, text="People know when their appointment is", text_es="Las personas saben cuándo es su cita"
    )
    idea = change_idea_add(
        driver=letter,
        text="A plain-language letter with the date",
        text_es="Una carta en lenguaje sencillo con la fecha",
    )
    measure = local_measure_create(
        project=project,
        role=MeasureRole.OUTCOME,
        name="Repeat calls counted by the front desk",
        name_es="Llamadas repetidas contadas por recepción",
        definition="Calls from someone who already called about the same first appointment, tallied at the desk.",
        definition_es="Llamadas de alguien que ya llamó por la misma primera cita, anotadas en recepción.",
        kind="count",
        direction="decrease",
        period="week",
    )
    _points(measure, _weeks_back(6), [(24, None), (27, None), (22, None), (25, None), (23, None), (19, None)], staff)
    cycle_start(
        idea=idea,
        by=staff,
        title="Plain-language letter for one week's referrals",
        title_es="Carta en lenguaje sencillo para las referencias de una semana",
        plan_prediction="Fewer of these people call back to ask for their date.",
        plan_prediction_es="Menos de estas personas vuelven a llamar para preguntar su fecha.",
        plan_who="Front desk",
        plan_who_es="Recepción",
        plan_measure="Repeat calls counted by the front desk",
        plan_measure_es="Llamadas repetidas que cuenta la recepción",
        starts_on=timezone.localdate() - timedelta(days=timezone.localdate().weekday()),
        measure=None,
    )
    return project


@transaction.atomic
def projects_demo_load() -> dict[str, int]:
    """Load the projects demo once. Returns how many projects there are."""
    staff, priya, james, tom, consumer, maria, lena = _users(
        "qi_staff", "demo.priya", "demo.james", "demo.tom", "consumer", "demo.maria", "demo.lena"
    )
    if staff is None or ImprovementProject.objects.exists():
        return {"projects": ImprovementProject.objects.count()}
    _clinical_pip(staff, [priya, james, tom])
    problem = Problem.objects.filter(title="Intake line goes unanswered after 4 pm").first()
    _non_clinical_pip(staff, [consumer, tom, maria], problem)
    cell = CqiCell.objects.filter(slug="first-appointment").first()
    if cell is not None and consumer is not None:
        _cell_project(staff, cell, [consumer, lena])
    return {"projects": ImprovementProject.objects.count()}
