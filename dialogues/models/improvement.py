"""Improvement work: opportunities, priority votes, action steps, outcome standards and PDSA cycles."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models.cells import CqiCell, Membership
from dialogues.models.sessions import Dialogue
from qic.core.i18n import BilingualContent
from qic.core.models import TimeStampedModel


class OpportunityStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Being worked on")
    DONE = "done", _("Done")
    SET_ASIDE = "set_aside", _("Set aside")


class ReviewStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Not taken up")


class ImprovementOpportunity(BilingualContent, TimeStampedModel):
    """Something that could be better, surfaced by a dialogue or proposed by a cell member.

    An opportunity from a dialogue may be handed to a cell; the cell's page shows where it came
    from, so the chain dialogue → opportunity → action step or PDSA cycle → result can be followed.

    A member's idea is reviewed by QI staff before anyone but them and staff sees it (it may name a
    person or hold health information by mistake); what staff add themselves is approved as they add
    it. The default is "waiting for review", so a way of adding ideas that forgets the review keeps
    them off the public pages rather than publishing them.
    """

    bilingual_fields = ("title", "description")

    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("surfaced at dialogue"),
    )
    cell = models.ForeignKey(
        CqiCell,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("CQI cell working on it"),
    )
    handed_to_cell_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OpportunityStatus.choices, default=OpportunityStatus.OPEN
    )
    review_status = models.CharField(
        _("review"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PROPOSED
    )
    matrix_items = models.ManyToManyField(
        "aims.MatrixItem", blank=True, related_name="opportunities", verbose_name=_("matrix items")
    )
    problem = models.ForeignKey(
        "Problem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("from the problem"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("improvement opportunity")
        verbose_name_plural = _("improvement opportunities")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="dialogues_opportunity_title_not_blank"),
            models.CheckConstraint(
                condition=Q(status__in=OpportunityStatus.values), name="dialogues_opportunity_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(review_status__in=ReviewStatus.values), name="dialogues_opportunity_review_valid"
            ),
            models.CheckConstraint(
                condition=Q(dialogue__isnull=False) | Q(cell__isnull=False),
                name="dialogues_opportunity_has_source_or_cell",
            ),
        ]

    def __str__(self):
        return self.localized("title").text

    def get_absolute_url(self):
        """Its page in the cell working on it; an opportunity no cell has taken yet has no page of its own."""
        return reverse("dialogues:opportunity_detail", args=[self.cell.slug, self.pk]) if self.cell_id else ""


class PriorityVote(models.Model):
    """A member's view of an opportunity: impact and effort from 1 (low) to 5 (high).

    Priority is mean impact × (6 − mean effort): high impact and low effort come first.
    """

    opportunity = models.ForeignKey(
        ImprovementOpportunity, verbose_name=_("opportunity"), on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    impact = models.PositiveSmallIntegerField(_("impact"))
    effort = models.PositiveSmallIntegerField(_("effort"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("priority vote")
        verbose_name_plural = _("priority votes")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "voter"], name="dialogues_vote_once_per_member"),
            models.CheckConstraint(condition=Q(impact__gte=1, impact__lte=5), name="dialogues_vote_impact_1_to_5"),
            models.CheckConstraint(condition=Q(effort__gte=1, effort__lte=5), name="dialogues_vote_effort_1_to_5"),
        ]

    def __str__(self):
        return f"{self.voter} on {self.opportunity}: impact {self.impact}, effort {self.effort}"


class ActionStatus(models.TextChoices):
    TO_DO = "to_do", _("To do")
    DOING = "doing", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionStep(BilingualContent, TimeStampedModel):
    bilingual_fields = ("description", "result")

    opportunity = models.ForeignKey(
        ImprovementOpportunity, verbose_name=_("opportunity"), on_delete=models.CASCADE, related_name="action_steps"
    )
    description = models.CharField(_("what will be done"), max_length=300)
    description_es = models.CharField(_("what will be done (Spanish)"), max_length=300, blank=True)
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_steps",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.TO_DO)
    result = models.TextField(_("result"), blank=True)
    result_es = models.TextField(_("result (Spanish)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action step")
        verbose_name_plural = _("action steps")
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="dialogues_action_description_not_blank"),
            models.CheckConstraint(condition=Q(status__in=ActionStatus.values), name="dialogues_action_status_valid"),
        ]

    def __str__(self):
        return self.localized("description").text


class OutcomeStandard(BilingualContent, models.Model):
    """A measurable outcome standard for an opportunity, tied to a measure of the registry."""

    bilingual_fields = ("description",)

    opportunity = models.ForeignKey(
        ImprovementOpportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="outcome_standards",
    )
    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.PROTECT, related_name="outcome_standards", verbose_name=_("measure")
    )
    target = models.DecimalField(_("target"), max_digits=9, decimal_places=2)
    target_date = models.DateField(_("by"), null=True, blank=True)
    description = models.CharField(_("in words"), max_length=300, blank=True)
    description_es = models.CharField(_("in words (Spanish)"), max_length=300, blank=True)

    class Meta:
        ordering = ["opportunity", "id"]
        verbose_name = _("outcome standard")
        verbose_name_plural = _("outcome standards")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "measure"], name="dialogues_outcome_one_per_measure"),
        ]

    def __str__(self):
        return f"{self.measure}: {self.target}"


class PdsaDecision(models.TextChoices):
    ADOPT = "adopt", _("Adopt")
    ADAPT = "adapt", _("Adapt")
    ABANDON = "abandon", _("Abandon")


#: How to link to a PDSA cycle that has no cell (one a higher app, such as improvement projects, made),
#: registered by that app so this one never imports it: a callable taking the cycle, returning its URL.
_cycle_url_without_cell = None


def register_cycle_url_without_cell(url_for) -> None:
    # A registry set once, from an AppConfig.ready(), as aims.tagging does.
    global _cycle_url_without_cell
    _cycle_url_without_cell = url_for


class PdsaCycle(BilingualContent, TimeStampedModel):
    """A Plan–Do–Study–Act cycle. Its start is drawn on its measure's control chart as a note.

    Most cycles belong to a CQI cell. A cycle without a cell is one an improvement project started from a
    change idea (the projects app links the two); the cell pages never list it."""

    bilingual_fields = (
        "title",
        "plan_prediction",
        "plan_who",
        "plan_where",
        "plan_measure",
        "do_notes",
        "study_notes",
        "act_notes",
    )

    cell = models.ForeignKey(
        CqiCell, verbose_name=_("cell"), on_delete=models.CASCADE, null=True, blank=True, related_name="pdsa_cycles"
    )
    opportunity = models.ForeignKey(
        ImprovementOpportunity,
        verbose_name=_("opportunity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pdsa_cycles",
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_cycle",
        verbose_name=_("adapted from"),
    )
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pdsa_cycles",
        verbose_name=_("measure"),
    )
    chart_note = models.OneToOneField(
        "measures.ChartNote", on_delete=models.SET_NULL, null=True, blank=True, related_name="pdsa_cycle"
    )
    title = models.CharField(_("change being tested"), max_length=200)
    title_es = models.CharField(_("change being tested (Spanish)"), max_length=200, blank=True)
    plan_prediction = models.TextField(_("prediction"), help_text=_("What we expect to happen, and by how much."))
    plan_prediction_es = models.TextField(_("prediction (Spanish)"), blank=True)
    plan_who = models.CharField(_("who"), max_length=200, blank=True)
    plan_who_es = models.CharField(_("who (Spanish)"), max_length=200, blank=True)
    plan_where = models.CharField(_("where"), max_length=200, blank=True)
    plan_where_es = models.CharField(_("where (Spanish)"), max_length=200, blank=True)
    plan_measure = models.CharField(
        _("how we will know"), max_length=300, blank=True, help_text=_("The data collected during the test.")
    )
    plan_measure_es = models.CharField(_("how we will know (Spanish)"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    do_notes = models.TextField(_("do: what happened"), blank=True)
    do_notes_es = models.TextField(_("do: what happened (Spanish)"), blank=True)
    study_notes = models.TextField(_("study: compared with the prediction"), blank=True)
    study_notes_es = models.TextField(_("study: compared with the prediction (Spanish)"), blank=True)
    act_decision = models.CharField(_("act"), max_length=10, choices=PdsaDecision.choices, blank=True)
    act_notes = models.TextField(_("act: why"), blank=True)
    act_notes_es = models.TextField(_("act: why (Spanish)"), blank=True)
    matrix_items = models.ManyToManyField(
        "aims.MatrixItem", blank=True, related_name="pdsa_cycles", verbose_name=_("matrix items")
    )
    problem = models.ForeignKey(
        "Problem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pdsa_cycles",
        verbose_name=_("from the problem"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["cell", "-starts_on", "id"]
        verbose_name = _("PDSA cycle")
        verbose_name_plural = _("PDSA cycles")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="dialogues_pdsa_title_not_blank"),
            models.CheckConstraint(
                condition=Q(act_decision="") | Q(act_decision__in=PdsaDecision.values),
                name="dialogues_pdsa_decision_valid",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="dialogues_pdsa_ends_after_start",
            ),
            # Deciding means having studied the result.
            models.CheckConstraint(
                condition=Q(act_decision="") | ~Q(study_notes=""), name="dialogues_pdsa_act_after_study"
            ),
        ]

    def __str__(self):
        return self.localized("title").text

    def get_absolute_url(self):
        if self.cell_id is None:
            return _cycle_url_without_cell(self) if _cycle_url_without_cell is not None else ""
        return reverse("dialogues:pdsa_detail", args=[self.cell.slug, self.pk])

    @property
    def stage(self) -> str:
        if self.act_decision:
            return "act"
        if self.study_notes:
            return "study"
        if self.do_notes:
            return "do"
        return "plan"

    @property
    def is_running(self) -> bool:
        return not self.act_decision
