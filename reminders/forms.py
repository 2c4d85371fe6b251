from django import forms
from django.utils.translation import gettext_lazy as _

from reminders.models import ReminderSettings
from reminders.selectors.stalled import DEFAULT_WEEKS


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["actions", "problems", "pdsa", "meetings", "daily", "weekly_digest", "digest_weekday"]
        labels = {
            "actions": _("Action steps and council action items due or overdue"),
            "problems": _("Problems due or overdue"),
            "pdsa": _("PDSA cycles whose study date has passed"),
            "meetings": _("Cell meetings and council meetings coming up"),
            "daily": _("A daily reminder (only on days when something is due, overdue or coming up)"),
            "weekly_digest": _("A weekly digest of the week ahead"),
            "digest_weekday": _("Day of the weekly digest"),
        }


class StalledForm(forms.Form):
    weeks = forms.IntegerField(
        label=_("Not moved for at least (weeks)"), min_value=1, max_value=52, initial=DEFAULT_WEEKS
    )
