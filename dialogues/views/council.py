"""The council: its overview of every cell, the success indicators, the oversight committee and initiatives."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dialogues.forms.council import AttestationForm, InitiativeForm, OversightCommitteeForm, OversightMemberFormSet
from dialogues.models import COUNCIL_INITIATIVE_LIMIT, CouncilInitiative, CqiCell, Indicator, OversightCommittee
from dialogues.selectors import council as council_selectors
from dialogues.selectors import indicators as indicator_selectors
from dialogues.selectors import problems as problem_selectors
from dialogues.selectors.cells import memberships_current
from dialogues.selectors.indicators import SURVEY_MINIMUM_RESPONDENTS
from dialogues.services import council as council_services
from dialogues.services import indicators as indicator_services
from qic.core.permissions import permission_required


@permission_required("dialogues.view_cqicell")
@require_GET
def council(request):
    return render(
        request,
        "dialogues/council/overview.html",
        {
            "overview": council_selectors.council_overview(),
            "problems": problem_selectors.open_problems_count_by_tier()
            if request.user.has_perm("dialogues.view_problem")
            else None,
            "can_edit_initiatives": request.user.has_perm("dialogues.change_councilinitiative"),
            "can_add_initiatives": request.user.has_perm("dialogues.add_councilinitiative"),
        },
    )


def _attestation_post(request, *, indicators, cell):
    """Handle the attestation form; returns (form, redirect-or-None)."""
    can_attest = request.user.has_perm("dialogues.add_indicatorattestation")
    if request.method != "POST":
        return (AttestationForm(indicators=indicators) if can_attest else None), None
    if not can_attest:
        raise PermissionDenied
    form = AttestationForm(request.POST, indicators=indicators)
    if form.is_valid():
        try:
            indicator_services.attestation_record(
                indicator=form.cleaned_data["indicator"],
                cell=cell,
                met=form.cleaned_data["met"],
                evidence=form.cleaned_data["evidence"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Attestation recorded."))
            return form, redirect(request.path)
    return form, None


@require_http_methods(["GET", "POST"])
def cell_indicators(request, slug):
    cell = get_object_or_404(CqiCell, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    is_member = memberships_current().filter(cell=cell, user=request.user).exists()
    if not (request.user.has_perm("dialogues.view_cqicell") or is_member):
        raise PermissionDenied
    indicators = [Indicator(value) for value in indicator_services.ATTESTABLE_FOR_CELL]
    form, done = _attestation_post(request, indicators=indicators, cell=cell)
    if done:
        return done
    return render(
        request,
        "dialogues/council/indicators.html",
        {
            "cell": cell,
            "scorecard": indicator_selectors.cell_scorecard(cell=cell),
            "attestation_form": form,
            "survey_minimum": SURVEY_MINIMUM_RESPONDENTS,
        },
    )


@permission_required("dialogues.view_cqicell")
@require_http_methods(["GET", "POST"])
def council_indicators(request):
    indicators = [Indicator(value) for value in indicator_services.ATTESTABLE_FOR_COUNCIL]
    form, done = _attestation_post(request, indicators=indicators, cell=None)
    if done:
        return done
    return render(
        request,
        "dialogues/council/indicators.html",
        {
            "cell": None,
            "scorecard": indicator_selectors.council_scorecard(),
            "attestation_form": form,
            "survey_minimum": SURVEY_MINIMUM_RESPONDENTS,
        },
    )


def _committee():
    return OversightCommittee.objects.order_by("-active", "name").first()


@permission_required("dialogues.view_oversightcommittee")
@require_GET
def oversight(request):
    committee = _committee()
    return render(
        request,
        "dialogues/council/oversight.html",
        {
            "committee": committee,
            "members": committee.members.all() if committee else [],
            "can_edit": request.user.has_perm("dialogues.change_oversightcommittee"),
        },
    )


@permission_required("dialogues.change_oversightcommittee", "dialogues.add_oversightcommittee")
@require_http_methods(["GET", "POST"])
def oversight_edit(request):
    committee = _committee() or OversightCommittee()
    data = request.POST if request.method == "POST" else None
    form = OversightCommitteeForm(data, instance=committee)
    initial = (
        [
            {"name": m.name, "role": m.role, "chairs": m.chairs, "joined_on": m.joined_on, "left_on": m.left_on}
            for m in committee.members.all()
        ]
        if committee.pk
        else []
    )
    members = OversightMemberFormSet(data, initial=initial, prefix="members")
    if request.method == "POST":
        valid = form.is_valid()
        valid = members.is_valid() and valid
        if valid:
            try:
                indicator_services.oversight_committee_save(
                    committee=form.instance, members=[m for m in members.cleaned_data if m], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Oversight committee saved."))
                return redirect("dialogues:oversight")
    return render(
        request, "dialogues/council/oversight_form.html", {"form": form, "members": members, "committee": committee}
    )


def _initiative_form_page(request, initiative: CouncilInitiative):
    creating = initiative.pk is None
    form = InitiativeForm(request.POST or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            council_services.initiative_save(
                initiative=form.instance,
                cells=form.cleaned_data["cells"],
                measures=form.cleaned_data["measures"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Initiative added.") if creating else _("Initiative saved."))
            active = council_selectors.active_initiatives_count()
            if active > COUNCIL_INITIATIVE_LIMIT:
                messages.warning(
                    request,
                    _(
                        "%(count)s initiatives are now active at once. The IHI paper advises three to five: consider "
                        "finishing or pausing one before starting more."
                    )
                    % {"count": active},
                )
            return redirect("dialogues:council")
    active_others = council_selectors.active_initiatives_count(exclude=initiative.pk)
    return render(
        request,
        "dialogues/council/initiative_form.html",
        {
            "form": form,
            "initiative": None if creating else initiative,
            "active_others": active_others,
            "at_limit": active_others >= COUNCIL_INITIATIVE_LIMIT,
            "limit": COUNCIL_INITIATIVE_LIMIT,
        },
    )


@permission_required("dialogues.add_councilinitiative")
@require_http_methods(["GET", "POST"])
def initiative_create(request):
    return _initiative_form_page(request, CouncilInitiative())


@permission_required("dialogues.change_councilinitiative")
@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk):
    return _initiative_form_page(request, get_object_or_404(CouncilInitiative, pk=pk))
