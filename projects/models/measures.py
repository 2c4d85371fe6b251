"""A project's family of measures (outcome, process, balancing: IHI), each a registry measure or a local
measure the team defines and fills in by hand, week by week or month by month."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models.project import ImprovementProject
from qic.core.i18n import localized, localized_is_fallback
from qic.core.models import TimeStampedModel


class MeasureRole(models.TextChoices):
    OUTCOME = "outcome", _("Outcome")
    PROCESS = "process", _("Process")
    BALANCING = "balancing", _("Balancing")


class LocalMeasureKind(models.TextChoices):
    PROPORTION = "proportion", _("A proportion: a numerator out of a denominator")
    COUNT = "count", _("A count")


class LocalDirection(models.TextChoices):
    # The same values as measures.Direction, so the chart engine takes them as they are.
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class LocalPeriod(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class LocalMeasure(TimeStampedModel):
    """A measure the team defines for its own project ("repeat calls counted by the front desk")."""

    project = models.ForeignKey(
        ImprovementProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="local_measures"
    )
    name = models.CharField(_("name"), max_length=200)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    definition = models.TextField(_("definition"), help_text=_("What is counted, where it comes from, who counts it."))
    definition_es = models.TextField(_("definition (Spanish)"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=LocalMeasureKind.choices)
    numerator_label = models.CharField(_("numerator, in words"), max_length=200, blank=True)
    numerator_label_es = models.CharField(_("numerator, in words (Spanish)"), max_length=200, blank=True)
    denominator_label = models.CharField(_("denominator, in words"), max_length=200, blank=True)
    denominator_label_es = models.CharField(_("denominator, in words (Spanish)"), max_length=200, blank=True)
    direction = models.CharField(_("direction of improvement"), max_length=10, choices=LocalDirection.choices)
    period = models.CharField(_("data collected per"), max_length=5, choices=LocalPeriod.choices)

    display_name = localized("name")
    display_name_is_english_fallback = localized_is_fallback("name")
    display_definition = localized("definition")
    display_numerator_label = localized("numerator_label")
    display_denominator_label = localized("denominator_label")

    class Meta:
        ordering = ["project", "name"]
        verbose_name = _("local measure")
        verbose_name_plural = _("local measures")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="projects_local_measure_name_not_blank"),
            models.CheckConstraint(condition=Q(kind__in=LocalMeasureKind.values), name="projects_local_kind_valid"),
            models.CheckConstraint(
                condition=Q(direction__in=LocalDirection.values), name="projects_local_direction_valid"
            ),
            models.CheckConstraint(condition=Q(period__in=LocalPeriod.values), name="projects_local_period_valid"),
            models.UniqueConstraint(fields=["project", "name"], name="projects_local_measure_name_once"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_proportion(self) -> bool:
        return self.kind == LocalMeasureKind.PROPORTION


class LocalDataPoint(models.Model):
    """One week's or one month's figure of a local measure, and who typed it in when."""

    measure = models.ForeignKey(
        LocalMeasure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="data_points"
    )
    period_start = models.DateField(
        _("period starts"), help_text=_("The Monday of the week, or the first day of the month.")
    )
    numerator = models.PositiveIntegerField(_("numerator"))
    denominator = models.PositiveIntegerField(_("denominator"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), auto_now=True)

    class Meta:
        ordering = ["measure", "period_start"]
        verbose_name = _("data point")
        verbose_name_plural = _("data points")
        constraints = [
            models.UniqueConstraint(fields=["measure", "period_start"], name="projects_data_point_once_per_period"),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0), name="projects_denominator_positive"
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(numerator__lte=models.F("denominator")),
                name="projects_numerator_not_above_denominator",
            ),
        ]

    def __str__(self):
        if self.denominator is None:
            return f"{self.period_start}: {self.numerator}"
        return f"{self.period_start}: {self.numerator}/{self.denominator}"

    @property
    def value(self) -> float:
        """Percent for a proportion, the count otherwise."""
        if self.denominator:
            return 100 * self.numerator / self.denominator
        return float(self.numerator)


class ProjectMeasure(TimeStampedModel):
    """A measure in the project's family: exactly one of a registry measure or a local measure."""

    project = models.ForeignKey(
        ImprovementProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="family"
    )
    role = models.CharField(_("role"), max_length=10, choices=MeasureRole.choices)
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_uses",
        verbose_name=_("registry measure"),
    )
    local_measure = models.OneToOneField(
        LocalMeasure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="family_entry",
        verbose_name=_("local measure"),
    )

    class Meta:
        ordering = ["project", "role", "id"]
        verbose_name = _("measure in the family")
        verbose_name_plural = _("family of measures")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=MeasureRole.values), name="projects_family_role_valid"),
            models.CheckConstraint(
                condition=Q(measure__isnull=False, local_measure__isnull=True)
                | Q(measure__isnull=True, local_measure__isnull=False),
                name="projects_family_one_kind_of_measure",
            ),
            models.UniqueConstraint(
                fields=["project", "measure"], condition=Q(measure__isnull=False), name="projects_family_measure_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.measure or self.local_measure}"

    @property
    def name(self) -> str:
        if self.measure_id:
            return str(self.measure)
        return self.local_measure.display_name
