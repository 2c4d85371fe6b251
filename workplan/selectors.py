"""Reading work plans: each objective's figures for a reader, its status, and the evaluation."""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from measures.models import MeasureResult
from workplan.models import Activity, Evaluation, Goal, Objective, ObjectiveFigure, ObjectiveReview, WorkPlan
from workplan.status import OFF_TRACK, ObjectiveStatus, Rating, objective_rating, objective_status


@dataclass(frozen=True)
class Point:
    on: date
    value: float


@dataclass
class Progress:
    """An objective's figures as one reader may see them, and what they say."""

    objective: Objective
    points: list[Point] = field(default_factory=list)
    status: str = ObjectiveStatus.NO_DATA
    rating: str = Rating.NOT_RATED

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def status_label(self) -> str:
        return ObjectiveStatus(self.status).label

    @property
    def rating_label(self) -> str:
        return Rating(self.rating).label


def status_day() -> date:
    """The day statuses are worked out for (one place, so tests can pin it)."""
    return timezone.localdate()


def month_end(start: date) -> date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def plan_list(*, internal: bool) -> QuerySet[WorkPlan]:
    """Every plan for staff; only approved plans for everyone else. Newest year first."""
    plans = WorkPlan.objects.select_related("evaluation")
    return plans if internal else plans.approved()


def plan_get(*, year: int, internal: bool) -> WorkPlan:
    """The plan of the fiscal year starting 1 July ``year``; ``WorkPlan.DoesNotExist`` when there is none
    or the reader may not see it (the public sees approved plans only)."""
    return plan_list(internal=internal).get(fiscal_year_start=date(year, 7, 1))


def _objectives_with_figures() -> QuerySet[Objective]:
    return Objective.objects.select_related("goal__plan", "measure").prefetch_related(
        Prefetch("figures", queryset=ObjectiveFigure.objects.order_by("as_of"))
    )


def plan_objectives(*, plan: WorkPlan) -> QuerySet[Objective]:
    return _objectives_with_figures().filter(goal__plan=plan)


def objective_get(*, uuid, internal: bool) -> Objective:
    """One objective with its plan, activities, aims and items; DoesNotExist when its plan is not visible."""
    objectives = Objective.objects.select_related("goal__plan", "measure", "carried_from__goal__plan").prefetch_related(
        Prefetch("figures", queryset=ObjectiveFigure.objects.select_related("entered_by").order_by("as_of")),
        Prefetch("activities", queryset=Activity.objects.order_by("order", "id")),
        "aims",
        "matrix_items__aim",
        "matrix_items__level",
    )
    if not internal:
        objectives = objectives.filter(goal__plan__approved_on__isnull=False)
    return objectives.get(uuid=uuid)


def _measure_points(objectives: list[Objective], *, plan: WorkPlan, public: bool) -> dict[int, list[Point]]:
    """{measure id: monthly values for everyone, in time order} over the plan's year, one query.

    Only months the data cover to their end (the month's last day on or before the computation's
    "data as of"), as the measure pages read them; the public gets only the cells it may see.
    """
    measure_ids = {objective.measure_id for objective in objectives if objective.measure_id is not None}
    if not measure_ids:
        return {}
    rows = MeasureResult.objects.filter(
        measure_id__in=measure_ids,
        period_type="month",
        stratum="all",
        period_start__gte=plan.fiscal_year_start,
        period_start__lte=plan.fiscal_year_end,
        value__isnull=False,
    )
    if public:
        rows = rows.filter(suppressed=False)
    points: dict[int, list[Point]] = defaultdict(list)
    for measure_id, start, value, as_of in rows.order_by("period_start").values_list(
        "measure_id", "period_start", "value", "computation__data_as_of"
    ):
        end = month_end(start)
        if as_of is None or end <= as_of:
            points[measure_id].append(Point(end, float(value)))
    return points


def _progress(objective: Objective, points: list[Point], *, plan: WorkPlan, today: date) -> Progress:
    latest = points[-1] if points else None
    figures = {
        "baseline": objective.baseline,
        "target": objective.target,
        "direction": objective.direction,
    }
    status = objective_status(
        latest=latest.value if latest else None,
        latest_on=latest.on if latest else None,
        start=plan.fiscal_year_start,
        due=objective.due_date,
        today=today,
        **figures,
    )
    rating = objective_rating(latest=latest.value if latest else None, **figures)
    return Progress(objective=objective, points=points, status=status, rating=rating)


