"""The demo's CQI cells: members, meetings and stipends, the survey, and the first cell's improvement work
(opportunities, votes, action steps, an outcome standard and a PDSA cycle)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from aims.models import Aim, Level, MatrixItem
from dialogues.demo.common import at_days_ago, demo_user, spanish_where_blank
from dialogues.models import (
    ActionStatus,
    ActionStep,
    CellStatus,
    CompensationKind,
    CqiCell,
    Dialogue,
    ImprovementOpportunity,
    Meeting,
    Membership,
    OpportunityStatus,
    OutcomeStandard,
    PartnerRole,
    PdsaCycle,
    PriorityVote,
    ReviewStatus,
    StipendEntry,
    StipendStatus,
    SurveyResponse,
)
from dialogues.selectors.joining import quarter_start
from dialogues.services.cells import attendance_record, stipend_mark_paid
from dialogues.services.improvement import pdsa_cycle_save
from measures.models import Measure

#: The measure of "offered a routine appointment within 10 business days" in fixtures/measures.json.
DEMO_MEASURE = "routine-non-psychiatry-offered-10-days"

CELLS = [
    {
        "slug": "first-appointment",
        "name": "Getting a first appointment",
        "name_es": "Conseguir una primera cita",
        "focus": "Shorter, clearer waits for a first appointment",
        "focus_es": "Esperas más cortas y claras para una primera cita",
        "mission_statement": (
            "People who use services, family members and staff, as equal partners, make the first "
            "appointment easy to get and the wait easy to understand."
        ),
        "mission_statement_es": (
            "Personas que usan los servicios, familiares y personal, como socios en igualdad, hacen que la "
            "primera cita sea fácil de conseguir y que la espera sea fácil de entender."
        ),
        "process_description": (
            "1. Members bring what they hear and see. 2. We vote on impact and effort. "
            "3. We test one change at a time with a PDSA cycle. 4. We report to the council each quarter."
        ),
        "process_description_es": (
            "1. Los miembros traen lo que escuchan y ven. 2. Votamos según el impacto y el esfuerzo. "
            "3. Probamos un cambio a la vez con un ciclo PDSA. 4. Informamos al consejo cada trimestre."
        ),
        "status": CellStatus.ACTIVE,
        "meeting_schedule": "Second Tuesday of the month, 5–6:30 pm, Room 2 or online",
        "meeting_schedule_es": "Segundo martes de cada mes, de 5 a 6:30 p.m., en la Sala 2 o en línea",
        "compensation_kind": CompensationKind.PER_MEETING,
        "stipend_per_meeting": Decimal("25.00"),
        "aims": ["TI"],
        "levels": ["PR", "DM"],
        "items": ["TI-PR-01", "TI-PR-02", "TI-DM-01"],
        # (username, first, last, role); "consumer" is the demo account.
        "members": [
            ("consumer", "", "", PartnerRole.CONSUMER),
            ("demo.maria", "María", "Lopez", PartnerRole.CONSUMER),
            ("demo.james", "James", "Carter", PartnerRole.FAMILY),
            ("demo.priya", "Priya", "Shah", PartnerRole.PROVIDER),
            ("demo.tom", "Tom", "Nguyen", PartnerRole.STAFF),
            ("demo.lena", "Lena", "Brooks", PartnerRole.PEER_PROVIDER),
        ],
    },
    {
        "slug": "spanish-speakers",
        "name": "Welcoming Spanish speakers",
        "name_es": "Bienvenida a quienes hablan español",
        "focus": "Services in Spanish from the first phone call",
        "focus_es": "Servicios en español desde la primera llamada",
        "mission_statement": "Spanish speakers are welcomed, understood and offered the same choices as everyone.",
        "mission_statement_es": (
            "Quienes hablan español son bienvenidos, comprendidos y reciben las mismas opciones que todos."
        ),
        "status": CellStatus.ACTIVE,
        "meeting_schedule": "First Monday of the month, 6–7 pm",
        "meeting_schedule_es": "Primer lunes de cada mes, de 6 a 7 p.m.",
        "compensation_kind": CompensationKind.PER_MEETING,
        "stipend_per_meeting": Decimal("25.00"),
        "aims": ["EQ"],
        "levels": ["CF", "PR"],
        "items": ["EQ-CF-01", "EQ-PR-01"],
        # Deliberately below 20% consumers: 1 of 6.
        "members": [
            ("demo.rosa", "Rosa", "Díaz", PartnerRole.FAMILY),
            ("demo.priya", "Priya", "Shah", PartnerRole.PROVIDER),
            ("demo.ahmed", "Ahmed", "Karim", PartnerRole.PROVIDER),
            ("demo.sofia", "Sofía", "Ramos", PartnerRole.STAFF),
            ("demo.kevin", "Kevin", "O'Neil", PartnerRole.PROVIDER),
            ("demo.tom", "Tom", "Nguyen", PartnerRole.STAFF),
        ],
    },
    {
        "slug": "treatment-plans",
        "name": "Choosing my own treatment plan",
        "name_es": "Elegir mi propio plan de tratamiento",
        "focus": "A real say in treatment and service planning",
        "focus_es": "Una voz real en la planificación del tratamiento y de los servicios",
        "mission_statement": "",
        "status": CellStatus.FORMING,
        "meeting_schedule": "To be agreed at the first meeting",
        "meeting_schedule_es": "Se acordará en la primera reunión",
        "compensation_kind": CompensationKind.NONE,
        "no_compensation_reason": "The cell is forming: members agree the compensation plan at the first meeting.",
        "no_compensation_reason_es": (
            "El grupo se está formando: los miembros acordarán el plan de compensación en la primera reunión."
        ),
        "aims": ["PF"],
        "levels": ["CF"],
        "items": ["PF-CF-01"],
        "members": [],
    },
]


def cell_load(spec: dict) -> CqiCell:
    fields = {
        key: spec.get(key, "")
        for key in ("name", "focus", "mission_statement", "process_description", "status", "meeting_schedule")
    }
    fields.update(
        compensation_kind=spec["compensation_kind"],
        stipend_per_meeting=spec.get("stipend_per_meeting"),
        no_compensation_reason=spec.get("no_compensation_reason", ""),
        mission_reviewed_on=timezone.localdate() - timedelta(days=60) if spec.get("mission_statement") else None,
    )
    cell, created = CqiCell.objects.get_or_create(slug=spec["slug"], defaults=fields)
    spanish_where_blank(cell, **{key: value for key, value in spec.items() if key.endswith("_es")})
    if created:
        cell.aims.set(Aim.objects.filter(code__in=spec["aims"]))
        cell.levels.set(Level.objects.filter(code__in=spec["levels"]))
        cell.matrix_items.set(MatrixItem.objects.filter(code__in=spec["items"]))
    return cell


def memberships_load(cell: CqiCell, spec: dict) -> list[Membership]:
    result = []
    for username, first, last, role in spec["members"]:
        user = demo_user(username, first, last)
        membership = Membership.objects.filter(cell=cell, user=user, left_on__isnull=True).first()
        if membership is None:
            membership = Membership.objects.create(
                cell=cell, user=user, role=role, joined_on=timezone.localdate() - timedelta(days=150)
            )
        result.append(membership)
    return result


def meetings_load(cell: CqiCell, members: list[Membership], recorder) -> None:
    """Three past meetings with attendance (so stipends exist); the oldest meeting's stipends are paid."""
    plans = [
        (90, "Welcome; how we work; first ideas", "Bienvenida; cómo trabajamos; primeras ideas"),
        (60, "Vote on opportunities", "Votación de las oportunidades"),
        (30, "Plan a PDSA cycle", "Planificar un ciclo PDSA"),
    ]
    for index, (days_ago, agenda, agenda_es) in enumerate(plans):
        meeting, _created = Meeting.objects.get_or_create(
            cell=cell,
            agenda=agenda,
            defaults={
                "starts_at": at_days_ago(days_ago),
                "place": "Room 2, 100 Main Street",
                "notes": "Decisions recorded.",
            },
        )
        spanish_where_blank(meeting, agenda_es=agenda_es, notes_es="Se registraron las decisiones.")
        attending = [m.pk for position, m in enumerate(members) if (position + index) % 5 != 4]
        attendance_record(meeting=meeting, attended_membership_ids=attending, recorded_by=recorder)
        if index == 0:
            stipend_mark_paid(
                entries=StipendEntry.objects.filter(meeting=meeting, status=StipendStatus.OWED),
                paid_on=timezone.localdate() - timedelta(days=80),
                changed_by=recorder,
            )


