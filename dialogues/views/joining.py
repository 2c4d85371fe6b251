from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dialogues.forms.joining import (
    NO_HEALTH_NOTE,
    ApproveForm,
    DeclineForm,
    JoinForm,
    OpportunityProposeForm,
    SurveyForm,
)
from dialogues.models import ApplicationStatus, JoinApplication, SurveyResponse
from dialogues.selectors.cells import opportunities_proposed_by
from dialogues.selectors.joining import (
    application_membership,
    applications_for_staff,
    attendance_for_user,
    cell_for_member,
    cells_open_for_applications,
    meetings_upcoming_for_user,
    memberships_current_for_user,
    quarter_start,
    stipends_for_user,
    survey_response_for_user,
)
from dialogues.services.joining import (
    DuplicateApplication,
    application_approve,
    application_decline,
    application_delete,
    application_submit,
    opportunity_propose,
    survey_response_save,
    user_invitation_path,
)
from qic.core.permissions import permission_required
from qic.core.spam import rate_limit_count, rate_limit_reached

# --- The public join form ---------------------------------------------------------------------


def _join_accepted(request):
    """What every submission that looks accepted gets: the thank-you page, and one count towards the limit."""
    rate_limit_count(request, scope="join")
    return redirect("dialogues:join_thanks")


