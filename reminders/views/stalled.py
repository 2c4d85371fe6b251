"""The stalled-work view: what has not moved in N weeks, by owner and by tier. QI staff and administrators."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from qic.core.permissions import permission_required
from reminders.forms import StalledForm
from reminders.selectors.stalled import DEFAULT_WEEKS, stalled_by_owner, stalled_by_tier, stalled_items


@permission_required("reminders.view_stalled_work")
@require_GET
def stalled_work(request):
    form = StalledForm(request.GET or {"weeks": DEFAULT_WEEKS})
    valid = form.is_valid()
    weeks = form.cleaned_data["weeks"] if valid else DEFAULT_WEEKS
    items = stalled_items(weeks=weeks)
    return render(
        request,
        "reminders/stalled.html",
        {
            "form": form,
            "weeks": weeks,
            "items": items,
            "by_owner": stalled_by_owner(items),
            "by_tier": stalled_by_tier(items),
        },
        status=200 if valid else 400,
    )
