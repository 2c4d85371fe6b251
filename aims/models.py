"""The council's quality framework: six aims at each of four levels of the care system.

Source: the California QIC/IOM work group's matrix "Visualizing the Six Aims at Each Level of the
Care System", Berwick's four levels (Health Affairs, 2002) and the IOM's ten rules for redesign.
Every row carries English and Spanish text; ``localized`` picks the one for the active language.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qic.core.i18n import localized, localized_is_fallback
from qic.core.models import TimeStampedModel


class NaturalKeyManager(models.Manager):
    """Fixtures refer to framework rows by a stable key, so they load idempotently on any database."""

    natural_key_field = "slug"

    def get_by_natural_key(self, key):
        return self.get(**{self.natural_key_field: key})


class LetterKeyManager(NaturalKeyManager):
    natural_key_field = "letter"


class NumberKeyManager(NaturalKeyManager):
    natural_key_field = "number"


class Aim(models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    code = models.CharField(_("code"), max_length=2, unique=True, help_text=_("Two letters used in item codes."))
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_es = models.CharField(_("name (Spanish)"), max_length=80, blank=True)
    definition = models.TextField(_("definition"))
    definition_es = models.TextField(_("definition (Spanish)"), blank=True)

    history = HistoricalRecords()
    objects = NaturalKeyManager()

    display_name = localized("name")
    display_definition = localized("definition")

    class Meta:
        ordering = ["order"]
        verbose_name = _("aim")
        verbose_name_plural = _("aims")
        constraints = [
            models.CheckConstraint(condition=Q(order__gte=1), name="aims_aim_order_positive"),
        ]

    def __str__(self):
        return self.display_name  # in the reader's language, as choice lists show it

    def get_absolute_url(self):
        return reverse("aims:aim_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class ItemKind(models.TextChoices):
    NEED = "need", _("Need or desire")
    STRATEGY = "strategy", _("Opportunity or strategy")


class Level(models.Model):
    """A level of the care system, as the matrix's rows name them."""

    class Heading(models.TextChoices):
        NEEDS_AND_DESIRES = "needs_and_desires", _("Needs and Desires")
        OPPORTUNITIES_AND_STRATEGIES = "opportunities_and_strategies", _("Opportunities and Strategies")

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    code = models.CharField(_("code"), max_length=2, unique=True, help_text=_("Two letters used in item codes."))
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_es = models.CharField(_("name (Spanish)"), max_length=80, blank=True)
    heading = models.CharField(_("heading"), max_length=40, choices=Heading.choices)
    description = models.TextField(_("description"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)

    history = HistoricalRecords()
    objects = NaturalKeyManager()

    display_name = localized("name")
    display_description = localized("description")

    class Meta:
        ordering = ["order"]
        verbose_name = _("level of the care system")
        verbose_name_plural = _("levels of the care system")
        constraints = [
            models.CheckConstraint(condition=Q(order__gte=1), name="aims_level_order_positive"),
        ]

    def __str__(self):
        return self.display_name  # in the reader's language, as choice lists show it

    def get_absolute_url(self):
        return reverse("aims:level_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def item_kind(self) -> str:
        """Clients and family members state needs; the other levels answer with strategies."""
        if self.heading == self.Heading.NEEDS_AND_DESIRES:
            return ItemKind.NEED
        return ItemKind.STRATEGY


class MatrixItemQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def in_source_order(self):
        """Aim by aim, level by level, each top-level bullet followed by its sub-items."""
        return self.order_by(
            "aim__order",
            "level__order",
            models.functions.Coalesce("parent__order", "order"),
            F("parent").asc(nulls_first=True),
            "order",
        )

    def for_display(self):
        return self.select_related("aim", "level", "parent").in_source_order()


class MatrixItemManager(NaturalKeyManager.from_queryset(MatrixItemQuerySet)):
    natural_key_field = "code"


class MatrixItem(TimeStampedModel):
    """One bullet of the matrix: a need (clients and family members) or a strategy (other levels).

    Sub-items (e.g. the three measures under "Regularly monitor and report") point at their parent
    and sit in the same aim and level. Other apps tag their work to items with a many-to-many field
    to this model and register it in ``aims.tagging`` so the grid can count it.
    """

    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Stable reference such as TI-PR-02; sub-items add a letter (TI-PR-02-a)."),
    )
    aim = models.ForeignKey(Aim, on_delete=models.PROTECT, related_name="items", verbose_name=_("aim"))
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="items", verbose_name=_("level"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent item"),
    )
    order = models.PositiveSmallIntegerField(_("order"), help_text=_("Position within its cell, or within its parent."))
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    text = models.TextField(_("text"))
    text_es = models.TextField(_("text (Spanish)"), blank=True)

    history = HistoricalRecords()
    objects = MatrixItemManager()

    display_text = localized("text")
    display_text_is_english_fallback = localized_is_fallback("text")

    class Meta:
        # Codes sort a parent before its sub-items; pages use ``in_source_order()`` instead.
        ordering = ["code"]
        verbose_name = _("matrix item")
        verbose_name_plural = _("matrix items")
        constraints = [
            # NULL parents never collide in a plain unique constraint, so top-level bullets and
            # sub-items each get their own partial constraint.
            models.UniqueConstraint(
                fields=["aim", "level", "order"],
                condition=Q(parent__isnull=True),
                name="aims_item_unique_order_in_cell",
            ),
            models.UniqueConstraint(
                fields=["parent", "order"],
                condition=Q(parent__isnull=False),
                name="aims_item_unique_order_in_parent",
            ),
            models.CheckConstraint(condition=Q(order__gte=1), name="aims_item_order_positive"),
            models.CheckConstraint(condition=~Q(text=""), name="aims_item_text_not_blank"),
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="aims_item_kind_valid"),
        ]

    def __str__(self):
        # In the reader's language, as Aim's: choice lists in forms (a work plan objective's items) follow the page.
        return f"{self.code} {self.display_text}"

    def get_absolute_url(self):
        return reverse("aims:item_detail", kwargs={"code": self.code})

    def natural_key(self):
        return (self.code,)

    @property
    def is_sub_item(self) -> bool:
        return self.parent_id is not None


