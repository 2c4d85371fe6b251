"""Reading CQI cells: who is in them and whether consumers keep their share (seed 001: at least 20%)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dialogues.models import CONSUMER_ROLES, CONSUMER_SHARE_MINIMUM, CqiCell, Membership


def memberships_current(*, on: date | None = None) -> QuerySet[Membership]:
    """Memberships that have begun and not ended on the day given (today by default)."""
    on = on or timezone.localdate()
    return Membership.objects.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


@dataclass(frozen=True)
class ConsumerShare:
    """The share of a cell's current members who are consumers or family members."""

    consumer_members: int
    members: int

    @property
    def share(self) -> Decimal | None:
        if not self.members:
            return None
        return Decimal(self.consumer_members) / Decimal(self.members)

    @property
    def percent(self) -> Decimal | None:
        share = self.share
        return None if share is None else (share * 100).quantize(Decimal("1"))

    @property
    def below_minimum(self) -> bool:
        """True when a cell with members has fewer than 20% consumers; an empty cell is not yet judged."""
        share = self.share
        return share is not None and share < CONSUMER_SHARE_MINIMUM


def cell_consumer_share(*, cell: CqiCell, on: date | None = None) -> ConsumerShare:
    counts = (
        memberships_current(on=on)
        .filter(cell=cell)
        .aggregate(members=Count("id"), consumers=Count("id", filter=Q(role__in=CONSUMER_ROLES)))
    )
    return ConsumerShare(consumer_members=counts["consumers"], members=counts["members"])


def cells_with_consumer_share(*, queryset: QuerySet[CqiCell] | None = None, on: date | None = None) -> list[CqiCell]:
    """Cells, each with ``consumer_share`` set, in one query."""
    on = on or timezone.localdate()
    current = Q(memberships__joined_on__lte=on) & (
        Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gt=on)
    )
    cells = (queryset if queryset is not None else CqiCell.objects.all()).annotate(
        _members=Count("memberships", filter=current),
        _consumers=Count("memberships", filter=current & Q(memberships__role__in=CONSUMER_ROLES)),
    )
    result = []
    for cell in cells:
        cell.consumer_share = ConsumerShare(consumer_members=cell._consumers, members=cell._members)
        result.append(cell)
    return result
