"""Demo data for the consumer partnership: cells with members, meetings, stipends, opportunities,
votes, action steps, an outcome standard and a PDSA cycle, and two dialogues.

``partnership_demo_load()`` is safe to run again: everything is looked up by a natural key first.
Members other than the demo ``consumer`` are new accounts that cannot sign in (example.org e-mails).
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from aims.models import Aim, Level, MatrixItem
from dialogues.models import (
    ActionStatus,
    ActionStep,
    CellStatus,
    CompensationKind,
    CouncilInitiative,
    CqiCell,
    Dialogue,
    DialogueFacilitator,
    DialogueFocus,
    DialogueHeadcount,
    DialogueKind,
    DialogueStatus,
    ImprovementOpportunity,
    Meeting,
    Membership,
    OpportunityStatus,
    OutcomeStandard,
    OversightCommittee,
    OversightMember,
    PartnerRole,
    PdsaCycle,
    PriorityVote,
    Problem,
    ProblemTier,
    ReviewStatus,
    StipendEntry,
    StipendStatus,
    SurveyResponse,
)
from dialogues.selectors.joining import quarter_start
from dialogues.services.cells import attendance_record, stipend_mark_paid
from dialogues.services.improvement import pdsa_cycle_save
from dialogues.services.problems import problem_escalate, problem_raise
from measures.models import Measure

#: The measure of "offered a routine appointment within 10 business days" in fixtures/measures.json.
DEMO_MEASURE = "routine-non-psychiatry-offered-10-days"

CELLS = [
    {
        "slug": "first-appointment",
        "name": "Getting a first appointment",
        "focus": "Shorter, clearer waits for a first appointment",
        "mission_statement": (
            "People who use services, family members and staff, as equal partners, make the first "
            "appointment easy to get and the wait easy to understand."
        ),
        "process_description": (
            "1. Members bring what they hear and see. 2. We vote on impact and effort. "
            "3. We test one change at a time with a PDSA cycle. 4. We report to the council each quarter."
        ),
        "status": CellStatus.ACTIVE,
        "meeting_schedule": "Second Tuesday of the month, 5–6:30 pm, Room 2 or online",
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
        "focus": "Services in Spanish from the first phone call",
        "mission_statement": "Spanish speakers are welcomed, understood and offered the same choices as everyone.",
        "status": CellStatus.ACTIVE,
        "meeting_schedule": "First Monday of the month, 6–7 pm",
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
        "focus": "A real say in treatment and service planning",
        "mission_statement": "",
        "status": CellStatus.FORMING,
        "meeting_schedule": "To be agreed at the first meeting",
        "compensation_kind": CompensationKind.NONE,
        "no_compensation_reason": "The cell is forming: members agree the compensation plan at the first meeting.",
        "aims": ["PF"],
        "levels": ["CF"],
        "items": ["PF-CF-01"],
        "members": [],
    },
]


def _user(username: str, first: str, last: str):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username, first_name=first, last_name=last, email=f"{username}@example.org")
        user.set_unusable_password()
        user.save()
    return user


def _at(days_ago: int, hour: int = 17):
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _cell(spec: dict) -> CqiCell:
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
    if created:
        cell.aims.set(Aim.objects.filter(code__in=spec["aims"]))
        cell.levels.set(Level.objects.filter(code__in=spec["levels"]))
        cell.matrix_items.set(MatrixItem.objects.filter(code__in=spec["items"]))
    return cell


def _memberships(cell: CqiCell, spec: dict) -> list[Membership]:
    result = []
    for username, first, last, role in spec["members"]:
        user = _user(username, first, last)
        membership = Membership.objects.filter(cell=cell, user=user, left_on__isnull=True).first()
        if membership is None:
            membership = Membership.objects.create(
                cell=cell, user=user, role=role, joined_on=timezone.localdate() - timedelta(days=150)
            )
        result.append(membership)
    return result


def _meetings(cell: CqiCell, members: list[Membership], recorder) -> None:
    """Three past meetings with attendance (so stipends exist); the oldest meeting's stipends are paid."""
    plans = [(90, "Welcome; how we work; first ideas"), (60, "Vote on opportunities"), (30, "Plan a PDSA cycle")]
    for index, (days_ago, agenda) in enumerate(plans):
        meeting, _created = Meeting.objects.get_or_create(
            cell=cell,
            agenda=agenda,
            defaults={"starts_at": _at(days_ago), "place": "Room 2, 100 Main Street", "notes": "Decisions recorded."},
        )
        attending = [m.pk for position, m in enumerate(members) if (position + index) % 5 != 4]
        attendance_record(meeting=meeting, attended_membership_ids=attending, recorded_by=recorder)
        if index == 0:
            stipend_mark_paid(
                entries=StipendEntry.objects.filter(meeting=meeting, status=StipendStatus.OWED),
                paid_on=timezone.localdate() - timedelta(days=80),
                changed_by=recorder,
            )


