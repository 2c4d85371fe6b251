"""The council overview: every cell at a glance, the dialogues, and the council's initiatives.

A fixed number of queries whatever the number of cells: one per figure, grouped by cell.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from dialogues.models import (
    COUNCIL_INITIATIVE_LIMIT,
    ActionStatus,
    ActionStep,
    CouncilInitiative,
    CqiCell,
    InitiativeStatus,
    PdsaCycle,
    StipendEntry,
    StipendStatus,
)
from dialogues.selectors.cells import cells_with_consumer_share
from dialogues.selectors.sessions import dialogues_held, dialogues_upcoming

OPEN_ACTION_STATUSES = (ActionStatus.TO_DO, ActionStatus.DOING)


@dataclass
class CellRow:
    cell: CqiCell
    open_actions: int
    overdue_actions: int
    pdsa_running: int
    stipends_owed: int
    stipends_owed_total: Decimal

    @property
    def consumer_share(self):
        return self.cell.consumer_share


@dataclass
class CouncilOverview:
    rows: list
    dialogues_held: list
    dialogues_upcoming: list
    initiatives: list
    active_initiatives: int

    @property
    def too_many_initiatives(self) -> bool:
        return self.active_initiatives > COUNCIL_INITIATIVE_LIMIT

    @property
    def initiative_limit(self) -> int:
        return COUNCIL_INITIATIVE_LIMIT


def active_initiatives_count(*, exclude: int | None = None) -> int:
    """Active initiatives, leaving out the one being edited (``exclude``)."""
    return CouncilInitiative.objects.filter(status=InitiativeStatus.ACTIVE).exclude(pk=exclude).count()


def initiatives_list():
    return CouncilInitiative.objects.select_related("aim").prefetch_related(
        Prefetch("cells", queryset=CqiCell.objects.order_by("name").only("id", "name", "name_es", "slug")), "measures"
    )


def council_overview(*, today: date | None = None) -> CouncilOverview:
    today = today or timezone.localdate()
    now = timezone.now()
    cells = cells_with_consumer_share(queryset=CqiCell.objects.order_by("name"), on=today)
    actions = {
        row["opportunity__cell"]: row
        for row in ActionStep.objects.filter(status__in=OPEN_ACTION_STATUSES, opportunity__cell__isnull=False)
        .values("opportunity__cell")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    }
    cycles = {
        row["cell"]: row["running"]
        for row in PdsaCycle.objects.filter(act_decision="").values("cell").annotate(running=Count("id"))
    }
    stipends = {
        row["membership__cell"]: row
        for row in StipendEntry.objects.filter(status=StipendStatus.OWED)
        .values("membership__cell")
        .annotate(owed=Count("id"), total=Sum("amount"))
    }
    rows = [
        CellRow(
            cell=cell,
            open_actions=actions.get(cell.pk, {}).get("open", 0),
            overdue_actions=actions.get(cell.pk, {}).get("overdue", 0),
            pdsa_running=cycles.get(cell.pk, 0),
            stipends_owed=stipends.get(cell.pk, {}).get("owed", 0),
            stipends_owed_total=stipends.get(cell.pk, {}).get("total") or Decimal("0.00"),
        )
        for cell in cells
    ]
    initiatives = list(initiatives_list())
    return CouncilOverview(
        rows=rows,
        dialogues_held=list(dialogues_held(since=now - timedelta(days=365))),
        dialogues_upcoming=dialogues_upcoming(now=now),
        initiatives=initiatives,
        active_initiatives=sum(1 for initiative in initiatives if initiative.status == InitiativeStatus.ACTIVE),
    )
