"""The council as a body: its members and terms, the consumer share and the quorum."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from council.forms import CouncilMemberForm, EndTermForm
from council.models import CouncilMember
from council.selectors import body as body_selectors
from council.services import members as member_services
from qic.core.permissions import permission_required


@permission_required("council.view_councilmember")
@require_GET
def member_list(request):
    current = list(body_selectors.council_members_current())
    voting = sum(1 for member in current if member.votes)
    return render(
        request,
        "council/member_list.html",
        {
            "current": current,
            "all_terms": body_selectors.council_members_all(),
            "share": body_selectors.council_consumer_share(),
            "voting": voting,
            "quorum_needed": body_selectors.quorum_needed(voting),
            "can_edit": request.user.has_perm("council.change_councilmember"),
        },
    )


@permission_required("council.add_councilmember")
@require_http_methods(["GET", "POST"])
def member_add(request):
    form = CouncilMemberForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                member_services.council_member_add(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Member added to the council."))
                return redirect("council:member_list")
        status = 400
    return render(request, "council/form.html", {"form": form, "heading": _("Add a council member")}, status=status)


@permission_required("council.change_councilmember")
@require_http_methods(["GET", "POST"])
def member_end_term(request, pk):
    member = get_object_or_404(CouncilMember.objects.select_related("user"), pk=pk)
    form = EndTermForm(request.POST or None, initial={"term_ends_on": member.term_ends_on})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                member_services.council_member_end_term(member=member, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Term end saved."))
                return redirect("council:member_list")
        status = 400
    return render(
        request,
        "council/form.html",
        {"form": form, "heading": _("End the term of %(name)s") % {"name": member.display_name}},
        status=status,
    )
