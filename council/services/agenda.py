"""Writes for a meeting's agenda: build it from what happened since the last meeting, then let QI staff
reorder, add and remove items before it is sent; council members add matters of their own."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import AgendaItem, AgendaSource, CouncilMeeting, CouncilMeetingStatus
from council.selectors.agenda import agenda_proposals
from council.services._history import save_with_history
from dialogues.services.sessions import phi_check

#: Added to every position while an agenda is renumbered, so no two items ever share a place on the way
#: (the database refuses that at once, not at the end of the transaction).
_SHIFT = 10_000


def _planned_for_update(meeting: CouncilMeeting) -> CouncilMeeting:
    meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != CouncilMeetingStatus.PLANNED:
        raise ValidationError(_("The agenda can be changed only before the meeting is held."), code="not_planned")
    return meeting


def _next_position(meeting: CouncilMeeting) -> int:
    return (meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def agenda_build(*, meeting: CouncilMeeting, by=None) -> list[AgendaItem]:
    """Add to the agenda what every source proposes and it does not hold yet. Running it again adds only
    what is new; an item QI staff removed stays removed. Returns the items added, in order."""
    meeting = _planned_for_update(meeting)
    present = set(meeting.agenda_items.exclude(source_key="").values_list("source_key", flat=True))
    skipped = present | set(meeting.agenda_removed_keys)
    position = _next_position(meeting)
    added = []
    for proposal in agenda_proposals(meeting=meeting):
        if proposal.source_key in skipped:
            continue
        skipped.add(proposal.source_key)
        item = AgendaItem(
            meeting=meeting,
            position=position,
            source=proposal.source,
            source_key=proposal.source_key,
            title=proposal.title,
            title_es=proposal.title_es,
            detail=proposal.detail,
            detail_es=proposal.detail_es,
            link=proposal.link,
        )
        save_with_history(item, by=by, reason=_("Agenda built"))
        added.append(item)
        position += 1
    meeting.agenda_built_at = timezone.now()
    save_with_history(meeting, by=by, reason=_("Agenda built"), update_fields=["agenda_built_at", "updated_at"])
    return added


@transaction.atomic
def agenda_item_add(
    *,
    meeting: CouncilMeeting,
    title: str,
    title_es: str = "",
    detail: str = "",
    detail_es: str = "",
    by,
    member_matter: bool = False,
) -> AgendaItem:
    """Add an item at the end of the agenda: a matter a member raises, or an item QI staff add."""
    meeting = _planned_for_update(meeting)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Say what the item is about.")}, code="title")
    for field, text in (("title", title), ("title_es", title_es), ("detail", detail), ("detail_es", detail_es)):
        phi_check(text=text, field=field)
    item = AgendaItem(
        meeting=meeting,
        position=_next_position(meeting),
        source=AgendaSource.MEMBER_MATTER if member_matter else AgendaSource.STAFF,
        title=title[:200],
        title_es=(title_es or "").strip()[:200],
        detail=(detail or "").strip(),
        detail_es=(detail_es or "").strip(),
        added_by=by,
    )
    save_with_history(item, by=by, reason=_("Matter raised by a member") if member_matter else _("Item added"))
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by=None) -> None:
    """Take an item off the agenda; one the builder found is remembered so building again leaves it out."""
    meeting = _planned_for_update(item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    if item.decisions.exists() or item.action_items.exists():
        raise ValidationError(_("This item has decisions or action items: it stays on the agenda."), code="used")
    if item.source_key and item.source_key not in meeting.agenda_removed_keys:
        meeting.agenda_removed_keys = [*meeting.agenda_removed_keys, item.source_key]
        meeting.save(update_fields=["agenda_removed_keys", "updated_at"])
    item._change_reason = _("Removed from the agenda")
    item.delete()
    _renumber(meeting, list(meeting.agenda_items.order_by("position").values_list("pk", flat=True)))


@transaction.atomic
def agenda_reorder(*, meeting: CouncilMeeting, item_ids: list[int], by=None) -> None:
    """Put the agenda in the order given: ``item_ids`` must name every item of the meeting once."""
    meeting = _planned_for_update(meeting)
    current = list(meeting.agenda_items.values_list("pk", flat=True))
    if sorted(item_ids) != sorted(current):
        raise ValidationError(
            _("The agenda changed while you were reordering it. Here it is as it is now: please try again."),
            code="stale",
        )
    _renumber(meeting, item_ids)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, by=None) -> None:
    """Move one item a place up or down (the first stays first, the last stays last)."""
    ids = list(item.meeting.agenda_items.order_by("position").values_list("pk", flat=True))
    index = ids.index(item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
        agenda_reorder(meeting=item.meeting, item_ids=ids, by=by)


def _renumber(meeting: CouncilMeeting, item_ids: list[int]) -> None:
    meeting.agenda_items.update(position=F("position") + _SHIFT)
    for position, pk in enumerate(item_ids, start=1):
        AgendaItem.objects.filter(pk=pk).update(position=position)
