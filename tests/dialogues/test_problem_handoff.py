"""A problem can become an improvement opportunity for a cell or a PDSA cycle in a cell (issue 16), keeping the
link both ways: the new item names the problem, and the problem's page lists the item."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import ImprovementOpportunity, PdsaCycle, Problem, ProblemStatus, ReviewStatus
from dialogues.services.problems import problem_raise, problem_resolve
from measures.models import Measure

pytestmark = pytest.mark.django_db

MEASURE = "routine-non-psychiatry-offered-10-days"


@pytest.fixture
def problem(qi_staff):
    return problem_raise(
        problem=Problem(
            title="Callbacks to new clients take more than a week",
            description="New clients wait for a call back after leaving a message.",
            owner=qi_staff,
            due_on=timezone.localdate() + timedelta(days=14),
            measure=Measure.objects.get(code=MEASURE),
        ),
        by=qi_staff,
    )


def to_opportunity(problem):
    return reverse("dialogues:problem_to_opportunity", args=[problem.pk])


def to_pdsa(problem):
    return reverse("dialogues:problem_to_pdsa", args=[problem.pk])


def test_qi_staff_hand_a_problem_to_a_cell_as_an_opportunity(client_for, qi_staff, problem, cell):
    client = client_for(qi_staff)
    assert problem.title in client.get(to_opportunity(problem)).content.decode()  # the form starts from the problem

    response = client.post(
        to_opportunity(problem), {"cell": cell.pk, "title": "Call back within a day", "description": "From the board."}
    )

    opportunity = ImprovementOpportunity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == opportunity.get_absolute_url()
    assert (opportunity.problem, opportunity.cell, opportunity.review_status) == (problem, cell, ReviewStatus.APPROVED)
    problem_page = client.get(problem.get_absolute_url()).content.decode()
    assert "Call back within a day" in problem_page
    assert opportunity.get_absolute_url() in problem_page
    assert problem.get_absolute_url() in client.get(opportunity.get_absolute_url()).content.decode()
    assert problem.history.first().history_change_reason == f"Handed to {cell.name} as an improvement opportunity"


def test_qi_staff_start_a_pdsa_cycle_from_a_problem(client_for, qi_staff, problem, cell):
    client = client_for(qi_staff)
    response = client.post(
        to_pdsa(problem),
        {
            "cell": cell.pk,
            "title": "Same-day callback list",
            "plan_prediction": "Half of callbacks on the same day within a month.",
            "starts_on": date.today().isoformat(),
            "measure": problem.measure_id,
        },
    )

    cycle = PdsaCycle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == cycle.get_absolute_url()
    assert (cycle.problem, cycle.cell, cycle.measure) == (problem, cell, problem.measure)
    assert cycle.chart_note is not None  # drawn on the measure's chart, as any cycle with a measure
    assert cycle.get_absolute_url() in client.get(problem.get_absolute_url()).content.decode()
    assert problem.get_absolute_url() in client.get(cycle.get_absolute_url()).content.decode()


def test_bad_input_is_reshown_with_an_error_per_field_and_nothing_saved(client_for, qi_staff, problem, cell):
    client = client_for(qi_staff)

    response = client.post(to_pdsa(problem), {"cell": "", "title": "", "plan_prediction": "", "starts_on": "soon"})

    assert response.status_code == 400
    # Beside each field (the error summary above the heading repeats them after each field's label).
    form = response.content.decode().split("<h1", 1)[1]
    assert form.count("This field is required.") == 3
    assert "Enter a valid date." in response.content.decode()
    assert not PdsaCycle.objects.exists()
    response = client.post(to_opportunity(problem), {"cell": "999999", "title": "A title"})
    assert response.status_code == 400
    assert not ImprovementOpportunity.objects.exists()


def test_personal_information_is_refused(client_for, qi_staff, problem, cell):
    response = client_for(qi_staff).post(
        to_opportunity(problem), {"cell": cell.pk, "title": "Call Jane Doe back, 555-123-4567", "description": ""}
    )

    assert response.status_code == 400
    assert "This looks like personal information" in response.content.decode()
    assert not ImprovementOpportunity.objects.exists()


def test_a_resolved_problem_is_not_handed_on(client_for, qi_staff, problem, cell):
    problem_resolve(problem=problem, resolution="Fixed by the new phone tree.", by=qi_staff)

    response = client_for(qi_staff).post(to_opportunity(problem), {"cell": cell.pk, "title": "Late"}, follow=True)

    assert "This problem is resolved" in response.content.decode()
    assert not ImprovementOpportunity.objects.exists()
    assert Problem.objects.get().status == ProblemStatus.RESOLVED


def test_directors_see_the_links_but_cannot_hand_problems_to_cells(client_for, director, problem, cell):
    client = client_for(director)

    assert client.get(to_opportunity(problem)).status_code == 403
    assert client.post(to_pdsa(problem), {"cell": cell.pk}).status_code == 403
    assert to_opportunity(problem) not in client.get(problem.get_absolute_url()).content.decode()


@pytest.mark.parametrize("persona", ["consumer", "outsider"])
def test_people_without_a_role_cannot_hand_problems_on(client_for, request, persona, problem, cell):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(to_opportunity(problem)).status_code == 403
    assert client.post(to_pdsa(problem), {"cell": cell.pk}).status_code == 403


def test_visitors_are_asked_to_sign_in(client, problem):
    response = client.get(to_pdsa(problem))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
