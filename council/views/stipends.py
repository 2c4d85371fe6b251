"""The council's stipend ledger: what consumer and family members are owed for attending, and paying it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council.forms import StipendPayForm
from council.selectors.meetings import council_stipends
from council.services.meetings import council_stipend_mark_paid
from dialogues.models import StipendStatus
from qic.core.permissions import permission_required


@permission_required("council.view_councilstipendentry")
@require_http_methods(["GET", "POST"])
def stipend_ledger(request):
    owed = council_stipends(status=StipendStatus.OWED)
    can_pay = request.user.has_perm("council.change_councilstipendentry")
    form = StipendPayForm(request.POST or None, entries=owed, initial={"paid_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if not can_pay:
            raise PermissionDenied
        if form.is_valid():
            count = council_stipend_mark_paid(
                entry_ids=[int(pk) for pk in form.cleaned_data["entries"]],
                paid_on=form.cleaned_data["paid_on"],
                by=request.user,
            )
            messages.success(request, _("%(count)s stipends were marked as paid.") % {"count": count})
            return redirect("council:stipend_ledger")
        status = 400
    return render(
        request,
        "council/stipend_ledger.html",
        {"owed": owed, "entries": council_stipends(), "form": form, "can_pay": can_pay},
        status=status,
    )
