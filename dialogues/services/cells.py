"""Writes for CQI cells: the cell itself, its members, meetings, attendance and the stipend ledger.

Every change to a cell, a membership, a meeting or a stipend is kept by django-simple-history with
the person who made it (``changed_by``) and a reason, as in ``aims/services.py``.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dialogues.models import (
    CONSUMER_ROLES,
    Attendance,
    CompensationKind,
    CqiCell,
    Meeting,
    MeetingStatus,
    Membership,
    StipendEntry,
    StipendStatus,
)


def _save_with_history(instance, *, changed_by, change_reason: str) -> None:
    """Save so the history record names the person and the reason (outside a request too)."""
    instance._change_reason = change_reason
    if changed_by is not None and getattr(changed_by, "is_authenticated", False):
        instance._history_user = changed_by
    instance.save()


def _unique_slug(name: str, *, exclude_pk=None) -> str:
    base = slugify(name)[:50] or "cell"
    slug, number = base, 2
    while CqiCell.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def compensation_check(*, compensation_kind: str, stipend_per_meeting, no_compensation_reason: str) -> None:
    """The rule the database enforces, in words: a per-meeting plan names an amount; no plan says why."""
    if compensation_kind == CompensationKind.PER_MEETING and not (stipend_per_meeting and stipend_per_meeting > 0):
        raise ValidationError(
            {"stipend_per_meeting": _("A per-meeting plan needs the amount paid for each meeting, more than $0.")}
        )
    if compensation_kind == CompensationKind.NONE and not (no_compensation_reason or "").strip():
        raise ValidationError(
            {"no_compensation_reason": _("Say why consumer members of this cell are not compensated.")}
        )


@transaction.atomic
def cell_save(
    *, cell: CqiCell, aims=None, levels=None, matrix_items=None, changed_by=None, change_reason: str = ""
) -> CqiCell:
    """Create or update a cell (with its tags). A blank slug is made from the name."""
    creating = cell.pk is None
    if not cell.slug:
        cell.slug = _unique_slug(cell.name, exclude_pk=cell.pk)
    compensation_check(
        compensation_kind=cell.compensation_kind,
        stipend_per_meeting=cell.stipend_per_meeting,
        no_compensation_reason=cell.no_compensation_reason,
    )
    if cell.compensation_kind == CompensationKind.NONE:
        cell.stipend_per_meeting = None
    else:
        cell.no_compensation_reason = cell.no_compensation_reason_es = ""
    cell.full_clean(exclude=["aims", "levels", "matrix_items"])
    reason = change_reason or (_("Cell created") if creating else _("Cell edited"))
    _save_with_history(cell, changed_by=changed_by, change_reason=reason)
    if aims is not None:
        cell.aims.set(aims)
    if levels is not None:
        cell.levels.set(levels)
    if matrix_items is not None:
        cell.matrix_items.set(matrix_items)
    return cell


@transaction.atomic
def membership_add(*, cell: CqiCell, user, role: str, joined_on: date, changed_by=None, application=None) -> Membership:
    """Add a person to a cell. Someone can be a current member of a cell only once."""
    if Membership.objects.filter(cell=cell, user=user, left_on__isnull=True).exists():
        raise ValidationError(_("This person is already a current member of this cell."))
    membership = Membership(cell=cell, user=user, role=role, joined_on=joined_on, application=application)
    membership.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            _save_with_history(membership, changed_by=changed_by, change_reason=_("Member added"))
    except IntegrityError as error:  # two people adding the same member at once
        raise ValidationError(_("This person is already a current member of this cell.")) from error
    return membership


@transaction.atomic
def membership_leave(*, membership: Membership, left_on: date, changed_by=None) -> Membership:
    if membership.left_on is not None:
        raise ValidationError(_("This person has already left the cell."))
    if left_on < membership.joined_on:
        raise ValidationError({"left_on": _("The day someone left cannot be before the day they joined.")})
    membership.left_on = left_on
    _save_with_history(membership, changed_by=changed_by, change_reason=_("Member left"))
    return membership


@transaction.atomic
def meeting_save(*, meeting: Meeting, changed_by=None) -> Meeting:
    """Create or update a meeting. Cancelling it voids the stipends still owed for it (paid ones stay)."""
    creating = meeting.pk is None
    meeting.full_clean()
    _save_with_history(
        meeting, changed_by=changed_by, change_reason=_("Meeting planned") if creating else _("Meeting edited")
    )
    if meeting.status == MeetingStatus.CANCELLED:
        for entry in meeting.stipends.filter(status=StipendStatus.OWED):
            entry.status = StipendStatus.VOID
            _save_with_history(entry, changed_by=changed_by, change_reason=_("Meeting cancelled"))
    return meeting


@transaction.atomic
def attendance_record(*, meeting: Meeting, attended_membership_ids: Iterable[int], recorded_by=None) -> Meeting:
    """Record who attended a meeting, and so who is owed a stipend. Running it twice changes nothing.

    Every current member gets an attendance row (attended or not); the meeting is marked held. Under
    a per-meeting plan each attending consumer or family member is owed the cell's stipend once; a
    member unticked later has an owed stipend cancelled (a paid one is never touched), and ticking
    them again restores it. A cancelled meeting earns no stipends.
    """
    meeting = Meeting.objects.select_for_update().select_related("cell").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled: attendance cannot be recorded for it."))
    cell = meeting.cell
    attended = {int(pk) for pk in attended_membership_ids}
    day = timezone.localtime(meeting.starts_at).date()
    eligible = Membership.objects.filter(cell=cell, joined_on__lte=day).exclude(left_on__lt=day)
    # Members who were in the cell that day, and anyone already recorded (so a later leaver can be unticked).
    recorded = set(meeting.attendance.values_list("membership_id", flat=True))
    memberships = {
        m.pk: m for m in Membership.objects.filter(pk__in=set(eligible.values_list("pk", flat=True)) | recorded)
    }
    unknown = attended - set(memberships)
    if unknown:
        raise ValidationError(_("Only members of the cell on the day of the meeting can be marked as attending."))

    pays = cell.compensation_kind == CompensationKind.PER_MEETING and cell.stipend_per_meeting
    for pk, membership in memberships.items():
        present = pk in attended
        row, created = Attendance.objects.get_or_create(
            meeting=meeting, membership=membership, defaults={"attended": present, "recorded_by": recorded_by}
        )
        if not created and row.attended != present:
            row.attended = present
            row.recorded_by = recorded_by
            row.save(update_fields=["attended", "recorded_by", "recorded_at"])
        if not (pays and membership.role in CONSUMER_ROLES):
            continue
        entry = StipendEntry.objects.filter(membership=membership, meeting=meeting).first()
        if present and entry is None:
            entry = StipendEntry(membership=membership, meeting=meeting, amount=cell.stipend_per_meeting)
            _save_with_history(entry, changed_by=recorded_by, change_reason=_("Attended the meeting"))
        elif present and entry.status == StipendStatus.VOID:
            entry.status = StipendStatus.OWED
            _save_with_history(entry, changed_by=recorded_by, change_reason=_("Marked as attending again"))
        elif not present and entry is not None and entry.status == StipendStatus.OWED:
            entry.status = StipendStatus.VOID
            _save_with_history(entry, changed_by=recorded_by, change_reason=_("Marked as not attending"))
    if meeting.status != MeetingStatus.HELD:
        meeting.status = MeetingStatus.HELD
        _save_with_history(meeting, changed_by=recorded_by, change_reason=_("Attendance recorded"))
    return meeting


@transaction.atomic
def stipend_mark_paid(*, entries: Iterable[StipendEntry], paid_on: date, changed_by=None) -> int:
    """Mark owed stipends as paid on a date. Entries already paid or cancelled are left as they are."""
    count = 0
    ids = [entry.pk for entry in entries]
    for entry in StipendEntry.objects.select_for_update().filter(pk__in=ids, status=StipendStatus.OWED):
        entry.status = StipendStatus.PAID
        entry.paid_on = paid_on
        _save_with_history(entry, changed_by=changed_by, change_reason=_("Paid"))
        count += 1
    return count
