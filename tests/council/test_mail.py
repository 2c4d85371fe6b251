"""Invitations, agendas and approved minutes go to each member in their language, with an iCalendar file."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from council.ical import unescape_text, unfold
from council.models import CouncilMailing, CouncilMeetingStatus, MailingKind
from council.services.agenda import agenda_item_add
from council.services.mail import ICS_FILENAME, meeting_mail_send
from council.services.meetings import minutes_approve

pytestmark = pytest.mark.django_db
URL = "https://qic.example.org/council/meetings/x/"


def _calendar(message) -> dict[str, str]:
    [(filename, content, mimetype)] = message.attachments
    assert filename == ICS_FILENAME
    assert mimetype.startswith("text/calendar")
    assert "\r\n" in content
    return dict(line.split(":", 1) for line in unfold(content))


def _by_recipient(mailoutbox):
    return {message.to[0].split("@")[0]: message for message in mailoutbox}


def test_the_invitation_goes_to_every_member_in_their_language_with_the_meeting_in_a_calendar_file(
    council, meeting, qi_staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = meeting_mail_send(meeting=meeting, kind=MailingKind.INVITATION, url=URL, by=qi_staff)
    assert sent == 5
    messages = _by_recipient(mailoutbox)
    assert set(messages) == {"rosa", "frank", "priya", "carl", "dina"}
    spanish, english = messages["rosa"], messages["frank"]
    assert "Consejo de Mejoramiento de la Calidad" in spanish.body
    assert " de " in spanish.subject  # the date written the Spanish way: "21 de diciembre de 2026"
    assert "Quality Improvement Council" in english.body
    assert "stipend of $25.00" in english.body  # a family member is paid for attending
    assert "stipend" not in messages["priya"].body
    calendar = _calendar(spanish)
    assert calendar["UID"] == f"council-meeting-{meeting.public_id}@qic"
    assert calendar["DTSTART"] == meeting.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert calendar["DTEND"] == meeting.ends_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert unescape_text(calendar["LOCATION"]) == "Board room, 1 Main St"
    assert calendar["METHOD"] == "PUBLISH"
    assert datetime.strptime(calendar["DTSTAMP"], "%Y%m%dT%H%M%SZ")
    assert CouncilMailing.objects.get().recipients == 5


def test_the_agenda_lists_its_items_in_the_members_language(
    council, meeting, qi_staff, mailoutbox, django_capture_on_commit_callbacks
):
    agenda_item_add(meeting=meeting, title="Waiting times", title_es="Tiempos de espera", by=qi_staff)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_mail_send(meeting=meeting, kind=MailingKind.AGENDA, url=URL, by=qi_staff)
    messages = _by_recipient(mailoutbox)
    assert "1. Tiempos de espera" in messages["rosa"].body
    assert "1. Waiting times" in messages["frank"].body
    meeting.refresh_from_db()
    assert meeting.agenda_sent_at is not None


def test_an_empty_agenda_is_not_sent(council, meeting, qi_staff, mailoutbox):
    with pytest.raises(ValidationError, match="agenda is empty"):
        meeting_mail_send(meeting=meeting, kind=MailingKind.AGENDA, url=URL, by=qi_staff)
    assert mailoutbox == []


def test_only_approved_minutes_are_sent(
    council, make_meeting, meeting, qi_staff, mailoutbox, django_capture_on_commit_callbacks
):
    held = make_meeting(-20, status=CouncilMeetingStatus.HELD)
    with pytest.raises(ValidationError, match="approved minutes"):
        meeting_mail_send(meeting=held, kind=MailingKind.MINUTES, url=URL, by=qi_staff)
    minutes_approve(meeting=held, at_meeting=meeting, by=qi_staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_mail_send(meeting=held, kind=MailingKind.MINUTES, url=URL, by=qi_staff) == 5
    assert "Approved minutes" in _by_recipient(mailoutbox)["frank"].subject


def test_nothing_is_sent_when_the_transaction_rolls_back(council, meeting, qi_staff, mailoutbox):
    meeting_mail_send(meeting=meeting, kind=MailingKind.INVITATION, url=URL, by=qi_staff)  # no commit in a test
    assert mailoutbox == []


def test_members_without_an_e_mail_address_are_skipped(council, meeting, qi_staff):
    council[0].user.email = ""
    council[0].user.save()
    assert meeting_mail_send(meeting=meeting, kind=MailingKind.INVITATION, url=URL, by=qi_staff) == 4


def test_qi_staff_send_from_the_meeting_page(
    client_for, qi_staff, council, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(qi_staff).post(reverse("council:send", args=[meeting.public_id]), {"kind": "invitation"})
    assert response.status_code == 302
    assert len(mailoutbox) == 5
    assert meeting.get_absolute_url() in mailoutbox[0].body


def test_an_unknown_kind_of_e_mail_is_refused_with_a_message(client_for, qi_staff, council, meeting, mailoutbox):
    client = client_for(qi_staff)
    client.post(reverse("council:send", args=[meeting.public_id]), {"kind": "spam"})
    assert mailoutbox == []
    assert "Choose what to send." in client.get(meeting.get_absolute_url()).content.decode()


@pytest.mark.parametrize("persona", ["director", "consumer"])
def test_only_qi_staff_send_e_mail_to_members(client_for, request, persona, council, meeting, mailoutbox):
    response = client_for(request.getfixturevalue(persona)).post(
        reverse("council:send", args=[meeting.public_id]), {"kind": "invitation"}
    )
    assert response.status_code == 403
    assert mailoutbox == []


def test_the_calendar_file_can_be_downloaded_from_the_meeting_page(client_for, council, meeting):
    response = client_for(council[0].user).get(reverse("council:meeting_ics", args=[meeting.public_id]))
    assert response["Content-Type"] == "text/calendar"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert f"UID:council-meeting-{meeting.public_id}@qic" in unfold(text)


# --- A meeting cancelled after members were told about it ----------------------------------------------------


def _edit(client, meeting, **changes):
    local = meeting.starts_at.astimezone()
    data = {
        "title": meeting.title,
        "title_es": meeting.title_es,
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": meeting.ends_at.astimezone().strftime("%Y-%m-%dT%H:%M"),
        "place": meeting.place,
        "status": meeting.status,
        **changes,
    }
    return client.post(reverse("council:meeting_edit", args=[meeting.public_id]), data, follow=True)


def test_cancelling_a_meeting_members_were_invited_to_tells_each_in_their_language_and_removes_it_from_calendars(
    client_for, qi_staff, council, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    meeting_mail_send(meeting=meeting, kind=MailingKind.INVITATION, url=URL, by=qi_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(client_for(qi_staff), meeting, status="cancelled")

    assert "The cancellation went to 5 members" in response.content.decode()
    messages = _by_recipient(mailoutbox)
    assert set(messages) == {"rosa", "frank", "priya", "carl", "dina"}
    assert messages["rosa"].subject.startswith("Cancelada: Consejo de Mejoramiento de la Calidad")
    assert messages["frank"].subject.startswith("Cancelled: Quality Improvement Council")
    [(_name, content, mimetype)] = messages["rosa"].attachments
    assert mimetype.endswith("method=CANCEL")
    calendar = dict(line.split(":", 1) for line in unfold(content))
    assert (calendar["METHOD"], calendar["STATUS"]) == ("CANCEL", "CANCELLED")
    assert calendar["UID"] == f"council-meeting-{meeting.public_id}@qic"
    assert CouncilMailing.objects.filter(kind=MailingKind.CANCELLATION, recipients=5).count() == 1


def test_a_meeting_nobody_was_told_about_is_cancelled_quietly(
    client_for, qi_staff, council, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _edit(client_for(qi_staff), meeting, status="cancelled")
    assert mailoutbox == []


def test_saving_a_cancelled_meeting_again_sends_no_second_notice(
    client_for, qi_staff, council, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    meeting_mail_send(meeting=meeting, kind=MailingKind.INVITATION, url=URL, by=qi_staff)
    client = client_for(qi_staff)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(client, meeting, status="cancelled")
        meeting.refresh_from_db()
        _edit(client, meeting, place="Library, 2 Oak St")
    assert len(mailoutbox) == 5


def test_the_cancellation_notice_is_only_for_a_cancelled_meeting(council, meeting, qi_staff):
    with pytest.raises(ValidationError, match="cancelled meeting"):
        meeting_mail_send(meeting=meeting, kind=MailingKind.CANCELLATION, url=URL, by=qi_staff)


def test_a_meeting_given_a_spanish_title_is_called_by_it_in_spanish(
    council, meeting, qi_staff, mailoutbox, django_capture_on_commit_callbacks
):
    meeting.title, meeting.title_es = "Annual planning retreat", "Retiro anual de planificación"
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_mail_send(meeting=meeting, kind=MailingKind.INVITATION, url=URL, by=qi_staff)
    messages = _by_recipient(mailoutbox)
    assert "Retiro anual de planificación" in messages["rosa"].subject
    calendar = dict(line.split(":", 1) for line in unfold(messages["rosa"].attachments[0][1]))
    assert unescape_text(calendar["SUMMARY"]) == "Retiro anual de planificación"
    assert "Annual planning retreat" in messages["frank"].subject
