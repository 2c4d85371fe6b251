"""CQI cells: the public list and pages, and QI staff's work on members, meetings, attendance,
stipends, opportunities and PDSA cycles. Members (any role) vote on their cell's opportunities."""

import mimetypes
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dialogues.forms.cells import (
    ActionStepForm,
    AttendanceForm,
    CellForm,
    MeetingForm,
    MemberAddForm,
    MemberLeaveForm,
    OpportunityForm,
    OutcomeStandardForm,
    PdsaForm,
    StipendFilterForm,
    StipendPayForm,
    VoteForm,
)
from dialogues.models import (
    ActionStep,
    CqiCell,
    ImprovementOpportunity,
    Meeting,
    MeetingStatus,
    Membership,
    PdsaCycle,
    PdsaDecision,
    PriorityVote,
    ReviewStatus,
    StipendEntry,
    StipendStatus,
)
from dialogues.selectors import cells as selectors
from dialogues.services import cells as services
from dialogues.services import improvement
from qic.core.exports import csv_response
from qic.core.permissions import permission_required

STAFF_VIEW = "dialogues.view_cqicell"


def _form_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, by field where it names one the form has."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _cell_for(request, slug) -> CqiCell:
    """The cell, if the person may see it: active and forming cells are public; others only for staff."""
    try:
        cell = selectors.cell_get(slug=slug)
    except CqiCell.DoesNotExist as error:
        raise Http404(_("No such cell.")) from error
    if cell.status not in selectors.PUBLIC_STATUSES and not request.user.has_perm(STAFF_VIEW):
        raise Http404(_("No such cell."))
    return cell


