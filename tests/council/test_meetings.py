"""During and after a meeting: attendance and stipends, minutes, decisions, action items, approving the
minutes at the next meeting and publishing them without personal information."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from council.models import (
    ActionItem,
    ActionItemStatus,
    CouncilMeetingStatus,
    CouncilStipendEntry,
    Decision,
    DecisionChange,
    DecisionMethod,
)
from council.services.agenda import agenda_item_add
from council.services.meetings import (
    attendance_record,
    meeting_save,
    minutes_approve,
    minutes_publish,
    minutes_save,
    publication_problems,
)
from council.services.records import action_item_add, decision_record
from dialogues.models import StipendStatus

pytestmark = pytest.mark.django_db


# --- Attendance and stipends (as in the cells) --------------------------------------------------------


def test_attending_consumer_and_family_members_are_owed_the_stipend_once(council, meeting, qi_staff):
    attendance_record(meeting=meeting, attended_member_ids=[m.pk for m in council[:3]], by=qi_staff)
    attendance_record(meeting=meeting, attended_member_ids=[m.pk for m in council[:3]], by=qi_staff)
    meeting.refresh_from_db()
    assert meeting.status == CouncilMeetingStatus.HELD
    owed = CouncilStipendEntry.objects.filter(status=StipendStatus.OWED)
    assert sorted(owed.values_list("member__user__username", flat=True)) == ["frank", "rosa"]
    assert {entry.amount for entry in owed} == {Decimal("25.00")}
    assert meeting.attendance.count() == 5  # every member serving that day has a row


def test_unticking_a_member_voids_an_owed_stipend_and_ticking_again_restores_it(council, meeting, qi_staff):
    attendance_record(meeting=meeting, attended_member_ids=[council[0].pk], by=qi_staff)
    attendance_record(meeting=meeting, attended_member_ids=[], by=qi_staff)
    assert CouncilStipendEntry.objects.get().status == StipendStatus.VOID
    attendance_record(meeting=meeting, attended_member_ids=[council[0].pk], by=qi_staff)
    assert CouncilStipendEntry.objects.get().status == StipendStatus.OWED


def test_a_meeting_without_a_stipend_owes_nothing(council, make_meeting, qi_staff):
    unpaid = make_meeting(3, stipend_amount=None)
    attendance_record(meeting=unpaid, attended_member_ids=[council[0].pk], by=qi_staff)
    assert not CouncilStipendEntry.objects.exists()


def test_cancelling_a_meeting_voids_stipends_still_owed(council, meeting, qi_staff):
    attendance_record(meeting=meeting, attended_member_ids=[council[0].pk], by=qi_staff)
    meeting.status = CouncilMeetingStatus.CANCELLED
    meeting_save(meeting=meeting, by=qi_staff)
    assert CouncilStipendEntry.objects.get().status == StipendStatus.VOID


def test_only_members_serving_that_day_can_be_marked_attending(seat, meeting, qi_staff):
    from django.utils import timezone

    later = seat(starts=timezone.localdate() + timedelta(days=60))
    with pytest.raises(ValidationError, match="serving on the council"):
        attendance_record(meeting=meeting, attended_member_ids=[later.pk], by=qi_staff)


def test_qi_staff_record_attendance_on_the_page(client_for, qi_staff, council, meeting):
    response = client_for(qi_staff).post(
        reverse("council:attendance", args=[meeting.public_id]), {"attended": [council[0].pk, council[2].pk]}
    )
    assert response.status_code == 302
    assert meeting.attendance.filter(attended=True).count() == 2


def test_an_unknown_member_on_the_attendance_page_is_refused(client_for, qi_staff, council, meeting):
    response = client_for(qi_staff).post(
        reverse("council:attendance", args=[meeting.public_id]), {"attended": [999999]}
    )
    assert response.status_code == 400
    assert not meeting.attendance.exists()


# --- Decisions ----------------------------------------------------------------------------------------


def test_a_decision_by_vote_keeps_its_counts_and_says_whether_it_carried(meeting, qi_staff):
    decision = decision_record(
        meeting=meeting,
        text="Fund a bilingual clinician for the north clinic.",
        method=DecisionMethod.VOTE,
        votes_for=7,
        votes_against=2,
        abstentions=1,
        by=qi_staff,
    )
    assert decision.carried is True
    assert decision.history.first().history_user == qi_staff


def test_a_decision_by_consensus_has_no_counts(meeting, qi_staff):
    with pytest.raises(ValidationError) as error:
        decision_record(meeting=meeting, text="Agreed.", method=DecisionMethod.CONSENSUS, votes_for=3, by=qi_staff)
    assert "votes_for" in error.value.message_dict
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"votes_for": 3, "votes_against": None, "abstentions": 0}, "needs this count"),
        ({"votes_for": -1, "votes_against": 0, "abstentions": 0}, "cannot be negative"),
        ({"votes_for": 0, "votes_against": 0, "abstentions": 0}, "at least one vote"),
    ],
)
def test_a_vote_needs_three_counts_none_negative(meeting, qi_staff, counts, message):
    with pytest.raises(ValidationError, match=message):
        decision_record(meeting=meeting, text="Agreed.", method=DecisionMethod.VOTE, by=qi_staff, **counts)


def test_a_vote_cannot_count_more_voters_than_the_voting_members_present(council, meeting, qi_staff):
    attendance_record(meeting=meeting, attended_member_ids=[m.pk for m in council[:3]], by=qi_staff)
    with pytest.raises(ValidationError, match="only 3 voting members attended"):
        decision_record(
            meeting=meeting, text="Agreed.", method=DecisionMethod.VOTE, votes_for=3, votes_against=1, abstentions=0
        )


def test_the_database_refuses_counts_on_consensus_and_a_vote_without_counts(meeting):
    with pytest.raises(IntegrityError):
        Decision.objects.create(meeting=meeting, text="x", method=DecisionMethod.CONSENSUS, votes_for=1)


def test_the_database_refuses_a_vote_with_a_missing_count(meeting):
    with pytest.raises(IntegrityError):
        Decision.objects.create(meeting=meeting, text="x", method=DecisionMethod.VOTE, votes_for=1, votes_against=0)


def test_a_decision_that_changed_a_target_links_to_the_measure(meeting, qi_staff):
    from measures.models import Measure

    measure = Measure.objects.get(code="routine-non-psychiatry-offered-10-days")
    with pytest.raises(ValidationError, match="Choose what the decision changed"):
        decision_record(
            meeting=meeting,
            text="Raise the target to 85 %.",
            method=DecisionMethod.CONSENSUS,
            change=DecisionChange.TARGET,
        )
    decision = decision_record(
        meeting=meeting,
        text="Raise the target to 85 %.",
        method=DecisionMethod.CONSENSUS,
        change=DecisionChange.TARGET,
        measure=measure,
    )
    assert decision.measure == measure
    with pytest.raises(IntegrityError):
        Decision.objects.create(meeting=meeting, text="x", method="consensus", change=DecisionChange.INITIATIVE)


def test_qi_staff_record_a_vote_on_the_page(client_for, qi_staff, meeting):
    response = client_for(qi_staff).post(
        reverse("council:decision_create", args=[meeting.public_id]),
        {
            "text": "Adopt the new intake script.",
            "text_es": "Adoptar el nuevo guion de admisión.",
            "method": "vote",
            "votes_for": "6",
            "votes_against": "1",
            "abstentions": "0",
            "change": "none",
        },
    )
    assert response.status_code == 302
    assert Decision.objects.get().votes_for == 6


def test_the_decision_page_explains_missing_counts_and_keeps_what_was_typed(client_for, qi_staff, meeting):
    response = client_for(qi_staff).post(
        reverse("council:decision_create", args=[meeting.public_id]),
        {"text": "Adopt the new intake script.", "method": "vote", "votes_for": "6", "change": "none"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "A vote needs this count (0 if none)." in html
    assert "Adopt the new intake script." in html
    assert not Decision.objects.exists()


def test_a_decision_naming_a_person_is_refused_on_the_page(client_for, qi_staff, meeting):
    response = client_for(qi_staff).post(
        reverse("council:decision_create", args=[meeting.public_id]),
        {"text": "Call Rosa at rosa@example.org", "method": "consensus", "change": "none"},
    )
    assert response.status_code == 400
    assert "This looks like personal information" in response.content.decode()


# --- Action items: the owner's page and the next agenda -----------------------------------------------


def test_an_action_item_shows_on_its_owners_page_until_done(client_for, council, meeting, qi_staff):
    owner = council[0].user
    item = action_item_add(
        meeting=meeting,
        description="Draft the bus-pass leaflet",
        owner=owner,
        due_on=date.today() + timedelta(days=30),
        by=qi_staff,
    )
    client = client_for(owner)
    assert "Draft the bus-pass leaflet" in client.get(reverse("council:my_council")).content.decode()
    response = client.post(reverse("council:action_item_update", args=[item.pk]), {"status": "done"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE
    assert item.closed_at is not None
    html = client.get(reverse("council:my_council")).content.decode()
    assert "You have no open action item." in html


def test_someone_else_cannot_change_an_action_item(client_for, council, consumer, meeting, qi_staff):
    item = action_item_add(
        meeting=meeting,
        description="Draft the leaflet",
        owner=council[0].user,
        due_on=date.today() + timedelta(days=30),
        by=qi_staff,
    )
    assert (
        client_for(consumer).post(reverse("council:action_item_update", args=[item.pk]), {"status": "done"}).status_code
        == 403
    )
    item.refresh_from_db()
    assert item.status == ActionItemStatus.OPEN


def test_dropping_an_action_item_needs_a_reason(client_for, council, meeting, qi_staff):
    item = action_item_add(
        meeting=meeting,
        description="Draft the leaflet",
        owner=council[0].user,
        due_on=date.today() + timedelta(days=30),
        by=qi_staff,
    )
    response = client_for(council[0].user).post(
        reverse("council:action_item_update", args=[item.pk]), {"status": "dropped"}
    )
    assert response.status_code == 400
    assert "Say why the action item is dropped." in response.content.decode()


def test_an_action_item_is_due_on_or_after_the_meeting(meeting, council, qi_staff):
    with pytest.raises(ValidationError, match="cannot be before the meeting"):
        action_item_add(meeting=meeting, description="x", owner=council[0].user, due_on=date.today(), by=qi_staff)
    with pytest.raises(IntegrityError):
        ActionItem.objects.create(
            meeting=meeting,
            description="x",
            owner=council[0].user,
            agreed_on=date.today(),
            due_on=date.today() - timedelta(days=1),
        )


def test_qi_staff_add_an_action_item_on_the_page_and_bad_dates_are_explained(client_for, qi_staff, council, meeting):
    client = client_for(qi_staff)
    url = reverse("council:action_item_create", args=[meeting.public_id])
    response = client.post(
        url, {"description": "Ask for the list", "owner": council[2].user.pk, "due_on": "2000-01-01"}
    )
    assert response.status_code == 400
    assert "The due date cannot be before the meeting." in response.content.decode()
    due = (date.today() + timedelta(days=40)).isoformat()
    assert (
        client.post(url, {"description": "Ask for the list", "owner": council[2].user.pk, "due_on": due}).status_code
        == 302
    )
    assert ActionItem.objects.get().owner == council[2].user


# --- Minutes: written, approved at the next meeting, published -----------------------------------------


@pytest.fixture
def held_meeting(make_meeting, council, qi_staff):
    held = make_meeting(-30)
    item = agenda_item_add(meeting=held, title="Waiting times", title_es="Tiempos de espera", by=qi_staff)
    attendance_record(meeting=held, attended_member_ids=[m.pk for m in council], by=qi_staff)
    minutes_save(item=item, minutes="Waits fell in two clinics.", minutes_es="Las esperas bajaron en dos clínicas.")
    decision_record(
        meeting=held,
        text="Keep the evening clinic.",
        text_es="Mantener la clínica de la tarde.",
        method=DecisionMethod.CONSENSUS,
        agenda_item=item,
        by=qi_staff,
    )
    held.refresh_from_db()
    return held


def test_minutes_are_approved_at_a_later_meeting_and_then_frozen(held_meeting, meeting, qi_staff):
    minutes_approve(meeting=held_meeting, at_meeting=meeting, by=qi_staff)
    held_meeting.refresh_from_db()
    assert held_meeting.minutes_approved_at_meeting == meeting
    with pytest.raises(ValidationError, match="can no longer be changed"):
        minutes_save(item=held_meeting.agenda_items.get(), minutes="Rewritten.")


def test_minutes_cannot_be_approved_at_an_earlier_meeting(held_meeting, make_meeting, qi_staff):
    earlier = make_meeting(-60, status=CouncilMeetingStatus.HELD)
    with pytest.raises(ValidationError, match="later meeting"):
        minutes_approve(meeting=held_meeting, at_meeting=earlier, by=qi_staff)


def test_unapproved_minutes_are_not_published(held_meeting):
    with pytest.raises(ValidationError, match="not been approved"):
        minutes_publish(meeting=held_meeting)


def test_publishing_refuses_personal_information_as_for_dialogue_themes(held_meeting, meeting, qi_staff):
    item = held_meeting.agenda_items.get()
    minutes_approve(meeting=held_meeting, at_meeting=meeting, by=qi_staff)
    # Written before the check existed, or changed in the admin: the check runs again when publishing.
    type(item).objects.filter(pk=item.pk).update(minutes_es="Llamar a Ana al 415-555-0134, diagnosticada con TEPT.")
    problems = publication_problems(meeting=held_meeting)
    assert any("a phone number" in problem for problem in problems)
    assert any("a diagnosis" in problem for problem in problems)
    with pytest.raises(ValidationError):
        minutes_publish(meeting=held_meeting, by=qi_staff)
    held_meeting.refresh_from_db()
    assert not held_meeting.is_published


def test_publishing_needs_the_spanish_text(held_meeting, meeting, qi_staff):
    minutes_approve(meeting=held_meeting, at_meeting=meeting, by=qi_staff)
    held_meeting.decisions.update(text_es="")
    held_meeting.refresh_from_db()
    assert publication_problems(meeting=held_meeting) == ["Decision 1: the decision needs its Spanish text."]


def test_published_minutes_are_public_in_english_and_spanish_without_attendance_or_action_items(
    client, held_meeting, meeting, council, qi_staff
):
    action_item_add(
        meeting=held_meeting,
        description="Ask the hospital",
        owner=council[2].user,
        due_on=date.today() + timedelta(days=5),
        by=qi_staff,
    )
    minutes_approve(meeting=held_meeting, at_meeting=meeting, by=qi_staff)
    minutes_publish(meeting=held_meeting, by=qi_staff)
    url = reverse("council:published_detail", args=[held_meeting.public_id])
    english = client.get(url).content.decode()
    assert "Waits fell in two clinics." in english
    assert "Keep the evening clinic." in english
    assert "Ask the hospital" not in english
    assert "priya" not in english
    assert "rosa" not in english
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Las esperas bajaron en dos clínicas." in spanish
    assert "Mantener la clínica de la tarde." in spanish
    assert "Tiempos de espera" in spanish
    assert str(held_meeting.public_id) in client.get(reverse("council:published_list")).content.decode()


def test_unpublished_minutes_are_not_public(client, held_meeting):
    assert client.get(reverse("council:published_detail", args=[held_meeting.public_id])).status_code == 404


def test_qi_staff_approve_and_publish_through_the_pages(client_for, qi_staff, held_meeting, meeting):
    client = client_for(qi_staff)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Minutes to approve at this meeting" in page
    client.post(reverse("council:minutes_approve", args=[meeting.public_id]), {"approve": held_meeting.public_id})
    client.post(reverse("council:publish", args=[held_meeting.public_id]))
    held_meeting.refresh_from_db()
    assert held_meeting.is_published


def test_a_refused_publication_says_why_on_the_page(client_for, qi_staff, held_meeting, meeting):
    client = client_for(qi_staff)
    client.post(reverse("council:publish", args=[held_meeting.public_id]))
    page = client.get(held_meeting.get_absolute_url()).content.decode()
    assert "Not published: The minutes have not been approved yet." in page


def test_directors_cannot_publish(client_for, director, held_meeting, meeting, qi_staff):
    minutes_approve(meeting=held_meeting, at_meeting=meeting, by=qi_staff)
    assert client_for(director).post(reverse("council:publish", args=[held_meeting.public_id])).status_code == 403


# --- The council's stipend ledger ------------------------------------------------------------------


def test_qi_staff_mark_owed_council_stipends_as_paid(client_for, qi_staff, council, meeting):
    attendance_record(meeting=meeting, attended_member_ids=[council[0].pk, council[1].pk], by=qi_staff)
    entry = CouncilStipendEntry.objects.get(member=council[0])
    client = client_for(qi_staff)
    assert "rosa" in client.get(reverse("council:stipend_ledger")).content.decode()
    response = client.post(reverse("council:stipend_ledger"), {"entries": [entry.pk], "paid_on": "2026-12-31"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.paid_on) == (StipendStatus.PAID, date(2026, 12, 31))
    assert CouncilStipendEntry.objects.get(member=council[1]).status == StipendStatus.OWED


def test_marking_paid_without_a_day_is_refused_and_changes_nothing(client_for, qi_staff, council, meeting):
    attendance_record(meeting=meeting, attended_member_ids=[council[0].pk], by=qi_staff)
    entry = CouncilStipendEntry.objects.get()
    response = client_for(qi_staff).post(reverse("council:stipend_ledger"), {"entries": [entry.pk], "paid_on": ""})
    assert response.status_code == 400
    assert "Choose at least one owed stipend and the day it was paid." in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == StipendStatus.OWED


def test_directors_see_the_council_stipends_but_cannot_pay_them(client_for, director, qi_staff, council, meeting):
    attendance_record(meeting=meeting, attended_member_ids=[council[0].pk], by=qi_staff)
    entry = CouncilStipendEntry.objects.get()
    client = client_for(director)
    assert client.get(reverse("council:stipend_ledger")).status_code == 200
    assert (
        client.post(reverse("council:stipend_ledger"), {"entries": [entry.pk], "paid_on": "2026-12-31"}).status_code
        == 403
    )
    client.logout()
    assert client.get(reverse("council:stipend_ledger")).url.startswith(reverse("accounts:login"))
