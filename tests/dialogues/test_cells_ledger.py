"""The stipend ledger: filters, totals per member and period, marking paid, the CSV for finance."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Meeting, PartnerRole, StipendEntry, StipendStatus
from dialogues.selectors.cells import PeriodKind, period_bounds, stipend_entries, stipend_totals
from dialogues.services.cells import attendance_record

pytestmark = pytest.mark.django_db
LEDGER = reverse("dialogues:stipend_ledger")
CSV = reverse("dialogues:stipend_ledger_csv")


def meeting_on(cell, day: date) -> Meeting:
    return Meeting.objects.create(cell=cell, starts_at=timezone.make_aware(datetime(day.year, day.month, day.day, 17)))


@pytest.fixture
def ledger(cell, member_of):
    """Two consumers at meetings in June, July and October 2025 (fiscal years 2024-25 and 2025-26)."""
    ana = member_of(cell, PartnerRole.CONSUMER, username="ana", joined_on=date(2025, 1, 1))
    ana.user.first_name, ana.user.last_name = "Ana", "Ruiz"
    ana.user.save()
    ben = member_of(cell, PartnerRole.FAMILY, username="ben", joined_on=date(2025, 1, 1))
    for day in (date(2025, 6, 10), date(2025, 7, 8), date(2025, 10, 14)):
        attendance_record(meeting=meeting_on(cell, day), attended_membership_ids=[ana.pk, ben.pk])
    june = StipendEntry.objects.filter(meeting__starts_at__month=6)
    june.update(status=StipendStatus.PAID, paid_on=date(2025, 6, 30))
    return {"ana": ana, "ben": ben}


def test_period_bounds_are_months_quarters_and_july_to_june_fiscal_years():
    assert period_bounds(PeriodKind.MONTH, date(2025, 12, 5)) == (date(2025, 12, 1), date(2026, 1, 1))
    assert period_bounds(PeriodKind.QUARTER, date(2025, 8, 5)) == (date(2025, 7, 1), date(2025, 10, 1))
    assert period_bounds(PeriodKind.FISCAL_YEAR, date(2026, 3, 1)) == (date(2025, 7, 1), date(2026, 7, 1))
    assert period_bounds(PeriodKind.FISCAL_YEAR, date(2025, 6, 30)) == (date(2024, 7, 1), date(2025, 7, 1))


def test_totals_per_member_and_per_period_in_decimal(ledger):
    totals = stipend_totals(entries=stipend_entries(), period=PeriodKind.FISCAL_YEAR)
    assert totals["overall"].paid == Decimal("50.00")
    assert totals["overall"].owed == Decimal("100.00")
    assert {name: t.total for name, t in totals["members"]} == {
        "Ana Ruiz": Decimal("75.00"),
        "ben": Decimal("75.00"),
    }
    assert [(label, t.total) for label, t in totals["periods"]] == [
        ("FY2024-25", Decimal("50.00")),
        ("FY2025-26", Decimal("100.00")),
    ]


def test_cancelled_lines_count_for_nothing(ledger, cell):
    attendance_record(meeting=Meeting.objects.get(starts_at__month=10), attended_membership_ids=[ledger["ana"].pk])
    totals = stipend_totals(entries=stipend_entries())
    assert totals["overall"].total == Decimal("125.00")


def test_the_ledger_filters_by_status_and_fiscal_year(client_for, qi_staff, ledger, cell):
    response = client_for(qi_staff).get(
        LEDGER, {"cell": cell.pk, "status": "owed", "period": "fiscal_year", "on": "2025-09-01"}
    )
    assert response.status_code == 200
    assert len(response.context["entries"]) == 4
    assert "$100.00" in response.content.decode()


def test_the_quarter_filter_keeps_one_quarter(client_for, qi_staff, ledger):
    response = client_for(qi_staff).get(LEDGER, {"period": "quarter", "on": "2025-11-30"})
    assert {e.meeting.starts_at.month for e in response.context["entries"]} == {10}


def test_a_bad_filter_shows_everything_with_the_error(client_for, qi_staff, ledger):
    response = client_for(qi_staff).get(LEDGER, {"period": "decade"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(response.context["entries"]) == 6


def test_directors_see_the_ledger_but_cannot_mark_paid(client_for, director, ledger):
    client = client_for(director)
    response = client.get(LEDGER)
    assert response.status_code == 200
    assert not response.context["can_pay"]
    owed = StipendEntry.objects.filter(status="owed").first()
    assert (
        client.post(reverse("dialogues:stipend_mark_paid"), {"entries": [owed.pk], "paid_on": "2025-11-01"}).status_code
        == 403
    )


def test_consumers_and_anonymous_visitors_cannot_see_the_ledger(client, client_for, consumer, ledger):
    assert client.get(LEDGER).status_code == 302
    assert client.get(CSV).status_code == 302
    assert client_for(consumer).get(LEDGER).status_code == 403
    assert client_for(consumer).get(CSV).status_code == 403


def test_qi_staff_mark_owed_stipends_paid_with_a_date(client_for, qi_staff, ledger):
    owed = list(StipendEntry.objects.filter(status="owed").values_list("pk", flat=True)[:2])
    response = client_for(qi_staff).post(
        reverse("dialogues:stipend_mark_paid"), {"entries": owed, "paid_on": "2025-11-01", "next": "status=owed"}
    )
    assert response.status_code == 302
    assert response.url.endswith("?status=owed")
    assert set(StipendEntry.objects.filter(pk__in=owed).values_list("status", "paid_on")) == {
        ("paid", date(2025, 11, 1))
    }
    assert StipendEntry.history.filter(status="paid", history_user=qi_staff).count() == 2


def test_marking_paid_without_a_date_changes_nothing(client_for, qi_staff, ledger):
    owed = StipendEntry.objects.filter(status="owed").first()
    client_for(qi_staff).post(reverse("dialogues:stipend_mark_paid"), {"entries": [owed.pk], "paid_on": ""})
    owed.refresh_from_db()
    assert owed.status == "owed"


def test_the_csv_has_the_columns_finance_needs_with_the_same_filters(client_for, qi_staff, ledger):
    response = client_for(qi_staff).get(CSV, {"status": "paid"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["member", "email", "cell", "meeting_date", "amount", "status", "paid_on"]
    assert [
        "Ana Ruiz",
        "ana@example.org",
        "Getting a first appointment",
        "2025-06-10",
        "25.00",
        "paid",
        "2025-06-30",
    ] in rows
    assert len(rows) == 3


def test_a_name_starting_with_equals_is_neutralised_in_the_csv(client_for, qi_staff, ledger):
    user = ledger["ben"].user
    user.first_name, user.last_name = "=HYPERLINK(1)", "x"
    user.save()
    body = client_for(qi_staff).get(CSV).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1) x" in body
    assert "\n=HYPERLINK" not in body
