"""The work plan of one fiscal year, its goals, and the review areas it starts from."""

import uuid
from datetime import date

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from measures.compute.periods import fiscal_year_label
from qic.core.i18n import localized
from qic.core.models import TimeStampedModel
from workplan.models.approval import CouncilApproval


class ReviewArea(TimeStampedModel):
    """An area California reviews county QI work plans on (the starting template of a new plan)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    name = models.CharField(_("name"), max_length=160)
    name_es = models.CharField(_("name (Spanish)"), max_length=160, blank=True)
    description = models.TextField(_("what the state looks for"))
    description_es = models.TextField(_("what the state looks for (Spanish)"), blank=True)
    active = models.BooleanField(_("in the template"), default=True)

    display_name = localized("name")
    display_description = localized("description")

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("review area")
        verbose_name_plural = _("review areas")

    def __str__(self):
        return self.display_name


class WorkPlanQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(approved_on__isnull=False)


class WorkPlan(TimeStampedModel, CouncilApproval):
    """The QI work plan of one state fiscal year (1 July to 30 June), keyed by its first day."""

    fiscal_year_start = models.DateField(_("fiscal year starts"), unique=True)
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_es = models.TextField(_("introduction (Spanish)"), blank=True)
    started_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried forward from"),
    )

    history = HistoricalRecords()
    objects = WorkPlanQuerySet.as_manager()

    display_introduction = localized("introduction")

    class Meta:
        ordering = ["-fiscal_year_start"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            *CouncilApproval.Meta.constraints,
            # The state fiscal year starts on 1 July (measures.compute.periods keys it the same way).
            models.CheckConstraint(
                condition=Q(fiscal_year_start__month=7, fiscal_year_start__day=1),
                name="workplan_workplan_starts_1_july",
            ),
        ]

    def __str__(self):
        return str(_("QI work plan %(year)s")) % {"year": self.label}

    @property
    def label(self) -> str:
        """The fiscal year as the reader says it: "FY2025-26", in Spanish "AF 2025-26"."""
        return fiscal_year_label(self.fiscal_year_start)

    @property
    def code(self) -> str:
        """The fiscal year in every language, for file names: "FY2025-26" (no spaces, the same in Spanish)."""
        start = self.fiscal_year_start.year
        return f"FY{start}-{(start + 1) % 100:02d}"

    @property
    def fiscal_year_end(self) -> date:
        return date(self.fiscal_year_start.year + 1, 6, 30)

    def get_absolute_url(self):
        return reverse("workplan:plan_detail", args=[self.fiscal_year_start.year])


class Goal(TimeStampedModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="goals")
    area = models.ForeignKey(
        ReviewArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("review area"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    title = models.CharField(_("goal"), max_length=300)
    title_es = models.CharField(_("goal (Spanish)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)

    history = HistoricalRecords()

    display_title = localized("title")
    display_description = localized("description")

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="workplan_goal_title_not_blank")]

    def __str__(self):
        return self.display_title
