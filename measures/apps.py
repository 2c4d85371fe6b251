from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    """Service data, the measure registry, statistics and dashboards (later issues)."""

    name = "measures"
    verbose_name = _("Measures")
