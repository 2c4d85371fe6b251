"""A small work plan to test against: the plan of FY2025-26 with one goal, and helpers that add
objectives, staff figures and monthly measure results (written directly, as a recompute would)."""

from datetime import date
from decimal import Decimal

import pytest

from measures.models import ComputationStatus, Measure, MeasureComputation, MeasureResult
from workplan.models import Goal, Objective, WorkPlan

YEAR = 2025  # FY2025-26: 1 July 2025 to 30 June 2026
COUNCIL = {
    "approved_on": date(2025, 8, 20),
    "meeting_reference": "QIC meeting of 20 August 2025",
    "consumers_present": 2,
    "family_members_present": 1,
    "providers_present": 1,
    "county_staff_present": 3,
    "directors_present": 1,
}


@pytest.fixture
def plan(framework):
    return WorkPlan.objects.create(fiscal_year_start=date(YEAR, 7, 1))


@pytest.fixture
def approved_plan(plan):
    for name, value in COUNCIL.items():
        setattr(plan, name, value)
    plan.save()
    return plan


@pytest.fixture
def goal(plan):
    return Goal.objects.create(plan=plan, title="Timely access", title_es="Acceso puntual")


@pytest.fixture
def make_objective(goal):
    def make(**fields) -> Objective:
        values = {
            "goal": goal,
            "title": "Offer a routine appointment within 10 business days",
            "title_es": "Ofrecer una cita de rutina en 10 días hábiles",
            "direction": "increase",
            "baseline": Decimal("60"),
            "target": Decimal("80"),
            "due_date": date(YEAR + 1, 6, 30),
            "responsible": "Access manager",
        } | fields
        return Objective.objects.create(**values)

    return make


@pytest.fixture
def measure(framework):
    return Measure.objects.get(code="routine-non-psychiatry-offered-10-days")  # percent, higher is better


@pytest.fixture
def lower_measure(framework):
    return Measure.objects.get(code="no-show-psychiatry")  # percent, lower is better


@pytest.fixture
def computation(db):
    return MeasureComputation.objects.create(
        trigger="manual", status=ComputationStatus.SUCCEEDED, data_as_of=date(YEAR + 1, 6, 30)
    )


@pytest.fixture
def monthly_results(computation):
    """``monthly_results(measure, {date(2025, 9, 1): 70.0, ...}, hidden={date(...)})`` writes everyone's
    monthly results; months in ``hidden`` are suppressed (not published)."""

    def write(measure, values: dict, hidden=()):
        for month, value in values.items():
            MeasureResult.objects.create(
                computation=computation,
                measure=measure,
                period_type="month",
                period_start=month,
                stratum="all",
                group="",
                numerator=value,
                denominator=100,
                value=value,
                suppressed=month in hidden,
                suppression_reason="small_cell" if month in hidden else "",
            )

    return write


#: The day the tests read statuses on, unless a test says otherwise: half way through FY2025-26.
TODAY = date(2026, 1, 15)


@pytest.fixture(autouse=True)
def status_day(monkeypatch):
    """Pin the day statuses are worked out for; ``status_day(date(...))`` moves it."""

    def move(day: date):
        monkeypatch.setattr("workplan.selectors.status_day", lambda: day)

    move(TODAY)
    return move
