"""The demo's council-level partnership: the oversight committee, council initiatives and problems."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from aims.models import Aim
from dialogues.demo.common import spanish_where_blank
from dialogues.models import (
    CouncilInitiative,
    CqiCell,
    OversightCommittee,
    OversightMember,
    PartnerRole,
    Problem,
    ProblemTier,
)
from dialogues.services.problems import problem_escalate, problem_raise
from measures.models import Measure


def council_load(creator) -> None:
    committee, created = OversightCommittee.objects.get_or_create(
        name="Consumer and Family Oversight Committee",
        defaults={
            "charter": "Reviews every cell's work each quarter and can send any change back for more consumer input.",
            "established_on": timezone.localdate() - timedelta(days=400),
        },
    )
    spanish_where_blank(
        committee,
        name_es="Comité de Supervisión de Consumidores y Familiares",
        charter_es=(
            "Revisa el trabajo de cada grupo cada trimestre y puede devolver cualquier cambio para recibir más "
            "opiniones de los consumidores."
        ),
    )
    if created:
        for name, role, chairs in (
            ("María Lopez", PartnerRole.CONSUMER, True),
            ("James Carter", PartnerRole.FAMILY, False),
            ("Ana Torres", PartnerRole.CONSUMER, False),
            ("Priya Shah", PartnerRole.PROVIDER, False),
        ):
            OversightMember.objects.create(committee=committee, name=name, role=role, chairs=chairs)
    timely = Aim.objects.filter(slug="timely").first()
    equity = Aim.objects.filter(slug="equity").first()
    for title, title_es, aim, lead in (
        (
            "First appointment within 10 business days for everyone",
            "Primera cita en 10 días hábiles para todos",
            timely,
            "Deputy Director, Access",
        ),
        (
            "Services in Spanish from the first call",
            "Servicios en español desde la primera llamada",
            equity,
            "Cultural Competence Manager",
        ),
        (
            "Follow-up within 7 days of every hospital discharge",
            "Seguimiento en los 7 días siguientes a cada alta hospitalaria",
            timely,
            "Quality Improvement Manager",
        ),
    ):
        initiative, created = CouncilInitiative.objects.get_or_create(
            title=title, defaults={"aim": aim, "lead": lead, "started_on": timezone.localdate() - timedelta(days=120)}
        )
        spanish_where_blank(initiative, title_es=title_es)
        if created:
            initiative.cells.set(CqiCell.objects.filter(slug__in=["first-appointment", "spanish-speakers"]))


def problems_load(creator) -> None:
    """Three problems on the board: one at its team, one escalated to the council, one overdue from a chart signal."""
    director = get_user_model().objects.filter(username="director").first()
    if creator is None or director is None or Problem.objects.exists():
        return
    cell = CqiCell.objects.filter(slug="first-appointment").first()
    problem_raise(
        problem=Problem(
            title="Intake line goes unanswered after 4 pm",
            title_es="Nadie contesta la línea de admisión después de las 4 p.m.",
            description="Calls after four go to a voicemail box that is often full; people call again the next day.",
            description_es=(
                "Las llamadas después de las cuatro van a un buzón de voz que suele estar lleno; la gente vuelve a "
                "llamar al día siguiente."
            ),
            tier=ProblemTier.TEAM,
            owner=creator,
            due_on=timezone.localdate() + timedelta(days=10),
            cell=cell,
        ),
        by=creator,
    )
    spanish = problem_raise(
        problem=Problem(
            title="No Spanish-speaking clinician at the north clinic on Fridays",
            title_es="No hay un clínico que hable español en la clínica norte los viernes",
            description="Spanish-speaking clients are offered Friday slots they cannot use, so their waits are longer.",
            description_es=(
                "A los clientes que hablan español se les ofrecen citas los viernes que no pueden usar, así que "
                "esperan más."
            ),
            tier=ProblemTier.PROGRAM,
            owner=creator,
            due_on=timezone.localdate() + timedelta(days=7),
        ),
        by=creator,
    )
    problem_escalate(
        problem=spanish,
        to_tier=ProblemTier.COUNCIL,
        reason="The program has tried swapping schedules; a bilingual position needs the council's budget decision.",
        owner=director,
        due_on=timezone.localdate() + timedelta(days=30),
        by=creator,
    )
    follow_up = Measure.objects.filter(code="follow-up-7-days").first()
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    late = problem_raise(
        problem=Problem(
            title="Follow-up after discharge dropped below the lower limit",
            title_es="El seguimiento después del alta bajó del límite inferior",
            description="The hospital's discharge notices reach the clinics after the seven-day window.",
            description_es="Los avisos de alta del hospital llegan a las clínicas después del plazo de siete días.",
            tier=ProblemTier.DEPARTMENT,
            owner=director,
            due_on=timezone.localdate() + timedelta(days=1),
            measure=follow_up,
            signal_month=last_month if follow_up else None,
        ),
        by=creator,
    )
    Problem.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=5))  # overdue, for the board
