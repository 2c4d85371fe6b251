"""Writing work plans: starting a year, editing it, entering figures, and the council's approvals."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workplan.models import (
    Activity,
    ActivityStatus,
    Evaluation,
    Goal,
    Objective,
    ObjectiveFigure,
    ObjectiveReview,
    ReviewArea,
    WorkPlan,
)
from workplan.review_areas import REVIEW_AREAS
from workplan.selectors import evaluation_rows, objectives_progress, plan_objectives
from workplan.status import Direction, Rating

APPROVAL_FIELDS = (
    "approved_on",
    "meeting_reference",
    "consumers_present",
    "family_members_present",
    "providers_present",
    "county_staff_present",
    "directors_present",
)


def review_areas_load_defaults() -> int:
    """Add the review areas of ``workplan.review_areas`` that are missing; return how many were added.

    Areas already present (found by code) are left as the council edited them, so running it again
    changes nothing.
    """
    added = 0
    for order, area in enumerate(REVIEW_AREAS, start=1):
        _row, created = ReviewArea.objects.get_or_create(code=area["code"], defaults={**area, "order": order * 10})
        added += created
    return added


def _plan_new(*, year: int, started_from: WorkPlan | None = None) -> WorkPlan:
    start = date(year, 7, 1)
    if WorkPlan.objects.filter(fiscal_year_start=start).exists():
        raise ValidationError(_("There is already a work plan for that fiscal year."))
    return WorkPlan.objects.create(fiscal_year_start=start, started_from=started_from)


@transaction.atomic
def plan_create_from_template(*, year: int) -> WorkPlan:
    """A plan for the fiscal year starting 1 July ``year`` with one goal per active review area, in both
    languages, for the council to edit. ``ValidationError`` when the year already has a plan."""
    review_areas_load_defaults()
    plan = _plan_new(year=year)
    for area in ReviewArea.objects.filter(active=True):
        Goal.objects.create(
            plan=plan,
            area=area,
            order=area.order,
            title=area.name,
            title_es=area.name_es,
            description=area.description,
            description_es=area.description_es,
        )
    return plan


def _next_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def plan_create_from_last_year(*, year: int) -> WorkPlan:
    """A plan for fiscal year ``year`` carrying forward last year's objectives that were not met.

    Each objective not rated "met" (the rating kept by last year's approved evaluation, or computed now
    from the published figures when there is none) is copied with its goal, its aims, matrix items and
    the activities not done; its due date moves on a year; its baseline becomes last year's latest
    published figure where there is one (the old baseline otherwise). Goals with nothing left to carry
    are not copied. ``ValidationError`` when last year has no plan or this year already has one.
    """
    last = WorkPlan.objects.filter(fiscal_year_start=date(year - 1, 7, 1)).first()
    if last is None:
        raise ValidationError(_("There is no work plan for last year to start from."))
    plan = _plan_new(year=year, started_from=last)
    objectives = list(plan_objectives(plan=last).prefetch_related("aims", "matrix_items", "activities"))
    progress = objectives_progress(plan=last, objectives=objectives, public=True, today=last.fiscal_year_end)
    kept = {
        review.objective_id: review.rating
        for review in ObjectiveReview.objects.filter(evaluation__plan=last, evaluation__approved_on__isnull=False)
        if review.rating
    }
    new_goals: dict[int, Goal] = {}
    for objective in objectives:
        rating = kept.get(objective.pk, progress[objective.pk].rating)
        if rating == Rating.MET:
            continue
        goal = new_goals.get(objective.goal_id)
        if goal is None:
            old = objective.goal
            goal = new_goals[old.pk] = Goal.objects.create(
                plan=plan,
                area_id=old.area_id,
                order=old.order,
                title=old.title,
                title_es=old.title_es,
                description=old.description,
                description_es=old.description_es,
            )
        latest = progress[objective.pk].latest
        copy = Objective.objects.create(
            goal=goal,
            order=objective.order,
            title=objective.title,
            title_es=objective.title_es,
            measure_id=objective.measure_id,
            unit_label=objective.unit_label,
            direction=objective.direction,
            baseline=Decimal(str(round(latest.value, 2))) if latest else objective.baseline,
            baseline_note=(_("%(year)s, latest figure") % {"year": last.label}) if latest else objective.baseline_note,
            target=objective.target,
            due_date=_next_year(objective.due_date),
            responsible=objective.responsible,
            carried_from=objective,
        )
        copy.aims.set(objective.aims.all())
        copy.matrix_items.set(objective.matrix_items.all())
        for activity in objective.activities.all():
            if activity.status != ActivityStatus.DONE:
                Activity.objects.create(
                    objective=copy,
                    order=activity.order,
                    description=activity.description,
                    description_es=activity.description_es,
                    responsible=activity.responsible,
                    due_date=_next_year(activity.due_date) if activity.due_date else None,
                    status=activity.status,
                )
    return plan


def objective_save(*, objective: Objective, aims=None, matrix_items=None) -> Objective:
    """Save an objective built by a form and set what it serves. A due date must fall in its plan's year."""
    plan = objective.goal.plan
    if not plan.fiscal_year_start <= objective.due_date <= plan.fiscal_year_end:
        raise ValidationError({"due_date": _("The due date must fall within %(year)s.") % {"year": plan.label}})
    with transaction.atomic():
        objective.save()
        if aims is not None:
            objective.aims.set(aims)
        if matrix_items is not None:
            objective.matrix_items.set(matrix_items)
    return objective


