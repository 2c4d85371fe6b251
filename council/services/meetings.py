"""Writes for a meeting: planning it, attendance (and so consumer members' stipends), minutes per agenda
item, approving the minutes at a later meeting and publishing them.

Minutes and decisions may be made public: they are checked for personal information with the same
check as dialogue themes (:func:`dialogues.services.sessions.phi_check`) when written and again when
published, and published only with their Spanish text.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import (
    CONSUMER_VOICE_ROLES,
    UNPUBLISHED_SOURCES,
    AgendaItem,
    CouncilAttendance,
    CouncilMeeting,
    CouncilMeetingStatus,
    CouncilMember,
    CouncilStipendEntry,
    MailingKind,
)
from council.selectors.body import council_members_current, meeting_day
from council.services._history import save_with_history
from council.services.mail import meeting_mail_send
from dialogues.models import StipendStatus
from dialogues.services.sessions import phi_check


@transaction.atomic
def meeting_save(*, meeting: CouncilMeeting, by=None, url: str = "") -> CouncilMeeting:
    """Plan or change a meeting. Cancelling it voids the stipends still owed for it (paid ones stay) and,
    when members were sent the invitation or the agenda, tells them (with ``url``, the meeting's page): the
    cancellation goes out in each member's language with a calendar file that removes the meeting."""
    creating = meeting.pk is None
    was_cancelled = (
        not creating and CouncilMeeting.objects.filter(pk=meeting.pk, status=CouncilMeetingStatus.CANCELLED).exists()
    )
    if meeting.ends_at and meeting.starts_at and meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")}, code="ends")
    meeting.full_clean(exclude=["minutes_approved_at_meeting"])
    save_with_history(meeting, by=by, reason=_("Meeting planned") if creating else _("Meeting edited"))
    if meeting.status == CouncilMeetingStatus.CANCELLED:
        for entry in meeting.stipends.filter(status=StipendStatus.OWED):
            entry.status = StipendStatus.VOID
            save_with_history(entry, by=by, reason=_("Meeting cancelled"))
        invited = meeting.mailings.filter(kind__in=(MailingKind.INVITATION, MailingKind.AGENDA)).exists()
        if not was_cancelled and invited and url:
            meeting_mail_send(meeting=meeting, kind=MailingKind.CANCELLATION, url=url, by=by)
    return meeting


@transaction.atomic
def attendance_record(*, meeting: CouncilMeeting, attended_member_ids: Iterable[int], by=None) -> CouncilMeeting:
    """Record who attended, as for a CQI cell (``dialogues.services.cells.attendance_record``).

    Every member serving on the day gets a row (attended or not) and the meeting is marked held. Each
    attending consumer or family member is owed the meeting's stipend once; unticking them voids an owed
    one (a paid one is never touched) and ticking them again restores it. Running it twice changes nothing.
    """
    meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == CouncilMeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled: attendance cannot be recorded for it."), code="cancelled")
    attended = {int(pk) for pk in attended_member_ids}
    serving = set(council_members_current(on=meeting_day(meeting)).values_list("pk", flat=True))
    recorded = set(meeting.attendance.values_list("member_id", flat=True))
    members = {member.pk: member for member in CouncilMember.objects.filter(pk__in=serving | recorded)}
    if attended - set(members):
        raise ValidationError(
            _("Only members serving on the council on the day of the meeting can be marked as attending."),
            code="not_member",
        )
    for pk, member in members.items():
        present = pk in attended
        row, created = CouncilAttendance.objects.get_or_create(
            meeting=meeting, member=member, defaults={"attended": present, "recorded_by": by}
        )
        if not created and row.attended != present:
            row.attended = present
            row.recorded_by = by
            row.save(update_fields=["attended", "recorded_by", "recorded_at"])
        if meeting.stipend_amount and member.role in CONSUMER_VOICE_ROLES:
            _stipend_follow(meeting=meeting, member=member, present=present, by=by)
    if meeting.status != CouncilMeetingStatus.HELD:
        meeting.status = CouncilMeetingStatus.HELD
        save_with_history(meeting, by=by, reason=_("Attendance recorded"))
    return meeting


def _stipend_follow(*, meeting: CouncilMeeting, member: CouncilMember, present: bool, by) -> None:
    entry = CouncilStipendEntry.objects.filter(member=member, meeting=meeting).first()
    if present and entry is None:
        entry = CouncilStipendEntry(member=member, meeting=meeting, amount=meeting.stipend_amount)
        save_with_history(entry, by=by, reason=_("Attended the meeting"))
    elif present and entry.status == StipendStatus.VOID:
        entry.status = StipendStatus.OWED
        save_with_history(entry, by=by, reason=_("Marked as attending again"))
    elif not present and entry is not None and entry.status == StipendStatus.OWED:
        entry.status = StipendStatus.VOID
        save_with_history(entry, by=by, reason=_("Marked as not attending"))


@transaction.atomic
def minutes_save(*, item: AgendaItem, minutes: str, minutes_es: str = "", by=None) -> AgendaItem:
    """The minutes of one agenda item, in English and Spanish. Refused once the minutes are approved."""
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.meeting.minutes_approved:
        raise ValidationError(_("These minutes have been approved: they can no longer be changed."), code="approved")
    phi_check(text=minutes, field="minutes")
    phi_check(text=minutes_es, field="minutes_es")
    item.minutes = (minutes or "").strip()
    item.minutes_es = (minutes_es or "").strip()
    save_with_history(item, by=by, reason=_("Minutes written"))
    return item


@transaction.atomic
def minutes_approve(*, meeting: CouncilMeeting, at_meeting: CouncilMeeting, on: date | None = None, by=None) -> None:
    """Approve a held meeting's minutes at a later meeting (the council approves them at its next one)."""
    meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_approved:
        raise ValidationError(_("These minutes are already approved."), code="already")
    if meeting.status != CouncilMeetingStatus.HELD:
        raise ValidationError(_("Only the minutes of a meeting that was held can be approved."), code="not_held")
    if at_meeting.starts_at <= meeting.starts_at or at_meeting.status == CouncilMeetingStatus.CANCELLED:
        raise ValidationError(_("Minutes are approved at a later meeting that takes place."), code="not_later")
    meeting.minutes_approved_at_meeting = at_meeting
    meeting.minutes_approved_on = on or timezone.localdate()
    save_with_history(meeting, by=by, reason=_("Minutes approved"))


def publication_problems(*, meeting: CouncilMeeting) -> list[str]:
    """Why the approved minutes cannot be published yet, in plain words; empty when they can.

    Every published text (agenda titles, minutes and decisions, in both languages) passes the check
    for personal information, and every one has its Spanish text.
    """
    problems = []
    if not meeting.minutes_approved:
        problems.append(_("The minutes have not been approved yet."))
    for item in meeting.agenda_items.exclude(source__in=UNPUBLISHED_SOURCES).order_by("position"):
        label = _("Item %(position)s") % {"position": item.position}
        if item.minutes and not item.minutes_es:
            problems.append(_("%(label)s: the minutes need their Spanish text.") % {"label": label})
        problems += _phi_problems(label, item.title, item.title_es, item.minutes, item.minutes_es)
    for number, decision in enumerate(meeting.decisions.order_by("id"), start=1):
        label = _("Decision %(number)s") % {"number": number}
        if not decision.text_es:
            problems.append(_("%(label)s: the decision needs its Spanish text.") % {"label": label})
        problems += _phi_problems(label, decision.text, decision.text_es)
    return problems


def _phi_problems(label: str, *texts: str) -> list[str]:
    found = []
    for text in texts:
        try:
            phi_check(text=text, field="text")
        except ValidationError as error:
            found += [f"{label}: {message}" for message in error.message_dict["text"]]
    return found


@transaction.atomic
def minutes_publish(*, meeting: CouncilMeeting, by=None) -> CouncilMeeting:
    """Publish approved minutes and decisions on the public site, or say what stands in the way."""
    meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
    problems = publication_problems(meeting=meeting)
    if problems:
        raise ValidationError(problems, code="not_publishable")
    if meeting.published_at is None:
        meeting.published_at = timezone.now()
        save_with_history(meeting, by=by, reason=_("Minutes published"))
    return meeting


@transaction.atomic
def minutes_unpublish(*, meeting: CouncilMeeting, by=None) -> CouncilMeeting:
    meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.published_at is not None:
        meeting.published_at = None
        save_with_history(meeting, by=by, reason=_("Minutes withdrawn from the public site"))
    return meeting


@transaction.atomic
def council_stipend_mark_paid(*, entry_ids: Iterable[int], paid_on: date, by=None) -> int:
    """Mark owed council stipends as paid on a day, as the cells' ledger does. Entries already paid or
    cancelled are left as they are. Returns how many were marked."""
    count = 0
    for entry in CouncilStipendEntry.objects.select_for_update().filter(
        pk__in=list(entry_ids), status=StipendStatus.OWED
    ):
        entry.status = StipendStatus.PAID
        entry.paid_on = paid_on
        save_with_history(entry, by=by, reason=_("Paid"))
        count += 1
    return count
