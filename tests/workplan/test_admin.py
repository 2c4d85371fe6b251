"""Administrators reach every work plan table in the admin (the review areas are edited there)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = ["reviewarea", "workplan", "objective", "objectivefigure", "evaluation", "activity", "objectivereview"]


@pytest.mark.parametrize("model", MODELS)
def test_administrators_open_each_table(client_for, administrator, make_objective, model):
    make_objective()
    assert client_for(administrator).get(reverse(f"admin:workplan_{model}_changelist")).status_code == 200


def test_qi_staff_do_not_reach_the_admin(client_for, qi_staff):
    response = client_for(qi_staff).get(reverse("admin:workplan_workplan_changelist"))
    assert response.status_code == 302