def improvement_load(cell: CqiCell, members: list[Membership], dialogue: Dialogue, creator) -> None:
    queue, _created = ImprovementOpportunity.objects.get_or_create(
        cell=cell,
        title="Tell people where they are in the queue",
        defaults={
            "description": "Surfaced at the dialogue: people waiting did not know how long the wait would be.",
            "dialogue": dialogue,
            "handed_to_cell_at": at_days_ago(95),
            "status": OpportunityStatus.IN_PROGRESS,
            "proposed_by": creator,
            "review_status": ReviewStatus.APPROVED,
        },
    )
    spanish_where_blank(
        queue,
        title_es="Decirle a la gente en qué lugar de la fila está",
        description_es=("Surgió en el diálogo: las personas que esperaban no sabían cuánto duraría la espera."),
    )
    script, _created = ImprovementOpportunity.objects.get_or_create(
        cell=cell,
        title="A simple script for the first phone call",
        defaults={"status": OpportunityStatus.OPEN, "proposed_by": creator, "review_status": ReviewStatus.APPROVED},
    )
    spanish_where_blank(script, title_es="Un guion sencillo para la primera llamada")
    for position, membership in enumerate(members):
        PriorityVote.objects.update_or_create(
            opportunity=queue, voter=membership.user, defaults={"impact": 5 - position % 2, "effort": 2}
        )
        PriorityVote.objects.update_or_create(
            opportunity=script, voter=membership.user, defaults={"impact": 3, "effort": 2 + position % 3}
        )
    steps = [
        ("Draft a text message that gives the expected wait", members[3], 40, ActionStatus.DONE, "Draft agreed."),
        ("Check the message with three members who use services", members[1], 20, ActionStatus.DOING, ""),
        ("Ask IT whether texts can be sent from the scheduling system", members[4], 5, ActionStatus.TO_DO, ""),
    ]
    # The last step stays in English only: the demo shows how a Spanish page marks it.
    steps_es = {
        steps[0][0]: ("Redactar un mensaje de texto que indique la espera prevista", "Se acordó el borrador."),
        steps[1][0]: ("Revisar el mensaje con tres miembros que usan los servicios", ""),
    }
    for description, owner, days_ago, status, result in steps:
        step, _created = ActionStep.objects.get_or_create(
            opportunity=queue,
            description=description,
            defaults={
                "owner": owner,
                "due_on": timezone.localdate() - timedelta(days=days_ago),
                "status": status,
                "result": result,
            },
        )
        if description in steps_es:
            description_es, result_es = steps_es[description]
            spanish_where_blank(step, description_es=description_es, result_es=result_es)
    measure = Measure.objects.filter(code=DEMO_MEASURE).first()
    if measure is not None:
        standard, _created = OutcomeStandard.objects.get_or_create(
            opportunity=queue,
            measure=measure,
            defaults={
                "target": Decimal("80"),
                "target_date": timezone.localdate() + timedelta(days=180),
                "description": "Eight in ten people offered a routine appointment within 10 business days.",
            },
        )
        spanish_where_blank(
            standard,
            description_es="A ocho de cada diez personas se les ofrece una cita de rutina en 10 días hábiles.",
        )
    if not PdsaCycle.objects.filter(cell=cell, title="Text the expected wait after the first call").exists():
        pdsa_cycle_save(
            cycle=PdsaCycle(
                cell=cell,
                opportunity=queue,
                measure=measure,
                title="Text the expected wait after the first call",
                # Given here too, so the cycle's note on the chart is written in Spanish as well.
                title_es="Enviar por texto la espera prevista después de la primera llamada",
                plan_prediction="Fewer people call again to ask; more accept the first appointment offered.",
                plan_who="Front-desk staff at one clinic",
                plan_where="One adult clinic",
                plan_measure="Repeat calls counted by the front desk for four weeks",
                starts_on=timezone.localdate() - timedelta(days=25),
                do_notes="Texts sent to everyone who called for a first appointment.",
            ),
            changed_by=creator,
        )
    cycle = PdsaCycle.objects.filter(cell=cell, title="Text the expected wait after the first call").first()
    spanish_where_blank(
        cycle,
        title_es="Enviar por texto la espera prevista después de la primera llamada",
        plan_prediction_es=(
            "Menos personas vuelven a llamar para preguntar; más aceptan la primera cita que se les ofrece."
        ),
        plan_who_es="El personal de recepción de una clínica",
        plan_where_es="Una clínica para adultos",
        plan_measure_es="Las llamadas repetidas que cuenta la recepción durante cuatro semanas",
        do_notes_es="Se enviaron textos a todas las personas que llamaron para pedir una primera cita.",
    )


def survey_load(cell: CqiCell, members: list[Membership]) -> None:
    """Answers from five members this quarter: enough for the averages to be shown."""
    period = quarter_start(timezone.localdate())
    answers = [(5, 4, 4, 5, 5), (4, 4, 3, 4, 5), (5, 5, 4, 4, 4), (4, 3, 4, 4, 4), (5, 4, 5, 5, 5)]
    for membership, scores in zip(members, answers, strict=False):
        SurveyResponse.objects.get_or_create(
            cell=cell,
            respondent=membership.user,
            period=period,
            defaults=dict(zip(SurveyResponse.QUESTIONS, scores, strict=True)),
        )
