from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """Reminders and weekly digests by e-mail, and the stalled-work view. At the top of the layering: it reads
    dialogues, workplan, council and measures; nothing imports it."""

    name = "reminders"
    verbose_name = _("Reminders")
