"""The annual evaluation: starting it, writing each objective's review, and the council's approval."""

from datetime import date

import pytest
from django.urls import reverse

from tests.workplan.conftest import COUNCIL, YEAR
from workplan import services
from workplan.models import Evaluation

pytestmark = pytest.mark.django_db

EVALUATION_URL = reverse("workplan:evaluation_detail", args=[YEAR])
APPROVE_URL = reverse("workplan:evaluation_approve", args=[YEAR])


def _approval(**changes) -> dict:
    data = COUNCIL | {"approved_on": date(2026, 9, 15)} | changes
    data["approved_on"] = data["approved_on"].isoformat()
    return data


@pytest.fixture
def evaluation(approved_plan, make_objective, measure, lower_measure, monthly_results):
    make_objective(measure=measure)  # 60 → 80, higher is better
    make_objective(title="Fewer no-shows", measure=lower_measure, direction="decrease", baseline=20, target=10)
    monthly_results(measure, {date(2026, 5, 1): 74.0, date(2026, 6, 1): 90.0}, hidden={date(2026, 6, 1)})
    monthly_results(lower_measure, {date(2026, 6, 1): 22.0})
    return services.evaluation_start(plan=approved_plan)


def test_qi_staff_start_the_evaluation_with_a_review_for_every_objective(client_for, qi_staff, plan, make_objective):
    make_objective()
    response = client_for(qi_staff).post(reverse("workplan:evaluation_start", args=[YEAR]))
    assert response.status_code == 302
    assert Evaluation.objects.get().reviews.count() == 1


def test_directors_may_not_start_it(client_for, director, plan):
    assert client_for(director).post(reverse("workplan:evaluation_start", args=[YEAR])).status_code == 403
    assert not Evaluation.objects.exists()


def test_staff_see_each_objective_rated_from_every_figure(client_for, director, evaluation):
    page = client_for(director).get(EVALUATION_URL).content.decode()
    assert ">Met</span>" in page  # June's 90 %, hidden from the public, reaches the target
    assert ">Not met</span>" in page  # no-shows went from 20 % to 22 %
    assert "How each objective is rated" in page
    assert "Write the review" not in page


def test_the_public_does_not_see_an_evaluation_before_it_is_approved(client, evaluation):
    assert client.get(EVALUATION_URL).status_code == 404


def test_qi_staff_write_a_review_in_both_languages(client_for, qi_staff, evaluation):
    review = evaluation.reviews.first()
    response = client_for(qi_staff).post(
        reverse("workplan:review_edit", args=[review.objective.uuid]),
        {
            "narrative": "Evening clinics helped.",
            "narrative_es": "Las clínicas nocturnas ayudaron.",
            "barriers": "Vacancies",
        },
    )
    review.refresh_from_db()
    assert response.status_code == 302
    assert (review.narrative_es, review.barriers) == ("Las clínicas nocturnas ayudaron.", "Vacancies")


def test_a_review_before_the_evaluation_has_started_is_not_found(client_for, qi_staff, make_objective):
    objective = make_objective()
    assert client_for(qi_staff).get(reverse("workplan:review_edit", args=[objective.uuid])).status_code == 404


def test_directors_may_not_write_reviews(client_for, director, evaluation):
    review = evaluation.reviews.first()
    url = reverse("workplan:review_edit", args=[review.objective.uuid])
    assert client_for(director).post(url, {"narrative": "x"}).status_code == 403
    review.refresh_from_db()
    assert review.narrative == ""


class TestApproveTheEvaluation:
    def test_the_approval_is_recorded_and_the_public_reads_the_published_ratings(
        self, client_for, qi_staff, evaluation, client
    ):
        response = client_for(qi_staff).post(APPROVE_URL, _approval())
        evaluation.refresh_from_db()
        assert response.status_code == 302
        assert evaluation.approved_on == date(2026, 9, 15)

        client.logout()
        page = client.get(EVALUATION_URL).content.decode()
        assert "Approved by the council on" in page
        assert "Family members: 1" in page
        assert ">Partly met</span>" in page  # May's published 74 %, not June's hidden 90 %
        assert "90.0" not in page
        assert "74" in page

    def test_once_approved_staff_read_the_chart_the_council_approved_not_the_hidden_month(
        self, client_for, qi_staff, director, evaluation
    ):
        client_for(qi_staff).post(APPROVE_URL, _approval())

        page = client_for(director).get(EVALUATION_URL).content.decode()

        assert ">Partly met</span>" in page
        assert "90.0" not in page, "the chart and its sentence agree with the approved figure"
        assert "by 2026-06-30: Partly met." in page, "the sentence under the chart says the rating, as the badge"

    def test_without_consumer_or_family_involvement_nothing_is_approved(self, client_for, qi_staff, evaluation):
        response = client_for(qi_staff).post(
            APPROVE_URL, _approval(consumers_present=0, family_members_present=0, providers_present=6)
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "At least one consumer or family member must have taken part" in page
        assert 'value="6"' in page
        evaluation.refresh_from_db()
        assert evaluation.approved_on is None
        assert not evaluation.reviews.exclude(rating="").exists()

    def test_a_meeting_is_required(self, client_for, qi_staff, evaluation):
        response = client_for(qi_staff).post(APPROVE_URL, _approval(meeting_reference=""))
        assert response.status_code == 200
        evaluation.refresh_from_db()
        assert evaluation.approved_on is None

    def test_directors_may_not(self, client_for, director, evaluation):
        assert client_for(director).post(APPROVE_URL, _approval()).status_code == 403
        evaluation.refresh_from_db()
        assert evaluation.approved_on is None


def test_objectives_added_after_the_evaluation_started_can_be_added_to_it(
    client_for, qi_staff, evaluation, make_objective
):
    make_objective(title="Added in May", unit_label="%")
    client = client_for(qi_staff)
    assert "Add the objectives added since the evaluation started" in client.get(EVALUATION_URL).content.decode()
    client.post(reverse("workplan:evaluation_start", args=[YEAR]))
    assert evaluation.reviews.count() == 3
    assert "Add the objectives added since" not in client.get(EVALUATION_URL).content.decode()


def test_the_evaluation_page_reads_a_fixed_number_of_queries(
    client_for, director, evaluation, django_assert_max_num_queries
):
    client = client_for(director)
    # session, user, permissions (2), the plan, the evaluation, objectives, figures, results, reviews
    with django_assert_max_num_queries(10):
        client.get(EVALUATION_URL)


class TestSummary:
    URL = reverse("workplan:evaluation_summary", args=[YEAR])

    def test_qi_staff_write_the_summary_in_both_languages(self, client_for, qi_staff, evaluation):
        response = client_for(qi_staff).post(self.URL, {"summary": "A good year.", "summary_es": "Un buen año."})
        evaluation.refresh_from_db()
        assert response.status_code == 302
        assert evaluation.summary_es == "Un buen año."

    def test_directors_may_not(self, client_for, director, evaluation):
        assert client_for(director).post(self.URL, {"summary": "x"}).status_code == 403
        evaluation.refresh_from_db()
        assert evaluation.summary == ""

    def test_a_plan_without_an_evaluation_has_no_summary_to_edit(self, client_for, qi_staff, plan):
        assert client_for(qi_staff).get(self.URL).status_code == 404


def test_starting_the_evaluation_takes_a_post_only(client_for, qi_staff, plan):
    assert client_for(qi_staff).get(reverse("workplan:evaluation_start", args=[YEAR])).status_code == 405
    assert not Evaluation.objects.exists()