def _dialogues(creator) -> Dialogue:
    held, created = Dialogue.objects.get_or_create(
        title="How it feels to wait for a first appointment",
        defaults={
            "kind": DialogueKind.INITIAL,
            "topic": "Waiting for a first appointment",
            "description": "An open conversation between people who use services and providers.",
            "starts_at": _at(100, 18),
            "ends_at": _at(100, 20),
            "place": "Community room, 100 Main Street",
            "status": DialogueStatus.HELD,
            "signup_open": False,
            "themes": (
                "People did not know where they were in the queue. Call-backs came at times people could not "
                "answer. Staff wanted a simple script for the first call."
            ),
            "created_by": creator,
        },
    )
    if created:
        held.matrix_items.set(MatrixItem.objects.filter(code__in=["TI-PR-01", "TI-PR-02"]))
        DialogueFacilitator.objects.create(dialogue=held, name="María Lopez", role=PartnerRole.CONSUMER)
        DialogueFacilitator.objects.create(dialogue=held, name="Priya Shah", role=PartnerRole.PROVIDER)
        for role, planned, actual in (
            (PartnerRole.CONSUMER, 8, 7),
            (PartnerRole.FAMILY, 4, 3),
            (PartnerRole.PROVIDER, 6, 6),
        ):
            DialogueHeadcount.objects.create(dialogue=held, role=role, planned=planned, actual=actual)
    Dialogue.objects.get_or_create(
        title="Having a say in your treatment plan",
        defaults={
            "kind": DialogueKind.FOCUSED,
            "focus": DialogueFocus.TREATMENT_PLANNING,
            "topic": "Participation in treatment and service planning",
            "description": "Come and tell us what helps, and what gets in the way, when plans are made. Food provided.",
            "starts_at": _at(-21, 18),
            "ends_at": _at(-21, 20),
            "place": "Library meeting room, 5 Oak Avenue",
            "status": DialogueStatus.PLANNED,
            "signup_open": True,
            "capacity": 24,
            "created_by": creator,
        },
    )
    return held


def _improvement(cell: CqiCell, members: list[Membership], dialogue: Dialogue, creator) -> None:
    queue, _created = ImprovementOpportunity.objects.get_or_create(
        cell=cell,
        title="Tell people where they are in the queue",
        defaults={
            "description": "Surfaced at the dialogue: people waiting did not know how long the wait would be.",
            "dialogue": dialogue,
            "handed_to_cell_at": _at(95),
            "status": OpportunityStatus.IN_PROGRESS,
            "proposed_by": creator,
            "review_status": ReviewStatus.APPROVED,
        },
    )
    script, _created = ImprovementOpportunity.objects.get_or_create(
        cell=cell,
        title="A simple script for the first phone call",
        defaults={"status": OpportunityStatus.OPEN, "proposed_by": creator, "review_status": ReviewStatus.APPROVED},
    )
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
    for description, owner, days_ago, status, result in steps:
        ActionStep.objects.get_or_create(
            opportunity=queue,
            description=description,
            defaults={
                "owner": owner,
                "due_on": timezone.localdate() - timedelta(days=days_ago),
                "status": status,
                "result": result,
            },
        )
    measure = Measure.objects.filter(code=DEMO_MEASURE).first()
    if measure is not None:
        OutcomeStandard.objects.get_or_create(
            opportunity=queue,
            measure=measure,
            defaults={
                "target": Decimal("80"),
                "target_date": timezone.localdate() + timedelta(days=180),
                "description": "Eight in ten people offered a routine appointment within 10 business days.",
            },
        )
    if not PdsaCycle.objects.filter(cell=cell, title="Text the expected wait after the first call").exists():
        pdsa_cycle_save(
            cycle=PdsaCycle(
                cell=cell,
                opportunity=queue,
                measure=measure,
                title="Text the expected wait after the first call",
                plan_prediction="Fewer people call again to ask; more accept the first appointment offered.",
                plan_who="Front-desk staff at one clinic",
                plan_where="One adult clinic",
                plan_measure="Repeat calls counted by the front desk for four weeks",
                starts_on=timezone.localdate() - timedelta(days=25),
                do_notes="Texts sent to everyone who called for a first appointment.",
            ),
            changed_by=creator,
        )


