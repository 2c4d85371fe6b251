"""Dialogues: the public list and pages, the public sign-up, and QI staff's editing and sign-up lists."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dialogues.forms.sessions import (
    DialogueForm,
    FacilitatorFormSet,
    HandToCellForm,
    HeadcountForm,
    OpportunityForm,
    SignupForm,
)
from dialogues.models import Dialogue, ImprovementOpportunity, Language
from dialogues.selectors import sessions as selectors
from dialogues.services import sessions as services
from qic.core.exports import csv_response
from qic.core.permissions import permission_required
from qic.core.spam import rate_limit_count, rate_limit_reached

HELD_PER_PAGE = 20


def _dialogue_or_404(pk: int) -> Dialogue:
    try:
        return selectors.dialogue_get(pk=pk)
    except Dialogue.DoesNotExist as error:
        raise Http404(_("There is no such dialogue.")) from error


def _public_facilitators(dialogue):
    return [
        {"first_name": selectors.first_name(facilitator.name), "role": facilitator.get_role_display()}
        for facilitator in dialogue.facilitators.all()
    ]


@require_GET
def dialogue_list(request):
    is_staff = request.user.has_perm("dialogues.change_dialogue")
    held = Paginator(selectors.dialogues_held(), HELD_PER_PAGE).get_page(request.GET.get("page"))
    for dialogue in held:
        dialogue.public_facilitators = _public_facilitators(dialogue)
    return render(
        request,
        "dialogues/sessions/dialogue_list.html",
        {
            "upcoming": selectors.dialogues_upcoming(),
            "held": held,
            "to_record": selectors.dialogues_to_record() if is_staff else None,
            "can_add": request.user.has_perm("dialogues.add_dialogue"),
        },
    )


@require_GET
def dialogue_detail(request, pk):
    dialogue = _dialogue_or_404(pk)
    can_edit = request.user.has_perm("dialogues.change_dialogue")
    can_see_signups = request.user.has_perm("dialogues.view_dialoguesignup")
    context = {
        "dialogue": dialogue,
        "public_facilitators": _public_facilitators(dialogue),
        "totals": selectors.dialogue_headcount_totals(dialogue=dialogue),
        "signup_refusal": services.dialogue_signup_refusal(dialogue=dialogue, signups_count=dialogue.signups_count),
        "can_edit": can_edit,
        "can_see_signups": can_see_signups,
        "signups": selectors.dialogue_signups(dialogue=dialogue) if can_see_signups else None,
        "history": selectors.dialogue_history(dialogue=dialogue) if can_edit else None,
    }
    if can_edit:
        context["opportunity_form"] = OpportunityForm()
        context["hand_form"] = HandToCellForm()
    return render(request, "dialogues/sessions/dialogue_detail.html", context)


def _facilitator_initial(dialogue):
    return [{"name": f.name, "role": f.role} for f in dialogue.facilitators.all()] if dialogue.pk else []


def _dialogue_form_page(request, dialogue: Dialogue):
    creating = dialogue.pk is None
    data = request.POST if request.method == "POST" else None
    form = DialogueForm(data, instance=dialogue)
    facilitators = FacilitatorFormSet(data, initial=_facilitator_initial(dialogue), prefix="facilitators")
    headcount_form = HeadcountForm(data, initial=HeadcountForm.initial_for(dialogue), prefix="headcount")
    if request.method == "POST":
        valid = form.is_valid()
        valid = facilitators.is_valid() and valid
        valid = headcount_form.is_valid() and valid
        if valid:
            try:
                saved = services.dialogue_save(
                    dialogue=form.instance,
                    facilitators=[f for f in facilitators.cleaned_data if f],
                    headcounts=headcount_form.headcounts(),
                    matrix_items=form.cleaned_data["matrix_items"],
                    by=request.user,
                    change_reason=form.cleaned_data.get("change_reason", ""),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("Dialogue saved.") if not creating else _("Dialogue added."))
                return redirect(saved)
    return render(
        request,
        "dialogues/sessions/dialogue_form.html",
        {
            "form": form,
            "facilitators": facilitators,
            "headcount_form": headcount_form,
            "dialogue": None if creating else dialogue,
        },
    )


@permission_required("dialogues.add_dialogue")
@require_http_methods(["GET", "POST"])
def dialogue_create(request):
    return _dialogue_form_page(request, Dialogue())


@permission_required("dialogues.change_dialogue")
@require_http_methods(["GET", "POST"])
def dialogue_edit(request, pk):
    return _dialogue_form_page(request, get_object_or_404(Dialogue, pk=pk))


def _signup_accepted(request, dialogue):
    """What every sign-up that looks accepted gets: the same message, and one count towards the limit."""
    rate_limit_count(request, scope="dialogue-signup")
    messages.success(request, _("Thank you, you are signed up. We will contact you before the dialogue to confirm."))
    return redirect(dialogue)


@require_http_methods(["GET", "POST"])
def dialogue_signup(request, pk):
    dialogue = _dialogue_or_404(pk)
    refusal = services.dialogue_signup_refusal(dialogue=dialogue, signups_count=dialogue.signups_count)
    if refusal:
        return render(request, "dialogues/sessions/signup.html", {"dialogue": dialogue, "refusal": refusal})
    language = (getattr(request, "LANGUAGE_CODE", "") or "")[:2]
    form = SignupForm(
        request.POST or None, initial={"preferred_language": language if language in Language.values else "en"}
    )
    status = 200
    if request.method == "POST":
        if rate_limit_reached(request, scope="dialogue-signup"):
            form.add_error(
                None, _("Too many sign-ups have come from this connection. Please try again in an hour, or call us.")
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.dialogue_signup_create(
                    dialogue=dialogue,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    role=data["role"],
                    preferred_language=data["preferred_language"],
                    accommodations=data["accommodations"],
                    consent_to_contact=data["consent_to_contact"],
                )
            except services.DuplicateSignup:
                # As on the join form: typing someone's e-mail or phone must not reveal that they signed up.
                return _signup_accepted(request, dialogue)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _signup_accepted(request, dialogue)
            status = 400
        elif form.caught_by_honeypot:
            # Looks like success to the bot, as on the join form; nothing was stored.
            return _signup_accepted(request, dialogue)
        else:
            status = 400  # as the join form and the other forms answer when sent with mistakes
    return render(request, "dialogues/sessions/signup.html", {"dialogue": dialogue, "form": form}, status=status)


@permission_required("dialogues.view_dialoguesignup")
@require_GET
def dialogue_signups_csv(request, pk):
    dialogue = get_object_or_404(Dialogue, pk=pk)
    local = timezone.localtime
    rows = [
        [
            _("Name"),
            _("E-mail"),
            _("Phone"),
            _("Role"),
            _("Preferred language"),
            _("Accommodations"),
            _("Signed up"),
        ]
    ]
    rows += [
        [
            signup.name,
            signup.email,
            signup.phone,
            signup.get_role_display(),
            signup.get_preferred_language_display(),
            signup.accommodations,
            local(signup.created_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for signup in selectors.dialogue_signups(dialogue=dialogue)
    ]
    return csv_response(filename=f"dialogue-{dialogue.pk}-sign-ups.csv", rows=rows)


@permission_required("dialogues.add_improvementopportunity")
@require_POST
def dialogue_opportunity_create(request, pk):
    dialogue = _dialogue_or_404(pk)
    form = OpportunityForm(request.POST)
    if form.is_valid():
        try:
            services.opportunity_surface(dialogue=dialogue, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Improvement opportunity added."))
            return redirect(dialogue)
    return render(request, "dialogues/sessions/opportunity_form.html", {"dialogue": dialogue, "form": form})


@permission_required("dialogues.change_improvementopportunity")
@require_POST
def dialogue_opportunity_hand(request, pk, opportunity_pk):
    dialogue = get_object_or_404(Dialogue, pk=pk)
    opportunity = get_object_or_404(ImprovementOpportunity, pk=opportunity_pk, dialogue=dialogue)
    form = HandToCellForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the cell to hand this opportunity to."))
        return redirect(dialogue)
    services.opportunity_hand_to_cell(opportunity=opportunity, cell=form.cleaned_data["cell"], by=request.user)
    messages.success(
        request,
        _("“%(title)s” handed to %(cell)s.") % {"title": opportunity, "cell": form.cleaned_data["cell"]},
    )
    return redirect(dialogue)
