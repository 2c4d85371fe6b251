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
