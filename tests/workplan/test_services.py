"""Starting a year (from the template, from last year), entering figures, and the council's approvals."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.workplan.conftest import COUNCIL, YEAR
from workplan import services
from workplan.models import Activity, Evaluation, Goal, Objective, ObjectiveFigure, ReviewArea, WorkPlan
from workplan.review_areas import REVIEW_AREAS
from workplan.selectors import evaluation_rows, objective_progress
from workplan.status import ObjectiveStatus, Rating

pytestmark = pytest.mark.django_db


def test_the_review_areas_load_once_in_english_and_spanish():
    assert services.review_areas_load_defaults() == len(REVIEW_AREAS) == 9
    area = ReviewArea.objects.get(code="access-line")
    area.name = "24/7 access line, as the council words it"
    area.save()

    assert services.review_areas_load_defaults() == 0
    assert ReviewArea.objects.count() == 9
    assert ReviewArea.objects.get(code="access-line").name == "24/7 access line, as the council words it"
    assert all(area.name_es and area.description_es for area in ReviewArea.objects.all())


def test_a_year_from_the_template_has_one_goal_per_review_area(framework):
    plan = services.plan_create_from_template(year=2026)

    assert plan.label == "FY2026-27"
    assert plan.fiscal_year_end == date(2027, 6, 30)
    titles = list(plan.goals.values_list("title", "title_es"))
    assert len(titles) == 9
    assert ("Performance improvement project: clinical", "Proyecto de mejora del desempeño: clínico") in titles
    with pytest.raises(ValidationError):
        services.plan_create_from_template(year=2026)
    assert WorkPlan.objects.count() == 1


def test_a_plan_starts_on_1_july_in_the_database(framework):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkPlan.objects.create(fiscal_year_start=date(2026, 1, 1))


class TestStartFromLastYear:
    @pytest.fixture
    def last_year(self, make_objective, measure, monthly_results, qi_staff, goal):
        met = make_objective(title="Met already", measure=measure, baseline=Decimal("60"), target=Decimal("70"))
        short = make_objective(title="Short of target", baseline=Decimal("82"), target=Decimal("95"), unit_label="%")
        monthly_results(measure, {date(2026, 5, 1): 71.0, date(2026, 6, 1): 72.5})
        services.objective_figure_record(
            objective=short, as_of=date(2026, 6, 30), value=Decimal("90.4"), source="Test call log", by=qi_staff
        )
        Activity.objects.create(objective=short, description="Train the night staff", status="done")
        Activity.objects.create(objective=short, description="Script in Spanish", status="under_way")
        other = Goal.objects.create(plan=goal.plan, title="Nothing left to do")
        also_met = make_objective(
            goal=other,
            title="Also met",
            baseline=Decimal("3"),
            target=Decimal("1"),
            direction="decrease",
            unit_label="n",
        )
        services.objective_figure_record(
            objective=also_met, as_of=date(2026, 3, 31), value=Decimal("0"), source="Log", by=qi_staff
        )
        return {"met": met, "short": short}

    def test_copies_only_the_objectives_not_met_with_last_years_latest_figure_as_baseline(self, last_year):
        plan = services.plan_create_from_last_year(year=YEAR + 1)

        copy = Objective.objects.get(goal__plan=plan)
        assert copy.title == "Short of target"
        assert copy.carried_from == last_year["short"]
        assert copy.baseline == Decimal("90.40")
        assert copy.baseline_note == "FY2025-26, latest figure"
        assert copy.target == Decimal("95")
        assert copy.due_date == date(2027, 6, 30)
        assert list(copy.activities.values_list("description", flat=True)) == ["Script in Spanish"]
        assert list(plan.goals.values_list("title", flat=True)) == ["Timely access"]
        assert plan.started_from.fiscal_year_start == date(YEAR, 7, 1)

    def test_an_objective_without_any_figure_keeps_its_baseline(self, make_objective):
        make_objective(title="No data at all", baseline=Decimal("12.5"), unit_label="%")
        plan = services.plan_create_from_last_year(year=YEAR + 1)
        assert Objective.objects.get(goal__plan=plan).baseline == Decimal("12.5")

    def test_needs_last_years_plan(self, framework):
        with pytest.raises(ValidationError, match="no work plan for last year"):
            services.plan_create_from_last_year(year=2030)
        assert not WorkPlan.objects.exists()


def test_staff_figures_record_who_and_when_and_keep_their_history(make_objective, qi_staff, director):
    objective = make_objective(unit_label="% of test calls")

    services.objective_figure_record(
        objective=objective, as_of=date(2025, 9, 30), value=Decimal("85"), source="Log", by=qi_staff
    )
    figure = services.objective_figure_record(
        objective=objective, as_of=date(2025, 9, 30), value=Decimal("86"), source="Log, corrected", by=director
    )

    assert ObjectiveFigure.objects.count() == 1
    assert (figure.value, figure.entered_by, figure.entered_at is not None) == (Decimal("86"), director, True)
    assert [row.value for row in figure.history.order_by("history_date")] == [Decimal("85"), Decimal("86")]


def test_figures_cannot_be_entered_for_an_objective_measured_by_the_registry(make_objective, measure, qi_staff):
    objective = make_objective(measure=measure)
    with pytest.raises(ValidationError):
        services.objective_figure_record(
            objective=objective, as_of=date(2025, 9, 30), value=Decimal("1"), source="x", by=qi_staff
        )
    assert not ObjectiveFigure.objects.exists()


def test_a_due_date_outside_the_plans_year_is_refused(make_objective):
    objective = make_objective()
    objective.due_date = date(2027, 1, 1)
    with pytest.raises(ValidationError):
        services.objective_save(objective=objective)
    objective.refresh_from_db()
    assert objective.due_date == date(2026, 6, 30)


class TestApprovalNeedsConsumerOrFamilyInvolvement:
    def test_the_service_refuses_an_approval_without_them(self, plan):
        without = COUNCIL | {"consumers_present": 0, "family_members_present": 0}
        with pytest.raises(ValidationError, match="consumer or family member"):
            services.plan_approve(plan=plan, approval=without)
        plan.refresh_from_db()
        assert plan.approved_on is None

    @pytest.mark.parametrize("model", [WorkPlan, Evaluation])
    def test_the_database_refuses_it_too(self, plan, model):
        document = plan if model is WorkPlan else Evaluation.objects.create(plan=plan)
        document.approved_on = date(2025, 8, 20)
        with pytest.raises(IntegrityError), transaction.atomic():
            document.save()

    def test_one_family_member_is_enough(self, plan):
        services.plan_approve(plan=plan, approval=COUNCIL | {"consumers_present": 0, "family_members_present": 1})
        assert WorkPlan.objects.approved().get() == plan


def test_approving_the_evaluation_keeps_the_ratings_from_published_figures(
    make_objective, measure, lower_measure, monthly_results, plan
):
    rising = make_objective(measure=measure)  # 60 → 80
    falling = make_objective(measure=lower_measure, direction="decrease", baseline=Decimal("20"), target=Decimal("10"))
    # The June figure of the rising measure is hidden from the public: May's is the latest published.
    monthly_results(measure, {date(2026, 5, 1): 70.0, date(2026, 6, 1): 85.0}, hidden={date(2026, 6, 1)})
    monthly_results(lower_measure, {date(2026, 6, 1): 9.5})
    evaluation = services.evaluation_start(plan=plan)
    assert services.evaluation_start(plan=plan) == evaluation
    assert evaluation.reviews.count() == 2

    services.evaluation_approve(evaluation=evaluation, approval=COUNCIL | {"approved_on": date(2026, 9, 15)})

    reviews = {review.objective: review for review in evaluation.reviews.all()}
    assert (reviews[rising].rating, reviews[rising].latest_value) == (Rating.PARTLY_MET, Decimal("70.00"))
    assert (reviews[falling].rating, reviews[falling].latest_on) == (Rating.MET, date(2026, 6, 30))
    # Later data do not change what the council approved.
    monthly_results(measure, {date(2026, 4, 1): 99.0})
    rows = {row["objective"]: row for row in evaluation_rows(evaluation=evaluation, public=False)}
    assert rows[rising]["rating"] == Rating.PARTLY_MET
    assert objective_progress(objective=rising, public=False).rating == Rating.MET


def test_a_month_the_data_do_not_cover_to_its_end_is_left_out(make_objective, measure, monthly_results, computation):
    computation.data_as_of = date(2025, 10, 15)
    computation.save()
    objective = make_objective(measure=measure)
    monthly_results(measure, {date(2025, 9, 1): 66.0, date(2025, 10, 1): 50.0})

    progress = objective_progress(objective=objective, public=False, today=date(2025, 10, 20))

    assert [point.value for point in progress.points] == [66.0]
    assert progress.status == ObjectiveStatus.ON_TRACK
