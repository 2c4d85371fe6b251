"""E-mail to council members: the invitation, the agenda and the approved minutes, each in the member's
language, each with the meeting as an iCalendar attachment so it lands in their calendar.

Sent once the transaction commits (as in ``dialogues.services.joining``): a rolled-back change never
tells anyone anything. Members without an e-mail address are skipped.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from council.ical import CalendarEvent, calendar_text
from council.models import CouncilMailing, CouncilMeeting, CouncilMeetingStatus, MailingKind
from council.selectors.body import council_members_current, meeting_day

ICS_FILENAME = "council-meeting.ics"


def ics_mimetype(meeting: CouncilMeeting) -> str:
    """The attachment's type names the calendar method (RFC 6047 2.4): CANCEL removes the event."""
    method = "CANCEL" if meeting.status == CouncilMeetingStatus.CANCELLED else "PUBLISH"
    return f"text/calendar; charset=utf-8; method={method}"


def meeting_calendar_event(*, meeting: CouncilMeeting, url: str = "", language: str = "en") -> CalendarEvent:
    """The meeting as a calendar event. The UID stays the same for the meeting's life, and the sequence
    grows with each change, so a calendar updates the event it holds instead of adding another."""
    location = ", ".join(part for part in (meeting.place, meeting.video_link) if part)
    return CalendarEvent(
        uid=f"council-meeting-{meeting.public_id}@qic",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=meeting.title_in(language),
        description=url,
        location=location,
        url=url,
        sequence=max(meeting.history.count() - 1, 0),
        cancelled=meeting.status == CouncilMeetingStatus.CANCELLED,
    )


def meeting_ics(*, meeting: CouncilMeeting, url: str = "", stamp: datetime | None = None, language: str = "en") -> str:
    return calendar_text(
        meeting_calendar_event(meeting=meeting, url=url, language=language), stamp=stamp or timezone.now()
    )


def _language_of(user) -> str:
    language = getattr(user, "preferred_language", "en")
    return language if language in dict(settings.LANGUAGES) else "en"


def _message(*, meeting: CouncilMeeting, kind: str, member, url: str, stamp: datetime) -> EmailMessage:
    language = _language_of(member.user)
    items = list(meeting.agenda_items.order_by("position"))
    context = {
        "meeting": meeting,
        "member": member,
        "url": url,
        "language": language,
        "items": [{"title": item.title_in(language), "minutes": item.minutes_in(language)} for item in items],
        "decisions": [decision.text_in(language) for decision in meeting.decisions.order_by("id")],
    }
    with override(language):
        text = render_to_string(f"council/email/{kind}.txt", context).strip()
    subject, _sep, body = text.partition("\n")
    message = EmailMessage(subject.strip(), body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, [member.user.email])
    ics = meeting_ics(meeting=meeting, url=url, stamp=stamp, language=language)
    message.attach(ICS_FILENAME, ics, ics_mimetype(meeting))
    return message


@transaction.atomic
def meeting_mail_send(*, meeting: CouncilMeeting, kind: str, url: str, by=None) -> int:
    """Send the invitation, the agenda or the approved minutes of ``meeting`` to every member serving on
    its day who has an e-mail address. ``url`` is the meeting's page. Returns how many e-mails go out."""
    if kind not in MailingKind.values:
        raise ValidationError(_("Choose what to send."), code="kind")
    meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
    if kind == MailingKind.AGENDA and not meeting.agenda_items.exists():
        raise ValidationError(_("The agenda is empty: build it or add items before sending it."), code="empty")
    if kind == MailingKind.MINUTES and not meeting.minutes_approved:
        raise ValidationError(_("Only approved minutes are sent to members."), code="not_approved")
    cancelled = meeting.status == CouncilMeetingStatus.CANCELLED
    if kind == MailingKind.CANCELLATION and not cancelled:
        raise ValidationError(_("Only a cancelled meeting's cancellation is sent."), code="not_cancelled")
    if kind in (MailingKind.INVITATION, MailingKind.AGENDA) and meeting.status != CouncilMeetingStatus.PLANNED:
        raise ValidationError(_("Invitations and agendas go out before the meeting."), code="not_planned")
    members = [m for m in council_members_current(on=meeting_day(meeting)) if m.user.email and m.user.is_active]
    stamp = timezone.now()
    messages = [_message(meeting=meeting, kind=kind, member=member, url=url, stamp=stamp) for member in members]
    if kind == MailingKind.AGENDA:
        meeting.agenda_sent_at = timezone.now()
        meeting.save(update_fields=["agenda_sent_at", "updated_at"])
    CouncilMailing.objects.create(meeting=meeting, kind=kind, recipients=len(messages), sent_by=by)
    if messages:
        transaction.on_commit(lambda: get_connection().send_messages(messages))
    return len(messages)
