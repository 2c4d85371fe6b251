"""The yearly Whole System Quality self-assessment: the results over the years (QI staff and directors),
rating this year's elements (QI staff), and making an element below stage 2 a work plan objective."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from council.forms import SelfAssessmentForm
from council.models import WSQ_TARGET_STAGE, ElementRating, WsqStage
from council.selectors.assessment import assessment_for_year, assessment_history
from council.services.assessment import assessment_rate, rating_objective_create
from qic.core.permissions import permission_required


@permission_required("council.view_selfassessment", "council.view_elementrating")
@require_GET
def assessment_overview(request):
    years, rows = assessment_history()
    user = request.user
    return render(
        request,
        "council/assessment.html",
        {
            "years": years,
            "rows": rows,
            "stages": WsqStage.choices,
            "this_year": timezone.localdate().year,
            "target_stage": WSQ_TARGET_STAGE,
            "can_rate": user.has_perms(["council.add_elementrating", "council.change_elementrating"]),
            "can_make_objective": user.has_perms(["council.change_elementrating", "workplan.add_objective"]),
        },
    )


@permission_required("council.add_elementrating", "council.change_elementrating")
@require_http_methods(["GET", "POST"])
def assessment_rate_view(request):
    year = timezone.localdate().year
    form = SelfAssessmentForm(request.POST or None, current=assessment_for_year(year=year))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                assessment_rate(year=year, ratings=form.ratings(), by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("This year's self-assessment is saved."))
                return redirect("council:assessment")
        status = 400
    return render(
        request,
        "council/form.html",
        {
            "form": form,
            "heading": _("Whole system quality self-assessment %(year)s") % {"year": year},
            "intro": _(
                "For each of the six elements of the IHI white paper “Whole System Quality”, choose the stage "
                "the council has reached (0 to 3) and say what it rests on."
            ),
        },
        status=status,
    )


@permission_required("council.change_elementrating", "workplan.add_objective")
@require_POST
def rating_objective(request, pk):
    rating = get_object_or_404(ElementRating, pk=pk)
    try:
        objective = rating_objective_create(rating=rating, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("council:assessment")
    messages.success(request, _("Added to this year's work plan as an objective."))
    return redirect(objective.get_absolute_url())
