from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    """The council as a body and its meetings (the top layer: it may read aims, measures and dialogues;
    nothing imports it)."""

    name = "council"
    verbose_name = _("Council meetings")
