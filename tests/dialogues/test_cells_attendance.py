"""Recording attendance: idempotent, marks the meeting held, and keeps the stipend ledger right."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dialogues.models import (
    Attendance,
    CompensationKind,
    Meeting,
    MeetingStatus,
    PartnerRole,
    StipendEntry,
    StipendStatus,
)
from dialogues.services.cells import attendance_record, meeting_save, stipend_mark_paid

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(cell):
    return Meeting.objects.create(cell=cell, starts_at=timezone.now() - timedelta(days=1), place="Room 2")


@pytest.fixture
def people(cell, member_of):
    return {
        "consumer": member_of(cell, PartnerRole.CONSUMER),
        "family": member_of(cell, PartnerRole.FAMILY),
        "provider": member_of(cell, PartnerRole.PROVIDER),
    }


def ids(*memberships):
    return [m.pk for m in memberships]


def test_attending_consumers_and_family_members_are_owed_the_stipend_once(meeting, people, qi_staff):
    attendance_record(meeting=meeting, attended_membership_ids=ids(*people.values()), recorded_by=qi_staff)
    entries = StipendEntry.objects.filter(meeting=meeting)
    assert {e.membership for e in entries} == {people["consumer"], people["family"]}
    assert all(e.amount == Decimal("25.00") and e.status == StipendStatus.OWED for e in entries)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert Attendance.objects.filter(meeting=meeting).count() == 3


def test_recording_the_same_attendance_twice_changes_nothing(meeting, people, qi_staff):
    for _ in range(2):
        attendance_record(meeting=meeting, attended_membership_ids=ids(people["consumer"]), recorded_by=qi_staff)
    assert StipendEntry.objects.filter(meeting=meeting).count() == 1
    assert StipendEntry.history.count() == 1
    assert Attendance.objects.filter(meeting=meeting, attended=True).count() == 1


def test_unticking_a_member_voids_an_owed_stipend_and_reticking_restores_it(meeting, people):
    attendance_record(meeting=meeting, attended_membership_ids=ids(people["consumer"]))
    attendance_record(meeting=meeting, attended_membership_ids=[])
    entry = StipendEntry.objects.get(meeting=meeting)
    assert entry.status == StipendStatus.VOID
    attendance_record(meeting=meeting, attended_membership_ids=ids(people["consumer"]))
    entry.refresh_from_db()
    assert entry.status == StipendStatus.OWED
    assert StipendEntry.objects.filter(meeting=meeting).count() == 1


def test_a_paid_stipend_is_never_touched_by_unticking(meeting, people):
    attendance_record(meeting=meeting, attended_membership_ids=ids(people["consumer"]))
    stipend_mark_paid(entries=StipendEntry.objects.all(), paid_on=timezone.localdate())
    attendance_record(meeting=meeting, attended_membership_ids=[])
    entry = StipendEntry.objects.get()
    assert entry.status == StipendStatus.PAID
    assert entry.paid_on == timezone.localdate()


def test_a_cell_without_compensation_owes_nothing(cell, meeting, people):
    cell.compensation_kind = CompensationKind.NONE
    cell.stipend_per_meeting = None
    cell.no_compensation_reason = "Members are county staff on paid time."
    cell.save()
    attendance_record(meeting=meeting, attended_membership_ids=ids(*people.values()))
    assert not StipendEntry.objects.exists()


def test_a_cancelled_meeting_earns_no_stipends(meeting, people):
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    with pytest.raises(ValidationError):
        attendance_record(meeting=meeting, attended_membership_ids=ids(people["consumer"]))
    assert not StipendEntry.objects.exists()


def test_cancelling_a_meeting_voids_owed_stipends_but_not_paid_ones(meeting, people):
    attendance_record(meeting=meeting, attended_membership_ids=ids(people["consumer"], people["family"]))
    stipend_mark_paid(entries=StipendEntry.objects.filter(membership=people["family"]), paid_on=timezone.localdate())
    meeting.status = MeetingStatus.CANCELLED
    meeting_save(meeting=meeting)
    statuses = dict(StipendEntry.objects.values_list("membership__role", "status"))
    assert statuses == {PartnerRole.CONSUMER: StipendStatus.VOID, PartnerRole.FAMILY: StipendStatus.PAID}


def test_someone_who_was_not_a_member_cannot_be_marked_as_attending(meeting, cell, member_of):
    later = member_of(cell, PartnerRole.CONSUMER, joined_on=timezone.localdate() + timedelta(days=5))
    with pytest.raises(ValidationError):
        attendance_record(meeting=meeting, attended_membership_ids=[later.pk])


# --- The meeting page -------------------------------------------------------------------------


def url(meeting):
    return reverse("dialogues:meeting_detail", args=[meeting.cell.slug, meeting.pk])


def test_staff_record_attendance_with_a_checkbox_per_member(client_for, qi_staff, meeting, people):
    client = client_for(qi_staff)
    page = client.get(url(meeting)).content.decode()
    assert page.count('name="attended"') == 3
    response = client.post(url(meeting), {"attended": [people["consumer"].pk]})
    assert response.status_code == 302
    assert StipendEntry.objects.filter(membership=people["consumer"]).exists()


def test_a_bad_attendance_choice_shows_the_form_again(client_for, qi_staff, meeting, people):
    response = client_for(qi_staff).post(url(meeting), {"attended": ["99999"]})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "not one of the available choices" in response.content.decode()
    assert not Attendance.objects.exists()


def test_directors_see_the_meeting_but_cannot_record_attendance(client_for, director, meeting, people):
    client = client_for(director)
    assert client.get(url(meeting)).status_code == 200
    assert 'name="attended"' not in client.get(url(meeting)).content.decode()
    assert client.post(url(meeting), {"attended": [people["consumer"].pk]}).status_code == 403


def test_the_meeting_page_is_closed_to_consumers_and_anonymous_visitors(client, client_for, consumer, meeting):
    assert client.get(url(meeting)).status_code == 302
    assert client_for(consumer).get(url(meeting)).status_code == 403


def test_staff_plan_and_edit_a_meeting(client_for, qi_staff, cell):
    client = client_for(qi_staff)
    create = reverse("dialogues:meeting_create", args=[cell.slug])
    assert "health" in client.get(create).content.decode()
    response = client.post(create, {"starts_at": "2026-05-12T17:00", "place": "Library", "status": "planned"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    edit = reverse("dialogues:meeting_edit", args=[cell.slug, meeting.pk])
    client.post(edit, {"starts_at": "2026-05-12T17:30", "place": "Library", "status": "planned", "agenda": "Votes"})
    meeting.refresh_from_db()
    assert meeting.agenda == "Votes"


def test_a_meeting_without_a_date_is_shown_again_with_the_error(client_for, qi_staff, cell):
    response = client_for(qi_staff).post(
        reverse("dialogues:meeting_create", args=[cell.slug]),
        {"starts_at": "", "place": "Library", "status": "planned"},
    )
    assert response.status_code == 200
    assert "Library" in response.content.decode()
    assert not Meeting.objects.exists()


def test_directors_cannot_plan_meetings(client_for, director, cell):
    assert client_for(director).get(reverse("dialogues:meeting_create", args=[cell.slug])).status_code == 403
