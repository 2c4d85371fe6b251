"""An objective's page, entering figures, and activities."""

from datetime import date

import pytest
from django.urls import reverse

from workplan.models import Activity, ObjectiveFigure

pytestmark = pytest.mark.django_db


def _url(name, objective, *args):
    return reverse(f"workplan:{name}", args=[objective.uuid, *args])


class TestObjectivePage:
    def test_a_newcomer_reads_the_figures_the_chart_and_what_it_serves(
        self, client, approved_plan, make_objective, measure, monthly_results, framework
    ):
        from aims.models import MatrixItem

        objective = make_objective(measure=measure, baseline_note="FY2024-25")
        item = MatrixItem.objects.first()
        objective.matrix_items.add(item)
        Activity.objects.create(objective=objective, description="Open evening clinics", status="under_way")
        monthly_results(measure, {date(2025, 9, 1): 68.0, date(2025, 10, 1): 70.0})

        page = client.get(objective.get_absolute_url()).content.decode()

        assert ">On track</span>" in page
        assert "How to read the chart" in page
        assert 'data-figure="objective-chart"' in page
        assert "Latest figure 70.0 % (2025-10-31), from a baseline of 60.0 % towards a target of 80.0 %" in page
        assert "Open evening clinics" in page
        assert item.get_absolute_url() in page
        assert measure.get_absolute_url() in page
        assert "Edit the objective" not in page

    def test_an_objective_of_a_draft_plan_is_not_found_by_the_public(self, client, make_objective):
        assert client.get(make_objective().get_absolute_url()).status_code == 404

    def test_staff_see_who_entered_each_figure(self, client_for, qi_staff, director, make_objective):
        objective = make_objective(unit_label="% of test calls")
        ObjectiveFigure.objects.create(
            objective=objective, as_of=date(2025, 9, 30), value=88, source="Test call log", entered_by=qi_staff
        )
        page = client_for(director).get(objective.get_absolute_url()).content.decode()
        assert "Test call log" in page
        assert "quinn_qi" in page
        assert "Enter a figure" not in page

    def test_the_page_in_spanish_uses_the_spanish_title(self, client, approved_plan, make_objective):
        objective = make_objective()
        client.cookies["django_language"] = "es"
        page = client.get(objective.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
        assert "Ofrecer una cita de rutina en 10 días hábiles" in page


class TestEnterFigures:
    def test_qi_staff_enter_a_figure_with_who_and_when(self, client_for, qi_staff, make_objective):
        objective = make_objective(unit_label="% of test calls")
        response = client_for(qi_staff).post(
            _url("figure_add", objective), {"as_of": "2025-09-30", "value": "87.5", "source": "Test call log"}
        )
        figure = ObjectiveFigure.objects.get()
        assert response.status_code == 302
        assert (figure.value, figure.entered_by, figure.source) == (87.5, qi_staff, "Test call log")

    def test_a_date_outside_the_plans_year_is_refused_and_the_figure_kept_in_the_form(
        self, client_for, qi_staff, make_objective
    ):
        objective = make_objective(unit_label="%")
        response = client_for(qi_staff).post(
            _url("figure_add", objective), {"as_of": "2024-09-30", "value": "87.5", "source": "Log"}
        )
        page = response.content.decode()
        assert "The date must fall within FY2025-26." in page
        assert 'value="87.5"' in page
        assert not ObjectiveFigure.objects.exists()

    def test_an_objective_measured_by_the_registry_takes_no_hand_entered_figures(
        self, client_for, qi_staff, make_objective, measure
    ):
        objective = make_objective(measure=measure)
        response = client_for(qi_staff).post(
            _url("figure_add", objective), {"as_of": "2025-09-30", "value": "1", "source": "Log"}
        )
        assert "come from its measure" in response.content.decode()
        assert not ObjectiveFigure.objects.exists()

    def test_directors_and_consumers_may_not(self, client_for, director, consumer, make_objective):
        objective = make_objective(unit_label="%")
        data = {"as_of": "2025-09-30", "value": "1", "source": "Log"}
        assert client_for(director).post(_url("figure_add", objective), data).status_code == 403
        assert client_for(consumer).post(_url("figure_add", objective), data).status_code == 403
        assert not ObjectiveFigure.objects.exists()


class TestActivities:
    def test_qi_staff_add_and_edit_an_activity(self, client_for, qi_staff, make_objective):
        objective = make_objective()
        client = client_for(qi_staff)
        data = {"description": "Call back within a day", "status": "planned", "order": "1"}
        assert client.post(_url("activity_create", objective), data).status_code == 302
        activity = Activity.objects.get()
        response = client.post(_url("activity_edit", objective, activity.pk), data | {"status": "done"})
        activity.refresh_from_db()
        assert response.status_code == 302
        assert activity.status == "done"

    def test_an_activity_needs_a_description(self, client_for, qi_staff, make_objective):
        objective = make_objective()
        response = client_for(qi_staff).post(
            _url("activity_create", objective), {"description": "", "status": "planned", "order": "1"}
        )
        assert "This field is required." in response.content.decode()
        assert not Activity.objects.exists()

    def test_an_activity_of_another_objective_is_not_found(self, client_for, qi_staff, make_objective):
        first, second = make_objective(), make_objective(title="Another")
        activity = Activity.objects.create(objective=first, description="x")
        response = client_for(qi_staff).get(_url("activity_edit", second, activity.pk))
        assert response.status_code == 404

    def test_directors_may_not(self, client_for, director, make_objective):
        objective = make_objective()
        response = client_for(director).post(
            _url("activity_create", objective), {"description": "x", "status": "planned", "order": "1"}
        )
        assert response.status_code == 403
        assert not Activity.objects.exists()
