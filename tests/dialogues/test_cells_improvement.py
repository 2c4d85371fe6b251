"""Opportunities, votes and priority; action steps; outcome standards; PDSA cycles and their chart note."""

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from dialogues.models import (
    ActionStep,
    ImprovementOpportunity,
    OutcomeStandard,
    PartnerRole,
    PdsaCycle,
    PriorityVote,
    ReviewStatus,
)
from dialogues.selectors.cells import action_steps_for, cell_opportunities, priority
from dialogues.services.improvement import opportunity_vote, pdsa_cycle_save
from measures.compute.trend import chart_layout
from measures.models import ChartNote, ComputationStatus, Measure, MeasureComputation, MeasureResult

pytestmark = pytest.mark.django_db
MEASURE = "routine-non-psychiatry-offered-10-days"


@pytest.fixture
def opportunity(cell):
    return ImprovementOpportunity.objects.create(
        title="Call back within a day", cell=cell, review_status=ReviewStatus.APPROVED
    )


def detail(opportunity):
    return reverse("dialogues:opportunity_detail", args=[opportunity.cell.slug, opportunity.pk])


# --- Votes and priority -----------------------------------------------------------------------


def test_priority_is_mean_impact_times_six_minus_mean_effort():
    assert priority(4, 2) == Decimal("16.0")
    assert priority(Decimal("4.5"), Decimal("2.5")) == Decimal("15.8")
    assert priority(None, None) is None


def test_opportunities_are_sorted_by_priority(cell, member_of):
    voter = member_of(cell, PartnerRole.CONSUMER).user
    low = ImprovementOpportunity.objects.create(title="Low", cell=cell, review_status=ReviewStatus.APPROVED)
    high = ImprovementOpportunity.objects.create(title="High", cell=cell, review_status=ReviewStatus.APPROVED)
    ImprovementOpportunity.objects.create(title="Unvoted", cell=cell, review_status=ReviewStatus.APPROVED)
    opportunity_vote(opportunity=low, voter=voter, impact=2, effort=5)
    opportunity_vote(opportunity=high, voter=voter, impact=5, effort=1)
    assert [o.title for o in cell_opportunities(cell=cell)] == ["High", "Low", "Unvoted"]


def test_a_member_votes_once_and_voting_again_updates(opportunity, cell, member_of):
    voter = member_of(cell, PartnerRole.CONSUMER).user
    opportunity_vote(opportunity=opportunity, voter=voter, impact=3, effort=3)
    opportunity_vote(opportunity=opportunity, voter=voter, impact=5, effort=2)
    assert list(PriorityVote.objects.values_list("impact", "effort")) == [(5, 2)]


def test_only_current_members_vote(opportunity, qi_staff, cell, member_of):
    former = member_of(cell, PartnerRole.CONSUMER)
    former.left_on = date.today()
    former.save()
    for user in (qi_staff, former.user):
        with pytest.raises(ValidationError):
            opportunity_vote(opportunity=opportunity, voter=user, impact=3, effort=3)


def test_a_consumer_member_votes_on_the_page(client_for, consumer, opportunity, cell, member_of):
    member_of(cell, PartnerRole.CONSUMER, user=consumer)
    client = client_for(consumer)
    assert client.get(detail(opportunity)).status_code == 200
    response = client.post(detail(opportunity), {"impact": "4", "effort": "2"})
    assert response.status_code == 302
    assert "16.0" in client.get(detail(opportunity)).content.decode()


def test_a_vote_out_of_range_is_shown_again_with_the_error(client_for, consumer, opportunity, cell, member_of):
    member_of(cell, PartnerRole.CONSUMER, user=consumer)
    response = client_for(consumer).post(detail(opportunity), {"impact": "9", "effort": "2"})
    assert response.status_code == 200
    assert response.context["vote_form"].errors
    assert not PriorityVote.objects.exists()


def test_a_consumer_who_is_not_a_member_cannot_open_or_vote(client, client_for, consumer, opportunity):
    assert client.get(detail(opportunity)).status_code == 302
    assert client_for(consumer).get(detail(opportunity)).status_code == 403
    assert client_for(consumer).post(detail(opportunity), {"impact": "4", "effort": "2"}).status_code == 403


