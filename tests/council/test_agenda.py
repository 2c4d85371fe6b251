"""The agenda builds itself from what happened since the last meeting; QI staff reorder, add and remove."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from council.models import ActionItemStatus, AgendaItem, AgendaSource, CouncilMeetingStatus
from council.selectors.agenda import AGENDA_SOURCES, agenda_proposals
from council.services.agenda import agenda_build, agenda_item_add, agenda_item_move, agenda_item_remove, agenda_reorder
from council.services.records import action_item_add, action_item_update
from dialogues.models import (
    CellStatus,
    CouncilInitiative,
    CqiCell,
    InitiativeStatus,
    OversightCommittee,
    Problem,
    ProblemTier,
)
from dialogues.services.problems import problem_escalate, problem_raise
from measures.models import Measure, MeasureComputation, MeasureResult

pytestmark = pytest.mark.django_db
MEASURE = "routine-non-psychiatry-offered-10-days"  # a P chart, higher is better, target 80 %


def _sources(meeting):
    return {proposal.source for proposal in agenda_proposals(meeting=meeting)}


def _keys(meeting):
    return list(meeting.agenda_items.order_by("position").values_list("source_key", flat=True))


def _monthly_results(*, last_two_offered: int, months: int = 12):
    """A year of monthly results: 85 of 100 offered in time, then the last two months ``last_two_offered``."""
    computation = MeasureComputation.objects.create(trigger="manual", status="succeeded")
    measure = Measure.objects.get(code=MEASURE)
    first = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    starts = []
    month = first
    for _ in range(months):
        starts.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    for index, start in enumerate(sorted(starts)):
        offered = last_two_offered if index >= months - 2 else 85 + index % 3
        MeasureResult.objects.create(
            computation=computation,
            measure=measure,
            period_type="month",
            period_start=start,
            stratum="all",
            group="",
            numerator=offered,
            denominator=100,
            value=offered,
            suppressed=False,
        )
    return measure, max(starts)


# --- Each source --------------------------------------------------------------------------------


def test_an_empty_county_gives_an_empty_agenda(meeting):
    assert agenda_proposals(meeting=meeting) == []


def test_a_problem_escalated_to_the_council_tier_is_on_the_agenda(meeting, qi_staff, director):
    problem = problem_raise(
        problem=Problem(
            title="No bilingual clinician on Fridays",
            tier=ProblemTier.PROGRAM,
            owner=qi_staff,
            due_on=date.today() + timedelta(days=9),
        ),
        by=qi_staff,
    )
    problem_raise(
        problem=Problem(
            title="Stays at the team", tier=ProblemTier.TEAM, owner=qi_staff, due_on=date.today() + timedelta(days=9)
        ),
        by=qi_staff,
    )
    assert AgendaSource.ESCALATED_PROBLEM not in _sources(meeting)
    problem_escalate(
        problem=problem,
        to_tier=ProblemTier.COUNCIL,
        reason="Needs a budget decision.",
        owner=director,
        due_on=date.today() + timedelta(days=30),
        by=qi_staff,
    )
    [proposal] = [p for p in agenda_proposals(meeting=meeting) if p.source == AgendaSource.ESCALATED_PROBLEM]
    assert proposal.title == "Problem escalated to the council: No bilingual clinician on Fridays"
    assert proposal.detail == "Needs a budget decision."
    assert proposal.link == problem.get_absolute_url()


def test_a_worsening_chart_and_a_missed_target_are_on_the_agenda(meeting):
    measure, month = _monthly_results(last_two_offered=40)
    proposals = {p.source: p for p in agenda_proposals(meeting=meeting)}
    signal, missed = proposals[AgendaSource.CHART_SIGNAL], proposals[AgendaSource.MISSED_TARGET]
    assert signal.title == f"Chart signal on {measure.name}: getting worse"[:200]
    assert signal.source_key == f"signal:{MEASURE}:{month:%Y-%m}"
    assert missed.source_key == f"target:{MEASURE}:{month:%Y-%m}"
    assert "Latest month: 40.0; target: 80." in missed.detail
    assert "Último mes: 40.0; meta: 80." in missed.detail_es
    assert missed.link == reverse("measures:measure_detail", args=[MEASURE])


def test_an_agenda_built_late_for_a_past_meeting_reads_the_chart_as_it_stood_then(make_meeting):
    _monthly_results(last_two_offered=40)
    past = make_meeting(-70, status=CouncilMeetingStatus.HELD)  # in the month before the bad two, or earlier

    sources = _sources(past)

    # The two bad months came after that meeting: the chart it could have seen was steady and on target.
    assert AgendaSource.CHART_SIGNAL not in sources
    assert AgendaSource.MISSED_TARGET not in sources


def test_a_steady_measure_on_target_brings_nothing(meeting):
    _monthly_results(last_two_offered=86)
    assert not _sources(meeting) & {AgendaSource.CHART_SIGNAL, AgendaSource.MISSED_TARGET}


def test_months_already_seen_at_the_last_meeting_are_not_new(make_meeting):
    _monthly_results(last_two_offered=40)
    make_meeting(-3, status=CouncilMeetingStatus.HELD)  # held this month: last month was seen there
    following = make_meeting(20)
    assert not _sources(following) & {AgendaSource.CHART_SIGNAL, AgendaSource.MISSED_TARGET}


def test_initiatives_not_completed_are_on_the_agenda_with_their_status(meeting):
    CouncilInitiative.objects.create(title="Spanish from the first call", status=InitiativeStatus.ON_HOLD)
    CouncilInitiative.objects.create(title="Finished work", status=InitiativeStatus.COMPLETED)
    titles = [p.title for p in agenda_proposals(meeting=meeting) if p.source == AgendaSource.INITIATIVE]
    assert titles == ["Initiative: Spanish from the first call (On hold)"]


def test_open_pips_are_on_the_agenda_with_their_stage_and_progress_score_in_both_languages(meeting):
    from datetime import date

    from projects.models import ImprovementProject, ProjectKind, ProjectStage

    ImprovementProject.objects.create(
        kind=ProjectKind.PIP_NON_CLINICAL,
        title="Answer the intake line after 4 pm",
        title_es="Contestar la línea de admisión después de las 4 p. m.",
        stage=ProjectStage.TESTING,
        starts_on=date(2026, 1, 5),
        aim_what="Calls answered",
        aim_for_whom="People calling the intake line",
        goal_value=90,
        aim_by=date(2027, 6, 30),
    )
    ImprovementProject.objects.create(
        kind=ProjectKind.PIP_CLINICAL,
        title="Done last year",
        stage=ProjectStage.CLOSED,
        starts_on=date(2024, 7, 1),
        closed_on=date(2025, 6, 30),
    )

    [proposal] = [p for p in agenda_proposals(meeting=meeting) if p.source == AgendaSource.IMPROVEMENT_PROJECT]

    assert proposal.title == "PIP, non-clinical: Answer the intake line after 4 pm (Testing changes, progress 1 of 5)"
    assert proposal.title_es.startswith("PIP no clínico: Contestar la línea de admisión después de las 4 p. m.")
    assert proposal.link.startswith("/projects/")


def test_work_plan_objectives_falling_due_are_on_the_agenda_in_both_languages(meeting, framework):
    from decimal import Decimal

    from workplan.models import Goal, Objective, WorkPlan

    due = meeting.starts_at.date() + timedelta(days=20)
    year_start = date(due.year if due.month >= 7 else due.year - 1, 7, 1)
    goal = Goal.objects.create(plan=WorkPlan.objects.create(fiscal_year_start=year_start), title="Timely access")
    objective = Objective.objects.create(
        goal=goal,
        title="Answer the access line within a minute",
        title_es="Contestar la línea de acceso en un minuto",
        direction="increase",
        baseline=Decimal("70"),
        target=Decimal("90"),
        due_date=due,
        responsible="Access manager",
    )

    [proposal] = [p for p in agenda_proposals(meeting=meeting) if p.source == AgendaSource.WORK_PLAN]

    assert proposal.title.startswith("Work plan objective: Answer the access line within a minute (No figures yet")
    assert proposal.title_es.startswith("Objetivo del plan de trabajo: Contestar la línea de acceso en un minuto")
    assert proposal.link == objective.get_absolute_url()


def test_each_active_cell_reports_and_the_oversight_committee_has_its_item(meeting):
    CqiCell.objects.create(
        name="First appointment",
        slug="first",
        focus="x",
        status=CellStatus.ACTIVE,
        compensation_kind="none",
        no_compensation_reason="Volunteers",
    )
    CqiCell.objects.create(
        name="Closed cell",
        slug="closed",
        focus="x",
        status=CellStatus.CLOSED,
        compensation_kind="none",
        no_compensation_reason="Volunteers",
    )
    OversightCommittee.objects.create(name="Consumer Oversight Committee")
    proposals = agenda_proposals(meeting=meeting)
    assert [p.title for p in proposals if p.source == AgendaSource.CELL_REPORT] == [
        "Report from the CQI cell First appointment"
    ]
    assert [p.title for p in proposals if p.source == AgendaSource.OVERSIGHT] == [
        "Items from the Consumer Oversight Committee"
    ]


def test_the_last_meetings_minutes_await_approval(make_meeting):
    held = make_meeting(-30, status=CouncilMeetingStatus.HELD)
    following = make_meeting(10)
    [proposal] = [p for p in agenda_proposals(meeting=following) if p.source == AgendaSource.MINUTES]
    assert proposal.source_key == f"minutes:{held.public_id}"


def test_open_action_items_carry_over_to_every_next_agenda_until_done(make_meeting, council, qi_staff):
    earlier = make_meeting(-30, status=CouncilMeetingStatus.HELD)
    item = action_item_add(
        meeting=earlier,
        description="Ask the hospital for discharge lists",
        owner=council[2].user,
        due_on=date.today() + timedelta(days=5),
        by=qi_staff,
    )
    following = make_meeting(10)
    [proposal] = [p for p in agenda_proposals(meeting=following) if p.source == AgendaSource.ACTION_ITEM]
    assert proposal.title == "Action item: Ask the hospital for discharge lists"
    assert "Owner: priya" in proposal.detail
    assert "Responsable: priya" in proposal.detail_es
    assert "Abierta" in proposal.detail_es
    action_item_update(item=item, status=ActionItemStatus.IN_PROGRESS, by=qi_staff)
    assert AgendaSource.ACTION_ITEM in _sources(following)
    action_item_update(item=item, status=ActionItemStatus.DONE, by=qi_staff)
    assert AgendaSource.ACTION_ITEM not in _sources(following)


def test_the_sources_are_a_list_a_new_one_can_join():
    assert [source.__name__ for source in AGENDA_SOURCES] == [
        "minutes_to_approve",
        "open_action_items",
        "problems_escalated_to_council",
        "chart_signals_and_missed_targets",
        "initiatives_and_status",
        "performance_improvement_projects",
        "work_plan_objectives",
        "cell_reports",
        "oversight_committee_items",
    ]


# --- Building, reordering, adding, removing ------------------------------------------------------


@pytest.fixture
def busy_county(db):
    CouncilInitiative.objects.create(title="Timely first appointments")
    CouncilInitiative.objects.create(title="Spanish from the first call")
    OversightCommittee.objects.create(name="Consumer Oversight Committee")


def test_building_twice_adds_nothing_the_second_time(meeting, busy_county, qi_staff):
    first = agenda_build(meeting=meeting, by=qi_staff)
    assert [item.position for item in first] == [1, 2, 3]
    assert agenda_build(meeting=meeting, by=qi_staff) == []
    CouncilInitiative.objects.create(title="Follow-up after discharge")
    [added] = agenda_build(meeting=meeting, by=qi_staff)
    assert added.position == 4


def test_a_removed_item_stays_removed_when_the_agenda_is_built_again(meeting, busy_county, qi_staff):
    agenda_build(meeting=meeting, by=qi_staff)
    oversight = meeting.agenda_items.get(source=AgendaSource.OVERSIGHT)
    agenda_item_remove(item=oversight, by=qi_staff)
    assert list(meeting.agenda_items.values_list("position", flat=True)) == [1, 2]
    agenda_build(meeting=meeting, by=qi_staff)
    assert not meeting.agenda_items.filter(source=AgendaSource.OVERSIGHT).exists()


def test_reorder_puts_items_in_the_order_given(meeting, busy_county, qi_staff):
    items = agenda_build(meeting=meeting, by=qi_staff)
    agenda_reorder(meeting=meeting, item_ids=[items[2].pk, items[0].pk, items[1].pk], by=qi_staff)
    assert list(meeting.agenda_items.order_by("position").values_list("pk", flat=True)) == [
        items[2].pk,
        items[0].pk,
        items[1].pk,
    ]


def test_a_stale_reorder_is_refused_and_changes_nothing(meeting, busy_county, qi_staff):
    items = agenda_build(meeting=meeting, by=qi_staff)
    before = _keys(meeting)
    with pytest.raises(ValidationError, match="agenda changed"):
        agenda_reorder(meeting=meeting, item_ids=[items[1].pk, items[0].pk], by=qi_staff)
    assert _keys(meeting) == before


def test_moving_up_and_down_swaps_neighbours_and_stops_at_the_ends(meeting, busy_county, qi_staff):
    first, second, third = agenda_build(meeting=meeting, by=qi_staff)
    agenda_item_move(item=third, up=True, by=qi_staff)
    assert _keys(meeting) == [first.source_key, third.source_key, second.source_key]
    agenda_item_move(item=first, up=True, by=qi_staff)
    assert _keys(meeting)[0] == first.source_key


def test_the_database_keeps_one_item_per_place(meeting, qi_staff):
    agenda_item_add(meeting=meeting, title="Budget", by=qi_staff)
    with pytest.raises(IntegrityError):
        AgendaItem.objects.create(meeting=meeting, position=1, source=AgendaSource.STAFF, title="Another")


def test_an_item_with_personal_information_is_refused(meeting, qi_staff):
    with pytest.raises(ValidationError, match="personal information"):
        agenda_item_add(meeting=meeting, title="Call Ana at 415-555-0134", by=qi_staff)
    assert not meeting.agenda_items.exists()


def test_the_agenda_of_a_held_meeting_no_longer_changes(make_meeting, qi_staff):
    held = make_meeting(-1, status=CouncilMeetingStatus.HELD)
    with pytest.raises(ValidationError, match="only before the meeting"):
        agenda_build(meeting=held, by=qi_staff)


# --- Pages ------------------------------------------------------------------------------------


def test_qi_staff_build_and_edit_the_agenda_through_the_pages(client_for, qi_staff, meeting, busy_county):
    client = client_for(qi_staff)
    assert client.post(reverse("council:agenda_build", args=[meeting.public_id])).status_code == 302
    assert meeting.agenda_items.count() == 3
    last = meeting.agenda_items.get(position=3)
    client.post(reverse("council:agenda_item_move", args=[meeting.public_id, last.pk]), {"direction": "up"})
    last.refresh_from_db()
    assert last.position == 2
    response = client.post(reverse("council:agenda_edit", args=[meeting.public_id]), {"title": "Budget for 2027"})
    assert response.status_code == 302
    added = meeting.agenda_items.get(title="Budget for 2027")
    assert (added.position, added.source) == (4, AgendaSource.STAFF)
    client.post(reverse("council:agenda_item_remove", args=[meeting.public_id, added.pk]))
    assert meeting.agenda_items.count() == 3
    html = client.get(reverse("council:agenda_edit", args=[meeting.public_id])).content.decode()
    assert "Timely first appointments" in html


def test_a_blank_item_is_refused_with_a_clear_error(client_for, qi_staff, meeting):
    response = client_for(qi_staff).post(reverse("council:agenda_edit", args=[meeting.public_id]), {"title": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize("persona", ["director", "consumer", "outsider"])
def test_only_qi_staff_edit_the_agenda(client_for, request, persona, meeting):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("council:agenda_edit", args=[meeting.public_id])).status_code == 403
    assert client.post(reverse("council:agenda_build", args=[meeting.public_id])).status_code == 403


def test_a_council_member_raises_a_matter_for_the_agenda(client_for, council, meeting):
    response = client_for(council[0].user).post(
        reverse("council:matter_add", args=[meeting.public_id]),
        {"title": "Bus passes for people coming to appointments", "detail": "Raised by several members."},
    )
    assert response.status_code == 302
    item = meeting.agenda_items.get()
    assert (item.source, item.added_by) == (AgendaSource.MEMBER_MATTER, council[0].user)


def test_someone_not_on_the_council_cannot_raise_a_matter(client_for, consumer, director, meeting):
    assert client_for(consumer).get(reverse("council:matter_add", args=[meeting.public_id])).status_code == 403
    assert (
        client_for(director).post(reverse("council:matter_add", args=[meeting.public_id]), {"title": "x"}).status_code
        == 403
    )


def test_the_meeting_page_shows_each_items_title_in_the_readers_language(client_for, qi_staff, meeting):
    agenda_item_add(
        meeting=meeting, title="Budget for interpreters", title_es="Presupuesto para intérpretes", by=qi_staff
    )
    client = client_for(qi_staff)

    english = client.get(meeting.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "es"
    spanish = client.get(meeting.get_absolute_url()).content.decode()

    assert "Budget for interpreters" in english
    assert "Presupuesto para intérpretes" not in english
    assert "Presupuesto para intérpretes" in spanish
    assert "Budget for interpreters" not in spanish
