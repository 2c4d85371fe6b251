"""Reads for joining: the cells open to applicants, the staff's application queue, and a member's own
pages. Every selector for a member's pages filters by that member and nothing else."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from dialogues.models import (
    ApplicationStatus,
    Attendance,
    CellStatus,
    CqiCell,
    JoinApplication,
    Meeting,
    MeetingStatus,
    Membership,
    StipendEntry,
    StipendStatus,
    SurveyResponse,
)
from dialogues.selectors.cells import memberships_current


def quarter_start(day: date) -> date:
    """The first day of the calendar quarter ``day`` falls in."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def cells_open_for_applications() -> QuerySet[CqiCell]:
    return CqiCell.objects.filter(status=CellStatus.ACTIVE, accepts_applications=True).order_by("name")


# --- QI staff ---------------------------------------------------------------------------------


def applications_for_staff(*, status: str = "") -> QuerySet[JoinApplication]:
    """Applications, waiting ones first (oldest first, as they have waited longest), then the newest decided."""
    applications = JoinApplication.objects.select_related("cell", "decided_by").annotate(
        _waiting=Case(
            When(status=ApplicationStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    )
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("_waiting", Case(When(status=ApplicationStatus.PENDING, then="created_at")), "-id")


def application_membership(*, application: JoinApplication) -> Membership | None:
    """The membership an approval made, if any."""
    return Membership.objects.filter(application=application).select_related("user", "cell").first()


# --- A member's own pages ---------------------------------------------------------------------


def memberships_current_for_user(*, user) -> QuerySet[Membership]:
    return memberships_current().filter(user=user).select_related("cell").order_by("cell__name")


def cell_for_member(*, user, slug: str) -> CqiCell | None:
    """The cell with this slug if ``user`` is a current member of it, else ``None``."""
    if not user.is_authenticated:
        return None
    membership = memberships_current_for_user(user=user).filter(cell__slug=slug).first()
    return membership.cell if membership else None


def meetings_upcoming_for_user(*, user, now=None) -> QuerySet[Meeting]:
    """Planned meetings, from now on, of the cells ``user`` is a current member of."""
    cells = memberships_current_for_user(user=user).values("cell")
    return (
        Meeting.objects.filter(cell__in=cells, status=MeetingStatus.PLANNED, starts_at__gte=now or timezone.now())
        .select_related("cell")
        .order_by("starts_at")
    )


def attendance_for_user(*, user) -> QuerySet[Attendance]:
    """``user``'s own attendance record, newest meeting first."""
    return (
        Attendance.objects.filter(membership__user=user).select_related("meeting__cell").order_by("-meeting__starts_at")
    )


@dataclass(frozen=True)
class Stipends:
    entries: list[StipendEntry]
    owed: Decimal
    paid: Decimal


def stipends_for_user(*, user) -> Stipends:
    """``user``'s own stipend ledger (cancelled lines left out) with the totals owed and paid."""
    entries = (
        StipendEntry.objects.filter(membership__user=user)
        .exclude(status=StipendStatus.VOID)
        .select_related("meeting__cell")
        .order_by("-meeting__starts_at", "-id")
    )
    totals = entries.aggregate(
        owed=Sum("amount", filter=Q(status=StipendStatus.OWED)),
        paid=Sum("amount", filter=Q(status=StipendStatus.PAID)),
    )
    return Stipends(
        entries=list(entries), owed=totals["owed"] or Decimal("0.00"), paid=totals["paid"] or Decimal("0.00")
    )


def survey_response_for_user(*, user, cell: CqiCell, on: date | None = None) -> SurveyResponse | None:
    """``user``'s own answers for this cell in the quarter of ``on`` (today), if they have answered."""
    return SurveyResponse.objects.filter(
        cell=cell, respondent=user, period=quarter_start(on or timezone.localdate())
    ).first()
