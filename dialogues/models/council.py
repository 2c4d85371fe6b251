"""Council-level improvement initiatives."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models.cells import CqiCell
from qic.core.i18n import BilingualContent
from qic.core.models import TimeStampedModel


class InitiativeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    COMPLETED = "completed", _("Completed")


class CouncilInitiative(BilingualContent, TimeStampedModel):
    """A council-level improvement initiative. More than five active at once draws a warning (IHI)."""

    bilingual_fields = ("title",)

    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    aim = models.ForeignKey(
        "aims.Aim", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("aim")
    )
    lead = models.CharField(_("lead"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InitiativeStatus.choices, default=InitiativeStatus.ACTIVE
    )
    started_on = models.DateField(_("started"), null=True, blank=True)
    cells = models.ManyToManyField(CqiCell, blank=True, related_name="initiatives", verbose_name=_("CQI cells"))
    measures = models.ManyToManyField(
        "measures.Measure", blank=True, related_name="initiatives", verbose_name=_("measures")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "-started_on", "title"]
        verbose_name = _("council initiative")
        verbose_name_plural = _("council initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InitiativeStatus.values), name="dialogues_initiative_status_valid"
            ),
        ]

    def __str__(self):
        return self.localized("title").text