def test_staff_who_are_not_members_see_the_opportunity_but_cannot_vote(client_for, qi_staff, opportunity):
    client = client_for(qi_staff)
    assert client.get(detail(opportunity)).status_code == 200
    assert client.post(detail(opportunity), {"impact": "4", "effort": "2"}).status_code == 403


def test_the_vote_constraint_backs_the_service(opportunity, cell, member_of):
    voter = member_of(cell).user
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityVote.objects.create(opportunity=opportunity, voter=voter, impact=6, effort=1)


# --- Opportunities, action steps, outcome standards -------------------------------------------


def test_staff_add_and_edit_an_opportunity(client_for, qi_staff, cell):
    client = client_for(qi_staff)
    response = client.post(
        reverse("dialogues:opportunity_create", args=[cell.slug]), {"title": "Text reminders", "status": "open"}
    )
    opportunity = ImprovementOpportunity.objects.get()
    assert response.status_code == 302
    assert opportunity.cell == cell
    assert opportunity.handed_to_cell_at
    client.post(
        reverse("dialogues:opportunity_edit", args=[cell.slug, opportunity.pk]),
        {"title": "Text reminders", "status": "in_progress"},
    )
    opportunity.refresh_from_db()
    assert opportunity.status == "in_progress"


def test_an_opportunity_without_a_title_is_shown_again(client_for, qi_staff, cell):
    response = client_for(qi_staff).post(
        reverse("dialogues:opportunity_create", args=[cell.slug]),
        {"title": "", "description": "typed", "status": "open"},
    )
    assert response.status_code == 200
    assert "typed" in response.content.decode()


def test_consumers_cannot_add_opportunities(client_for, consumer, cell, member_of):
    member_of(cell, PartnerRole.CONSUMER, user=consumer)
    assert client_for(consumer).get(reverse("dialogues:opportunity_create", args=[cell.slug])).status_code == 403


def test_staff_add_an_action_step_owned_by_a_member_and_overdue_steps_are_flagged(
    client_for, qi_staff, opportunity, cell, member_of
):
    owner = member_of(cell, PartnerRole.PROVIDER)
    url = reverse("dialogues:action_step_create", args=[cell.slug, opportunity.pk])
    due = (timezone.localdate() - timedelta(days=2)).isoformat()
    response = client_for(qi_staff).post(
        url, {"description": "Draft the script", "owner": owner.pk, "due_on": due, "status": "to_do"}
    )
    assert response.status_code == 302
    step = ActionStep.objects.get()
    assert action_steps_for(opportunity=opportunity)[0].is_overdue
    step.status = "done"
    step.save()
    assert not action_steps_for(opportunity=opportunity)[0].is_overdue
    assert "Overdue" not in client_for(qi_staff).get(detail(opportunity)).content.decode()


def test_an_action_step_owner_from_another_cell_is_refused(client_for, qi_staff, opportunity, cell, member_of):
    from dialogues.models import CqiCell

    other = CqiCell.objects.create(name="Other", slug="other", focus="x", stipend_per_meeting=5)
    stranger = member_of(other)
    url = reverse("dialogues:action_step_create", args=[cell.slug, opportunity.pk])
    response = client_for(qi_staff).post(url, {"description": "Draft", "owner": stranger.pk, "status": "to_do"})
    assert response.status_code == 200
    assert not ActionStep.objects.exists()


def test_members_see_action_steps_without_owner_names(client_for, consumer, opportunity, cell, member_of):
    owner = member_of(cell, PartnerRole.PROVIDER, username="owner_olga")
    member_of(cell, PartnerRole.CONSUMER, user=consumer)
    ActionStep.objects.create(opportunity=opportunity, description="Draft the script", owner=owner)
    html = client_for(consumer).get(detail(opportunity)).content.decode()
    assert "Draft the script" in html
    assert "owner_olga" not in html


def test_staff_set_an_outcome_standard_on_a_measure(client_for, qi_staff, opportunity, cell):
    measure = Measure.objects.get(code=MEASURE)
    url = reverse("dialogues:outcome_standard_create", args=[cell.slug, opportunity.pk])
    response = client_for(qi_staff).post(url, {"measure": measure.pk, "target": "80", "target_date": "2026-06-30"})
    assert response.status_code == 302
    assert OutcomeStandard.objects.get().target == Decimal("80")
    html = client_for(qi_staff).get(detail(opportunity)).content.decode()
    assert measure.name in html
    assert "Not computed yet" in html


