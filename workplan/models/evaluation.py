"""The annual evaluation of a work plan: a review of every objective, approved at a council meeting."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qic.core.i18n import localized
from qic.core.models import TimeStampedModel
from workplan.models.approval import CouncilApproval
from workplan.status import Rating


class Evaluation(TimeStampedModel, CouncilApproval):
    plan = models.OneToOneField("workplan.WorkPlan", on_delete=models.CASCADE, related_name="evaluation")
    summary = models.TextField(_("summary"), blank=True)
    summary_es = models.TextField(_("summary (Spanish)"), blank=True)

    history = HistoricalRecords()

    display_summary = localized("summary")

    class Meta:
        verbose_name = _("annual evaluation")
        verbose_name_plural = _("annual evaluations")
        constraints = [*CouncilApproval.Meta.constraints]

    def __str__(self):
        return str(_("Evaluation of the QI work plan %(year)s")) % {"year": self.plan.label}

    def get_absolute_url(self):
        return reverse("workplan:evaluation_detail", args=[self.plan.fiscal_year_start.year])


class ObjectiveReview(TimeStampedModel):
    """One objective's part of the evaluation. The figures are read live until the evaluation is
    approved; approving it keeps the rating and the latest figure here, so the approved document does not
    change when later data arrive."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="reviews")
    objective = models.OneToOneField("workplan.Objective", on_delete=models.CASCADE, related_name="review")
    narrative = models.TextField(_("what happened"), blank=True)
    narrative_es = models.TextField(_("what happened (Spanish)"), blank=True)
    barriers = models.TextField(_("barriers"), blank=True)
    barriers_es = models.TextField(_("barriers (Spanish)"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    next_steps_es = models.TextField(_("next steps (Spanish)"), blank=True)
    rating = models.CharField(_("rating when approved"), max_length=12, choices=Rating.choices, blank=True)
    latest_value = models.DecimalField(_("latest figure when approved"), max_digits=12, decimal_places=2, null=True)
    latest_on = models.DateField(_("date of the latest figure when approved"), null=True)

    history = HistoricalRecords()

    display_narrative = localized("narrative")
    display_barriers = localized("barriers")
    display_next_steps = localized("next_steps")

    class Meta:
        ordering = ["evaluation", "objective__goal__order", "objective__order", "objective_id"]
        verbose_name = _("objective review")
        verbose_name_plural = _("objective reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating="") | Q(rating__in=Rating.values), name="workplan_review_rating_valid"
            ),
        ]

    def __str__(self):
        return f"{self.evaluation} · {self.objective}"
