"""Reading CQI cells: who is in them and whether consumers keep their share (seed 001: at least 20%)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format

from aims.models import MatrixItem
from dialogues.models import (
    CONSUMER_ROLES,
    CONSUMER_SHARE_MINIMUM,
    ActionStatus,
    ActionStep,
    CellStatus,
    CqiCell,
    ImprovementOpportunity,
    Meeting,
    Membership,
    OutcomeStandard,
    PdsaCycle,
    ReviewStatus,
    StipendEntry,
    StipendStatus,
)
from measures.models import MeasureResult


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


# --- Pages ------------------------------------------------------------------------------------

PUBLIC_STATUSES = (CellStatus.ACTIVE, CellStatus.FORMING)


def cells_public() -> list[CqiCell]:
    """Active and forming cells, each with its consumer share: what the public list shows."""
    return cells_with_consumer_share(queryset=CqiCell.objects.filter(status__in=PUBLIC_STATUSES))


def cell_get(*, slug: str) -> CqiCell:
    return CqiCell.objects.prefetch_related(
        "aims", "levels", Prefetch("matrix_items", queryset=MatrixItem.objects.select_related("aim", "level"))
    ).get(slug=slug)


def membership_current_for(*, cell: CqiCell, user) -> Membership | None:
    """The user's current membership of the cell, or None (anonymous visitors are never members)."""
    if user is None or not user.is_authenticated:
        return None
    return memberships_current().filter(cell=cell, user=user).first()


def cell_members(*, cell: CqiCell) -> QuerySet[Membership]:
    """Everyone who is or was a member, current members first. For QI staff and directors only."""
    return (
        Membership.objects.filter(cell=cell)
        .select_related("user")
        .order_by(F("left_on").desc(nulls_first=True), "joined_on", "id")
    )


def cell_members_current(*, cell: CqiCell, on: date | None = None) -> QuerySet[Membership]:
    return memberships_current(on=on).filter(cell=cell).select_related("user").order_by("joined_on", "id")


def cell_meetings(*, cell: CqiCell) -> QuerySet[Meeting]:
    return cell.meetings.annotate(attended_count=Count("attendance", filter=Q(attendance__attended=True))).order_by(
        "-starts_at"
    )


def priority(mean_impact, mean_effort) -> Decimal | None:
    """Mean impact × (6 − mean effort): high impact and low effort come first. None without votes."""
    if mean_impact is None or mean_effort is None:
        return None
    return (Decimal(str(mean_impact)) * (6 - Decimal(str(mean_effort)))).quantize(Decimal("0.1"))


def opportunities_with_priority(*, queryset: QuerySet[ImprovementOpportunity]) -> list[ImprovementOpportunity]:
    """Opportunities with ``votes_count``, ``mean_impact``, ``mean_effort`` and ``priority``, highest priority
    first (unvoted ones last, newest first)."""
    rows = list(
        queryset.select_related("dialogue").annotate(
            votes_count=Count("votes"), mean_impact=Avg("votes__impact"), mean_effort=Avg("votes__effort")
        )
    )
    for row in rows:
        row.priority = priority(row.mean_impact, row.mean_effort)
    rows.sort(key=lambda row: (row.priority is None, -(row.priority or 0), -row.created_at.timestamp()))
    return rows


def cell_opportunities(*, cell: CqiCell) -> list[ImprovementOpportunity]:
    """The cell's approved opportunities by priority, each with its action steps and PDSA cycles (the
    chain from dialogue to result). What everyone may read: ideas waiting for review are left out."""
    queryset = ImprovementOpportunity.objects.filter(cell=cell, review_status=ReviewStatus.APPROVED).prefetch_related(
        Prefetch("action_steps", queryset=ActionStep.objects.select_related("owner__user")),
        Prefetch("pdsa_cycles", queryset=PdsaCycle.objects.order_by("starts_on", "id")),
        Prefetch("outcome_standards", queryset=OutcomeStandard.objects.select_related("measure")),
    )
    return opportunities_with_priority(queryset=queryset)


def cell_opportunities_waiting(*, cell: CqiCell, user, staff: bool) -> QuerySet[ImprovementOpportunity]:
    """Members' ideas for the cell waiting for review, oldest first: all of them for QI staff, a member's
    own for a member, none for anyone else."""
    waiting = ImprovementOpportunity.objects.filter(cell=cell, review_status=ReviewStatus.PROPOSED)
    if not staff:
        if not user.is_authenticated:
            return waiting.none()
        waiting = waiting.filter(proposed_by=user)
    return waiting.select_related("proposed_by").order_by("created_at", "id")


def opportunities_proposed_by(*, user) -> QuerySet[ImprovementOpportunity]:
    """The ideas ``user`` proposed, with their review, newest first (for their own page)."""
    return (
        ImprovementOpportunity.objects.filter(proposed_by=user, cell__isnull=False, dialogue__isnull=True)
        .select_related("cell")
        .order_by("-created_at", "-id")
    )


def opportunity_get(*, cell: CqiCell, pk: int, user, staff: bool) -> ImprovementOpportunity:
    """An opportunity of the cell as ``user`` may open it: staff any; others an approved one, or their own idea.

    Raises ``ImprovementOpportunity.DoesNotExist`` otherwise.
    """
    visible = Q(review_status=ReviewStatus.APPROVED)
    if user.is_authenticated:
        visible |= Q(proposed_by=user)
    queryset = ImprovementOpportunity.objects.select_related("dialogue", "cell").filter(cell=cell)
    return queryset.get(pk=pk) if staff else queryset.filter(visible).get(pk=pk)


def opportunity_priority(*, opportunity: ImprovementOpportunity) -> ImprovementOpportunity:
    return opportunities_with_priority(queryset=ImprovementOpportunity.objects.filter(pk=opportunity.pk))[0]


