"""Administrators reach the partnership in the Django admin; the ledger and applications are read-only there."""

import pytest
from django.contrib import admin
from django.urls import reverse

from dialogues.models import JoinApplication, StipendEntry

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "dialogue",
    "cqicell",
    "meeting",
    "stipendentry",
    "joinapplication",
    "improvementopportunity",
    "actionstep",
    "pdsacycle",
    "indicatorattestation",
    "oversightcommittee",
    "councilinitiative",
]


@pytest.mark.parametrize("model", CHANGELISTS)
def test_administrators_open_every_partnership_list_in_the_admin(client_for, administrator, cell, model):
    response = client_for(administrator).get(reverse(f"admin:dialogues_{model}_changelist"))
    assert response.status_code == 200


def test_the_cell_page_in_the_admin_lists_its_members(client_for, administrator, cell, member_of):
    member_of(cell, username="rosa")
    response = client_for(administrator).get(reverse("admin:dialogues_cqicell_change", args=[cell.pk]))
    assert response.status_code == 200
    assert "rosa" in response.content.decode()


@pytest.mark.parametrize("model", [StipendEntry, JoinApplication])
def test_the_ledger_and_applications_cannot_be_written_in_the_admin(rf, administrator, model):
    request = rf.get("/")
    request.user = administrator
    model_admin = admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
