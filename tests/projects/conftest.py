"""Shared set-up for the project tests: people in each role, a cell with a consumer member, and projects."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from dialogues.models import CellStatus, CouncilInitiative, CqiCell, Membership, PartnerRole
from projects.models import ImprovementProject, ProjectKind, ProjectMember, TeamRole
from qic.accounts.services import user_assign_role
from qic.roles import Role


@pytest.fixture
def person(db):
    """``person("name", role=Role.QI_STAFF)`` makes a user, in a role group when one is given."""

    def make(username, *, role=None, language="en"):
        user = get_user_model().objects.create_user(
            username=username, email=f"{username}@example.org", password="pw", preferred_language=language
        )
        if role is not None:
            user_assign_role(user=user, role=role)
        return user

    return make


@pytest.fixture
def qi_staff(person):
    return person("quinn", role=Role.QI_STAFF)


@pytest.fixture
def director(person):
    return person("dana", role=Role.DIRECTOR)


@pytest.fixture
def outsider(person):
    return person("otto")


@pytest.fixture
def cell(db):
    return CqiCell.objects.create(name="Front desk cell", slug="front-desk", focus="Calls", status=CellStatus.ACTIVE)


@pytest.fixture
def initiative(db):
    return CouncilInitiative.objects.create(title="Same-week first appointments")


@pytest.fixture
def cell_member(person, cell):
    """A consumer who is a current member of the cell."""
    user = person("carmen", role=Role.CONSUMER)
    Membership.objects.create(cell=cell, user=user, role=PartnerRole.CONSUMER, joined_on=date(2026, 1, 5))
    return user


@pytest.fixture
def make_project(db):
    def make(*, kind=ProjectKind.PIP_CLINICAL, title="Fewer missed first appointments", **fields):
        fields.setdefault("starts_on", timezone.localdate() - timedelta(days=120))
        return ImprovementProject.objects.create(kind=kind, title=title, **fields)

    return make


@pytest.fixture
def project(make_project):
    return make_project(
        aim_what="Kept first appointments",
        aim_for_whom="Adults referred to the clinic",
        baseline_text="6 in 10 kept",
        baseline_value=60,
        goal_text="8 in 10 kept",
        goal_value=80,
        aim_by=date(2027, 6, 30),
    )


@pytest.fixture
def team_member(person, project):
    user = person("tomas")
    ProjectMember.objects.create(project=project, user=user, role=TeamRole.MEMBER)
    return user
