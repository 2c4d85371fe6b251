"""Shared set-up for the council tests: a council with members in every seat, and meetings."""

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from council.models import CouncilMeeting, CouncilMeetingStatus, CouncilMember, CouncilRole


def at(day: date, hour: int = 17):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def seat(db):
    """``seat(role, username=..., user=..., votes=True)`` puts a person on the council since 100 days ago."""
    counter = iter(range(1, 10_000))

    def add(role=CouncilRole.CONSUMER, *, username=None, user=None, votes=True, language="en", starts=None):
        if user is None:
            username = username or f"councillor{next(counter)}"
            user = get_user_model().objects.create_user(
                username=username, email=f"{username}@example.org", preferred_language=language
            )
        return CouncilMember.objects.create(
            user=user,
            role=role,
            term_starts_on=starts or timezone.localdate() - timedelta(days=100),
            votes=votes,
        )

    return add


@pytest.fixture
def council(seat):
    """Five members: a consumer (Spanish-speaking), a family member, a provider, county staff and a director."""
    return [
        seat(CouncilRole.CONSUMER, username="rosa", language="es"),
        seat(CouncilRole.FAMILY, username="frank"),
        seat(CouncilRole.PROVIDER, username="priya"),
        seat(CouncilRole.COUNTY_STAFF, username="carl"),
        seat(CouncilRole.DIRECTOR, username="dina"),
    ]


@pytest.fixture
def make_meeting(db):
    def make(days_from_now: int = 14, *, status=CouncilMeetingStatus.PLANNED, **fields):
        day = timezone.localdate() + timedelta(days=days_from_now)
        return CouncilMeeting.objects.create(
            title="Quality Improvement Council",
            starts_at=at(day),
            ends_at=at(day, 19),
            place="Board room, 1 Main St",
            status=status,
            **fields,
        )

    return make


@pytest.fixture
def meeting(make_meeting):
    """The next meeting, in two weeks, planned."""
    return make_meeting(14)
