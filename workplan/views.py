"""The work plan's pages. Everyone reads approved plans and evaluations (published figures only); QI
staff and directors read drafts and every figure; QI staff write."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qic.core.permissions import permission_required
from workplan import selectors, services
from workplan.charts import objective_figure, objective_summary
from workplan.forms import (
    ActivityForm,
    ApprovalForm,
    EvaluationApprovalForm,
    EvaluationSummaryForm,
    FigureForm,
    GoalForm,
    ObjectiveForm,
    PlanForm,
    PlanStartForm,
    ReviewForm,
)
from workplan.models import Activity, Evaluation, Goal, Objective, WorkPlan
from workplan.status import RATING_RULE, STATUS_RULE, ObjectiveStatus

VIEW_DRAFTS = "workplan.view_workplan"


def _internal(request) -> bool:
    return request.user.has_perm(VIEW_DRAFTS)


def _get_plan_for_user(request, year: int) -> WorkPlan:
    try:
        return selectors.plan_get(year=year, internal=_internal(request))
    except WorkPlan.DoesNotExist as error:
        raise Http404(_("There is no such work plan.")) from error


def _get_objective_for_user(request, uuid) -> Objective:
    try:
        return selectors.objective_get(uuid=uuid, internal=_internal(request))
    except Objective.DoesNotExist as error:
        raise Http404(_("There is no such objective.")) from error


def _get_goal(uuid) -> Goal:
    try:
        return Goal.objects.select_related("plan").get(uuid=uuid)
    except Goal.DoesNotExist as error:
        raise Http404(_("There is no such goal.")) from error


def _chart(progress, *, compact: bool, figure_id: str, status_label: str = "") -> dict:
    objective = progress.objective
    plan = objective.goal.plan
    figure = objective_figure(
        progress.points,
        baseline=objective.baseline,
        target=objective.target,
        start=plan.fiscal_year_start,
        due=objective.due_date,
        unit=objective.unit_text,
        suffix=objective.unit_suffix,
        compact=compact,
    )
    return {
        "figure_id": figure_id,
        "figure_json": figure.to_json(),
        "figure_label": _("Chart: %(objective)s") % {"objective": objective.display_title},
        "figure_summary": objective_summary(
            latest=progress.latest,
            baseline=objective.baseline,
            target=objective.target,
            due=objective.due_date,
            suffix=objective.unit_suffix,
            status_label=status_label or progress.status_label,
        ),
    }


@require_GET
def plan_list(request):
    return render(
        request,
        "workplan/plan_list.html",
        {
            "plans": selectors.plan_list(internal=_internal(request)),
            "can_edit": request.user.has_perm("workplan.add_workplan"),
        },
    )


@permission_required("workplan.add_workplan")
@require_http_methods(["GET", "POST"])
def plan_start(request):
    today = timezone.localdate()
    form = PlanStartForm(request.POST or None, initial={"year": today.year if today.month >= 7 else today.year - 1})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            if form.cleaned_data["start_from"] == PlanStartForm.FROM_LAST_YEAR:
                plan = services.plan_create_from_last_year(year=year)
            else:
                plan = services.plan_create_from_template(year=year)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The work plan %(year)s is ready to edit.") % {"year": plan.label})
            return redirect(plan)
    return render(request, "workplan/plan_start.html", {"form": form})


@require_GET
def plan_detail(request, year: int):
    plan = _get_plan_for_user(request, year)
    internal = _internal(request)
    status = request.GET.get("status") or None
    if status not in ObjectiveStatus.values:
        status = None
    goals = selectors.plan_overview(plan=plan, public=not internal, status=status)
    for group in goals:
        for progress in group["rows"]:
            progress.chart = _chart(progress, compact=True, figure_id=f"chart-{progress.objective.uuid}")
    evaluation = getattr(plan, "evaluation", None)
    return render(
        request,
        "workplan/plan_detail.html",
        {
            "plan": plan,
            "goals": goals,
            "status": status,
            "statuses": ObjectiveStatus.choices,
            "status_rule": STATUS_RULE,
            "internal": internal,
            "can_edit": request.user.has_perm("workplan.change_objective"),
            "evaluation_visible": evaluation is not None and (internal or evaluation.is_approved),
        },
    )


@permission_required("workplan.change_workplan")
@require_http_methods(["GET", "POST"])
def plan_approve(request, year: int):
    plan = _get_plan_for_user(request, year)
    form = ApprovalForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.plan_approve(plan=plan, approval=form.cleaned_data)
        messages.success(request, _("The council's approval is recorded; the plan is now public."))
        return redirect(plan)
    return render(request, "workplan/approve.html", {"form": form, "plan": plan, "what": _("the work plan")})


@permission_required("workplan.change_workplan")
@require_http_methods(["GET", "POST"])
def plan_edit(request, year: int):
    plan = _get_plan_for_user(request, year)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(plan)
    return render(request, "workplan/form.html", {"form": form, "plan": plan, "heading": _("The plan's introduction")})


@permission_required("workplan.add_goal")
@require_http_methods(["GET", "POST"])
def goal_create(request, year: int):
    plan = _get_plan_for_user(request, year)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        goal = form.save(commit=False)
        goal.plan = plan
        goal.save()
        return redirect(plan)
    return render(request, "workplan/form.html", {"form": form, "plan": plan, "heading": _("Add a goal")})


@permission_required("workplan.change_goal")
@require_http_methods(["GET", "POST"])
def goal_edit(request, uuid):
    goal = _get_goal(uuid)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(goal.plan)
    return render(request, "workplan/form.html", {"form": form, "plan": goal.plan, "heading": _("Edit the goal")})


def _objective_form(request, *, form: ObjectiveForm, plan: WorkPlan, heading: str):
    if request.method == "POST" and form.is_valid():
        objective = form.save(commit=False)
        try:
            services.objective_save(
                objective=objective,
                aims=form.cleaned_data["aims"],
                matrix_items=form.cleaned_data["matrix_items"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(objective)
    return render(request, "workplan/form.html", {"form": form, "plan": plan, "heading": heading})


@permission_required("workplan.add_objective")
@require_http_methods(["GET", "POST"])
def objective_create(request, uuid):
    goal = _get_goal(uuid)
    form = ObjectiveForm(
        request.POST or None, instance=Objective(goal=goal), initial={"due_date": goal.plan.fiscal_year_end}
    )
    return _objective_form(
        request, form=form, plan=goal.plan, heading=_("Add an objective to “%(goal)s”") % {"goal": goal}
    )


@permission_required("workplan.change_objective")
@require_http_methods(["GET", "POST"])
def objective_edit(request, uuid):
    objective = _get_objective_for_user(request, uuid)
    form = ObjectiveForm(request.POST or None, instance=objective)
    return _objective_form(request, form=form, plan=objective.goal.plan, heading=_("Edit the objective"))


@require_GET
def objective_detail(request, uuid):
    objective = _get_objective_for_user(request, uuid)
    internal = _internal(request)
    progress = selectors.objective_progress(objective=objective, public=not internal)
    return render(
        request,
        "workplan/objective_detail.html",
        {
            "objective": objective,
            "plan": objective.goal.plan,
            "progress": progress,
            "chart": _chart(progress, compact=False, figure_id="objective-chart"),
            "status_rule": STATUS_RULE,
            "internal": internal,
            "can_edit": request.user.has_perm("workplan.change_objective"),
            "can_enter_figures": objective.measure_id is None and request.user.has_perm("workplan.add_objectivefigure"),
        },
    )


@permission_required("workplan.add_objectivefigure")
@require_http_methods(["GET", "POST"])
def figure_add(request, uuid):
    objective = _get_objective_for_user(request, uuid)
    form = FigureForm(request.POST or None, objective=objective)
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_figure_record(objective=objective, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The figure is recorded."))
            return redirect(objective)
    heading = _("Enter a figure for “%(objective)s”") % {"objective": objective.display_title}
    return render(request, "workplan/form.html", {"form": form, "plan": objective.goal.plan, "heading": heading})


@permission_required("workplan.add_activity")
@require_http_methods(["GET", "POST"])
def activity_create(request, uuid):
    objective = _get_objective_for_user(request, uuid)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.objective = objective
        activity.save()
        return redirect(objective)
    heading = _("Add an activity to “%(objective)s”") % {"objective": objective.display_title}
    return render(request, "workplan/form.html", {"form": form, "plan": objective.goal.plan, "heading": heading})


@permission_required("workplan.change_activity")
@require_http_methods(["GET", "POST"])
def activity_edit(request, uuid, pk: int):
    objective = _get_objective_for_user(request, uuid)
    try:
        activity = objective.activities.get(pk=pk)
    except Activity.DoesNotExist as error:
        raise Http404(_("There is no such activity.")) from error
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(objective)
    return render(
        request, "workplan/form.html", {"form": form, "plan": objective.goal.plan, "heading": _("Edit the activity")}
    )


def _get_evaluation_for_user(request, plan: WorkPlan) -> Evaluation:
    try:
        return selectors.evaluation_get(plan=plan, internal=_internal(request))
    except Evaluation.DoesNotExist as error:
        raise Http404(_("There is no evaluation of this work plan yet.")) from error


@require_GET
def evaluation_detail(request, year: int):
    plan = _get_plan_for_user(request, year)
    evaluation = _get_evaluation_for_user(request, plan)
    internal = _internal(request)
    # Once approved, everyone reads what the council approved: the published figures, charts included.
    public = not internal or evaluation.is_approved
    rows = selectors.evaluation_rows(evaluation=evaluation, public=public)
    for row in rows:
        # The sentence under the chart says the evaluation's rating (met, partly met, not met), as the badge does.
        row["chart"] = _chart(
            row["progress"],
            compact=True,
            figure_id=f"chart-{row['objective'].uuid}",
            status_label=str(row["rating_label"]),
        )
    return render(
        request,
        "workplan/evaluation_detail.html",
        {
            "plan": plan,
            "evaluation": evaluation,
            "rows": rows,
            "rating_rule": RATING_RULE,
            "internal": internal,
            "reviews_missing": any(row["review"] is None for row in rows),
            "can_edit": request.user.has_perm("workplan.change_evaluation"),
        },
    )


@permission_required("workplan.add_evaluation")
@require_POST
def evaluation_begin(request, year: int):
    plan = _get_plan_for_user(request, year)
    services.evaluation_start(plan=plan)
    return redirect("workplan:evaluation_detail", year=year)


@permission_required("workplan.change_evaluation")
@require_http_methods(["GET", "POST"])
def evaluation_summary_edit(request, year: int):
    plan = _get_plan_for_user(request, year)
    evaluation = _get_evaluation_for_user(request, plan)
    form = EvaluationSummaryForm(request.POST or None, instance=evaluation)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(evaluation)
    return render(request, "workplan/form.html", {"form": form, "plan": plan, "heading": _("The evaluation's summary")})


@permission_required("workplan.change_objectivereview")
@require_http_methods(["GET", "POST"])
def review_edit(request, uuid):
    objective = _get_objective_for_user(request, uuid)
    review = getattr(objective, "review", None)
    if review is None:
        raise Http404(_("Start the evaluation of this work plan first."))
    form = ReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(review.evaluation)
    heading = _("Evaluate “%(objective)s”") % {"objective": objective.display_title}
    return render(request, "workplan/form.html", {"form": form, "plan": objective.goal.plan, "heading": heading})


@permission_required("workplan.change_evaluation")
@require_http_methods(["GET", "POST"])
def evaluation_approve(request, year: int):
    plan = _get_plan_for_user(request, year)
    evaluation = _get_evaluation_for_user(request, plan)
    form = EvaluationApprovalForm(request.POST or None, instance=evaluation)
    if request.method == "POST" and form.is_valid():
        services.evaluation_approve(evaluation=evaluation, approval=form.cleaned_data)
        messages.success(request, _("The council's approval is recorded; the evaluation is now public."))
        return redirect(evaluation)
    return render(request, "workplan/approve.html", {"form": form, "plan": plan, "what": _("the annual evaluation")})
