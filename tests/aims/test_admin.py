"""Administrators see and edit the framework in the Django admin, with its history."""

import pytest
from django.urls import reverse

from aims import services
from aims.models import MatrixItem

pytestmark = pytest.mark.django_db


def test_the_admin_history_of_an_item_shows_who_changed_it_and_why(client_for, administrator, qi_staff):
    item = MatrixItem.objects.get(code="EQ-DM-05")
    services.matrix_item_update(
        item=item, text="Develop and fund strategies", text_es="", change_reason="Council meeting", changed_by=qi_staff
    )
    html = client_for(administrator).get(reverse("admin:aims_matrixitem_history", args=[item.pk])).content.decode()
    assert "quinn_qi" in html
    assert "Council meeting" in html


def test_administrators_change_an_aim_definition_in_the_admin(client_for, administrator):
    from aims.models import Aim

    aim = Aim.objects.get(slug="safe")
    url = reverse("admin:aims_aim_change", args=[aim.pk])
    form = client_for(administrator).get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data["definition"] = "A safe environment for everyone."
    response = client_for(administrator).post(url, data)
    assert response.status_code == 302
    aim.refresh_from_db()
    assert aim.definition == "A safe environment for everyone."
    assert aim.history.latest().history_user == administrator


def test_qi_staff_do_not_reach_the_admin(client_for, qi_staff):
    response = client_for(qi_staff).get(reverse("admin:aims_matrixitem_changelist"))
    assert response.status_code == 302
