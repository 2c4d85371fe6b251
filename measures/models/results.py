"""Stored results: what the measure pages and dashboards read (they never compute)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def heard_from_lately(moment: datetime | None) -> bool:
    """Whether a run that last wrote its heartbeat at ``moment`` is taken as alive: within the lease
    (``QIC_JOB_LEASE_SECONDS``). Its worker writes it far more often (measures.compute.runs)."""
    return moment is not None and timezone.now() - moment < timedelta(seconds=settings.QIC_JOB_LEASE_SECONDS)


class ComputationStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class PopulationStatus(models.TextChoices):
    """The follow-on job that breaks the results down by age group and program (``population_results_recompute``)."""

    NOT_STARTED = "", _("Not computed")
    PENDING = "pending", _("Waiting to start")
    RUNNING = "running", _("Being computed")
    SUCCEEDED = "succeeded", _("Computed")
    FAILED = "failed", _("Failed")
    SUPERSEDED = "superseded", _("Skipped: a newer computation exists")


class ComputationTrigger(models.TextChoices):
    IMPORT = "import", _("After an import or withdrawal")
    SCHEDULE = "schedule", _("Nightly schedule")
    MANUAL = "manual", _("By hand")


class MeasureComputation(models.Model):
    """One recompute of every measure. A failed one leaves the previous results in place."""

    trigger = models.CharField(_("trigger"), max_length=10, choices=ComputationTrigger.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ComputationStatus.choices, default=ComputationStatus.RUNNING
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    data_as_of = models.DateField(_("data as of"), null=True, blank=True)
    calendar_version = models.CharField(_("holiday calendar version"), max_length=64, blank=True)
    results_written = models.PositiveIntegerField(_("results written"), default=0)
    message = models.TextField(_("message"), blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=30, blank=True)
    # When the running recompute was last heard from (measures.compute.runs): a run whose worker died stops
    # writing it, and is taken as interrupted once it is older than the lease.
    heartbeat_at = models.DateTimeField(_("last heard from"), null=True, blank=True)
    # The follow-on job's progress and outcome, for the equity dashboard's population filter.
    population_status = models.CharField(
        _("breakdown by population"), max_length=10, choices=PopulationStatus.choices, blank=True
    )
    population_finished_at = models.DateTimeField(_("breakdown by population finished at"), null=True, blank=True)
    population_results_written = models.PositiveIntegerField(_("population results written"), default=0)
    population_message = models.TextField(_("breakdown by population: message"), blank=True)
    population_heartbeat_at = models.DateTimeField(_("breakdown by population: last heard from"), null=True, blank=True)
    # What the disclosure audit found (measures.disclosure.audit.audit_summary), for staff and the command.
    disclosure_audit = models.JSONField(_("disclosure audit"), default=dict, blank=True)
    population_disclosure_audit = models.JSONField(_("disclosure audit of the breakdown"), default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("measure computation")
        verbose_name_plural = _("measure computations")
        permissions = [("run_measurecomputation", _("Can start a recompute of the measures"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ComputationStatus.values), name="measures_computation_status_valid"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="measures_computation_progress_in_range"),
            models.CheckConstraint(
                condition=Q(population_status__in=PopulationStatus.values),
                name="measures_computation_population_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_trigger_display()} {self.started_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        """Running, and heard from within the lease: a run whose worker died is not, whatever its status says."""
        return self.status == ComputationStatus.RUNNING and heard_from_lately(self.heartbeat_at or self.started_at)

    @property
    def status_label(self) -> str:
        """The status as the pages say it: a run left "running" by a dead worker reads "Interrupted"."""
        if self.status == ComputationStatus.RUNNING and not self.is_running:
            return str(_("Interrupted"))
        return self.get_status_display()

    @property
    def population_is_running(self) -> bool:
        """The breakdown by population is running and was heard from within the lease."""
        return self.population_status == PopulationStatus.RUNNING and heard_from_lately(self.population_heartbeat_at)

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.finished_at else None


class ResultFigures(models.Model):
    """The figures of one stored result: counts, value, interval, details and whether the public sees it."""

    numerator = models.FloatField(_("numerator"))
    denominator = models.FloatField(_("denominator"))
    value = models.FloatField(_("value"), null=True)
    lower = models.FloatField(_("lower limit"), null=True)
    upper = models.FloatField(_("upper limit"), null=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    suppressed = models.BooleanField(_("hidden in public views"))
    suppression_reason = models.CharField(_("why hidden"), max_length=20, blank=True)

    class Meta:
        abstract = True


class DisparityIndices(models.Model):
    """The summary disparity of one stratum's groups, against its reference group (METHODS.md 2.4)."""

    reference_group = models.CharField(_("reference group"), max_length=40)
    reference_rule = models.CharField(_("how the reference was chosen"), max_length=40)
    groups = models.PositiveSmallIntegerField(_("groups compared"))
    index_of_disparity = models.FloatField(_("index of disparity (%)"), null=True)
    between_group_variance = models.FloatField(_("between-group variance"), null=True)
    theil = models.FloatField(_("Theil index (×1000)"), null=True)
    mean_log_deviation = models.FloatField(_("mean log deviation (×1000)"), null=True)
    range_ratio = models.FloatField(_("highest ÷ lowest"), null=True)

    class Meta:
        abstract = True