def _member_or_staff(request, cell, perm: str):
    """Members of the cell (any role) and people holding ``perm`` get through; anonymous → login."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    membership = selectors.membership_current_for(cell=cell, user=request.user)
    if membership is None and not request.user.has_perm(perm):
        raise PermissionDenied
    return membership


# --- Cells ------------------------------------------------------------------------------------


@require_GET
def cell_list(request):
    return render(request, "dialogues/cells/cell_list.html", {"cells": selectors.cells_public()})


@require_GET
def cell_detail(request, slug):
    cell = _cell_for(request, slug)
    staff = request.user.has_perm(STAFF_VIEW)
    membership = selectors.membership_current_for(cell=cell, user=request.user)
    context = {
        "cell": cell,
        "share": selectors.cell_consumer_share(cell=cell),
        "opportunities": selectors.cell_opportunities(cell=cell),
        "waiting": selectors.cell_opportunities_waiting(cell=cell, user=request.user, staff=staff),
        "cycles": selectors.cell_pdsa_cycles(cell=cell),
        "staff": staff,
        "membership": membership,
        "can_open_work": staff or membership is not None,
    }
    if staff:
        context.update(
            members=selectors.cell_members(cell=cell),
            meetings=selectors.cell_meetings(cell=cell),
            ledger=selectors.stipend_totals(entries=selectors.stipend_entries(cell=cell)),
        )
    return render(request, "dialogues/cells/cell_detail.html", context)


def _cell_form_view(request, *, cell: CqiCell | None):
    form = CellForm(request.POST or None, request.FILES or None, instance=cell)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        try:
            saved = services.cell_save(
                cell=saved,
                aims=form.cleaned_data["aims"],
                levels=form.cleaned_data["levels"],
                matrix_items=form.cleaned_data["matrix_items"],
                changed_by=request.user,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The cell was saved."))
            return redirect(saved)
    return render(request, "dialogues/cells/cell_form.html", {"form": form, "cell": cell})


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.add_cqicell")
def cell_create(request):
    return _cell_form_view(request, cell=None)


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.change_cqicell")
def cell_edit(request, slug):
    return _cell_form_view(request, cell=get_object_or_404(CqiCell, slug=slug))


@require_GET
@permission_required(STAFF_VIEW)
def cell_process_document(request, slug):
    """The uploaded process chart, for QI staff and directors only (never a public media URL)."""
    cell = get_object_or_404(CqiCell, slug=slug)
    if not cell.process_document:
        raise Http404(_("This cell has no process chart."))
    name = Path(cell.process_document.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(cell.process_document.open("rb"), content_type=content_type, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Members ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.add_membership")
def member_add(request, slug):
    cell = get_object_or_404(CqiCell, slug=slug)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(cell=cell, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The member was added."))
            return redirect(cell)
    return render(request, "dialogues/cells/member_form.html", {"form": form, "cell": cell})


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.change_membership")
def member_leave(request, slug, pk):
    cell = get_object_or_404(CqiCell, slug=slug)
    membership = get_object_or_404(Membership.objects.select_related("user"), cell=cell, pk=pk)
    form = MemberLeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_leave(
                membership=membership, left_on=form.cleaned_data["left_on"], changed_by=request.user
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The member was marked as having left."))
            return redirect(cell)
    return render(request, "dialogues/cells/member_leave.html", {"form": form, "cell": cell, "membership": membership})


# --- Meetings and attendance ------------------------------------------------------------------


def _meeting_form_view(request, *, cell, meeting):
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.cell = cell
        try:
            saved = services.meeting_save(meeting=saved, changed_by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("dialogues:meeting_detail", cell.slug, saved.pk)
    return render(request, "dialogues/cells/meeting_form.html", {"form": form, "cell": cell, "meeting": meeting})


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.add_meeting")
def meeting_create(request, slug):
    return _meeting_form_view(request, cell=get_object_or_404(CqiCell, slug=slug), meeting=None)


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.change_meeting")
def meeting_edit(request, slug, pk):
    cell = get_object_or_404(CqiCell, slug=slug)
    return _meeting_form_view(request, cell=cell, meeting=get_object_or_404(Meeting, cell=cell, pk=pk))


def _attendance_memberships(meeting):
    day = timezone.localtime(meeting.starts_at).date()
    recorded = meeting.attendance.values_list("membership_id", flat=True)
    return (
        (selectors.cell_members_current(cell=meeting.cell, on=day) | Membership.objects.filter(pk__in=recorded))
        .select_related("user")
        .distinct()
        .order_by("joined_on", "id")
    )


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.view_meeting")
def meeting_detail(request, slug, pk):
    """The meeting, with the attendance form (a checkbox per member) for QI staff."""
    cell = get_object_or_404(CqiCell, slug=slug)
    meeting = get_object_or_404(Meeting.objects.select_related("cell"), cell=cell, pk=pk)
    can_record = request.user.has_perms(["dialogues.add_attendance", "dialogues.change_attendance"])
    memberships = list(_attendance_memberships(meeting))
    attended = [str(pk) for pk in meeting.attendance.filter(attended=True).values_list("membership_id", flat=True)]
    form = AttendanceForm(request.POST or None, memberships=memberships, initial={"attended": attended})
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.attendance_record(
                    meeting=meeting,
                    attended_membership_ids=[int(pk) for pk in form.cleaned_data["attended"]],
                    recorded_by=request.user,
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Attendance was recorded."))
                return redirect("dialogues:meeting_detail", cell.slug, meeting.pk)
    return render(
        request,
        "dialogues/cells/meeting_detail.html",
        {
            "cell": cell,
            "meeting": meeting,
            "form": form if can_record and meeting.status != MeetingStatus.CANCELLED else None,
            "attendance": meeting.attendance.select_related("membership__user"),
            "stipends": meeting.stipends.select_related("membership__user"),
        },
    )


# --- Stipend ledger ---------------------------------------------------------------------------


def _ledger_filters(request):
    form = StipendFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {"cell": data["cell"], "status": data["status"], "period": data["period"], "on": data["on"]}
    return form, filters


@require_GET
@permission_required("dialogues.view_stipendentry")
def stipend_ledger(request):
    form, filters = _ledger_filters(request)
    entries = list(selectors.stipend_entries(**filters))
    group_by = filters.get("period") or selectors.PeriodKind.MONTH
    can_pay = request.user.has_perm("dialogues.change_stipendentry")
    return render(
        request,
        "dialogues/cells/stipend_ledger.html",
        {
            "form": form,
            "entries": entries,
            "totals": selectors.stipend_totals(entries=entries, period=group_by),
            "can_pay": can_pay,
            "pay_form": StipendPayForm() if can_pay else None,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@permission_required("dialogues.view_stipendentry")
def stipend_ledger_csv(request):
    _form, filters = _ledger_filters(request)
    rows = selectors.stipend_csv_rows(entries=selectors.stipend_entries(**filters))
    return csv_response(filename=f"stipends-{timezone.localdate():%Y-%m-%d}.csv", rows=rows)


@require_POST
@permission_required("dialogues.change_stipendentry")
def stipend_mark_paid(request):
    ids = [value for value in request.POST.getlist("entries") if value.isdigit()]
    owed = StipendEntry.objects.filter(pk__in=ids, status=StipendStatus.OWED).values_list("pk", flat=True)
    form = StipendPayForm(request.POST, entry_ids=list(owed))
    back = request.POST.get("next", "")
    target = reverse("dialogues:stipend_ledger") + (f"?{back}" if back and not back.startswith(("/", "http")) else "")
    if form.is_valid():
        count = services.stipend_mark_paid(
            entries=StipendEntry.objects.filter(pk__in=form.cleaned_data["entries"]),
            paid_on=form.cleaned_data["paid_on"],
            changed_by=request.user,
        )
        messages.success(request, _("%(count)d stipends were marked as paid.") % {"count": count})
    else:
        messages.error(request, _("Choose at least one owed stipend and the day it was paid."))
    return redirect(target)


# --- Opportunities ----------------------------------------------------------------------------


def _opportunity_form_view(request, *, cell, opportunity):
    form = OpportunityForm(request.POST or None, instance=opportunity)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.cell = cell
        try:
            saved = improvement.opportunity_save(
                opportunity=saved, matrix_items=form.cleaned_data["matrix_items"], changed_by=request.user
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The opportunity was saved."))
            return redirect("dialogues:opportunity_detail", cell.slug, saved.pk)
    return render(
        request, "dialogues/cells/opportunity_form.html", {"form": form, "cell": cell, "opportunity": opportunity}
    )


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.add_improvementopportunity")
def opportunity_create(request, slug):
    return _opportunity_form_view(request, cell=get_object_or_404(CqiCell, slug=slug), opportunity=None)


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.change_improvementopportunity")
def opportunity_edit(request, slug, pk):
    cell = get_object_or_404(CqiCell, slug=slug)
    opportunity = get_object_or_404(ImprovementOpportunity, cell=cell, pk=pk)
    return _opportunity_form_view(request, cell=cell, opportunity=opportunity)


@require_http_methods(["GET", "POST"])
def opportunity_detail(request, slug, pk):
    """An opportunity, its votes, action steps and outcome standards: for the cell's members and staff.
    Members vote here (POST)."""
    cell = _cell_for(request, slug)
    gate = _member_or_staff(request, cell, "dialogues.view_improvementopportunity")
    if hasattr(gate, "status_code"):
        return gate
    membership = gate
    staff = request.user.has_perm(STAFF_VIEW)
    try:
        opportunity = selectors.opportunity_get(cell=cell, pk=pk, user=request.user, staff=staff)
    except ImprovementOpportunity.DoesNotExist as error:
        raise Http404(_("No such opportunity.")) from error
    own = PriorityVote.objects.filter(opportunity=opportunity, voter=request.user).first()
    initial = {"impact": own.impact, "effort": own.effort} if own else None
    can_vote = membership is not None and opportunity.review_status == ReviewStatus.APPROVED
    vote_form = VoteForm(request.POST or None, initial=initial) if can_vote else None
    if request.method == "POST":
        if vote_form is None:
            raise PermissionDenied
        if vote_form.is_valid():
            try:
                improvement.opportunity_vote(opportunity=opportunity, voter=request.user, **vote_form.cleaned_data)
            except ValidationError as error:
                _form_errors(vote_form, error)
            else:
                messages.success(request, _("Thank you: your vote was saved."))
                return redirect("dialogues:opportunity_detail", cell.slug, opportunity.pk)
    return render(
        request,
        "dialogues/cells/opportunity_detail.html",
        {
            "cell": cell,
            "opportunity": selectors.opportunity_priority(opportunity=opportunity),
            "own_vote": own,
            "vote_form": vote_form,
            "steps": selectors.action_steps_for(opportunity=opportunity),
            # County staff see a month hidden publicly, as on the measure pages; everyone else sees it hidden.
            "standards": selectors.outcome_standards_for(
                opportunity=opportunity, internal=request.user.has_perm("measures.view_measure")
            ),
            "cycles": opportunity.pdsa_cycles.order_by("starts_on", "id"),
            "staff": staff,
        },
    )


@require_POST
@permission_required("dialogues.change_improvementopportunity")
def opportunity_review(request, slug, pk):
    """QI staff approve a member's idea for the cell's public page, or decline it."""
    cell = get_object_or_404(CqiCell, slug=slug)
    opportunity = get_object_or_404(ImprovementOpportunity, cell=cell, pk=pk)
    decision = request.POST.get("decision", "")
    try:
        improvement.opportunity_review(opportunity=opportunity, decision=decision, reviewed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if decision == ReviewStatus.APPROVED:
            done = _("“%(title)s” is approved: it now shows on the cell's page.")
        else:
            done = _("“%(title)s” is not taken up. Only the member who proposed it and QI staff see it.")
        messages.success(request, done % {"title": opportunity})
    return redirect(cell)


def _step_form_view(request, *, cell, opportunity, step):
    form = ActionStepForm(request.POST or None, instance=step, cell=cell)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.opportunity = opportunity
        try:
            improvement.action_step_save(step=saved, changed_by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The action step was saved."))
            return redirect("dialogues:opportunity_detail", cell.slug, opportunity.pk)
    return render(
        request,
        "dialogues/cells/action_step_form.html",
        {"form": form, "cell": cell, "opportunity": opportunity, "step": step},
    )


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.add_actionstep")
def action_step_create(request, slug, pk):
    cell = get_object_or_404(CqiCell, slug=slug)
    opportunity = get_object_or_404(ImprovementOpportunity, cell=cell, pk=pk)
    return _step_form_view(request, cell=cell, opportunity=opportunity, step=None)


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.change_actionstep")
def action_step_edit(request, slug, pk, step_pk):
    cell = get_object_or_404(CqiCell, slug=slug)
    opportunity = get_object_or_404(ImprovementOpportunity, cell=cell, pk=pk)
    step = get_object_or_404(ActionStep, opportunity=opportunity, pk=step_pk)
    return _step_form_view(request, cell=cell, opportunity=opportunity, step=step)


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.add_outcomestandard")
def outcome_standard_create(request, slug, pk):
    cell = get_object_or_404(CqiCell, slug=slug)
    opportunity = get_object_or_404(ImprovementOpportunity, cell=cell, pk=pk)
    form = OutcomeStandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        standard = form.save(commit=False)
        standard.opportunity = opportunity
        try:
            improvement.outcome_standard_save(standard=standard)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The outcome standard was saved."))
            return redirect("dialogues:opportunity_detail", cell.slug, opportunity.pk)
    return render(
        request,
        "dialogues/cells/outcome_standard_form.html",
        {"form": form, "cell": cell, "opportunity": opportunity},
    )


# --- PDSA cycles ------------------------------------------------------------------------------

_NEXT_CYCLE_TEXTS = ("title", "plan_prediction", "plan_who", "plan_where", "plan_measure")
_NEXT_CYCLE_FIELDS = ("opportunity", "measure", *_NEXT_CYCLE_TEXTS, *(f"{name}_es" for name in _NEXT_CYCLE_TEXTS))


def _pdsa_form_view(request, *, cell, cycle, previous=None):
    initial = None
    if cycle is None and previous is not None:
        initial = {name: getattr(previous, name) for name in _NEXT_CYCLE_FIELDS}
        initial["opportunity"] = previous.opportunity_id
        initial["measure"] = previous.measure_id
        initial["starts_on"] = timezone.localdate()
    elif cycle is None:
        opportunity = request.GET.get("opportunity", "")
        initial = {"starts_on": timezone.localdate(), "opportunity": opportunity if opportunity.isdigit() else None}
    form = PdsaForm(request.POST or None, instance=cycle, cell=cell, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.cell = cell
        if cycle is None and previous is not None:
            saved.previous = previous
        try:
            saved = improvement.pdsa_cycle_save(cycle=saved, changed_by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The PDSA cycle was saved."))
            return redirect(saved)
    return render(
        request,
        "dialogues/cells/pdsa_form.html",
        {"form": form, "cell": cell, "cycle": cycle, "previous": previous},
    )


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.add_pdsacycle")
def pdsa_create(request, slug):
    cell = get_object_or_404(CqiCell, slug=slug)
    previous = None
    previous_id = request.GET.get("previous") or request.POST.get("previous_cycle")
    if previous_id:
        if not str(previous_id).isdigit():
            raise Http404(_("No such PDSA cycle."))
        previous = get_object_or_404(PdsaCycle, cell=cell, pk=previous_id)
        if PdsaCycle.objects.filter(previous=previous).exists():
            messages.info(request, _("A next cycle was already started from this one."))
            return redirect(previous.next_cycle)
    return _pdsa_form_view(request, cell=cell, cycle=None, previous=previous)


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.change_pdsacycle")
def pdsa_edit(request, slug, pk):
    cell = get_object_or_404(CqiCell, slug=slug)
    return _pdsa_form_view(request, cell=cell, cycle=get_object_or_404(PdsaCycle, cell=cell, pk=pk))


@require_GET
def pdsa_detail(request, slug, pk):
    cell = _cell_for(request, slug)
    gate = _member_or_staff(request, cell, "dialogues.view_pdsacycle")
    if hasattr(gate, "status_code"):
        return gate
    try:
        cycle = selectors.pdsa_get(cell=cell, pk=pk)
    except PdsaCycle.DoesNotExist as error:
        raise Http404(_("No such PDSA cycle.")) from error
    following = PdsaCycle.objects.filter(previous=cycle).first()
    return render(
        request,
        "dialogues/cells/pdsa_detail.html",
        {
            "cell": cell,
            "cycle": cycle,
            "following": following,
            "offer_next": cycle.act_decision == PdsaDecision.ADAPT and following is None,
        },
    )
