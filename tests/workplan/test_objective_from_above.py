"""Services the council uses to add to a work plan: the plan a day falls in, and an objective under a named
goal (made when missing), measured by figures staff enter."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.workplan.conftest import YEAR
from workplan.models import Goal
from workplan.services import objective_add_under_goal, plan_for_day

pytestmark = pytest.mark.django_db


def test_the_plan_of_a_day_is_the_fiscal_year_it_falls_in(plan):
    assert plan_for_day(day=date(YEAR, 7, 1)) == plan
    assert plan_for_day(day=date(YEAR + 1, 6, 30)) == plan
    assert plan_for_day(day=date(YEAR, 6, 30)) is None


def test_an_objective_goes_under_its_goal_made_once_and_last(plan, goal):
    values = {
        "plan": plan,
        "goal_title": "Whole system quality",
        "goal_title_es": "Calidad de todo el sistema",
        "baseline": Decimal(1),
        "target": Decimal(2),
        "unit_label": "stage (0–3)",
        "responsible": "QI staff",
    }
    first = objective_add_under_goal(title="Reach stage 2 on coaching", **values)
    second = objective_add_under_goal(title="Reach stage 2 on learning", **values)
    assert first.goal == second.goal
    assert Goal.objects.filter(plan=plan).count() == 2
    assert first.goal.order > goal.order
    assert first.due_date == plan.fiscal_year_end
    assert first.measure is None


def test_a_blank_title_is_refused_and_no_goal_is_made(plan):
    with pytest.raises(ValidationError, match="cannot be blank"):
        objective_add_under_goal(
            plan=plan,
            goal_title="Whole system quality",
            title="",
            baseline=Decimal(0),
            target=Decimal(2),
            unit_label="stage",
            responsible="QI staff",
        )
    assert not Goal.objects.filter(title="Whole system quality").exists()
