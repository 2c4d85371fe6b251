"""From signal to action, on a problem's page: take up or dismiss a draft raised from a chart's signal, and
hand an open problem to a cell as an improvement opportunity or as a PDSA cycle (the new item links back)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dialogues.forms.problems import DismissForm, ProblemToOpportunityForm, ProblemToPdsaForm
from dialogues.models import ProblemStatus
from dialogues.services import problem_drafts, problem_handoff
from dialogues.views.cells import _form_errors
from dialogues.views.problems import _detail, _problem_or_404, _resolved_refusal
from qic.core.permissions import permission_required


@permission_required("dialogues.change_problem")
@require_POST
def problem_draft_take_up(request, pk):
    problem = _problem_or_404(pk)
    try:
        problem_drafts.problem_draft_take_up(problem=problem, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You took up this problem: it is open, and you are its owner."))
    return redirect(problem)


@permission_required("dialogues.change_problem")
@require_POST
def problem_draft_dismiss(request, pk):
    problem = _problem_or_404(pk)
    if problem.status != ProblemStatus.DRAFT:
        messages.error(request, _("This draft was already taken up, dismissed or withdrawn."))
        return redirect(problem)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            problem_drafts.problem_draft_dismiss(problem=problem, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Draft dismissed."))
            return redirect("dialogues:problem_board")
    return _detail(request, problem, dismiss_form=form, status=400)


def _handoff(request, pk, *, form_class, initial, create, heading: str, done: str):
    problem = _problem_or_404(pk)
    if refusal := _resolved_refusal(request, problem):
        return refusal
    form = form_class(request.POST or None, initial=initial(problem))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = create(problem=problem, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(item.get_absolute_url())
        status = 400
    return render(
        request,
        "dialogues/problems/handoff_form.html",
        {"form": form, "problem": problem, "heading": heading},
        status=status,
    )


@permission_required("dialogues.change_problem", "dialogues.add_improvementopportunity")
@require_http_methods(["GET", "POST"])
def problem_to_opportunity(request, pk):
    return _handoff(
        request,
        pk,
        form_class=ProblemToOpportunityForm,
        initial=lambda problem: {
            "cell": problem.cell_id,
            **{field: getattr(problem, field) for field in ("title", "title_es", "description", "description_es")},
        },
        create=problem_handoff.problem_opportunity_create,
        heading=_("Hand this problem to a cell as an improvement opportunity"),
        done=_("The cell has a new improvement opportunity, linked to the problem."),
    )


@permission_required("dialogues.change_problem", "dialogues.add_pdsacycle")
@require_http_methods(["GET", "POST"])
def problem_to_pdsa(request, pk):
    return _handoff(
        request,
        pk,
        form_class=ProblemToPdsaForm,
        initial=lambda problem: {
            "cell": problem.cell_id,
            "measure": problem.measure_id,
            "starts_on": timezone.localdate(),
        },
        create=problem_handoff.problem_pdsa_create,
        heading=_("Test a change against this problem: a PDSA cycle in a cell"),
        done=_("The PDSA cycle was planned, linked to the problem."),
    )