def objective_figure_record(*, objective: Objective, as_of: date, value: Decimal, source: str, by) -> ObjectiveFigure:
    """Record a figure QI staff entered for an objective without a registry measure, with who and when.

    A second figure for the same date replaces the first (the history keeps both). ``ValidationError`` when
    the objective is measured by the registry: its figures come from the data.
    """
    if objective.measure_id is not None:
        raise ValidationError(_("This objective's figures come from its measure; they cannot be entered by hand."))
    figure, _created = ObjectiveFigure.objects.update_or_create(
        objective=objective, as_of=as_of, defaults={"value": value, "source": source, "entered_by": by}
    )
    return figure


def _approval_check(values: dict) -> None:
    if not (values.get("consumers_present") or values.get("family_members_present")):
        raise ValidationError(
            _("At least one consumer or family member must have taken part: the state asks for their involvement.")
        )


@transaction.atomic
def plan_approve(*, plan: WorkPlan, approval: dict) -> WorkPlan:
    """Record the council's approval of a plan (``approval`` holds ``APPROVAL_FIELDS``)."""
    _approval_check(approval)
    for name in APPROVAL_FIELDS:
        setattr(plan, name, approval[name])
    plan.save()
    return plan


@transaction.atomic
def evaluation_start(*, plan: WorkPlan) -> Evaluation:
    """The plan's evaluation with a review for every objective; running it again adds the reviews of
    objectives added since, and changes nothing else."""
    evaluation, _created = Evaluation.objects.get_or_create(plan=plan)
    for objective in Objective.objects.filter(goal__plan=plan):
        ObjectiveReview.objects.get_or_create(objective=objective, defaults={"evaluation": evaluation})
    return evaluation


@transaction.atomic
def evaluation_approve(*, evaluation: Evaluation, approval: dict) -> Evaluation:
    """Record the council's approval and keep each objective's rating and latest figure as the public
    reads them (published figures only), so the approved evaluation says the same thing to everyone and
    does not change when later data arrive."""
    _approval_check(approval)
    evaluation_start(plan=evaluation.plan)
    evaluation.refresh_from_db()
    for row in evaluation_rows(evaluation=evaluation, public=True, today=evaluation.plan.fiscal_year_end):
        review = row["review"]
        latest = row["progress"].latest
        review.rating = row["progress"].rating
        review.latest_value = Decimal(str(round(latest.value, 2))) if latest else None
        review.latest_on = latest.on if latest else None
        review.save()
    for name in APPROVAL_FIELDS:
        setattr(evaluation, name, approval[name])
    evaluation.save()
    return evaluation


def plan_for_day(*, day: date) -> WorkPlan | None:
    """The work plan of the fiscal year (1 July to 30 June) that ``day`` falls in, if there is one."""
    start = date(day.year if day.month >= 7 else day.year - 1, 7, 1)
    return WorkPlan.objects.filter(fiscal_year_start=start).first()


@transaction.atomic
def objective_add_under_goal(
    *,
    plan: WorkPlan,
    goal_title: str,
    goal_title_es: str = "",
    title: str,
    title_es: str = "",
    baseline: Decimal,
    baseline_note: str = "",
    target: Decimal,
    unit_label: str,
    responsible: str,
) -> Objective:
    """Add an objective measured by figures staff enter (no registry measure), higher being better, due at
    the end of the plan's year, under the plan's goal titled ``goal_title`` (made, last, when missing).

    For apps above this one (the council's self-assessment) that turn something they found into an objective.
    ``ValidationError`` (nothing written) when the goal's title, the objective's title or who is responsible is
    blank.
    """
    if not (goal_title.strip() and title.strip() and responsible.strip()):
        raise ValidationError(_("The goal, the objective and who is responsible cannot be blank."))
    goal = Goal.objects.filter(plan=plan, title=goal_title).first()
    if goal is None:
        last = plan.goals.order_by("-order").values_list("order", flat=True).first() or 0
        goal = Goal.objects.create(plan=plan, title=goal_title, title_es=goal_title_es, order=last + 10)
    objective = Objective(
        goal=goal,
        title=title,
        title_es=title_es,
        unit_label=unit_label,
        direction=Direction.INCREASE,
        baseline=baseline,
        baseline_note=baseline_note,
        target=target,
        due_date=plan.fiscal_year_end,
        responsible=responsible,
    )
    return objective_save(objective=objective)
