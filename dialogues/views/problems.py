"""Problem escalation: the board of open problems by tier, raising one (from a chart signal too), and
escalating, taking and resolving it. For QI staff, directors and administrators only."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dialogues.forms.problems import DismissForm, EscalateForm, ProblemForm, ResolveForm
from dialogues.models import CLOSED_DRAFT_STATUSES, CqiCell, Problem, ProblemStatus
from dialogues.selectors import problems as selectors
from dialogues.services import problems as services
from measures.models import Measure
from qic.core.permissions import permission_required

DEFAULT_DAYS_TO_ACT = 30


def _problem_or_404(pk: int) -> Problem:
    try:
        return selectors.problem_get(pk=pk)
    except Problem.DoesNotExist as error:
        raise Http404(_("There is no such problem.")) from error


@permission_required("dialogues.view_problem")
@require_GET
def problem_board(request):
    mine = request.GET.get("mine") == "1"
    return render(
        request,
        "dialogues/problems/board.html",
        {
            "columns": selectors.problems_board(owner=request.user if mine else None),
            "drafts": selectors.problems_drafts(owner=request.user if mine else None),
            "can_change": request.user.has_perm("dialogues.change_problem"),
            "mine": mine,
            "resolved": selectors.problems_resolved(),
            "can_add": request.user.has_perm("dialogues.add_problem"),
        },
    )


def _initial_from_link(request) -> dict:
    """What a "raise a problem" link carries: a measure's code, a signal's month (YYYY-MM), a cell's slug."""
    initial = {"due_on": timezone.localdate() + timedelta(days=DEFAULT_DAYS_TO_ACT)}
    if selectors.problem_owner_choices().filter(pk=request.user.pk).exists():
        initial["owner"] = request.user.pk
    measure = Measure.objects.filter(code=request.GET.get("measure", "")).first()
    if measure is not None:
        initial["measure"] = measure.pk
        try:
            month = date.fromisoformat(f"{request.GET.get('month', '')}-01")
        except ValueError:
            month = None
        if month is not None:
            initial["signal_month"] = month
            initial["title"] = _("Signal on the chart: %(measure)s, %(month)s") % {
                "measure": measure.display_name,
                "month": month.strftime("%Y-%m"),
            }
    cell = CqiCell.objects.filter(slug=request.GET.get("cell", "")).first()
    if cell is not None:
        initial["cell"] = cell.pk
    return initial


def _already_raised(request):
    """The problem already raised for the chart signal a "raise a problem" link names (a draft raised after the
    recompute, say), if any: raising it again would make two problems of one signal."""
    initial = _initial_from_link(request)
    if "signal_month" not in initial:
        return None
    return (
        Problem.objects.filter(measure_id=initial["measure"], signal_month=initial["signal_month"])
        .exclude(status__in=CLOSED_DRAFT_STATUSES)
        .order_by("pk")
        .first()
    )


@permission_required("dialogues.add_problem")
@require_http_methods(["GET", "POST"])
def problem_create(request):
    if request.method == "GET" and (raised := _already_raised(request)) is not None:
        messages.info(request, _("This chart signal was already raised as a problem: here it is."))
        return redirect(raised)
    form = ProblemForm(request.POST or None, initial=_initial_from_link(request))
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_raise(problem=form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Problem recorded."))
            return redirect(problem)
    return render(request, "dialogues/problems/problem_form.html", {"form": form})


def _detail(request, problem: Problem, *, escalate_form=None, resolve_form=None, dismiss_form=None, status=200):
    user = request.user
    can_change = problem.status == ProblemStatus.OPEN and user.has_perm("dialogues.change_problem")
    if can_change:
        escalate_form = escalate_form or EscalateForm(problem=problem)
        resolve_form = resolve_form or ResolveForm()
    can_decide_draft = problem.status == ProblemStatus.DRAFT and user.has_perm("dialogues.change_problem")
    return render(
        request,
        "dialogues/problems/problem_detail.html",
        {
            "problem": problem,
            "escalations": problem.escalations.all(),
            "can_change": can_change,
            "can_escalate": can_change and bool(escalate_form.fields["to_tier"].choices),
            "escalate_form": escalate_form if can_change else None,
            "resolve_form": resolve_form if can_change else None,
            "dismiss_form": (dismiss_form or DismissForm()) if can_decide_draft else None,
            "can_hand_to_cell": can_change and user.has_perm("dialogues.add_improvementopportunity"),
            "can_start_pdsa": can_change and user.has_perm("dialogues.add_pdsacycle"),
            "opportunities": problem.opportunities.all(),
            "pdsa_cycles": problem.pdsa_cycles.all(),
            "history": problem.history.select_related("history_user").order_by("-history_date")[:20],
        },
        status=status,
    )


@permission_required("dialogues.view_problem")
@require_GET
def problem_detail(request, pk):
    return _detail(request, _problem_or_404(pk))


def _resolved_refusal(request, problem: Problem):
    """A problem's page, with the reason, for a change posted to it when it is not open (from a page left open)."""
    if problem.status == ProblemStatus.OPEN:
        return None
    if problem.status == ProblemStatus.DRAFT:
        messages.error(request, _("This is a draft: take it up first."))
    elif problem.status == ProblemStatus.RESOLVED:
        messages.error(request, _("This problem is resolved: it can no longer be changed."))
    else:
        messages.error(request, _("This draft was dismissed or withdrawn: it can no longer be changed."))
    return redirect(problem)


@permission_required("dialogues.change_problem")
@require_POST
def problem_escalate(request, pk):
    problem = _problem_or_404(pk)
    if refusal := _resolved_refusal(request, problem):
        return refusal
    form = EscalateForm(request.POST, problem=problem)
    if form.is_valid():
        try:
            services.problem_escalate(
                problem=problem,
                to_tier=form.cleaned_data["to_tier"],
                reason=form.cleaned_data["reason"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
                problem_url=request.build_absolute_uri(problem.get_absolute_url()),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Problem escalated."))
            return redirect(problem)
    return _detail(request, problem, escalate_form=form)


@permission_required("dialogues.change_problem")
@require_POST
def problem_take(request, pk):
    problem = _problem_or_404(pk)
    try:
        services.problem_take(problem=problem, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are now the owner of this problem."))
    return redirect(problem)


@permission_required("dialogues.change_problem")
@require_POST
def problem_resolve(request, pk):
    problem = _problem_or_404(pk)
    if refusal := _resolved_refusal(request, problem):
        return refusal
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.problem_resolve(problem=problem, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Problem resolved."))
            return redirect(problem)
    return _detail(request, problem, resolve_form=form)
