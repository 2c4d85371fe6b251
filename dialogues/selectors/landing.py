"""What the public "Take part" page shows: dialogues open for sign-up and cells open to new members."""

from django.utils import timezone

from dialogues.models import CellStatus, CqiCell, Dialogue, DialogueStatus
from dialogues.selectors.cells import cells_with_consumer_share

UPCOMING_DIALOGUES_SHOWN = 3


def dialogues_open_for_signup(*, now=None, limit: int = UPCOMING_DIALOGUES_SHOWN) -> list[Dialogue]:
    now = now or timezone.now()
    return list(
        Dialogue.objects.filter(status=DialogueStatus.PLANNED, signup_open=True, starts_at__gt=now).order_by(
            "starts_at"
        )[:limit]
    )


def cells_open_to_members() -> list[CqiCell]:
    """Active or forming cells that take applications, each with its consumer share (aggregates only)."""
    queryset = CqiCell.objects.filter(
        accepts_applications=True, status__in=[CellStatus.ACTIVE, CellStatus.FORMING]
    ).order_by("name")
    return cells_with_consumer_share(queryset=queryset)