class MeasureResult(ResultFigures):
    computation = models.ForeignKey(MeasureComputation, on_delete=models.PROTECT, related_name="results")
    measure = models.ForeignKey(
        "measures.Measure", verbose_name=_("measure"), on_delete=models.CASCADE, related_name="results"
    )
    period_type = models.CharField(_("period"), max_length=12)
    period_start = models.DateField(_("period start"))
    stratum = models.CharField(_("stratum"), max_length=20, help_text=_("“all” for everyone."))
    group = models.CharField(_("group"), max_length=40, blank=True)

    class Meta:
        ordering = ["measure", "period_type", "period_start", "stratum", "group"]
        verbose_name = _("measure result")
        verbose_name_plural = _("measure results")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_type", "period_start", "stratum", "group"],
                name="measures_result_one_per_cell",
            ),
            models.CheckConstraint(
                condition=Q(suppressed=False, suppression_reason="") | Q(suppressed=True) & ~Q(suppression_reason=""),
                name="measures_result_hidden_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["measure", "period_type", "stratum"], name="measures_result_lookup_idx")]

    def __str__(self):
        return f"{self.measure_id} {self.period_type} {self.period_start} {self.stratum}:{self.group}"


class MeasureDisparity(DisparityIndices):
    """Summary disparity across one stratum's groups for one measure and period (METHODS.md 2.4).

    Computed only from the groups the public may see, so no index can be used to work out a hidden
    group's value; ``groups`` says how many that was.
    """

    computation = models.ForeignKey(MeasureComputation, on_delete=models.PROTECT, related_name="disparities")
    measure = models.ForeignKey(
        "measures.Measure", verbose_name=_("measure"), on_delete=models.CASCADE, related_name="disparities"
    )
    period_type = models.CharField(_("period"), max_length=12)
    period_start = models.DateField(_("period start"))
    stratum = models.CharField(_("stratum"), max_length=20)

    class Meta:
        ordering = ["measure", "period_type", "period_start", "stratum"]
        verbose_name = _("measure disparity")
        verbose_name_plural = _("measure disparities")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_type", "period_start", "stratum"], name="measures_disparity_one_per_stratum"
            ),
            models.CheckConstraint(condition=Q(groups__gte=2), name="measures_disparity_two_groups_or_more"),
        ]

    def __str__(self):
        return f"{self.measure_id} {self.period_type} {self.period_start} {self.stratum}"


