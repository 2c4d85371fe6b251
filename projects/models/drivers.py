"""The driver diagram: the aim (the project), primary drivers, secondary drivers under them, and change
ideas, each leading to the PDSA cycles that test it (IHI, "Driver diagrams")."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models.project import ImprovementProject
from qic.core.i18n import localized, localized_is_fallback
from qic.core.models import TimeStampedModel

#: A driver is primary (no parent) or secondary (its parent is primary): two levels, no deeper.
MAX_DRIVER_DEPTH = 2


class Driver(TimeStampedModel):
    """A primary driver (``parent`` empty) or a secondary driver under a primary one of the same project.

    The database refuses a driver that is its own parent; the services refuse a third level and a parent
    from another project, which a check constraint cannot see across rows."""

    project = models.ForeignKey(
        ImprovementProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="drivers"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("primary driver it serves"),
    )
    text = models.CharField(_("driver"), max_length=300)
    text_es = models.CharField(_("driver (Spanish)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    display_text = localized("text")
    display_text_is_english_fallback = localized_is_fallback("text")

    class Meta:
        ordering = ["project", "position", "id"]
        verbose_name = _("driver")
        verbose_name_plural = _("drivers")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="projects_driver_text_not_blank"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="projects_driver_not_own_parent"),
        ]

    def __str__(self):
        return self.display_text  # in the reader's language: the driver and idea forms' choice lists

    @property
    def is_primary(self) -> bool:
        return self.parent_id is None


class ChangeIdea(TimeStampedModel):
    """A change the team may test, under the driver it acts on."""

    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="change_ideas")
    text = models.CharField(_("change idea"), max_length=300)
    text_es = models.CharField(_("change idea (Spanish)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    display_text = localized("text")
    display_text_is_english_fallback = localized_is_fallback("text")

    class Meta:
        ordering = ["driver", "position", "id"]
        verbose_name = _("change idea")
        verbose_name_plural = _("change ideas")
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="projects_change_idea_text_not_blank")]

    def __str__(self):
        return self.display_text  # in the reader's language: the driver and idea forms' choice lists


class ChangeIdeaCycle(models.Model):
    """Links a PDSA cycle to the change idea it tests. One idea per cycle; an idea has many cycles.

    Kept here, not on ``dialogues.PdsaCycle``, so the lower app knows nothing of projects."""

    change_idea = models.ForeignKey(ChangeIdea, on_delete=models.CASCADE, related_name="cycle_links")
    cycle = models.OneToOneField(
        "dialogues.PdsaCycle", on_delete=models.CASCADE, related_name="change_idea_link", verbose_name=_("PDSA cycle")
    )

    class Meta:
        ordering = ["change_idea", "cycle__starts_on", "id"]
        verbose_name = _("PDSA cycle of a change idea")
        verbose_name_plural = _("PDSA cycles of change ideas")

    def __str__(self):
        return f"{self.change_idea}: {self.cycle}"