@transaction.atomic
def _focused_dialogue_held(creator) -> None:
    """A recent focused dialogue, so "ongoing dialogues" is met in the demo."""
    dialogue, created = Dialogue.objects.get_or_create(
        title="When treatment feels forced",
        defaults={
            "kind": DialogueKind.FOCUSED,
            "focus": DialogueFocus.COERCIVE_TREATMENT,
            "topic": "Coercive treatment: holds, locked doors and being heard",
            "description": "A facilitated conversation about moments when care felt forced, and what would help.",
            "starts_at": _at(30, 18),
            "ends_at": _at(30, 20),
            "place": "Community room, 100 Main Street",
            "status": DialogueStatus.HELD,
            "signup_open": False,
            "themes": (
                "People wanted to be told their rights in their own language. Staff asked for training on "
                "de-escalation. Both wanted a debrief after a hold."
            ),
            "created_by": creator,
        },
    )
    if created:
        DialogueFacilitator.objects.create(dialogue=dialogue, name="James Carter", role=PartnerRole.FAMILY)
        DialogueFacilitator.objects.create(dialogue=dialogue, name="Lena Brooks", role=PartnerRole.PEER_PROVIDER)
        DialogueFacilitator.objects.create(dialogue=dialogue, name="Priya Shah", role=PartnerRole.PROVIDER)
        for role, planned, actual in ((PartnerRole.CONSUMER, 10, 9), (PartnerRole.PROVIDER, 6, 5)):
            DialogueHeadcount.objects.create(dialogue=dialogue, role=role, planned=planned, actual=actual)


def _survey(cell: CqiCell, members: list[Membership]) -> None:
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


def _council(creator) -> None:
    committee, created = OversightCommittee.objects.get_or_create(
        name="Consumer and Family Oversight Committee",
        defaults={
            "charter": "Reviews every cell's work each quarter and can send any change back for more consumer input.",
            "established_on": timezone.localdate() - timedelta(days=400),
        },
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
    for title, aim, lead in (
        ("First appointment within 10 business days for everyone", timely, "Deputy Director, Access"),
        ("Services in Spanish from the first call", equity, "Cultural Competence Manager"),
        ("Follow-up within 7 days of every hospital discharge", timely, "Quality Improvement Manager"),
    ):
        initiative, created = CouncilInitiative.objects.get_or_create(
            title=title, defaults={"aim": aim, "lead": lead, "started_on": timezone.localdate() - timedelta(days=120)}
        )
        if created:
            initiative.cells.set(CqiCell.objects.filter(slug__in=["first-appointment", "spanish-speakers"]))


def _problems(creator) -> None:
    """Three problems on the board: one at its team, one escalated to the council, one overdue from a chart signal."""
    director = get_user_model().objects.filter(username="director").first()
    if creator is None or director is None or Problem.objects.exists():
        return
    cell = CqiCell.objects.filter(slug="first-appointment").first()
    problem_raise(
        problem=Problem(
            title="Intake line goes unanswered after 4 pm",
            description="Calls after four go to a voicemail box that is often full; people call again the next day.",
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
            description="Spanish-speaking clients are offered Friday slots they cannot use, so their waits are longer.",
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
            description="The hospital's discharge notices reach the clinics after the seven-day window.",
            tier=ProblemTier.DEPARTMENT,
            owner=director,
            due_on=timezone.localdate() + timedelta(days=1),
            measure=follow_up,
            signal_month=last_month if follow_up else None,
        ),
        by=creator,
    )
    Problem.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=5))  # overdue, for the board


def partnership_demo_load() -> dict[str, int]:
    """Load (or complete) the partnership demo. Returns how many cells and dialogues there are."""
    creator = get_user_model().objects.filter(username="qi_staff").first()
    held = _dialogues(creator)
    _focused_dialogue_held(creator)
    for spec in CELLS:
        cell = _cell(spec)
        members = _memberships(cell, spec)
        if members and cell.compensation_kind == CompensationKind.PER_MEETING:
            _meetings(cell, members, creator)
        if spec["slug"] == "first-appointment":
            _improvement(cell, members, held, creator)
            _survey(cell, members)
    _council(creator)
    _problems(creator)
    return {"cells": CqiCell.objects.count(), "dialogues": Dialogue.objects.count()}