#: The dimensions a dashboard can be narrowed to (``PopulationResult.population_stratum``).
POPULATION_STRATA = ("age_group", "program")


class PopulationResult(ResultFigures):
    """A result within one population (one age group or one program): the equity dashboard narrowed.

    The same columns as ``MeasureResult``, computed by the follow-on job from the service data the
    ``computation`` read, for the equity dashboard's measures and periods only, with suppression
    applied to each (period, population, stratum) table as for everyone's tables.
    """

    computation = models.ForeignKey(MeasureComputation, on_delete=models.PROTECT, related_name="population_results")
    population_stratum = models.CharField(_("population dimension"), max_length=20)
    population_group = models.CharField(_("population"), max_length=40)
    measure = models.ForeignKey(
        "measures.Measure", verbose_name=_("measure"), on_delete=models.CASCADE, related_name="population_results"
    )
    period_type = models.CharField(_("period"), max_length=12)
    period_start = models.DateField(_("period start"))
    stratum = models.CharField(_("stratum"), max_length=20, help_text=_("“all” for the whole population."))
    group = models.CharField(_("group"), max_length=40, blank=True)

    class Meta:
        ordering = ["population_stratum", "population_group", "measure", "period_type", "period_start", "stratum"]
        verbose_name = _("population result")
        verbose_name_plural = _("population results")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "population_stratum",
                    "population_group",
                    "measure",
                    "period_type",
                    "period_start",
                    "stratum",
                    "group",
                ],
                name="measures_popresult_one_per_cell",
            ),
            models.CheckConstraint(
                condition=Q(suppressed=False, suppression_reason="") | Q(suppressed=True) & ~Q(suppression_reason=""),
                name="measures_popresult_hidden_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(population_stratum__in=POPULATION_STRATA), name="measures_popresult_population_known"
            ),
            # A population is never broken down by its own dimension (one group only).
            models.CheckConstraint(
                condition=~Q(stratum=models.F("population_stratum")), name="measures_popresult_other_stratum"
            ),
        ]
        # The equity dashboard reads one population's rows for one period type.
        indexes = [
            models.Index(
                fields=["population_stratum", "population_group", "period_type"], name="measures_popresult_lookup_idx"
            )
        ]

    def __str__(self):
        return (
            f"{self.population_stratum}:{self.population_group} {self.measure_id} {self.period_type} "
            f"{self.period_start} {self.stratum}:{self.group}"
        )


class PopulationDisparity(DisparityIndices):
    """``MeasureDisparity`` within one population: the summary indices of the narrowed forest plot."""

    computation = models.ForeignKey(MeasureComputation, on_delete=models.PROTECT, related_name="population_disparities")
    population_stratum = models.CharField(_("population dimension"), max_length=20)
    population_group = models.CharField(_("population"), max_length=40)
    measure = models.ForeignKey(
        "measures.Measure", verbose_name=_("measure"), on_delete=models.CASCADE, related_name="population_disparities"
    )
    period_type = models.CharField(_("period"), max_length=12)
    period_start = models.DateField(_("period start"))
    stratum = models.CharField(_("stratum"), max_length=20)

    class Meta:
        ordering = ["population_stratum", "population_group", "measure", "period_type", "period_start", "stratum"]
        verbose_name = _("population disparity")
        verbose_name_plural = _("population disparities")
        constraints = [
            models.UniqueConstraint(
                fields=["population_stratum", "population_group", "measure", "period_type", "period_start", "stratum"],
                name="measures_popdisparity_one_per_stratum",
            ),
            models.CheckConstraint(condition=Q(groups__gte=2), name="measures_popdisparity_two_groups_or_more"),
            models.CheckConstraint(
                condition=Q(population_stratum__in=POPULATION_STRATA), name="measures_popdisparity_population_known"
            ),
        ]

    def __str__(self):
        return f"{self.population_stratum}:{self.population_group} {self.measure_id} {self.period_type} {self.stratum}"