class BerwickLevel(models.Model):
    """Berwick's four levels of the health care system (A–D), and which care levels they span."""

    letter = models.CharField(_("letter"), max_length=1, unique=True, choices=[(c, c) for c in "ABCD"])
    name = models.CharField(_("name"), max_length=80)
    name_es = models.CharField(_("name (Spanish)"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    stakeholders = models.JSONField(_("stakeholders"), default=list, blank=True)
    stakeholders_es = models.JSONField(_("stakeholders (Spanish)"), default=list, blank=True)
    focus = models.JSONField(_("focus"), default=list, blank=True)
    focus_es = models.JSONField(_("focus (Spanish)"), default=list, blank=True)
    care_levels = models.ManyToManyField(
        Level, related_name="berwick_levels", blank=True, verbose_name=_("levels of the care system")
    )
    mapping_note = models.TextField(_("why it maps to these levels"), blank=True)
    mapping_note_es = models.TextField(_("why it maps to these levels (Spanish)"), blank=True)

    history = HistoricalRecords()
    objects = LetterKeyManager()

    display_name = localized("name")
    display_description = localized("description")
    display_stakeholders = localized("stakeholders")
    display_focus = localized("focus")
    display_mapping_note = localized("mapping_note")

    class Meta:
        ordering = ["letter"]
        verbose_name = _("Berwick level")
        verbose_name_plural = _("Berwick levels")
        constraints = [
            models.CheckConstraint(condition=Q(letter__in=list("ABCD")), name="aims_berwick_letter_a_to_d"),
        ]

    def __str__(self):
        return f"{self.letter}. {self.name}"

    def natural_key(self):
        return (self.letter,)


class FrameworkDefinition(models.Model):
    """A term the work group defined, such as "Aims" and "Rules"."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    term = models.CharField(_("term"), max_length=80)
    term_es = models.CharField(_("term (Spanish)"), max_length=80, blank=True)
    definition = models.TextField(_("definition"))
    definition_es = models.TextField(_("definition (Spanish)"), blank=True)

    history = HistoricalRecords()
    objects = NaturalKeyManager()

    display_term = localized("term")
    display_definition = localized("definition")

    class Meta:
        ordering = ["order"]
        verbose_name = _("framework definition")
        verbose_name_plural = _("framework definitions")

    def __str__(self):
        return self.display_term

    def natural_key(self):
        return (self.slug,)


class RedesignRule(models.Model):
    """One of the IOM's ten rules for redesign (Crossing the Quality Chasm, 2001)."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    name = models.CharField(_("name"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120, blank=True)
    summary = models.TextField(_("summary"))
    summary_es = models.TextField(_("summary (Spanish)"), blank=True)

    history = HistoricalRecords()
    objects = NumberKeyManager()

    display_name = localized("name")
    display_summary = localized("summary")

    class Meta:
        ordering = ["number"]
        verbose_name = _("rule for redesign")
        verbose_name_plural = _("rules for redesign")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=10), name="aims_rule_number_1_to_10"),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def natural_key(self):
        return (self.number,)
