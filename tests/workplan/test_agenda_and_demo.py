"""What the council agenda asks of the work plan, and the demo."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from workplan.demo import workplan_demo_load
from workplan.models import Evaluation, Objective, ObjectiveFigure, WorkPlan
from workplan.selectors import objectives_for_agenda
from workplan.status import ObjectiveStatus

pytestmark = pytest.mark.django_db


def test_the_agenda_lists_objectives_due_in_the_window_and_those_off_track(make_objective, qi_staff):
    due_soon = make_objective(title="Due in February", due_date=date(2026, 2, 27), unit_label="%")
    behind = make_objective(title="Behind", unit_label="%")
    ObjectiveFigure.objects.create(
        objective=behind, as_of=date(2025, 12, 31), value=Decimal("61"), source="Log", entered_by=qi_staff
    )
    ahead = make_objective(title="Ahead", unit_label="%")
    ObjectiveFigure.objects.create(
        objective=ahead, as_of=date(2025, 12, 31), value=Decimal("75"), source="Log", entered_by=qi_staff
    )

    rows = objectives_for_agenda(since=date(2026, 2, 1), until=date(2026, 2, 28))

    assert [(row.objective, row.status) for row in rows] == [
        (due_soon, ObjectiveStatus.NO_DATA),
        (behind, ObjectiveStatus.AT_RISK),
    ]


def test_the_agenda_leaves_out_plans_whose_year_has_ended(make_objective, status_day):
    make_objective(title="Last year's", unit_label="%")  # FY2025-26, not met by 30 June 2026
    status_day(date(2026, 10, 1))
    assert objectives_for_agenda(since=date(2026, 10, 1), until=date(2026, 10, 31)) == []


def test_the_agenda_reads_published_figures_only(make_objective, measure, monthly_results):
    objective = make_objective(measure=measure)
    monthly_results(measure, {date(2025, 11, 1): 61.0, date(2025, 12, 1): 85.0}, hidden={date(2025, 12, 1)})
    [row] = objectives_for_agenda(since=date(2026, 1, 1), until=date(2026, 1, 31))
    assert (row.objective, row.status, row.latest.value) == (objective, ObjectiveStatus.AT_RISK, 61.0)


def test_the_demo_has_this_years_plan_and_last_years_evaluation_written_up_for_the_council(framework, qi_staff):
    today = timezone.localdate()
    year = today.year if today.month >= 7 else today.year - 1
    counts = workplan_demo_load()

    assert counts == workplan_demo_load(), "loading the demo twice adds nothing"
    last_year = WorkPlan.objects.get(fiscal_year_start=date(year - 1, 7, 1))
    assert last_year.is_approved
    assert last_year.consumers_present >= 1
    this_year = WorkPlan.objects.get(fiscal_year_start=date(year, 7, 1))
    assert not this_year.is_approved, "the council demo approves it at a meeting"
    assert this_year.started_from == last_year
    assert Objective.objects.filter(goal__plan=this_year, measure__code="no-show-psychiatry").exists()
    evaluation = Evaluation.objects.get(plan=last_year)
    assert not evaluation.is_approved, "the council demo approves it at a meeting"
    assert evaluation.reviews.exclude(narrative="").count() == evaluation.reviews.count() == 4
