"""The dashboards before anything is computed (apart from tests/measures/test_dashboards.py, whose tests share a
computed county)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_before_any_computation_the_dashboards_say_so_and_the_downloads_are_404(client):
    for url in (reverse("measures:wait_time_dashboard"), reverse("measures:equity_dashboard")):
        response = client.get(url)
        assert response.status_code == 200
        assert "Nothing has been computed yet" in response.content.decode()
    assert client.get(reverse("measures:equity_dashboard_csv")).status_code == 404
    assert client.get(reverse("measures:wait_time_dashboard_csv", args=["days-to-first-offer"])).status_code == 404
