"""Reading meetings: the lists each reader may see, one meeting with its record, a person's action items,
and the published minutes."""

from datetime import timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from council.models import (
    UNPUBLISHED_SOURCES,
    ActionItem,
    AgendaItem,
    CouncilMeeting,
    CouncilMeetingStatus,
    CouncilMember,
    CouncilStipendEntry,
    Decision,
)


def meetings_for_staff() -> QuerySet[CouncilMeeting]:
    return CouncilMeeting.objects.order_by("-starts_at")


def meetings_for_member(*, user) -> QuerySet[CouncilMeeting]:
    """Meetings held or planned during any of ``user``'s terms on the council."""
    terms = list(CouncilMember.objects.filter(user=user).values_list("term_starts_on", "term_ends_on"))
    if not terms:
        return CouncilMeeting.objects.none()
    during = Q()
    for starts, ends in terms:
        # A day's bounds in the local time zone, as terms are days.
        term = Q(starts_at__date__gte=starts)
        if ends is not None:
            term &= Q(starts_at__date__lte=ends)
        during |= term
    return CouncilMeeting.objects.filter(during).order_by("-starts_at")


def meetings_published() -> QuerySet[CouncilMeeting]:
    return CouncilMeeting.objects.filter(published_at__isnull=False).order_by("-starts_at")


def meeting_next(*, now=None) -> CouncilMeeting | None:
    now = now or timezone.now()
    return (
        CouncilMeeting.objects.filter(status=CouncilMeetingStatus.PLANNED, ends_at__gte=now)
        .order_by("starts_at")
        .first()
    )


def meeting_get(*, public_id) -> CouncilMeeting:
    return CouncilMeeting.objects.select_related("minutes_approved_at_meeting").get(public_id=public_id)


def meeting_agenda(*, meeting: CouncilMeeting) -> list[AgendaItem]:
    return list(
        meeting.agenda_items.select_related("added_by")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("id")),
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner").order_by("due_on", "id")),
        )
        .order_by("position")
    )


def meeting_decisions(*, meeting: CouncilMeeting) -> list[Decision]:
    return list(meeting.decisions.select_related("agenda_item", "measure", "initiative", "problem").order_by("id"))


def meeting_action_items(*, meeting: CouncilMeeting) -> list[ActionItem]:
    return list(meeting.action_items.select_related("owner", "agenda_item").order_by("due_on", "id"))


def meeting_stipends(*, meeting: CouncilMeeting) -> list[CouncilStipendEntry]:
    return list(meeting.stipends.select_related("member__user").order_by("member__user__last_name", "id"))


def meetings_awaiting_approval(*, before: CouncilMeeting) -> QuerySet[CouncilMeeting]:
    """Held meetings before ``before`` whose minutes are not approved yet (normally just the last one)."""
    return CouncilMeeting.objects.filter(
        status=CouncilMeetingStatus.HELD, starts_at__lt=before.starts_at, minutes_approved_on__isnull=True
    ).order_by("-starts_at")


def published_agenda(*, meeting: CouncilMeeting) -> list[AgendaItem]:
    """The agenda items the public sees: all but those naming a person (open action items)."""
    return list(meeting.agenda_items.exclude(source__in=UNPUBLISHED_SOURCES).order_by("position"))


def action_items_for_owner(*, user) -> dict[str, list[ActionItem]]:
    """A person's council action items: ``open`` (soonest due first) and ``closed`` in the last 90 days."""
    items = ActionItem.objects.filter(owner=user).select_related("meeting")
    recent = timezone.now() - timedelta(days=90)
    return {
        "open": list(items.still_open().order_by("due_on", "id")),
        "closed": list(items.exclude(pk__in=items.still_open()).filter(closed_at__gte=recent).order_by("-closed_at")),
    }


def stipends_for_user(*, user) -> list[CouncilStipendEntry]:
    return list(
        CouncilStipendEntry.objects.filter(member__user=user).select_related("meeting").order_by("-meeting__starts_at")
    )


def council_stipends(*, status: str | None = None) -> list[CouncilStipendEntry]:
    """The council's stipend ledger, the latest meeting first; ``status`` keeps one status only."""
    entries = CouncilStipendEntry.objects.select_related("member__user", "meeting")
    if status:
        entries = entries.filter(status=status)
    return list(entries.order_by("-meeting__starts_at", "member__user__last_name", "id"))
