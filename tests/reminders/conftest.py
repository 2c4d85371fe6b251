"""Shared set-up for the reminder tests: a cell with a member who has work due, a council with a meeting coming."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from council.models import ActionItem, CouncilMeeting, CouncilMember, CouncilRole
from dialogues.models import (
    ActionStep,
    CellStatus,
    CompensationKind,
    CqiCell,
    ImprovementOpportunity,
    Meeting,
    Membership,
    PartnerRole,
    PdsaCycle,
    Problem,
    ReviewStatus,
)


def today():
    return timezone.localdate()


def at(day, hour=17):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def cell(db):
    return CqiCell.objects.create(
        name="Getting a first appointment",
        slug="first-appointment",
        focus="Shorter waits",
        status=CellStatus.ACTIVE,
        compensation_kind=CompensationKind.NONE,
        no_compensation_reason="Staff only",
    )


@pytest.fixture
def rosa(db):
    """A Spanish-speaking consumer who sits on the council and in the cell."""
    return get_user_model().objects.create_user(
        username="rosa", email="rosa@example.org", first_name="Rosa", preferred_language="es"
    )


@pytest.fixture
def frank(db):
    """An English-speaking family member in the same cell and on the council."""
    return get_user_model().objects.create_user(username="frank", email="frank@example.org", first_name="Frank")


@pytest.fixture
def work(cell, rosa, frank, qi_staff):
    """Rosa: an action step due tomorrow, a council action item overdue, a PDSA cycle of her cell to study, a cell
    meeting tomorrow and a council meeting tomorrow. QI staff: a problem due tomorrow. Frank: the meetings only."""
    memberships = {
        user: Membership.objects.create(
            cell=cell, user=user, role=PartnerRole.CONSUMER, joined_on=today() - timedelta(days=60)
        )
        for user in (rosa, frank)
    }
    for user in (rosa, frank):
        CouncilMember.objects.create(user=user, role=CouncilRole.CONSUMER, term_starts_on=today() - timedelta(days=100))
    opportunity = ImprovementOpportunity.objects.create(
        title="Reminder calls", cell=cell, review_status=ReviewStatus.APPROVED
    )
    step = ActionStep.objects.create(
        opportunity=opportunity,
        description="Draft the reminder call script",
        owner=memberships[rosa],
        due_on=today() + timedelta(days=1),
    )
    council_meeting = CouncilMeeting.objects.create(
        starts_at=at(today() + timedelta(days=1)), ends_at=at(today() + timedelta(days=1), 19), place="Board room"
    )
    item = ActionItem.objects.create(
        meeting=council_meeting,
        description="Ask the clinics for their no-show figures",
        owner=rosa,
        agreed_on=today() - timedelta(days=20),
        due_on=today() - timedelta(days=3),
    )
    cycle = PdsaCycle.objects.create(
        cell=cell,
        title="Text reminders two days ahead",
        plan_prediction="Fewer no-shows",
        starts_on=today() - timedelta(days=30),
        ends_on=today() - timedelta(days=2),
    )
    cell_meeting = Meeting.objects.create(cell=cell, starts_at=at(today() + timedelta(days=1), 10), place="Room 2")
    problem = Problem.objects.create(
        title="Intake line unanswered after 4 pm", owner=qi_staff, due_on=today() + timedelta(days=1)
    )
    return {
        "step": step,
        "item": item,
        "cycle": cycle,
        "cell_meeting": cell_meeting,
        "council_meeting": council_meeting,
        "problem": problem,
    }
