from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    """Consumer–provider dialogues and CQI cells (later issues)."""

    name = "dialogues"
    verbose_name = _("Dialogues and CQI cells")
