"""Who sees which council page: QI staff run them, directors read them, members see their own meetings,
the public sees published minutes only. Every page renders for the roles that may see it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from council.models import CouncilMeeting, CouncilMeetingStatus
from council.services.agenda import agenda_item_add
from council.services.records import action_item_add, decision_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(meeting, council, qi_staff):
    item = agenda_item_add(meeting=meeting, title="Waiting times", by=qi_staff)
    decision_record(meeting=meeting, text="Keep the evening clinic.", method="consensus", agenda_item=item, by=qi_staff)
    action_item_add(
        meeting=meeting,
        description="Ask the hospital",
        owner=council[1].user,
        due_on=date.today() + timedelta(days=30),
        by=qi_staff,
    )
    return meeting


def _pages(meeting):
    item = meeting.agenda_items.first()
    args = [meeting.public_id]
    return {
        "meeting_list": reverse("council:meeting_list"),
        "meeting_create": reverse("council:meeting_create"),
        "member_list": reverse("council:member_list"),
        "member_add": reverse("council:member_add"),
        "meeting_detail": reverse("council:meeting_detail", args=args),
        "meeting_edit": reverse("council:meeting_edit", args=args),
        "agenda_edit": reverse("council:agenda_edit", args=args),
        "attendance": reverse("council:attendance", args=args),
        "minutes_edit": reverse("council:minutes_edit", args=[meeting.public_id, item.pk]),
        "decision_create": reverse("council:decision_create", args=args),
        "action_item_create": reverse("council:action_item_create", args=args),
        "my_council": reverse("council:my_council"),
        "stipend_ledger": reverse("council:stipend_ledger"),
        "published_list": reverse("council:published_list"),
    }


STAFF_ONLY = {
    "meeting_create",
    "member_add",
    "meeting_edit",
    "agenda_edit",
    "attendance",
    "minutes_edit",
    "decision_create",
    "action_item_create",
}


def test_qi_staff_open_every_page(client_for, qi_staff, recorded):
    client = client_for(qi_staff)
    for name, url in _pages(recorded).items():
        assert client.get(url).status_code == 200, name


def test_directors_read_but_do_not_run(client_for, director, recorded):
    client = client_for(director)
    for name, url in _pages(recorded).items():
        assert client.get(url).status_code == (403 if name in STAFF_ONLY else 200), name


def test_a_member_sees_their_meeting_and_their_action_items_but_runs_nothing(client_for, council, recorded):
    client = client_for(council[1].user)
    html = client.get(recorded.get_absolute_url()).content.decode()
    assert "Keep the evening clinic." in html
    assert "Build and edit the agenda" not in html
    assert "Raise a matter for the agenda" in html
    assert "Ask the hospital" in client.get(reverse("council:my_council")).content.decode()
    for name in STAFF_ONLY | {"member_list", "stipend_ledger"}:
        assert client.get(_pages(recorded)[name]).status_code == 403, name


def test_a_consumer_not_on_the_council_cannot_see_an_unpublished_meeting(client_for, consumer, recorded):
    client = client_for(consumer)
    assert client.get(recorded.get_absolute_url()).status_code == 403
    assert client.get(reverse("council:meeting_ics", args=[recorded.public_id])).status_code == 403
    assert client.get(reverse("council:meeting_list")).url == reverse("council:published_list")


def test_a_member_does_not_see_meetings_from_before_their_term(client_for, seat, make_meeting):
    from django.utils import timezone

    newcomer = seat(starts=timezone.localdate())
    old = make_meeting(-30, status=CouncilMeetingStatus.HELD)
    assert client_for(newcomer.user).get(old.get_absolute_url()).status_code == 403


def test_the_public_is_asked_to_sign_in_for_an_unpublished_meeting(client, recorded):
    response = client.get(recorded.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert client.get(reverse("council:my_council")).status_code == 302


def test_the_public_reaches_published_minutes_from_a_meeting_link(client, make_meeting, recorded, qi_staff):
    from council.services.meetings import minutes_approve, minutes_publish

    held = make_meeting(-30, status=CouncilMeetingStatus.HELD)
    minutes_approve(meeting=held, at_meeting=recorded, by=qi_staff)
    minutes_publish(meeting=held, by=qi_staff)
    response = client.get(held.get_absolute_url())
    assert response.url == reverse("council:published_detail", args=[held.public_id])


def test_the_public_list_of_meetings_sends_the_public_to_the_published_minutes(client):
    assert client.get(reverse("council:meeting_list")).url == reverse("council:published_list")
    assert client.get(reverse("council:published_list")).status_code == 200


def test_every_page_shows_the_council_in_the_menu(client):
    html = client.get(reverse("council:published_list")).content.decode()
    assert f'href="{reverse("council:meeting_list")}"' in html


def test_a_meeting_that_ends_before_it_starts_is_refused_and_what_was_typed_is_kept(client_for, qi_staff):
    response = client_for(qi_staff).post(
        reverse("council:meeting_create"),
        {
            "title": "Special meeting",
            "starts_at": "2027-01-12T17:00",
            "ends_at": "2027-01-12T16:00",
            "status": "planned",
            "stipend_amount": "25.00",
            "place": "Room 2",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end must be after the start." in html
    assert "Special meeting" in html
    assert not CouncilMeeting.objects.exists()


def test_qi_staff_plan_a_meeting(client_for, qi_staff):
    response = client_for(qi_staff).post(
        reverse("council:meeting_create"),
        {
            "title": "Quality Improvement Council",
            "starts_at": "2027-01-12T17:00",
            "ends_at": "2027-01-12T19:00",
            "status": "planned",
            "stipend_amount": "30.00",
            "place": "Room 2",
        },
    )
    meeting = CouncilMeeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    assert meeting.history.first().history_user is not None


def test_an_unknown_meeting_is_not_found(client_for, qi_staff):
    url = reverse("council:meeting_detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client_for(qi_staff).get(url).status_code == 404


def test_the_meeting_list_reads_a_fixed_number_of_queries(
    client_for, director, make_meeting, django_assert_max_num_queries
):
    for days in range(-90, 30, 10):
        make_meeting(days)
    client = client_for(director)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("council:meeting_list")).status_code == 200


def test_the_admin_lists_the_council_read_only(client_for, administrator, recorded):
    client = client_for(administrator)
    assert client.get(reverse("admin:council_councilmeeting_changelist")).status_code == 200
    assert client.get(reverse("admin:council_councilmeeting_add")).status_code == 403


def test_signed_in_council_pages_are_never_stored_and_published_minutes_stay_cacheable(
    client_for, client, qi_staff, recorded
):
    public = client.get(reverse("council:published_list"))
    assert "no-store" not in public.get("Cache-Control", "")
    private = client_for(qi_staff).get(recorded.get_absolute_url())
    assert "no-store" in private["Cache-Control"]


def test_minutes_with_personal_information_are_refused_and_nothing_is_saved(client_for, qi_staff, recorded):
    item = recorded.agenda_items.first()
    response = client_for(qi_staff).post(
        reverse("council:minutes_edit", args=[recorded.public_id, item.pk]),
        {"minutes": "Ana (DOB 03/14/1985) spoke about her diagnosis.", "minutes_es": ""},
    )
    assert response.status_code == 400
    assert "This looks like personal information" in response.content.decode()
    item.refresh_from_db()
    assert item.minutes == ""


def test_qi_staff_write_the_minutes_in_both_languages(client_for, qi_staff, recorded):
    item = recorded.agenda_items.first()
    client_for(qi_staff).post(
        reverse("council:minutes_edit", args=[recorded.public_id, item.pk]),
        {"minutes": "Waits fell.", "minutes_es": "Las esperas bajaron."},
    )
    item.refresh_from_db()
    assert (item.minutes, item.minutes_es) == ("Waits fell.", "Las esperas bajaron.")


def test_a_matter_with_personal_information_is_refused(client_for, council, meeting):
    response = client_for(council[0].user).post(
        reverse("council:matter_add", args=[meeting.public_id]), {"title": "Write to frank@example.org"}
    )
    assert response.status_code == 400
    assert not meeting.agenda_items.exists()


@pytest.mark.parametrize("persona", ["director", "consumer"])
def test_only_qi_staff_approve_minutes_and_end_terms(client_for, request, persona, council, make_meeting, meeting):
    held = make_meeting(-20, status=CouncilMeetingStatus.HELD)
    client = client_for(request.getfixturevalue(persona))
    response = client.post(reverse("council:minutes_approve", args=[meeting.public_id]), {"approve": held.public_id})
    assert response.status_code == 403
    assert client.post(reverse("council:member_end_term", args=[council[0].pk]), {}).status_code == 403
    held.refresh_from_db()
    assert not held.minutes_approved


def test_approving_minutes_at_an_earlier_meeting_is_explained(client_for, qi_staff, make_meeting, meeting):
    earlier = make_meeting(-40, status=CouncilMeetingStatus.HELD)
    client = client_for(qi_staff)
    client.post(reverse("council:minutes_approve", args=[earlier.public_id]), {"approve": meeting.public_id})
    assert (
        "Only the minutes of a meeting that was held can be approved."
        in client.get(earlier.get_absolute_url()).content.decode()
    )
