"""Measurable objectives, the activities that get there, and the figures staff enter where QIC has no data."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qic.core.i18n import localized
from qic.core.models import TimeStampedModel
from workplan.status import Direction


class Objective(TimeStampedModel):
    """What a goal will achieve by a date, measured by a registry measure or by figures staff enter.

    With a measure, the figures are the measure's monthly results for everyone; without one, they are
    the :class:`ObjectiveFigure` rows. ``direction`` is copied from the measure when it has one (a measure
    that is "neither" needs the council to say which way this objective is better).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    goal = models.ForeignKey(
        "workplan.Goal", verbose_name=_("goal"), on_delete=models.CASCADE, related_name="objectives"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    title = models.CharField(_("objective"), max_length=300)
    title_es = models.CharField(_("objective (Spanish)"), max_length=300, blank=True)
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workplan_objectives",
        verbose_name=_("registry measure"),
        help_text=_("Leave blank when QIC has no data for it: QI staff then enter the figures."),
    )
    unit_label = models.CharField(
        _("unit"), max_length=60, blank=True, help_text=_("For figures entered by staff, e.g. “% of test calls”.")
    )
    direction = models.CharField(_("which way is better"), max_length=10, choices=Direction.choices)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2)
    baseline_note = models.CharField(
        _("baseline from"), max_length=200, blank=True, help_text=_("E.g. “FY2024-25, June”.")
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    due_date = models.DateField(_("due date"))
    responsible = models.CharField(_("responsible"), max_length=200)
    aims = models.ManyToManyField("aims.Aim", blank=True, related_name="+", verbose_name=_("aims it serves"))
    matrix_items = models.ManyToManyField(
        "aims.MatrixItem", blank=True, related_name="+", verbose_name=_("matrix items it serves")
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
        verbose_name=_("carried forward from"),
    )

    history = HistoricalRecords()

    display_title = localized("title")

    class Meta:
        ordering = ["goal__order", "goal_id", "order", "id"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="workplan_objective_title_not_blank"),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="workplan_objective_direction_valid"
            ),
            models.CheckConstraint(condition=~Q(responsible=""), name="workplan_objective_responsible_not_blank"),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("workplan:objective_detail", args=[self.uuid])

    @property
    def unit_suffix(self) -> str:
        if self.measure_id is not None:
            return {"percent": " %", "business_days": "", "per_1000": "", "dollars": ""}.get(self.measure.unit, "")
        return ""

    @property
    def unit_text(self) -> str:
        return str(self.measure.get_unit_display()) if self.measure_id is not None else self.unit_label


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")


class Activity(TimeStampedModel):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    description = models.TextField(_("activity"))
    description_es = models.TextField(_("activity (Spanish)"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )

    history = HistoricalRecords()

    display_description = localized("description")

    class Meta:
        ordering = ["objective", "order", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="workplan_activity_description_not_blank"),
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="workplan_activity_status_valid"
            ),
        ]

    def __str__(self):
        return self.display_description[:60]


class ObjectiveFigure(models.Model):
    """A figure QI staff entered for an objective QIC has no data for (test calls, a survey, grievances)."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="figures")
    as_of = models.DateField(_("figure for"), help_text=_("The last day of the period the figure covers."))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=200, help_text=_("Where the figure comes from."))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["objective", "as_of"]
        verbose_name = _("figure entered by staff")
        verbose_name_plural = _("figures entered by staff")
        constraints = [
            models.UniqueConstraint(fields=["objective", "as_of"], name="workplan_figure_one_per_date"),
            models.CheckConstraint(condition=~Q(source=""), name="workplan_figure_source_not_blank"),
        ]

    def __str__(self):
        return f"{self.objective_id} {self.as_of}: {self.value}"
