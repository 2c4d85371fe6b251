"""The work plan and its annual evaluation are "reviewed and approved at a council meeting (the app records
which members took part, by role)": a held meeting's page records the approval from its attendance."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from council.models import CouncilMeetingStatus
from council.selectors.body import meeting_day
from council.services.approvals import meeting_workplan_approve
from council.services.meetings import attendance_record
from workplan.models import Evaluation, WorkPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    return WorkPlan.objects.create(fiscal_year_start=date(2025, 7, 1))


@pytest.fixture
def held(make_meeting):
    return make_meeting(-7, status=CouncilMeetingStatus.HELD)


def test_the_plans_approval_counts_who_attended_by_seat_and_names_the_meeting(held, council, plan, qi_staff):
    attendance_record(meeting=held, attended_member_ids=[m.pk for m in council[:4]], by=qi_staff)  # no director
    meeting_workplan_approve(meeting=held, plan=plan, what="plan", by=qi_staff)
    plan.refresh_from_db()
    assert plan.approved_on == meeting_day(held)
    assert plan.meeting_reference == "Quality Improvement Council"
    assert (
        plan.consumers_present,
        plan.family_members_present,
        plan.providers_present,
        plan.county_staff_present,
        plan.directors_present,
    ) == (1, 1, 1, 1, 0)


def test_the_evaluations_approval_is_recorded_the_same_way(client_for, held, council, plan, qi_staff):
    attendance_record(meeting=held, attended_member_ids=[m.pk for m in council], by=qi_staff)
    response = client_for(qi_staff).post(
        reverse("council:workplan_approve", args=[held.public_id]), {"what": "evaluation", "plan": plan.pk}
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(plan=plan)
    assert evaluation.is_approved
    assert evaluation.directors_present == 1
    assert evaluation.consumers_present == 1
    plan.refresh_from_db()
    assert not plan.is_approved


def test_the_held_meetings_page_offers_the_form_to_qi_staff(client_for, held, council, plan, qi_staff):
    text = client_for(qi_staff).get(held.get_absolute_url()).content.decode()
    assert "Record the approval of the work plan / annual evaluation at this meeting" in text


def test_without_a_consumer_or_family_member_nothing_is_recorded_and_the_page_says_why(
    client_for, held, council, plan, qi_staff
):
    attendance_record(meeting=held, attended_member_ids=[m.pk for m in council[2:]], by=qi_staff)
    response = client_for(qi_staff).post(
        reverse("council:workplan_approve", args=[held.public_id]), {"what": "plan", "plan": plan.pk}, follow=True
    )
    assert "No consumer or family member attended this meeting" in response.content.decode()
    plan.refresh_from_db()
    assert not plan.is_approved
    assert plan.meeting_reference == ""
    assert plan.providers_present == 0


def test_a_meeting_not_yet_held_cannot_approve(meeting, council, plan, qi_staff):
    attendance_record(meeting=meeting, attended_member_ids=[m.pk for m in council], by=qi_staff)
    with pytest.raises(ValidationError, match="held"):
        meeting_workplan_approve(meeting=meeting, plan=plan, what="plan", by=qi_staff)
    plan.refresh_from_db()
    assert not plan.is_approved


def test_a_meeting_without_attendance_asks_for_it_first(held, plan, qi_staff):
    with pytest.raises(ValidationError, match="Record who attended"):
        meeting_workplan_approve(meeting=held, plan=plan, what="plan", by=qi_staff)


def test_a_bad_choice_on_the_form_records_nothing(client_for, held, council, plan, qi_staff):
    attendance_record(meeting=held, attended_member_ids=[m.pk for m in council], by=qi_staff)
    response = client_for(qi_staff).post(
        reverse("council:workplan_approve", args=[held.public_id]), {"what": "budget", "plan": plan.pk}, follow=True
    )
    assert "Choose the work plan and whether" in response.content.decode()
    plan.refresh_from_db()
    assert not plan.is_approved
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("persona", ["director", "consumer", "outsider"])
def test_only_qi_staff_record_the_approval(client_for, request, persona, held, council, plan, qi_staff):
    attendance_record(meeting=held, attended_member_ids=[m.pk for m in council], by=qi_staff)
    response = client_for(request.getfixturevalue(persona)).post(
        reverse("council:workplan_approve", args=[held.public_id]), {"what": "plan", "plan": plan.pk}
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert not plan.is_approved
