"""A person's own reminder settings: any signed-in person, for themselves only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reminders.forms import ReminderSettingsForm
from reminders.selectors.due import DIGEST_HORIZON_DAYS, reminder_items_for
from reminders.services.settings import reminder_settings_for, reminder_settings_save


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    current = reminder_settings_for(user=request.user)
    form = ReminderSettingsForm(request.POST or None, instance=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reminder_settings_save(user=request.user, **{name: form.cleaned_data[name] for name in form.fields})
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your reminder settings were saved."))
                return redirect("reminders:settings")
        status = 400
    preview = reminder_items_for(
        user=request.user, today=timezone.localdate(), horizon_days=DIGEST_HORIZON_DAYS, kinds=current.kinds()
    )
    return render(
        request,
        "reminders/settings.html",
        {"form": form, "has_email": bool(request.user.email), "preview": preview},
        status=status,
    )
