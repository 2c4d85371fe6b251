"""Shared set-up for the consumer-partnership tests: a cell with a per-meeting stipend and its members."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from dialogues.models import CellStatus, CompensationKind, CqiCell, Membership, PartnerRole


@pytest.fixture
def cell(db):
    """An active cell paying $25 per meeting attended."""
    return CqiCell.objects.create(
        name="Getting a first appointment",
        slug="first-appointment",
        focus="Shorter waits for a first appointment",
        mission_statement="Consumers and staff, as equal partners, make the first appointment easy to get.",
        status=CellStatus.ACTIVE,
        meeting_schedule="Second Tuesday of the month, 5–6:30 pm",
        compensation_kind=CompensationKind.PER_MEETING,
        stipend_per_meeting=Decimal("25.00"),
    )


@pytest.fixture
def member_of(db):
    """``member_of(cell, role, username=...)`` adds a current member (with an account) to a cell."""
    counter = iter(range(1, 10_000))

    def add(cell, role=PartnerRole.CONSUMER, *, username=None, joined_on=None, user=None):
        if user is None:
            username = username or f"member{next(counter)}"
            user = get_user_model().objects.create_user(username=username, email=f"{username}@example.org")
        return Membership.objects.create(
            cell=cell, user=user, role=role, joined_on=joined_on or date.today() - timedelta(days=30)
        )

    return add
