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

        from measures.signals import service_data_changed

        service_data_changed.connect(_recompute_after_data_change, dispatch_uid="measures-recompute-on-data")


def _recompute_after_data_change(sender, **kwargs):
    # The signal is sent once the import's or withdrawal's transaction has committed.
    from measures.tasks import recompute_measures

    recompute_measures.delay(trigger="import")
