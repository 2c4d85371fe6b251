"""The council demo: members in every seat, past meetings with approved minutes, and the next agenda built."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from council.demo import council_demo_load
from council.models import (
    ActionItem,
    AgendaSource,
    CouncilMeeting,
    CouncilMeetingStatus,
    CouncilStipendEntry,
    Decision,
    SelfAssessment,
)
from council.selectors.body import council_consumer_share
from dialogues.demo import partnership_demo_load
from qic.accounts.services import demo_users_reset

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    demo_users_reset()
    partnership_demo_load()
    return council_demo_load()


def test_the_demo_council_keeps_consumers_above_20_percent(demo):
    assert demo == {"members": 7, "meetings": 4}
    assert not council_consumer_share().below_minimum


def test_past_meetings_have_approved_published_minutes_decisions_action_items_and_stipends(demo):
    past = list(CouncilMeeting.objects.filter(status=CouncilMeetingStatus.HELD).order_by("starts_at"))
    assert [meeting.minutes_approved for meeting in past] == [True, True, False]
    assert [meeting.is_published for meeting in past] == [True, True, False]
    assert Decision.objects.filter(method="vote").exists()
    assert Decision.objects.filter(change="initiative").exists()
    assert ActionItem.objects.filter(status="done").exists()
    assert CouncilStipendEntry.objects.exists()


def test_the_next_meeting_has_its_agenda_built_with_carried_over_items_and_a_members_matter(demo):
    upcoming = CouncilMeeting.objects.get(status=CouncilMeetingStatus.PLANNED)
    sources = set(upcoming.agenda_items.values_list("source", flat=True))
    assert {
        AgendaSource.MINUTES,
        AgendaSource.ACTION_ITEM,
        AgendaSource.ESCALATED_PROBLEM,
        AgendaSource.INITIATIVE,
        AgendaSource.CELL_REPORT,
        AgendaSource.OVERSIGHT,
        AgendaSource.MEMBER_MATTER,
    } <= sources


def test_the_demo_consumer_has_an_open_action_item(demo):
    consumer = get_user_model().objects.get(username="consumer")
    assert ActionItem.objects.still_open().filter(owner=consumer).exists()


def test_loading_the_demo_again_changes_nothing(demo):
    before = (CouncilMeeting.objects.count(), Decision.objects.count(), ActionItem.objects.count())
    council_demo_load()
    assert (CouncilMeeting.objects.count(), Decision.objects.count(), ActionItem.objects.count()) == before


def test_the_demo_has_last_years_and_this_years_self_assessment_of_all_six_elements(demo):
    year = timezone.localdate().year
    assert list(SelfAssessment.objects.order_by("year").values_list("year", flat=True)) == [year - 1, year]
    for assessment in SelfAssessment.objects.all():
        assert assessment.ratings.count() == 6


def test_the_council_approves_this_years_work_plan_and_last_years_evaluation_at_its_meetings(framework, db):
    from datetime import date

    from workplan.demo import workplan_demo_load
    from workplan.models import Evaluation, WorkPlan

    demo_users_reset()
    partnership_demo_load()
    workplan_demo_load()
    council_demo_load()

    today = timezone.localdate()
    year = today.year if today.month >= 7 else today.year - 1
    first = CouncilMeeting.objects.filter(status=CouncilMeetingStatus.HELD).order_by("starts_at").first()
    plan = WorkPlan.objects.get(fiscal_year_start=date(year, 7, 1))
    assert plan.approved_on == timezone.localtime(first.starts_at).date()
    assert plan.meeting_reference == "Quality Improvement Council"
    attended = first.attendance.filter(attended=True)
    taking_part = (
        plan.consumers_present
        + plan.family_members_present
        + plan.providers_present
        + plan.county_staff_present
        + plan.directors_present
    )
    assert taking_part == attended.count() == 6, "who took part is the meeting's attendance, by seat"
    evaluation = Evaluation.objects.get(plan__fiscal_year_start=date(year - 1, 7, 1))
    held_after_year_end = CouncilMeeting.objects.filter(
        status=CouncilMeetingStatus.HELD, starts_at__date__gt=date(year, 6, 30)
    ).exists()
    assert evaluation.is_approved == held_after_year_end
    if held_after_year_end:
        assert evaluation.reviews.exclude(rating="").count() == evaluation.reviews.count() == 4
