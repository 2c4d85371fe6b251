"""Where the council stands (seed 004, IHI "Whole System Quality", Table 5): once a year the council rates
its stage, 0 to 3, on each of the paper's six elements, with evidence; the results over the years show on
the council's pages; an element below stage 2 can become an objective of this year's work plan."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from council.models import ElementRating, SelfAssessment, WsqElement
from council.services.assessment import RatingInput, assessment_rate, rating_objective_create
from workplan.models import Goal, Objective, WorkPlan

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def _all(stage: int = 1, evidence: str = "Two clinics hold weekly huddles.") -> list[RatingInput]:
    return [
        RatingInput(element=e.value, stage=stage, evidence=evidence, evidence_es="Dos clínicas.") for e in WsqElement
    ]


def _form(stage: int = 1, evidence: str = "Seen at the March meeting.") -> dict:
    data = {}
    for element in WsqElement:
        data[f"stage_{element.value}"] = str(stage)
        data[f"evidence_{element.value}"] = evidence
        data[f"evidence_es_{element.value}"] = "Visto en la reunión de marzo."
    return data


def _current_plan() -> WorkPlan:
    today = timezone.localdate()
    return WorkPlan.objects.create(fiscal_year_start=date(today.year if today.month >= 7 else today.year - 1, 7, 1))


# --- The elements and the stages are the paper's ----------------------------------------------------------


def test_the_six_elements_are_quoted_as_the_white_paper_gives_them():
    from django.utils import translation

    with translation.override("en"):  # the labels are translated: read them in the paper's language
        labels = [str(e.label) for e in WsqElement]

    assert labels == [
        "Establish “model teams” to demonstrate quick wins.",
        "Refine the role of quality department staff and rightsize the QI function to optimally support the QP "
        "and QC workstreams.",
        "Introduce rudimentary quality planning to put customer needs immediately at the forefront.",
        "Build a skeleton problem-escalation system to support whole system quality control.",
        "Develop a learning system to ensure strong linkages between all QP, QI, and QC activities.",
        "Introduce leadership coaching to clarify and reinforce execution of the norms, values, and behaviors "
        "that support whole system quality.",
    ]


def test_a_year_has_one_assessment_and_an_element_one_rating_in_it(qi_staff):
    assessment = assessment_rate(year=2025, ratings=_all(1), by=qi_staff)
    assessment_rate(year=2025, ratings=_all(2), by=qi_staff)
    assert SelfAssessment.objects.count() == 1
    assert set(assessment.ratings.values_list("stage", flat=True)) == {2}
    rating = assessment.ratings.get(element=WsqElement.MODEL_TEAMS)
    assert rating.rated_by == qi_staff
    assert rating.rated_at is not None
    assert [h.stage for h in rating.history.order_by("history_date")] == [1, 2]
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfAssessment.objects.create(year=2025)


def test_the_database_refuses_a_stage_outside_0_to_3(qi_staff):
    assessment = assessment_rate(year=2025, ratings=_all(0), by=qi_staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        ElementRating.objects.filter(assessment=assessment).update(stage=4)


@pytest.mark.parametrize(
    "bad",
    [
        RatingInput(element="model_teams", stage=5, evidence="x"),
        RatingInput(element="model_teams", stage=1, evidence="   "),
        RatingInput(element="no_such_element", stage=1, evidence="x"),
    ],
)
def test_a_bad_rating_saves_nothing_and_says_why(qi_staff, bad):
    good = RatingInput(element="learning_system", stage=1, evidence="Monthly reviews.")
    with pytest.raises(ValidationError):
        assessment_rate(year=2025, ratings=[good, bad], by=qi_staff)
    assert not SelfAssessment.objects.exists()
    assert not ElementRating.objects.exists()


# --- The pages ----------------------------------------------------------------------------------------------


def test_qi_staff_rate_this_years_elements_on_the_page(client_for, qi_staff):
    response = client_for(qi_staff).post(reverse("council:assessment_rate"), _form(stage=1))
    assert response.status_code == 302
    assessment = SelfAssessment.objects.get(year=THIS_YEAR)
    assert assessment.ratings.count() == 6
    assert assessment.ratings.first().evidence_es == "Visto en la reunión de marzo."


def test_a_rating_without_evidence_is_refused_with_a_message_and_nothing_saved(client_for, qi_staff):
    data = _form(stage=2)
    data[f"evidence_{WsqElement.LEARNING_SYSTEM.value}"] = ""
    response = client_for(qi_staff).post(reverse("council:assessment_rate"), data)
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ElementRating.objects.exists()


def test_a_stage_of_4_is_refused_on_the_page(client_for, qi_staff):
    data = _form(stage=2) | {f"stage_{WsqElement.MODEL_TEAMS.value}": "4"}
    response = client_for(qi_staff).post(reverse("council:assessment_rate"), data)
    assert response.status_code == 400
    assert not ElementRating.objects.exists()


def test_directors_read_the_results_but_cannot_rate(client_for, director, qi_staff):
    assessment_rate(year=THIS_YEAR - 1, ratings=_all(0), by=qi_staff)
    assessment_rate(year=THIS_YEAR, ratings=_all(2, "Huddles in every clinic."), by=qi_staff)
    client = client_for(director)
    page = client.get(reverse("council:assessment"))
    assert page.status_code == 200
    text = page.content.decode()
    assert str(THIS_YEAR - 1) in text
    assert str(THIS_YEAR) in text
    assert "Huddles in every clinic." in text
    assert "Stage 2: quality is in the strategy and done well in pockets, not everywhere" in text
    assert reverse("council:assessment_rate") not in text
    assert client.get(reverse("council:assessment_rate")).status_code == 403
    assert client.post(reverse("council:assessment_rate"), _form()).status_code == 403


def test_the_evidence_is_shown_in_the_readers_language_and_marked_when_it_is_not(client_for, director, qi_staff):
    assessment_rate(year=THIS_YEAR, ratings=_all(2, "Huddles in every clinic."), by=qi_staff)
    ElementRating.objects.filter(element=WsqElement.values[0]).update(evidence_es="")
    spanish = client_for(director).get(reverse("council:assessment"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Dos clínicas." in spanish
    assert '<span lang="en">Huddles in every clinic.</span>' in spanish  # the one without Spanish, marked
    english = client_for(director).get(reverse("council:assessment"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Dos clínicas." not in english


@pytest.mark.parametrize("persona", ["consumer", "outsider"])
def test_consumers_and_outsiders_do_not_see_the_self_assessment(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("council:assessment")).status_code == 403
    assert client.post(reverse("council:assessment_rate"), _form()).status_code == 403


def test_the_results_over_the_years_show_on_the_meetings_page(client_for, qi_staff):
    assessment_rate(year=THIS_YEAR, ratings=_all(1), by=qi_staff)
    text = client_for(qi_staff).get(reverse("council:meeting_list")).content.decode()
    assert "Where the council stands: whole system quality" in text
    assert str(WsqElement.PROBLEM_ESCALATION.label) in text


def test_the_results_page_reads_in_a_fixed_number_of_queries(client_for, qi_staff, django_assert_max_num_queries):
    for year in range(THIS_YEAR - 3, THIS_YEAR + 1):
        assessment_rate(year=year, ratings=_all(1), by=qi_staff)
    client = client_for(qi_staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("council:assessment")).status_code == 200


# --- An element below stage 2 becomes a work plan objective ---------------------------------------------------


def test_an_element_below_stage_2_becomes_an_objective_of_this_years_plan(client_for, qi_staff):
    plan = _current_plan()
    assessment_rate(year=THIS_YEAR, ratings=_all(1), by=qi_staff)
    rating = ElementRating.objects.get(element=WsqElement.PROBLEM_ESCALATION)
    response = client_for(qi_staff).post(reverse("council:rating_objective", args=[rating.pk]))
    objective = Objective.objects.get()
    assert response.status_code == 302
    assert response["Location"] == objective.get_absolute_url()
    assert objective.goal.plan == plan
    assert objective.goal.title == "Whole system quality"
    assert objective.goal.title_es
    assert objective.baseline == Decimal(1)
    assert objective.target == Decimal(2)
    assert objective.measure is None
    assert objective.direction == "increase"
    assert objective.due_date == plan.fiscal_year_end
    assert str(WsqElement.PROBLEM_ESCALATION.label) in objective.title
    rating.refresh_from_db()
    assert rating.objective == objective


def test_a_second_element_joins_the_same_goal_and_an_element_becomes_an_objective_once(qi_staff):
    _current_plan()
    assessment_rate(year=THIS_YEAR, ratings=_all(0), by=qi_staff)
    first, second = ElementRating.objects.all()[:2]
    rating_objective_create(rating=first, by=qi_staff)
    rating_objective_create(rating=second, by=qi_staff)
    assert Goal.objects.count() == 1
    assert Objective.objects.count() == 2
    with pytest.raises(ValidationError, match="already an objective"):
        rating_objective_create(rating=first, by=qi_staff)
    assert Objective.objects.count() == 2


def test_an_element_at_stage_2_does_not_become_an_objective(client_for, qi_staff):
    _current_plan()
    assessment_rate(year=THIS_YEAR, ratings=_all(2), by=qi_staff)
    rating = ElementRating.objects.first()
    response = client_for(qi_staff).post(reverse("council:rating_objective", args=[rating.pk]), follow=True)
    assert "Only an element rated below stage 2 becomes an objective." in response.content.decode()
    assert not Objective.objects.exists()


def test_without_this_years_work_plan_the_button_says_to_start_it(qi_staff):
    assessment_rate(year=THIS_YEAR, ratings=_all(0), by=qi_staff)
    with pytest.raises(ValidationError, match="no work plan for this fiscal year"):
        rating_objective_create(rating=ElementRating.objects.first(), by=qi_staff)
    assert not Goal.objects.exists()


def test_directors_cannot_make_an_objective(client_for, director, qi_staff):
    _current_plan()
    assessment_rate(year=THIS_YEAR, ratings=_all(0), by=qi_staff)
    rating = ElementRating.objects.first()
    assert client_for(director).post(reverse("council:rating_objective", args=[rating.pk])).status_code == 403
    assert not Objective.objects.exists()


def test_only_the_latest_assessments_elements_become_objectives(qi_staff):
    _current_plan()
    assessment_rate(year=THIS_YEAR - 1, ratings=_all(0), by=qi_staff)
    assessment_rate(year=THIS_YEAR, ratings=_all(1), by=qi_staff)
    old = ElementRating.objects.filter(assessment__year=THIS_YEAR - 1).first()
    with pytest.raises(ValidationError, match="latest self-assessment"):
        rating_objective_create(rating=old, by=qi_staff)
    assert not Objective.objects.exists()