@require_http_methods(["GET", "POST"])
def join(request):
    """Anyone may ask to join a CQI cell. No account needed, and no health information asked for."""
    status = 200
    if request.method == "POST":
        form = JoinForm(request.POST)
        if rate_limit_reached(request, scope="join"):
            messages.error(
                request,
                _("Too many forms have been sent from this connection. Please wait an hour and try again, or call us."),
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                application_submit(
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    role=data["role"],
                    preferred_language=data["preferred_language"],
                    availability=data["availability"],
                    accommodations=data["accommodations"],
                    cell=data["cell"],
                    consent_to_contact=data["consent_to_contact"],
                    consent_to_privacy_notice=data["consent_to_privacy_notice"],
                )
            except DuplicateApplication:
                # The same page as a first application: typing someone's e-mail must not reveal that they applied.
                return _join_accepted(request)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _join_accepted(request)
            status = 400
        elif form.caught_by_honeypot:
            # Looks like success to the bot, as on the dialogue sign-up; nothing was stored.
            return _join_accepted(request)
        else:
            status = 400
    else:
        initial = {"preferred_language": "es" if request.LANGUAGE_CODE == "es" else "en"}
        wanted = request.GET.get("cell", "")
        if wanted:
            initial["cell"] = cells_open_for_applications().filter(slug=wanted).first()
        form = JoinForm(initial=initial)
    return render(
        request, "dialogues/joining/join_form.html", {"form": form, "no_health_note": NO_HEALTH_NOTE}, status=status
    )


@require_GET
def join_thanks(request):
    return render(request, "dialogues/joining/join_thanks.html")


@require_GET
def privacy_notice(request):
    return render(request, "dialogues/joining/privacy_notice.html")


# --- QI staff: applications -------------------------------------------------------------------


@require_GET
@permission_required("dialogues.view_joinapplication")
def application_list(request):
    status = request.GET.get("status", "")
    if status not in ApplicationStatus.values:
        status = ""
    applications = applications_for_staff(status=status)
    return render(
        request,
        "dialogues/joining/application_list.html",
        {"applications": applications, "status": status, "statuses": ApplicationStatus.choices},
    )


def _get_application_for_staff(pk: int) -> JoinApplication:
    return get_object_or_404(JoinApplication.objects.select_related("cell", "decided_by"), pk=pk)


@require_http_methods(["GET", "POST"])
@permission_required("dialogues.view_joinapplication")
def application_detail(request, pk: int):
    application = _get_application_for_staff(pk)
    approve_form = ApproveForm(application=application)
    decline_form = DeclineForm()
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("dialogues.change_joinapplication"):
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "approve":
            approve_form = ApproveForm(request.POST, application=application)
            if approve_form.is_valid():
                try:
                    decision = application_approve(
                        application=application,
                        decided_by=request.user,
                        cell=approve_form.cleaned_data["cell"],
                        site_url=request.build_absolute_uri("/").rstrip("/"),
                    )
                except ValidationError as error:
                    approve_form.add_error("cell", error)
                else:
                    if decision.already_decided:
                        messages.info(request, _("This application was already decided. Nothing was changed."))
                    elif decision.already_member:
                        messages.success(request, _("Approved. They were already a member of this cell."))
                    else:
                        messages.success(
                            request,
                            _("Approved. %(name)s is now a member of %(cell)s.")
                            % {"name": decision.application.name, "cell": decision.application.cell},
                        )
                    return redirect("dialogues:application_detail", pk=application.pk)
        elif action == "delete":
            if not request.user.has_perm("dialogues.delete_joinapplication"):
                raise PermissionDenied
            if request.POST.get("applicant_asked") == "yes":
                application_delete(application=application)
                messages.success(request, _("The application was deleted, as the applicant asked."))
                return redirect("dialogues:application_list")
            messages.error(
                request, _("Tick the box to confirm the applicant asked for their application to be deleted.")
            )
            return redirect("dialogues:application_detail", pk=application.pk)
        elif action == "decline":
            decline_form = DeclineForm(request.POST)
            if decline_form.is_valid():
                decision = application_decline(
                    application=application, decided_by=request.user, reason=decline_form.cleaned_data["reason"]
                )
                if decision.already_decided:
                    messages.info(request, _("This application was already decided. Nothing was changed."))
                else:
                    messages.success(request, _("Declined. The applicant has been told."))
                return redirect("dialogues:application_detail", pk=application.pk)
        else:
            return redirect("dialogues:application_detail", pk=application.pk)
        status = 400

    membership = None
    invitation_url = ""
    if application.status == ApplicationStatus.APPROVED:
        membership = application_membership(application=application)
        if membership is not None and not application.email:
            path = user_invitation_path(user=membership.user)
            invitation_url = request.build_absolute_uri(path) if path else ""
    return render(
        request,
        "dialogues/joining/application_detail.html",
        {
            "application": application,
            "approve_form": approve_form,
            "decline_form": decline_form,
            "membership": membership,
            "invitation_url": invitation_url,
            "can_decide": request.user.has_perm("dialogues.change_joinapplication"),
        },
        status=status,
    )


# --- A member's own pages ---------------------------------------------------------------------


def _get_cell_for_member(request, slug: str):
    cell = cell_for_member(user=request.user, slug=slug)
    if cell is None:
        raise Http404(_("You are not a current member of this cell."))
    return cell


@require_GET
@login_required
def my_partnership(request):
    """A member's own page: their cells, their cells' upcoming meetings, their attendance and stipends."""
    user = request.user
    memberships = list(memberships_current_for_user(user=user))
    return render(
        request,
        "dialogues/joining/my_partnership.html",
        {
            "memberships": memberships,
            "meetings": meetings_upcoming_for_user(user=user),
            "attendance": attendance_for_user(user=user),
            "stipends": stipends_for_user(user=user),
            "ideas": opportunities_proposed_by(user=user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def opportunity_propose_view(request, slug: str):
    cell = _get_cell_for_member(request, slug)
    status = 200
    if request.method == "POST":
        form = OpportunityProposeForm(request.POST)
        if form.is_valid():
            try:
                opportunity_propose(cell=cell, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                thanks = _(
                    "Thank you. Your idea is waiting for review; once QI staff approve it, the cell's page shows it."
                )
                messages.success(request, thanks)
                return redirect("dialogues:my_partnership")
        status = 400
    else:
        form = OpportunityProposeForm()
    return render(request, "dialogues/joining/opportunity_form.html", {"form": form, "cell": cell}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def survey(request, slug: str):
    cell = _get_cell_for_member(request, slug)
    existing = survey_response_for_user(user=request.user, cell=cell)
    status = 200
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            survey_response_save(
                cell=cell,
                user=request.user,
                answers={question: data[question] for question in SurveyResponse.QUESTIONS},
                comment=data["comment"],
            )
            messages.success(request, _("Thank you. Your answers are saved."))
            return redirect("dialogues:my_partnership")
        status = 400
    else:
        initial = {}
        if existing is not None:
            initial = {question: getattr(existing, question) for question in SurveyResponse.QUESTIONS}
            initial["comment"] = existing.comment
        form = SurveyForm(initial=initial)
    return render(
        request,
        "dialogues/joining/survey_form.html",
        {"form": form, "cell": cell, "existing": existing, "quarter": quarter_start(timezone.localdate())},
        status=status,
    )