def objectives_progress(
    *, plan: WorkPlan, objectives: list[Objective], public: bool, today: date | None = None
) -> dict[int, Progress]:
    """{objective id: Progress} for objectives of one plan, read as ``public`` or staff would."""
    today = today or status_day()
    by_measure = _measure_points(objectives, plan=plan, public=public)
    progress = {}
    for objective in objectives:
        if objective.measure_id is not None:
            points = by_measure.get(objective.measure_id, [])
        else:
            points = [
                Point(figure.as_of, float(figure.value))
                for figure in objective.figures.all()
                if plan.fiscal_year_start <= figure.as_of <= plan.fiscal_year_end
            ]
        progress[objective.pk] = _progress(objective, points, plan=plan, today=today)
    return progress


def plan_overview(*, plan: WorkPlan, public: bool, status: str | None = None, today: date | None = None) -> list[dict]:
    """The plan's goals in order, each ``{"goal", "rows": [Progress]}``; ``status`` keeps only the
    objectives with that status (goals left without any are dropped). A fixed number of queries."""
    objectives = list(plan_objectives(plan=plan))
    progress = objectives_progress(plan=plan, objectives=objectives, public=public, today=today)
    by_goal: dict[int, list[Progress]] = defaultdict(list)
    for objective in objectives:
        if status is None or progress[objective.pk].status == status:
            by_goal[objective.goal_id].append(progress[objective.pk])
    goals = Goal.objects.filter(plan=plan).select_related("area").order_by("order", "id")
    return [
        {"goal": goal, "rows": by_goal.get(goal.pk, [])} for goal in goals if status is None or by_goal.get(goal.pk)
    ]


def objective_progress(*, objective: Objective, public: bool, today: date | None = None) -> Progress:
    plan = objective.goal.plan
    return objectives_progress(plan=plan, objectives=[objective], public=public, today=today)[objective.pk]


def evaluation_get(*, plan: WorkPlan, internal: bool) -> Evaluation:
    """The plan's evaluation; DoesNotExist when there is none or it is not approved and the reader is public."""
    evaluations = Evaluation.objects.select_related("plan")
    if not internal:
        evaluations = evaluations.filter(approved_on__isnull=False)
    return evaluations.get(plan=plan)


def evaluation_rows(*, evaluation: Evaluation, public: bool, today: date | None = None) -> list[dict]:
    """Each objective of the evaluated plan with its review and figures: ``{"review", "progress",
    "rating", "latest_value", "latest_on"}``. Once approved, the rating and latest figure are the ones kept
    at approval (computed from published figures); before, they are computed now for this reader."""
    plan = evaluation.plan
    objectives = list(plan_objectives(plan=plan))
    progress = objectives_progress(plan=plan, objectives=objectives, public=public, today=today)
    reviews = {review.objective_id: review for review in ObjectiveReview.objects.filter(evaluation=evaluation)}
    rows = []
    for objective in objectives:
        review = reviews.get(objective.pk)
        row_progress = progress[objective.pk]
        if evaluation.is_approved and review is not None and review.rating:
            rating = review.rating
            latest_value = review.latest_value
            latest_on = review.latest_on
        else:
            latest = row_progress.latest
            rating = row_progress.rating
            latest_value = latest.value if latest else None
            latest_on = latest.on if latest else None
        rows.append(
            {
                "objective": objective,
                "review": review,
                "progress": row_progress,
                "rating": rating,
                "rating_label": Rating(rating).label,
                "latest_value": latest_value,
                "latest_on": latest_on,
            }
        )
    return rows


def objectives_for_agenda(*, since: date, until: date, public: bool = True) -> list[Progress]:
    """Objectives the council should look at in a meeting between ``since`` and ``until``: those due in
    that window, and those off track (at risk or not met) in a plan whose year has not ended before
    ``since``. Each is a :class:`Progress` (its ``status`` and figures); read with the published figures
    only unless ``public`` is False, since a council agenda is read by consumer members too. Statuses are as
    of today. Ordered by due date. Plans of every state (drafts too): the council works on drafts."""
    first_plan = date(since.year if since.month >= 7 else since.year - 1, 7, 1)
    objectives = list(
        _objectives_with_figures().filter(
            goal__plan__fiscal_year_start__gte=first_plan, goal__plan__fiscal_year_start__lte=until
        )
    )
    by_plan: dict[int, list[Objective]] = defaultdict(list)
    for objective in objectives:
        by_plan[objective.goal.plan_id].append(objective)
    chosen = []
    for members in by_plan.values():
        plan = members[0].goal.plan
        progress = objectives_progress(plan=plan, objectives=members, public=public)
        for objective in members:
            row = progress[objective.pk]
            if since <= objective.due_date <= until or row.status in OFF_TRACK:
                chosen.append(row)
    return sorted(chosen, key=lambda row: (row.objective.due_date, row.objective.pk))
