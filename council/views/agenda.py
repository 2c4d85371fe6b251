"""Editing a meeting's agenda before it is sent (QI staff), and raising a matter for it (members)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from council.forms import AgendaItemForm
from council.models import AgendaItem, CouncilMeeting, CouncilMeetingStatus
from council.selectors.agenda import AGENDA_SOURCE_DESCRIPTIONS
from council.selectors.body import member_served_at
from council.selectors.meetings import meeting_agenda
from council.services import agenda as agenda_services
from council.views._access import meeting_view
from qic.core.permissions import permission_required


def _meeting(public_id) -> CouncilMeeting:
    return get_object_or_404(CouncilMeeting, public_id=public_id)


@permission_required("council.change_agendaitem")
@require_http_methods(["GET", "POST"])
def agenda_edit(request, public_id):
    """The agenda with its controls: build it, move items up and down, remove them, add one."""
    meeting = _meeting(public_id)
    form = AgendaItemForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                agenda_services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Item added to the agenda."))
                return redirect("council:agenda_edit", public_id=meeting.public_id)
        status = 400
    return render(
        request,
        "council/agenda_edit.html",
        {
            "meeting": meeting,
            "agenda": meeting_agenda(meeting=meeting),
            "form": form,
            "editable": meeting.status == CouncilMeetingStatus.PLANNED,
            "sources": AGENDA_SOURCE_DESCRIPTIONS,
        },
        status=status,
    )


def _back(meeting):
    return redirect("council:agenda_edit", public_id=meeting.public_id)


@permission_required("council.add_agendaitem")
@require_POST
def agenda_build(request, public_id):
    meeting = _meeting(public_id)
    try:
        added = agenda_services.agenda_build(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if added:
            messages.success(request, _("%(count)s items added to the agenda.") % {"count": len(added)})
        else:
            messages.info(request, _("Nothing new since the agenda was last built."))
    return _back(meeting)


@permission_required("council.change_agendaitem")
@require_POST
def agenda_item_move(request, public_id, pk):
    meeting = _meeting(public_id)
    item = get_object_or_404(AgendaItem, pk=pk, meeting=meeting)
    try:
        agenda_services.agenda_item_move(item=item, up=request.POST.get("direction") == "up", by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("council:agenda_edit", args=[meeting.public_id]) + f"#agenda-item-{item.pk}")


@permission_required("council.delete_agendaitem")
@require_POST
def agenda_item_remove(request, public_id, pk):
    meeting = _meeting(public_id)
    item = get_object_or_404(AgendaItem, pk=pk, meeting=meeting)
    try:
        agenda_services.agenda_item_remove(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” removed from the agenda.") % {"title": item.title})
    return _back(meeting)


@require_http_methods(["GET", "POST"])
@meeting_view
def matter_add(request, meeting):
    """A council member (or QI staff) raises a matter for a planned meeting's agenda."""
    user = request.user
    if not (user.has_perm("council.add_agendaitem") or member_served_at(user=user, meeting=meeting)):
        raise PermissionDenied
    if meeting.status != CouncilMeetingStatus.PLANNED:
        messages.error(request, _("Matters can be raised only for a meeting still to come."))
        return redirect(meeting.get_absolute_url())
    form = AgendaItemForm(request.POST or None, member=True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                agenda_services.agenda_item_add(
                    meeting=meeting, by=request.user, member_matter=True, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you. Your matter is on the agenda; QI staff may move it."))
                return redirect(meeting.get_absolute_url())
        status = 400
    return render(
        request,
        "council/form.html",
        {"form": form, "meeting": meeting, "heading": _("Raise a matter for the agenda")},
        status=status,
    )
