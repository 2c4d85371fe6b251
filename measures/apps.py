from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    """Service data, the measure registry, statistics and dashboards (later issues)."""

    name = "measures"
    verbose_name = _("Measures")

    def ready(self):
        from aims.tagging import register_tagged_kind
        from measures.models import Measure

        register_tagged_kind(key="measures", label=_("measures"), model=Measure, related_name="measures")
