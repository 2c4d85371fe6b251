"""A meeting's pages: the list, planning, the record (agenda, attendance, minutes, decisions, action items),
approving and publishing the minutes, e-mailing members and the calendar file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from council.forms import ActionItemForm, AttendanceForm, DecisionForm, MeetingForm, MinutesForm, WorkPlanApprovalForm
from council.models import AgendaItem, CouncilMeeting, CouncilMeetingStatus, MailingKind
from council.selectors import body as body_selectors
from council.selectors import meetings as meeting_selectors
from council.selectors.assessment import assessment_history
from council.services import approvals as approval_services
from council.services import mail as mail_services
from council.services import meetings as meeting_services
from council.services import records as record_services
from council.views._access import meeting_view
from qic.core.permissions import permission_required

#: Recording the council's approval of a work plan or its evaluation at a meeting.
_APPROVAL_PERMISSIONS = ["council.change_councilmeeting", "workplan.change_workplan", "workplan.change_evaluation"]


def _staff_meeting(public_id) -> CouncilMeeting:
    return get_object_or_404(CouncilMeeting, public_id=public_id)


@require_GET
def meeting_list(request):
    """Staff and directors see every meeting; members the meetings of their terms; others are sent to
    the published minutes."""
    user = request.user
    if user.has_perm("council.view_councilmeeting"):
        meetings = meeting_selectors.meetings_for_staff()
    elif user.is_authenticated and meeting_selectors.meetings_for_member(user=user).exists():
        meetings = meeting_selectors.meetings_for_member(user=user)
    else:
        return redirect("council:published_list")
    staff_view = user.has_perms(["council.view_selfassessment", "council.view_elementrating"])
    years, rows = assessment_history() if staff_view else ([], [])
    return render(
        request,
        "council/meeting_list.html",
        {
            "meetings": list(meetings),
            "share": body_selectors.council_consumer_share(),
            "can_add": user.has_perm("council.add_councilmeeting"),
            "can_see_members": user.has_perm("council.view_councilmember"),
            "assessment_years": years,
            "assessment_rows": rows,
            "can_see_assessment": staff_view,
            "can_see_huddle": user.has_perms(["council.view_actionitem", "dialogues.view_problem"]),
        },
    )


def _cancellation_notices(meeting: CouncilMeeting) -> int:
    return meeting.mailings.filter(kind=MailingKind.CANCELLATION).count() if meeting.pk else 0


def _meeting_form_page(request, meeting: CouncilMeeting):
    creating = meeting.pk is None
    form = MeetingForm(request.POST or None, instance=meeting)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                url = request.build_absolute_uri(form.instance.get_absolute_url())
                notices_before = _cancellation_notices(form.instance)
                meeting = meeting_services.meeting_save(meeting=form.instance, by=request.user, url=url)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Meeting planned.") if creating else _("Meeting saved."))
                if _cancellation_notices(meeting) > notices_before:
                    notice = meeting.mailings.filter(kind=MailingKind.CANCELLATION).first()
                    messages.info(
                        request,
                        ngettext(
                            "The cancellation went to %(count)s member, in their language, with a calendar file "
                            "that removes the meeting.",
                            "The cancellation went to %(count)s members, each in their language, with a calendar "
                            "file that removes the meeting.",
                            notice.recipients,
                        )
                        % {"count": notice.recipients},
                    )
                return redirect(meeting.get_absolute_url())
        status = 400
    return render(
        request, "council/meeting_form.html", {"form": form, "meeting": None if creating else meeting}, status=status
    )


@permission_required("council.add_councilmeeting")
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    return _meeting_form_page(request, CouncilMeeting())


@permission_required("council.change_councilmeeting")
@require_http_methods(["GET", "POST"])
def meeting_edit(request, public_id):
    return _meeting_form_page(request, _staff_meeting(public_id))


@require_GET
@meeting_view
def meeting_detail(request, meeting):
    user = request.user
    staff = user.has_perm("council.change_councilmeeting")
    return render(
        request,
        "council/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": meeting_selectors.meeting_agenda(meeting=meeting),
            "decisions": meeting_selectors.meeting_decisions(meeting=meeting),
            "action_items": meeting_selectors.meeting_action_items(meeting=meeting),
            "quorum": body_selectors.meeting_quorum(meeting=meeting),
            "attendance_recorded": meeting.attendance.exists(),
            "stipends": meeting_selectors.meeting_stipends(meeting=meeting) if staff else [],
            "awaiting_approval": list(meeting_selectors.meetings_awaiting_approval(before=meeting)) if staff else [],
            "publication_problems": meeting_services.publication_problems(meeting=meeting)
            if staff and meeting.minutes_approved
            else [],
            "mailings": list(meeting.mailings.all()) if staff else [],
            "staff": staff,
            "can_publish": user.has_perm("council.publish_councilmeeting"),
            "can_send": user.has_perm("council.send_councilmeeting"),
            "can_add_matter": meeting.status == CouncilMeetingStatus.PLANNED,
            "mailing_kinds": MailingKind,
            "approval_form": WorkPlanApprovalForm()
            if meeting.status == CouncilMeetingStatus.HELD and user.has_perms(_APPROVAL_PERMISSIONS)
            else None,
        },
    )


@require_GET
@meeting_view
def meeting_ics(request, meeting):
    url = request.build_absolute_uri(meeting.get_absolute_url())
    response = HttpResponse(mail_services.meeting_ics(meeting=meeting, url=url), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{mail_services.ICS_FILENAME}"'
    return response


@permission_required("council.add_councilattendance", "council.change_councilattendance")
@require_http_methods(["GET", "POST"])
def attendance(request, public_id):
    meeting = _staff_meeting(public_id)
    members = list(body_selectors.council_members_current(on=body_selectors.meeting_day(meeting)))
    recorded = {str(pk) for pk in meeting.attendance.filter(attended=True).values_list("member_id", flat=True)}
    form = AttendanceForm(request.POST or None, members=members, initial={"attended": sorted(recorded)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting_services.attendance_record(
                    meeting=meeting, attended_member_ids=form.cleaned_data["attended"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Attendance recorded."))
                return redirect(meeting.get_absolute_url())
        status = 400
    return render(
        request,
        "council/form.html",
        {
            "form": form,
            "meeting": meeting,
            "heading": _("Who attended"),
            "intro": _(
                "Consumer and family members who attend are owed the meeting's stipend, as in the CQI cells. "
                "Unticking someone cancels a stipend not yet paid."
            ),
        },
        status=status,
    )


@permission_required("council.change_agendaitem")
@require_http_methods(["GET", "POST"])
def minutes_edit(request, public_id, pk):
    meeting = _staff_meeting(public_id)
    item = get_object_or_404(AgendaItem, pk=pk, meeting=meeting)
    form = MinutesForm(request.POST or None, initial={"minutes": item.minutes, "minutes_es": item.minutes_es})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting_services.minutes_save(item=item, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Minutes saved."))
                return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
        status = 400
    return render(
        request,
        "council/form.html",
        {"form": form, "meeting": meeting, "heading": _("Minutes: %(item)s") % {"item": item.localized("title").text}},
        status=status,
    )


@permission_required("council.add_decision")
@require_http_methods(["GET", "POST"])
def decision_create(request, public_id):
    meeting = _staff_meeting(public_id)
    form = DecisionForm(request.POST or None, meeting=meeting, initial={"agenda_item": request.GET.get("item")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                record_services.decision_record(meeting=meeting, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Decision recorded."))
                return redirect(meeting.get_absolute_url())
        status = 400
    return render(
        request,
        "council/form.html",
        {"form": form, "meeting": meeting, "heading": _("Record a decision")},
        status=status,
    )


@permission_required("council.add_actionitem")
@require_http_methods(["GET", "POST"])
def action_item_create(request, public_id):
    meeting = _staff_meeting(public_id)
    form = ActionItemForm(request.POST or None, meeting=meeting, initial={"agenda_item": request.GET.get("item")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                record_services.action_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Action item added. It shows on its owner's page and on the next agenda."))
                return redirect(meeting.get_absolute_url())
        status = 400
    return render(
        request,
        "council/form.html",
        {"form": form, "meeting": meeting, "heading": _("Add an action item")},
        status=status,
    )


@permission_required("council.change_councilmeeting")
@require_POST
def minutes_approve(request, public_id):
    """At this meeting, approve the minutes of an earlier one (named by ``approve`` in the form)."""
    at_meeting = _staff_meeting(public_id)
    earlier = get_object_or_404(CouncilMeeting, public_id=request.POST.get("approve") or None)
    try:
        meeting_services.minutes_approve(meeting=earlier, at_meeting=at_meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Minutes approved. They can now be published and sent to members."))
    return redirect(at_meeting.get_absolute_url())


@permission_required("council.publish_councilmeeting")
@require_POST
def publish(request, public_id):
    meeting = _staff_meeting(public_id)
    try:
        if request.POST.get("withdraw"):
            meeting_services.minutes_unpublish(meeting=meeting, by=request.user)
            messages.success(request, _("The minutes are no longer on the public site."))
        else:
            meeting_services.minutes_publish(meeting=meeting, by=request.user)
            messages.success(request, _("The minutes and decisions are published on the public site."))
    except ValidationError as error:
        messages.error(request, _("Not published: %(why)s") % {"why": " ".join(error.messages)})
    return redirect(meeting.get_absolute_url())


@permission_required("council.send_councilmeeting")
@require_POST
def send(request, public_id):
    meeting = _staff_meeting(public_id)
    kind = request.POST.get("kind", "")
    url = request.build_absolute_uri(meeting.get_absolute_url())
    try:
        count = mail_services.meeting_mail_send(meeting=meeting, kind=kind, url=url, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(what)s sent to %(count)s members, each in their language, with a calendar file.")
            % {"what": MailingKind(kind).label, "count": count},
        )
    return redirect(meeting.get_absolute_url())


@permission_required(*_APPROVAL_PERMISSIONS)
@require_POST
def workplan_approve(request, public_id):
    """Record that this (held) meeting approved a work plan or its evaluation, from its attendance."""
    meeting = _staff_meeting(public_id)
    form = WorkPlanApprovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the work plan and whether the plan or its evaluation was approved."))
        return redirect(meeting.get_absolute_url())
    try:
        approved = approval_services.meeting_workplan_approve(
            meeting=meeting, plan=form.cleaned_data["plan"], what=form.cleaned_data["what"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, _("Not recorded: %(why)s") % {"why": " ".join(error.messages)})
        return redirect(meeting.get_absolute_url())
    messages.success(request, _("Approval recorded: %(what)s.") % {"what": approved})
    return redirect(meeting.get_absolute_url())
