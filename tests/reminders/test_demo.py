"""The signal-to-action demo: drafts from the county's chart signals, reminder settings for the demo accounts,
and the team's problem handed to its cell; safe to run twice."""

from datetime import date

import pytest
from django.utils import timezone

from council.demo import council_demo_load
from dialogues.demo import partnership_demo_load
from dialogues.models import ImprovementOpportunity, Problem, ProblemStatus
from measures.models import ComputationStatus, Measure, MeasureComputation, MeasureResult
from qic.accounts.services import demo_users_reset
from reminders.demo import reminders_demo_load
from reminders.models import ReminderSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_with_a_drop(db):
    """A year of months above the 80 % target, then a fall to 30 %: a chart signal and a missed target."""
    measure = Measure.objects.get(code="routine-non-psychiatry-offered-10-days")
    computation = MeasureComputation.objects.create(
        trigger="demo", status=ComputationStatus.SUCCEEDED, finished_at=timezone.now()
    )
    for index, value in enumerate([86, 88, 85, 87, 86, 88, 87, 86, 85, 88, 87, 86, 30]):
        MeasureResult.objects.create(
            computation=computation,
            measure=measure,
            period_type="month",
            period_start=date(2025 + index // 12, index % 12 + 1, 1),
            stratum="all",
            group="",
            numerator=value,
            denominator=100,
            value=value,
            suppressed=False,
        )


def test_the_demo_raises_drafts_sets_reminders_and_links_a_problem_to_its_cell(county_with_a_drop):
    demo_users_reset()
    partnership_demo_load()
    council_demo_load()

    counts = reminders_demo_load()

    assert counts == {"drafts": 2, "settings": 4}
    assert ReminderSettings.objects.get(user__username="consumer").daily is False
    opportunity = ImprovementOpportunity.objects.get(problem__isnull=False)
    assert opportunity.cell.slug == "spanish-speakers"
    assert reminders_demo_load() == counts  # again: nothing new
    assert ImprovementOpportunity.objects.filter(problem__isnull=False).count() == 1
    assert Problem.objects.filter(status=ProblemStatus.DRAFT, owner__username="qi_staff").count() == 2


def test_without_the_accounts_the_demo_does_nothing(county_with_a_drop):
    assert reminders_demo_load() == {"drafts": 0, "settings": 0}