def test_a_latest_month_hidden_publicly_is_suppressed_for_members_and_marked_for_staff(
    client_for, consumer, qi_staff, opportunity, cell, member_of
):
    measure = Measure.objects.get(code=MEASURE)
    OutcomeStandard.objects.create(opportunity=opportunity, measure=measure, target=Decimal("80"))
    computation = MeasureComputation.objects.create(
        trigger="manual", status=ComputationStatus.SUCCEEDED, finished_at=timezone.now()
    )
    MeasureResult.objects.create(
        computation=computation, measure=measure, period_type="month", period_start=date(2026, 5, 1), stratum="all",
        group="", numerator=7, denominator=9, value=77.777, suppressed=True, suppression_reason="small_count",
    )  # fmt: skip
    member_of(cell, PartnerRole.CONSUMER, user=consumer)

    member = client_for(consumer).get(detail(opportunity)).content.decode()
    staff = client_for(qi_staff).get(detail(opportunity)).content.decode()

    assert "77.8" not in member
    assert 'title="Hidden to protect privacy">Suppressed</span> (May 2026)' in member
    assert "77.8 (May 2026)" in staff
    assert "hidden publicly" in staff


def test_an_outcome_standard_without_a_target_is_shown_again(client_for, qi_staff, opportunity, cell):
    measure = Measure.objects.get(code=MEASURE)
    url = reverse("dialogues:outcome_standard_create", args=[cell.slug, opportunity.pk])
    response = client_for(qi_staff).post(url, {"measure": measure.pk, "target": "", "description": "typed here"})
    assert response.status_code == 200
    assert "typed here" in response.content.decode()


# --- PDSA cycles ------------------------------------------------------------------------------


def cycle_for(cell, **changes):
    values = {
        "cell": cell,
        "title": "Reminder calls",
        "plan_prediction": "Fewer no-shows",
        "starts_on": date(2026, 3, 17),
    }
    values.update(changes)
    return PdsaCycle(**values)


def test_a_decision_needs_study_notes_in_the_service_and_the_database(cell):
    with pytest.raises(ValidationError):
        pdsa_cycle_save(cycle=cycle_for(cell, act_decision="adopt"))
    with pytest.raises(IntegrityError), transaction.atomic():
        PdsaCycle.objects.create(
            **{
                f.name: getattr(cycle_for(cell, act_decision="adopt"), f.name)
                for f in PdsaCycle._meta.concrete_fields
                if f.name not in ("id", "created_at", "updated_at")
            }
        )


def test_a_cycle_with_a_measure_has_one_note_on_its_start_month_that_the_chart_shows(cell, qi_staff):
    measure = Measure.objects.get(code=MEASURE)
    with mock.patch("dialogues.services.improvement.dashboards_invalidate") as invalidate:
        cycle = pdsa_cycle_save(cycle=cycle_for(cell, measure=measure), changed_by=qi_staff)
    invalidate.assert_called_once()
    note = ChartNote.objects.get()
    assert (note.measure, note.month, note.starts_phase, note.created_by) == (
        measure,
        date(2026, 3, 1),
        False,
        qi_staff,
    )
    assert note.text == f"PDSA: Reminder calls ({cell.name})"
    notes = [(n.month, n.text, n.starts_phase) for n in measure.chart_notes.all()]
    layout = chart_layout([date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)], notes, None)
    assert layout.annotations == ((date(2026, 3, 1), note.text),)
    assert layout.parts == ()
    assert cycle.chart_note == note


def test_the_note_is_written_in_both_languages_and_the_chart_shows_the_readers(cell):
    measure = Measure.objects.get(code=MEASURE)
    cell.name_es = "Primera cita"
    cell.save()
    pdsa_cycle_save(cycle=cycle_for(cell, measure=measure, title_es="Llamadas de recordatorio"))
    note = ChartNote.objects.get()
    assert note.text == f"PDSA: Reminder calls ({cell.name})"
    assert note.text_es == "PDSA: Llamadas de recordatorio (Primera cita)"
    with translation.override("es"):
        assert note.localized("text").text == note.text_es
    with translation.override("en"):
        assert note.localized("text").text == note.text


