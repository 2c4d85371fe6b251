"""The measure registry (PRODUCT.md 5.1): what each measure counts, why, and what it is aiming for.

Definitions ship as fixtures (``fixtures/measures.json``); QI staff change the standard's target,
and every change is kept with who, when and why (django-simple-history).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qic.core.i18n import BilingualContent, Localized, catalogue_text, localized


class MeasureType(models.TextChoices):
    """As in the IHI whole-system paper: what is done, what results, and what else may suffer."""

    PROCESS = "process", _("Process")
    OUTCOME = "outcome", _("Outcome")
    BALANCING = "balancing", _("Balancing")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")
    NEUTRAL = "neutral", _("Neither: watch for change")


class Unit(models.TextChoices):
    PERCENT = "percent", _("Percent")
    DAYS = "business_days", _("Business days")
    RATE = "per_1000", _("Per 1,000")
    DOLLARS = "dollars", _("Dollars")


class TripleAim(models.TextChoices):
    """The IHI Triple Aim (seed 002): the one of its three objectives a measure tells the council about.

    In the seed's order and words: improve the health of the population; enhance the experience of
    care (including quality, access and reliability); reduce, or at least control, the per capita
    cost of total health care. The registry groups its measures by it.
    """

    POPULATION_HEALTH = "population_health", _("Population health")
    EXPERIENCE_OF_CARE = "experience_of_care", _("Experience of care")
    PER_CAPITA_COST = "per_capita_cost", _("Per capita cost")


#: What each objective asks, under the registry's headings (seed 002's wording).
TRIPLE_AIM_GOALS = {
    TripleAim.POPULATION_HEALTH: _(
        "Improve the health of the population: figures over everyone eligible, or outcomes in people's health."
    ),
    TripleAim.EXPERIENCE_OF_CARE: _(
        "Enhance the experience of care, including its quality, access and reliability, for each person who asks."
    ),
    TripleAim.PER_CAPITA_COST: _("Reduce, or at least control, the per capita cost of care: what is spent per person."),
}


class ChartType(models.TextChoices):
    RUN = "run", _("Run chart")
    I = "i", _("I chart (XmR)")  # noqa: E741 (the chart's name)
    P = "p", _("P chart")
    U = "u", _("U chart")
    C = "c", _("C chart")


class Stratum(models.TextChoices):
    """The dimensions results are broken down by."""

    RACE_ETHNICITY = "race_ethnicity", _("Race/ethnicity")
    AGE_GROUP = "age_group", _("Age group")
    GENDER = "gender", _("Gender")
    # Each primary language on its own (the threshold languages among them).
    LANGUAGE = "language", _("Primary language")
    # Yes/no: a threshold language other than English, the comparison DHCS asks for (measures.compute.strata).
    THRESHOLD_LANGUAGE = "threshold_language", _("Speaks a threshold language")
    LIMITED_ENGLISH = "limited_english", _("Limited English proficiency")
    REGION = "region", _("Region")
    PROGRAM = "program", _("Program")
    SERVICE_LINE = "service_line", _("Service line")
    DELIVERY_MODE = "delivery_mode", _("Delivery mode")


class SpcRules(models.TextChoices):
    """Which signals a control chart looks for (PRODUCT.md 5.3)."""

    ANHOEJ = "anhoej", _("Points outside the limits and the Anhøj runs rules")
    MAKING_DATA_COUNT = "making_data_count", _("NHS Making Data Count rules and icons")


#: How a stratum's reference group is chosen when no particular group is named (METHODS.md 2.3).
REFERENCE_LARGEST = "largest"
REFERENCE_BEST = "best"


class MeasureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class MeasureManager(models.Manager.from_queryset(MeasureQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Measure(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)
    name = models.CharField(_("name"), max_length=160)
    name_es = models.CharField(_("name (Spanish)"), max_length=160, blank=True)
    definition = models.TextField(_("definition in plain language"))
    definition_es = models.TextField(_("definition (Spanish)"), blank=True)
    numerator = models.TextField(_("numerator"))
    numerator_es = models.TextField(_("numerator (Spanish)"), blank=True)
    denominator = models.TextField(_("denominator"))
    denominator_es = models.TextField(_("denominator (Spanish)"), blank=True)
    method_notes = models.TextField(
        _("how it is counted"),
        blank=True,
        help_text=_("The clock, exclusions, and what happens to requests never offered: shown on the measure's page."),
    )
    method_notes_es = models.TextField(_("how it is counted (Spanish)"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    measure_type = models.CharField(_("type"), max_length=10, choices=MeasureType.choices)
    direction = models.CharField(_("direction of improvement"), max_length=10, choices=Direction.choices)
    triple_aim = models.CharField(
        _("Triple Aim"),
        max_length=20,
        choices=TripleAim.choices,
        help_text=_("The objective of the IHI Triple Aim the measure tells about: the registry is grouped by it."),
    )
    triple_aim_reason = models.CharField(
        _("why this objective"), max_length=300, help_text=_("One line, shown on the measure's page.")
    )
    triple_aim_reason_es = models.CharField(_("why this objective (Spanish)"), max_length=300, blank=True)
    standard = models.CharField(
        _("standard"), max_length=160, blank=True, help_text=_("E.g. “offered within 10 business days”.")
    )
    standard_es = models.CharField(_("standard (Spanish)"), max_length=160, blank=True)
    target = models.DecimalField(
        _("target"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In the measure's unit, e.g. 80 for 80 % of requests. Blank when there is no target yet."),
    )
    benchmark = models.CharField(_("benchmark"), max_length=200, blank=True)
    chart_type = models.CharField(_("chart"), max_length=5, choices=ChartType.choices)
    strata = models.JSONField(
        _("reported by"), default=list, help_text=_("Dimensions: race_ethnicity, age_group, gender, language, ...")
    )
    source = models.CharField(_("source of the definition"), max_length=300)
    matrix_items = models.ManyToManyField(
        "aims.MatrixItem", blank=True, related_name="measures", verbose_name=_("matrix items it serves")
    )
    spc_rules = models.CharField(
        _("control chart rules"), max_length=20, choices=SpcRules.choices, default=SpcRules.ANHOEJ
    )
    reference_groups = models.JSONField(
        _("reference groups"),
        default=dict,
        blank=True,
        help_text=_("Per stratum: “largest” (the default), “best”, or a group's code. Each group is compared with it."),
    )
    baseline_months = models.PositiveSmallIntegerField(
        _("baseline months"),
        null=True,
        blank=True,
        help_text=_("Freeze the control limits on this many first months of each phase. Blank: use every month."),
    )
    written_by = models.CharField(_("definition written by"), max_length=100, blank=True)
    checked_by = models.CharField(_("definition checked by"), max_length=100, blank=True)
    next_review = models.DateField(_("next review"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["order"])
    objects = MeasureManager()

    display_name = localized("name")
    display_definition = localized("definition")
    display_numerator = localized("numerator")
    display_denominator = localized("denominator")
    display_method_notes = localized("method_notes")
    display_standard = localized("standard")
    display_triple_aim_reason = localized("triple_aim_reason")

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        permissions = [("change_measure_target", _("Can change a measure's target"))]
        constraints = [
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="measures_measure_unit_valid"),
            models.CheckConstraint(
                condition=Q(measure_type__in=MeasureType.values), name="measures_measure_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="measures_measure_direction_valid"
            ),
            models.CheckConstraint(condition=Q(chart_type__in=ChartType.values), name="measures_measure_chart_valid"),
            models.CheckConstraint(
                condition=Q(triple_aim__in=TripleAim.values), name="measures_measure_triple_aim_valid"
            ),
            models.CheckConstraint(
                condition=~Q(triple_aim_reason=""), name="measures_measure_triple_aim_reason_not_blank"
            ),
            models.CheckConstraint(condition=Q(spc_rules__in=SpcRules.values), name="measures_measure_spc_rules_valid"),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | ~Q(unit=Unit.PERCENT) | (Q(target__gte=0) & Q(target__lte=100)),
                name="measures_measure_percent_target_in_range",
                violation_error_message=_("A percentage target is between 0 and 100."),
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("measures:measure_detail", args=[self.code])

    # The shipped wording of these three has its Spanish in the catalogue (measures/registry_wording.py).
    @property
    def display_source(self) -> Localized:
        return catalogue_text(self.source)

    @property
    def display_benchmark(self) -> Localized:
        return catalogue_text(self.benchmark)

    @property
    def display_written_by(self) -> Localized:
        return catalogue_text(self.written_by)

    @property
    def strata_labels(self) -> list[str]:
        return [str(Stratum(value).label) for value in self.strata if value in Stratum.values]

    def reference_rule(self, stratum: str) -> str:
        return self.reference_groups.get(stratum) or REFERENCE_LARGEST

    def natural_key(self):
        return (self.code,)


class ChartNote(BilingualContent, models.Model):
    """A note on a measure's monthly chart: a change tried (a PDSA cycle starting), or the start of a
    new phase of the process, with its reason. A new phase gets its own centre line and limits.
    A PDSA cycle's note is written in both languages; a note staff type may have its Spanish beside it."""

    bilingual_fields = ("text",)

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="chart_notes"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month the note belongs to."))
    text = models.CharField(_("note"), max_length=200)
    text_es = models.CharField(_("note (Spanish)"), max_length=200, blank=True)
    starts_phase = models.BooleanField(
        _("starts a new phase"), default=False, help_text=_("The process changed here: limits start again.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "month", "id"]
        verbose_name = _("chart note")
        verbose_name_plural = _("chart notes")
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="measures_chartnote_month_first_day"),
            models.CheckConstraint(condition=~Q(text=""), name="measures_chartnote_text_not_blank"),
        ]

    def __str__(self):
        return f"{self.measure_id} {self.month:%Y-%m}: {self.text}"
