"""Fixtures shared by the local-measure tests (imported by their modules, so the projects helper's
conftest.py stays as it is)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from projects.models import LocalMeasure, ProjectMeasure


def mondays_back(count: int) -> list[date]:
    """The Mondays of the last ``count`` weeks that have started, oldest first (this week's last)."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=count - 1 - i) for i in range(count)]


def firsts_back(count: int) -> list[date]:
    """The first days of the last ``count`` months, this month's last."""
    months, month = [], timezone.localdate().replace(day=1)
    for _step in range(count):
        months.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    return months[::-1]


@pytest.fixture
def weekly_share(project):
    """A weekly proportion, the project's outcome measure: calls answered by a person."""
    measure = LocalMeasure.objects.create(
        project=project,
        name="Calls answered by a person",
        name_es="Llamadas atendidas por una persona",
        definition="Calls to the front desk answered by a person, from the phone log.",
        kind="proportion",
        numerator_label="calls answered by a person",
        denominator_label="calls",
        direction="increase",
        period="week",
    )
    ProjectMeasure.objects.create(project=project, role="outcome", local_measure=measure)
    return measure


@pytest.fixture
def monthly_count(project):
    """A monthly count, a balancing measure: complaints."""
    measure = LocalMeasure.objects.create(
        project=project,
        name="Complaints",
        definition="Complaints about the front desk.",
        kind="count",
        direction="decrease",
        period="month",
    )
    ProjectMeasure.objects.create(project=project, role="balancing", local_measure=measure)
    return measure
