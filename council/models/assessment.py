"""The council's yearly Whole System Quality self-assessment (seed 004, IHI white paper "Whole System
Quality", Table 5 "Organizational Assessment: Stages of Whole System Quality Implementation"): once a
year the council rates its stage, 0 to 3, on each of the paper's six essential elements, with evidence."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qic.core.models import TimeStampedModel


class WsqElement(models.TextChoices):
    """The six essential elements, in the paper's words and order."""

    MODEL_TEAMS = "model_teams", _("Establish “model teams” to demonstrate quick wins.")
    QUALITY_STAFF = (
        "quality_staff",
        _(
            "Refine the role of quality department staff and rightsize the QI function to optimally support the QP "
            "and QC workstreams."
        ),
    )
    QUALITY_PLANNING = (
        "quality_planning",
        _("Introduce rudimentary quality planning to put customer needs immediately at the forefront."),
    )
    PROBLEM_ESCALATION = (
        "problem_escalation",
        _("Build a skeleton problem-escalation system to support whole system quality control."),
    )
    LEARNING_SYSTEM = (
        "learning_system",
        _("Develop a learning system to ensure strong linkages between all QP, QI, and QC activities."),
    )
    LEADERSHIP_COACHING = (
        "leadership_coaching",
        _(
            "Introduce leadership coaching to clarify and reinforce execution of the norms, values, and behaviors "
            "that support whole system quality."
        ),
    )


class WsqStage(models.IntegerChoices):
    """Table 5's stages, each in plain words for a newcomer (the paper's description, shortened)."""

    STAGE_0 = 0, _("Stage 0: quality is not yet part of the strategy; projects are scattered")
    STAGE_1 = 1, _("Stage 1: quality is in the strategy, but no systems make it happen")
    STAGE_2 = 2, _("Stage 2: quality is in the strategy and done well in pockets, not everywhere")
    STAGE_3 = 3, _("Stage 3: the whole strategy is about quality, and everyone works to it")


#: Below this stage an element can become a work plan objective (its target).
WSQ_TARGET_STAGE = 2


class SelfAssessment(TimeStampedModel):
    """The council's self-assessment of one calendar year: one per year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2200), name="council_assessment_year_sane"),
        ]

    def __str__(self):
        return str(_("Whole system quality self-assessment %(year)s")) % {"year": self.year}


class ElementRating(TimeStampedModel):
    """The stage the council gave one element in one year, why (evidence in English and Spanish), who
    rated it and when; and the work plan objective it became, if any."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="ratings")
    element = models.CharField(_("element"), max_length=30, choices=WsqElement.choices)
    stage = models.PositiveSmallIntegerField(_("stage"), choices=WsqStage.choices)
    evidence = models.TextField(_("evidence"))
    evidence_es = models.TextField(_("evidence (Spanish)"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rated by"),
    )
    rated_at = models.DateTimeField(_("rated at"))
    objective = models.ForeignKey(
        "workplan.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("work plan objective"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "element"]
        verbose_name = _("element rating")
        verbose_name_plural = _("element ratings")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "element"], name="council_rating_once_per_element"),
            models.CheckConstraint(condition=Q(stage__gte=0, stage__lte=3), name="council_rating_stage_0_to_3"),
            models.CheckConstraint(condition=Q(element__in=WsqElement.values), name="council_rating_element_valid"),
            models.CheckConstraint(condition=~Q(evidence=""), name="council_rating_evidence_not_blank"),
        ]

    def __str__(self):
        return f"{self.assessment.year} {self.element}: {self.stage}"

    def evidence_in(self, language: str) -> str:
        return self.evidence_es if language == "es" and self.evidence_es else self.evidence

    @property
    def below_target(self) -> bool:
        return self.stage < WSQ_TARGET_STAGE
