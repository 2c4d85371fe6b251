"""A person's own council page: their action items (whoever they are: QI staff, a director or a member),
their meetings when they sit on the council, and their council stipends."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from council.forms import ActionStatusForm
from council.models import ActionItem
from council.selectors import body as body_selectors
from council.selectors import meetings as meeting_selectors
from council.services import records as record_services


@login_required
@require_GET
def my_council(request):
    user = request.user
    now = timezone.now()
    meetings = meeting_selectors.meetings_for_member(user=user)
    return render(
        request,
        "council/my_council.html",
        {
            "action_items": meeting_selectors.action_items_for_owner(user=user),
            "is_member": body_selectors.is_council_member(user=user),
            "upcoming": list(meetings.filter(ends_at__gte=now).order_by("starts_at")[:5]),
            "past": list(meetings.filter(ends_at__lt=now)[:5]),
            "stipends": meeting_selectors.stipends_for_user(user=user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_item_update(request, pk):
    """The owner of an action item, or QI staff, change its status."""
    item = get_object_or_404(ActionItem.objects.select_related("meeting", "owner"), pk=pk)
    if not (item.owner_id == request.user.pk or request.user.has_perm("council.change_actionitem")):
        raise PermissionDenied
    form = ActionStatusForm(request.POST or None, initial={"status": item.status, "note": item.note})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                record_services.action_item_update(item=item, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Action item updated."))
                if item.owner_id == request.user.pk:
                    return redirect("council:my_council")
                return redirect(item.meeting.get_absolute_url())
        status = 400
    return render(
        request,
        "council/form.html",
        {"form": form, "heading": _("Action item: %(what)s") % {"what": item.localized("description").text}},
        status=status,
    )
