"""Reading dialogues: the public lists (upcoming with places left, held with their themes) and the sign-ups."""

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from dialogues.models import (
    Dialogue,
    DialogueFacilitator,
    DialogueHeadcount,
    DialogueSignup,
    DialogueStatus,
    ImprovementOpportunity,
    ReviewStatus,
)


def _with_signups_count(queryset: QuerySet[Dialogue]) -> QuerySet[Dialogue]:
    return queryset.annotate(signups_count=Count("signups", distinct=True))


def places_left(dialogue: Dialogue) -> int | None:
    """Places still free (None: no limit). Expects ``signups_count`` from the selectors below."""
    if dialogue.capacity is None:
        return None
    count = getattr(dialogue, "signups_count", None)
    if count is None:
        count = dialogue.signups.count()
    return max(dialogue.capacity - count, 0)


def dialogues_upcoming(*, now=None) -> list[Dialogue]:
    """Planned dialogues still to come, soonest first, each with ``places_left``."""
    now = now or timezone.now()
    dialogues = list(
        _with_signups_count(Dialogue.objects.filter(status=DialogueStatus.PLANNED, starts_at__gt=now)).order_by(
            "starts_at"
        )
    )
    for dialogue in dialogues:
        dialogue.places_left = places_left(dialogue)
    return dialogues


def dialogues_held(*, since=None) -> QuerySet[Dialogue]:
    """Dialogues that took place, latest first, with their co-facilitators."""
    queryset = Dialogue.objects.filter(status=DialogueStatus.HELD)
    if since is not None:
        queryset = queryset.filter(starts_at__gte=since)
    return queryset.order_by("-starts_at").prefetch_related(
        Prefetch("facilitators", queryset=DialogueFacilitator.objects.order_by("id"))
    )


def dialogues_to_record(*, now=None) -> QuerySet[Dialogue]:
    """Planned dialogues whose date has passed: staff should record them as held or cancelled."""
    now = now or timezone.now()
    return Dialogue.objects.filter(status=DialogueStatus.PLANNED, starts_at__lte=now).order_by("-starts_at")


def dialogue_get(*, pk: int) -> Dialogue:
    dialogue = (
        _with_signups_count(Dialogue.objects.filter(pk=pk))
        .prefetch_related(
            Prefetch("facilitators", queryset=DialogueFacilitator.objects.order_by("id")),
            Prefetch("headcounts", queryset=DialogueHeadcount.objects.order_by("role")),
            Prefetch(
                "opportunities",
                queryset=ImprovementOpportunity.objects.filter(review_status=ReviewStatus.APPROVED)
                .select_related("cell")
                .order_by("created_at"),
            ),
            "matrix_items",
        )
        .get()
    )
    dialogue.places_left = places_left(dialogue)
    return dialogue


def first_name(name: str) -> str:
    """What the public sees of a co-facilitator: the first name only."""
    parts = (name or "").split()
    return parts[0] if parts else ""


def dialogue_headcount_totals(*, dialogue: Dialogue) -> dict:
    rows = list(dialogue.headcounts.all())
    return {
        "planned": sum(row.planned for row in rows),
        "actual": sum(row.actual for row in rows if row.actual is not None),
        "has_actual": any(row.actual is not None for row in rows),
    }


def dialogue_signups(*, dialogue: Dialogue) -> QuerySet[DialogueSignup]:
    """Who signed up, with contact details: for QI staff only (``dialogues.view_dialoguesignup``)."""
    return dialogue.signups.order_by("created_at", "id")


def dialogue_history(*, dialogue: Dialogue, limit: int = 10):
    return dialogue.history.select_related("history_user").order_by("-history_date")[:limit]