def test_a_note_without_spanish_names_still_reads_in_spanish_around_them(cell):
    measure = Measure.objects.get(code=MEASURE)
    pdsa_cycle_save(cycle=cycle_for(cell, measure=measure))
    with translation.override("es"):
        expected = gettext("PDSA: %(title)s (%(cell)s)") % {"title": "Reminder calls", "cell": cell.name}
    assert ChartNote.objects.get().text_es == expected


def test_the_note_moves_with_the_cycle_and_goes_when_the_measure_is_removed(cell):
    measure = Measure.objects.get(code=MEASURE)
    cycle = pdsa_cycle_save(cycle=cycle_for(cell, measure=measure))
    cycle.starts_on, cycle.title = date(2026, 5, 2), "Text reminders"
    pdsa_cycle_save(cycle=cycle)
    note = ChartNote.objects.get()
    assert note.month == date(2026, 5, 1)
    assert "Text reminders" in note.text
    cycle.measure = None
    with mock.patch("dialogues.services.improvement.dashboards_invalidate") as invalidate:
        pdsa_cycle_save(cycle=cycle)
    invalidate.assert_called_once()
    assert not ChartNote.objects.exists()


def test_a_long_title_is_cut_to_fit_the_note(cell):
    measure = Measure.objects.get(code=MEASURE)
    pdsa_cycle_save(cycle=cycle_for(cell, measure=measure, title="x" * 200))
    assert len(ChartNote.objects.get().text) <= 200


def pdsa_data(**changes):
    data = {
        "title": "Reminder calls",
        "plan_prediction": "Fewer no-shows",
        "starts_on": "2026-03-17",
        "act_decision": "",
    }
    data.update(changes)
    return data


def test_staff_plan_a_cycle_and_members_open_it(client_for, qi_staff, consumer, cell, member_of):
    response = client_for(qi_staff).post(reverse("dialogues:pdsa_create", args=[cell.slug]), pdsa_data())
    cycle = PdsaCycle.objects.get()
    assert response.status_code == 302
    assert response.url == cycle.get_absolute_url()
    member_of(cell, PartnerRole.CONSUMER, user=consumer)
    assert client_for(consumer).get(cycle.get_absolute_url()).status_code == 200


def test_deciding_without_study_notes_is_explained_on_the_form(client_for, qi_staff, cell):
    response = client_for(qi_staff).post(
        reverse("dialogues:pdsa_create", args=[cell.slug]), pdsa_data(act_decision="adopt")
    )
    assert response.status_code == 200
    assert "before deciding" in response.content.decode()
    assert "Reminder calls" in response.content.decode()


def test_adapt_offers_the_next_cycle_prefilled_with_previous_set(client_for, qi_staff, cell):
    cycle = pdsa_cycle_save(cycle=cycle_for(cell, do_notes="Done", study_notes="Half as many", act_decision="adapt"))
    client = client_for(qi_staff)
    assert "Start the next cycle" in client.get(cycle.get_absolute_url()).content.decode()
    create = reverse("dialogues:pdsa_create", args=[cell.slug]) + f"?previous={cycle.pk}"
    assert client.get(create).context["form"].initial["title"] == "Reminder calls"
    response = client.post(create, pdsa_data(title="Reminder calls, two days ahead"))
    following = PdsaCycle.objects.get(previous=cycle)
    assert response.status_code == 302
    assert following.title == "Reminder calls, two days ahead"
    assert "Start the next cycle" not in client.get(cycle.get_absolute_url()).content.decode()


def test_the_pdsa_pages_are_closed_to_outsiders(client, client_for, outsider, director, cell):
    cycle = pdsa_cycle_save(cycle=cycle_for(cell))
    assert client.get(cycle.get_absolute_url()).status_code == 302
    assert client_for(outsider).get(cycle.get_absolute_url()).status_code == 403
    assert client_for(director).get(cycle.get_absolute_url()).status_code == 200
    assert client_for(director).get(reverse("dialogues:pdsa_edit", args=[cell.slug, cycle.pk])).status_code == 403
