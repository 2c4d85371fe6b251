"""Demo data for the council: members in every seat, three past meetings (the first two with approved,
published minutes, decisions and action items; the last awaiting approval) and the next meeting with its
agenda built from everything above and from the partnership demo; and the council's Whole System Quality
self-assessment of last year and this year.

``council_demo_load()`` is safe to run again: it does nothing once the council has meetings. Run it
after the partnership demo (``dialogues.demo``), whose cells, initiatives and problems the agenda reads,
and after the synthetic county when there is one, so chart signals and missed targets show too.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from council.models import (
    ActionItemStatus,
    AgendaSource,
    CouncilMeeting,
    CouncilRole,
    DecisionChange,
    DecisionMethod,
    WsqElement,
)
from council.services.agenda import agenda_build, agenda_item_add
from council.services.approvals import APPROVE_EVALUATION, APPROVE_PLAN, meeting_workplan_approve
from council.services.assessment import RatingInput, assessment_rate
from council.services.meetings import (
    attendance_record,
    council_stipend_mark_paid,
    meeting_save,
    minutes_approve,
    minutes_publish,
    minutes_save,
)
from council.services.members import council_member_add
from council.services.records import action_item_add, action_item_update, decision_record
from dialogues.models import CouncilInitiative
from measures.models import Measure
from workplan.models import WorkPlan

# (username, first, last, seat, preferred language); "consumer", "qi_staff" and "director" are demo accounts.
MEMBERS = [
    ("consumer", "", "", CouncilRole.CONSUMER, "en"),
    ("demo.maria", "María", "Lopez", CouncilRole.CONSUMER, "es"),
    ("demo.james", "James", "Carter", CouncilRole.FAMILY, "en"),
    ("demo.priya", "Priya", "Shah", CouncilRole.PROVIDER, "en"),
    ("demo.li", "Li", "Chen", CouncilRole.PROVIDER, "en"),
    ("qi_staff", "", "", CouncilRole.COUNTY_STAFF, "en"),
    ("director", "", "", CouncilRole.DIRECTOR, "en"),
]

# Minutes per agenda source, in English and Spanish: general, about the services, never about a person.
MINUTES = {
    AgendaSource.INITIATIVE: (
        "The lead reported progress; members asked for the next figures to be shown by language.",
        "La persona responsable informó del avance; los miembros pidieron ver las próximas cifras por idioma.",
    ),
    AgendaSource.CELL_REPORT: (
        "The cell tested a reminder call before first appointments; fewer people missed them.",
        "El grupo probó una llamada de recordatorio antes de la primera cita; menos personas faltaron.",
    ),
    AgendaSource.OVERSIGHT: (
        "The committee reviewed the cells' work and asked for plainer letters about waits.",
        "El comité revisó el trabajo de los grupos y pidió cartas más claras sobre las esperas.",
    ),
    AgendaSource.ESCALATED_PROBLEM: (
        "The council discussed the budget for a bilingual position.",
        "El consejo habló del presupuesto para un puesto bilingüe.",
    ),
}


def _user(username: str, first: str, last: str, language: str):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username, first_name=first, last_name=last, email=f"{username}@example.org")
        user.set_unusable_password()
    user.preferred_language = language
    user.save()
    return user


def _at(days_from_now: int, hour: int = 17):
    day = timezone.localdate() + timedelta(days=days_from_now)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _meeting(days_from_now: int, creator) -> CouncilMeeting:
    meeting = CouncilMeeting(
        title="Quality Improvement Council",
        starts_at=_at(days_from_now),
        ends_at=_at(days_from_now, 19),
        place="County Behavioral Health, Board Room",
        video_link="https://meet.example.org/qic-council",
    )
    meeting_save(meeting=meeting, by=creator)
    agenda_build(meeting=meeting, by=creator)
    return meeting


def _hold(meeting: CouncilMeeting, members, creator, *, absent: int = 1) -> None:
    """Members attend (all but ``absent`` of them); the minutes are written for every item."""
    attendance_record(meeting=meeting, attended_member_ids=[m.pk for m in members[absent:]], by=creator)
    for item in meeting.agenda_items.all():
        minutes = MINUTES.get(item.source)
        if minutes:
            minutes_save(item=item, minutes=minutes[0], minutes_es=minutes[1], by=creator)


@transaction.atomic
def council_demo_load() -> dict[str, int]:
    """Load the council demo once. Returns how many members and meetings the council has."""
    creator = get_user_model().objects.filter(username="qi_staff").first()
    if creator is None or CouncilMeeting.objects.exists():
        return {"members": 0, "meetings": CouncilMeeting.objects.count()}
    members = []
    for username, first, last, role, language in MEMBERS:
        user = _user(username, first, last, language)
        members.append(
            council_member_add(
                user=user, role=role, term_starts_on=timezone.localdate() - timedelta(days=400), by=creator
            )
        )
    consumer, maria, james, priya = (member.user for member in members[:4])

    first = _meeting(-90, creator)
    agenda_item_add(
        meeting=first,
        title="Bus passes for people coming to appointments",
        title_es="Pases de autobús para quienes vienen a sus citas",
        by=maria,
        member_matter=True,
    )
    _hold(first, members, creator)
    matter = first.agenda_items.get(source=AgendaSource.MEMBER_MATTER)
    minutes_save(
        item=matter,
        minutes="Members said the cost of the bus keeps people from first appointments.",
        minutes_es="Los miembros dijeron que el costo del autobús impide llegar a las primeras citas.",
        by=creator,
    )
    decision_record(
        meeting=first,
        agenda_item=matter,
        method=DecisionMethod.VOTE,
        votes_for=5,
        votes_against=0,
        abstentions=1,
        text="Offer a bus pass with every first-appointment letter for six months, then review.",
        text_es="Ofrecer un pase de autobús con cada carta de primera cita durante seis meses y luego revisar.",
        by=creator,
    )
    done = action_item_add(
        meeting=first,
        agenda_item=matter,
        description="Agree the bus-pass supply with the transit agency",
        description_es="Acordar con la agencia de transporte el suministro de pases de autobús",
        owner=priya,
        due_on=timezone.localdate() - timedelta(days=70),
        by=creator,
    )
    action_item_update(item=done, status=ActionItemStatus.DONE, note="Supply agreed.", by=creator)

    second = _meeting(-60, creator)
    _hold(second, members, creator, absent=0)
    minutes_approve(meeting=first, at_meeting=second, on=timezone.localdate() - timedelta(days=60), by=creator)
    initiative = CouncilInitiative.objects.filter(title__startswith="Services in Spanish").first()
    decision_record(
        meeting=second,
        agenda_item=second.agenda_items.filter(source=AgendaSource.INITIATIVE).first(),
        method=DecisionMethod.CONSENSUS,
        change=DecisionChange.INITIATIVE if initiative else DecisionChange.NONE,
        initiative=initiative,
        text="Keep the Spanish-first initiative active and add a measure of calls answered in Spanish.",
        text_es="Mantener activa la iniciativa de atención en español y agregar una medida de llamadas atendidas "
        "en español.",
        by=creator,
    )
    follow_up = Measure.objects.filter(code="follow-up-7-days").first()
    if follow_up is not None and follow_up.target is not None:
        decision_record(
            meeting=second,
            method=DecisionMethod.VOTE,
            votes_for=6,
            votes_against=1,
            abstentions=0,
            change=DecisionChange.TARGET,
            measure=follow_up,
            new_target=follow_up.target + 5,
            text="Raise the target for follow-up within 7 days of a hospital discharge by 5 points.",
            text_es="Subir en 5 puntos la meta de seguimiento dentro de los 7 días posteriores al alta hospitalaria.",
            by=creator,
        )
    action_item_add(
        meeting=second,
        description="Draft a plain-language letter about waiting times, with the oversight committee",
        description_es="Redactar con el comité de supervisión una carta sencilla sobre los tiempos de espera",
        owner=consumer,
        due_on=timezone.localdate() + timedelta(days=10),
        by=creator,
    )
    action_item_add(
        meeting=second,
        description="Bring the count of bilingual clinicians by clinic",
        description_es="Traer el número de clínicos bilingües por clínica",
        owner=creator,
        due_on=timezone.localdate() - timedelta(days=5),
        by=creator,
    )

    _work_plan_approvals([first, second], creator)
    # The first meeting's stipends went out with the next payment run; the later ones are still owed.
    council_stipend_mark_paid(
        entry_ids=first.stipends.values_list("pk", flat=True),
        paid_on=timezone.localdate() - timedelta(days=75),
        by=creator,
    )

    third = _meeting(-30, creator)
    _hold(third, members, creator, absent=2)
    minutes_approve(meeting=second, at_meeting=third, on=timezone.localdate() - timedelta(days=30), by=creator)
    for approved in (first, second):
        minutes_publish(meeting=approved, by=creator)

    upcoming = _meeting(14, creator)
    agenda_item_add(
        meeting=upcoming,
        title="Evening hours at the north clinic",
        title_es="Horario de tarde en la clínica norte",
        by=james,
        member_matter=True,
    )
    _self_assessments(creator)
    return {"members": len(members), "meetings": CouncilMeeting.objects.count()}


# The council's Whole System Quality self-assessment (seed 004): (stage last year, stage this year, evidence,
# evidence in Spanish) per element. Problem escalation and model teams moved up; coaching stays at 0.
SELF_ASSESSMENT = {
    WsqElement.MODEL_TEAMS: (
        0,
        1,
        "Two CQI cells test changes monthly; their results are not yet reported as quick wins.",
        "Dos grupos de CQI prueban cambios cada mes; sus resultados aún no se informan como logros rápidos.",
    ),
    WsqElement.QUALITY_STAFF: (
        1,
        1,
        "QI staff still spend most of their time on state reporting.",
        "El personal de QI todavía dedica la mayor parte de su tiempo a los informes al estado.",
    ),
    WsqElement.QUALITY_PLANNING: (
        1,
        2,
        "The work plan starts from what consumers said in the dialogues.",
        "El plan de trabajo parte de lo que dijeron los consumidores en los diálogos.",
    ),
    WsqElement.PROBLEM_ESCALATION: (
        1,
        2,
        "Problems move from team to program, department and council, with due dates.",
        "Los problemas pasan del equipo al programa, al departamento y al consejo, con fechas límite.",
    ),
    WsqElement.LEARNING_SYSTEM: (
        0,
        1,
        "Cells report to the council; learning is not yet shared between clinics.",
        "Los grupos informan al consejo; lo aprendido aún no se comparte entre clínicas.",
    ),
    WsqElement.LEADERSHIP_COACHING: (
        0,
        0,
        "No leadership coaching yet.",
        "Todavía no hay formación de liderazgo.",
    ),
}


def _work_plan_approvals(held: list[CouncilMeeting], creator) -> None:
    """This year's work plan approved at the first meeting held, last year's evaluation at the first held after
    that year ended (none when the year ended after both): who took part comes from the meetings' attendance."""
    for meeting in held:
        meeting.refresh_from_db()
    today = timezone.localdate()
    this_year = today.year if today.month >= 7 else today.year - 1
    plan = WorkPlan.objects.filter(fiscal_year_start=date(this_year, 7, 1)).first()
    if plan is not None and not plan.is_approved:
        meeting_workplan_approve(meeting=held[0], plan=plan, what=APPROVE_PLAN, by=creator)
    last = WorkPlan.objects.filter(fiscal_year_start=date(this_year - 1, 7, 1)).first()
    after = [meeting for meeting in held if meeting.starts_at.date() > date(this_year, 6, 30)]
    if last is not None and after:
        meeting_workplan_approve(meeting=after[0], plan=last, what=APPROVE_EVALUATION, by=creator)


def _self_assessments(creator) -> None:
    """Last year's and this year's self-assessment, so the results over the years show a change."""
    year = timezone.localdate().year
    for offset, which in ((1, 0), (0, 1)):
        ratings = [
            RatingInput(element=element, stage=stages[which], evidence=stages[2], evidence_es=stages[3])
            for element, stages in SELF_ASSESSMENT.items()
        ]
        assessment_rate(year=year - offset, ratings=ratings, by=creator)