def action_steps_for(*, opportunity: ImprovementOpportunity, today: date | None = None) -> list[ActionStep]:
    """Action steps in due order, each with ``is_overdue`` (due before today and not done or dropped)."""
    today = today or timezone.localdate()
    steps = list(opportunity.action_steps.select_related("owner__user"))
    for step in steps:
        step.is_overdue = bool(
            step.due_on and step.due_on < today and step.status not in (ActionStatus.DONE, ActionStatus.DROPPED)
        )
    return steps


def outcome_standards_for(*, opportunity: ImprovementOpportunity, internal: bool) -> list[OutcomeStandard]:
    """Outcome standards, each with ``latest_value`` and ``latest_period`` (the measure's most recent monthly
    result for everyone, or None) and ``latest_hidden``, read in one query.

    A month hidden in public views keeps its value only for ``internal`` readers (county staff, as on the
    measure pages); for everyone else ``latest_value`` is None and ``latest_hidden`` True.
    """
    latest = MeasureResult.objects.filter(
        measure=OuterRef("measure"), period_type="month", stratum="all", value__isnull=False
    ).order_by("-period_start")
    standards = list(
        opportunity.outcome_standards.select_related("measure").annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_period=Subquery(latest.values("period_start")[:1]),
            latest_suppressed=Subquery(latest.values("suppressed")[:1]),
        )
    )
    for standard in standards:
        standard.latest_hidden = bool(standard.latest_suppressed) and not internal
        if standard.latest_hidden:
            standard.latest_value = None
    return standards


def cell_pdsa_cycles(*, cell: CqiCell) -> QuerySet[PdsaCycle]:
    return cell.pdsa_cycles.select_related("measure", "opportunity").order_by("-starts_on", "-id")


def pdsa_get(*, cell: CqiCell, pk: int) -> PdsaCycle:
    return PdsaCycle.objects.select_related("cell", "measure", "opportunity", "previous").get(cell=cell, pk=pk)


# --- Stipend ledger ---------------------------------------------------------------------------


class PeriodKind:
    MONTH = "month"
    QUARTER = "quarter"
    FISCAL_YEAR = "fiscal_year"


def period_bounds(kind: str, day: date) -> tuple[date, date]:
    """The period of ``kind`` containing ``day``: (first day, first day of the next period)."""
    if kind == PeriodKind.MONTH:
        start = day.replace(day=1)
        months = 1
    elif kind == PeriodKind.QUARTER:
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        months = 3
    elif kind == PeriodKind.FISCAL_YEAR:  # July to June
        start = date(day.year if day.month >= 7 else day.year - 1, 7, 1)
        months = 12
    else:
        raise ValueError(kind)
    total = start.month - 1 + months
    return start, date(start.year + total // 12, total % 12 + 1, 1)


def period_label(kind: str, start: date) -> str:
    if kind == PeriodKind.MONTH:
        return date_format(start, "YEAR_MONTH_FORMAT")
    if kind == PeriodKind.QUARTER:
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    return f"FY{start.year}-{(start.year + 1) % 100:02d}"


def stipend_entries(
    *, cell: CqiCell | None = None, status: str = "", period: str = "", on: date | None = None
) -> QuerySet[StipendEntry]:
    """Ledger lines, filtered by cell, status and the period (month, quarter or fiscal year) containing
    ``on`` (today by default), in meeting order."""
    entries = StipendEntry.objects.select_related("membership__user", "membership__cell", "meeting")
    if cell is not None:
        entries = entries.filter(meeting__cell=cell)
    if status:
        entries = entries.filter(status=status)
    if period:
        start, stop = period_bounds(period, on or timezone.localdate())
        entries = entries.filter(meeting__starts_at__date__gte=start, meeting__starts_at__date__lt=stop)
    return entries.order_by("meeting__starts_at", "membership__user__last_name", "id")


@dataclass
class LedgerTotals:
    owed: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")

    @property
    def total(self) -> Decimal:
        return self.owed + self.paid


def stipend_totals(*, entries: Iterable[StipendEntry], period: str = PeriodKind.MONTH) -> dict:
    """Totals of owed and paid stipends (cancelled ones count for nothing): overall, per member and per
    period (``period`` is the kind of period to group by)."""
    overall = LedgerTotals()
    by_member: dict[int, tuple[str, LedgerTotals]] = {}
    by_period: dict[date, LedgerTotals] = {}
    for entry in entries:
        if entry.status == StipendStatus.VOID:
            continue
        user = entry.membership.user
        member = by_member.setdefault(user.pk, (user.get_full_name() or user.get_username(), LedgerTotals()))[1]
        start = period_bounds(period, timezone.localtime(entry.meeting.starts_at).date())[0]
        in_period = by_period.setdefault(start, LedgerTotals())
        for totals in (overall, member, in_period):
            if entry.status == StipendStatus.PAID:
                totals.paid += entry.amount
            else:
                totals.owed += entry.amount
    return {
        "overall": overall,
        "members": sorted(by_member.values(), key=lambda pair: pair[0].lower()),
        "periods": [(period_label(period, start), totals) for start, totals in sorted(by_period.items())],
    }


def stipend_csv_rows(*, entries: Iterable[StipendEntry]) -> Iterator[list]:
    yield ["member", "email", "cell", "meeting_date", "amount", "status", "paid_on"]
    for entry in entries:
        user = entry.membership.user
        yield [
            user.get_full_name() or user.get_username(),
            user.email,
            entry.membership.cell.name,
            timezone.localtime(entry.meeting.starts_at).date().isoformat(),
            f"{entry.amount:.2f}",
            entry.status,
            entry.paid_on.isoformat() if entry.paid_on else "",
        ]
