"""A person's reminder choices."""

from django.db import transaction

from reminders.models import ReminderSettings

SETTING_FIELDS = ("actions", "problems", "pdsa", "meetings", "daily", "weekly_digest", "digest_weekday")


def reminder_settings_for(*, user) -> ReminderSettings:
    """The person's saved choices, or the defaults (unsaved) when they never chose."""
    try:
        return user.reminder_settings
    except ReminderSettings.DoesNotExist:
        return ReminderSettings(user=user)


@transaction.atomic
def reminder_settings_save(*, user, **choices) -> ReminderSettings:
    """Save the person's choices (the fields in ``SETTING_FIELDS``); other keys are refused."""
    unknown = set(choices) - set(SETTING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown reminder settings: {', '.join(sorted(unknown))}")
    settings, _created = ReminderSettings.objects.select_for_update().get_or_create(user=user)
    for name, value in choices.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    return settings
