"""Problems and chart signals that someone owns, and their escalation from team to council."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models.cells import CqiCell
from measures.alerts import SignalKind
from qic.core.i18n import BilingualContent
from qic.core.models import TimeStampedModel


class ProblemTier(models.TextChoices):
    """Where a problem is being worked on, from the front line up (IHI whole-system quality, seed 004)."""

    TEAM = "team", _("Team")
    PROGRAM = "program", _("Program")
    DEPARTMENT = "department", _("Department")
    COUNCIL = "council", _("Council")

    @property
    def rank(self) -> int:
        return list(ProblemTier).index(self)


class ProblemStatus(models.TextChoices):
    #: Raised automatically from a chart's signal, for someone to take up or dismiss.
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    #: A draft someone judged not worth acting on, saying why.
    DISMISSED = "dismissed", _("Dismissed")
    #: A draft nobody took up whose signal went away: closed automatically.
    WITHDRAWN = "withdrawn", _("Withdrawn: the signal went away")


#: Statuses of a problem nobody works on any more.
CLOSED_DRAFT_STATUSES = (ProblemStatus.DISMISSED, ProblemStatus.WITHDRAWN)


class Problem(BilingualContent, TimeStampedModel):
    """A problem, or a signal on a measure's control chart, that someone owns and must act on by a date.

    It starts at the tier where it was seen and is escalated, with a reason each time, when that tier
    cannot solve it (``ProblemEscalation``). Nothing here is about a person: it describes the system.
    """

    bilingual_fields = ("title", "description", "resolution")

    title = models.CharField(_("title"), max_length=160)
    title_es = models.CharField(_("title (Spanish)"), max_length=160, blank=True)
    description = models.TextField(_("what is happening"), blank=True)
    description_es = models.TextField(_("what is happening (Spanish)"), blank=True)
    tier = models.CharField(_("tier"), max_length=12, choices=ProblemTier.choices, default=ProblemTier.TEAM)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="problems_owned", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("measure"),
    )
    signal_month = models.DateField(_("month of the chart signal"), null=True, blank=True)
    # Blank for a problem a person raised; set on a draft raised from a chart (measures.alerts.SignalKind).
    signal_kind = models.CharField(
        _("kind of chart signal"), max_length=20, choices=SignalKind.choices, blank=True, default=""
    )
    cell = models.ForeignKey(
        CqiCell, on_delete=models.SET_NULL, null=True, blank=True, related_name="problems", verbose_name=_("CQI cell")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.TextField(_("how it was resolved"), blank=True)
    resolution_es = models.TextField(_("how it was resolved (Spanish)"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    dismissal_reason = models.TextField(_("why it was dismissed"), blank=True)
    closed_at = models.DateTimeField(_("dismissed or withdrawn"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="dialogues_problem_title_not_blank"),
            models.CheckConstraint(condition=Q(tier__in=ProblemTier.values), name="dialogues_problem_tier_valid"),
            models.CheckConstraint(condition=Q(status__in=ProblemStatus.values), name="dialogues_problem_status_valid"),
            models.CheckConstraint(
                condition=(~Q(status=ProblemStatus.RESOLVED) & Q(resolved_at__isnull=True))
                | (Q(status=ProblemStatus.RESOLVED, resolved_at__isnull=False) & ~Q(resolution="")),
                name="dialogues_problem_resolved_with_how_and_when",
            ),
            models.CheckConstraint(
                condition=(~Q(status__in=CLOSED_DRAFT_STATUSES) & Q(closed_at__isnull=True))
                | Q(status__in=CLOSED_DRAFT_STATUSES, closed_at__isnull=False),
                name="dialogues_problem_draft_closed_when",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProblemStatus.DISMISSED) | ~Q(dismissal_reason=""),
                name="dialogues_problem_dismissed_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(signal_month__isnull=True) | Q(measure__isnull=False),
                name="dialogues_problem_signal_on_a_measure",
            ),
            models.CheckConstraint(
                condition=Q(signal_kind="") | Q(signal_kind__in=SignalKind.values, signal_month__isnull=False),
                name="dialogues_problem_signal_kind_valid_with_month",
            ),
            # Drafts (and what becomes of them when nobody takes them up) come only from a chart's signal.
            models.CheckConstraint(
                condition=~Q(status__in=[ProblemStatus.DRAFT, *CLOSED_DRAFT_STATUSES]) | ~Q(signal_kind=""),
                name="dialogues_problem_draft_from_a_signal",
            ),
            # One problem per chart signal, whatever became of it; a withdrawn draft (its signal went away)
            # does not count, so the signal raises a new draft if it comes back.
            models.UniqueConstraint(
                fields=["measure", "signal_kind", "signal_month"],
                condition=~Q(signal_kind="") & ~Q(status=ProblemStatus.WITHDRAWN),
                name="dialogues_problem_one_per_signal",
            ),
        ]
        indexes = [models.Index(fields=["status", "tier", "due_on"], name="dialogues_problem_board")]

    def __str__(self):
        return self.localized("title").text

    def get_absolute_url(self):
        return reverse("dialogues:problem_detail", args=[self.pk])

    @property
    def overdue(self) -> bool:
        return self.status == ProblemStatus.OPEN and self.due_on < timezone.localdate()

    @property
    def is_draft(self) -> bool:
        return self.status == ProblemStatus.DRAFT


class ProblemEscalation(models.Model):
    """One step up: from which tier to which, why, by whom and when. Kept for the problem's history."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="escalations")
    from_tier = models.CharField(_("from"), max_length=12, choices=ProblemTier.choices)
    to_tier = models.CharField(_("to"), max_length=12, choices=ProblemTier.choices)
    reason = models.TextField(_("why it is escalated"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("escalated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["problem", "at", "id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="dialogues_escalation_reason_not_blank"),
            models.CheckConstraint(
                condition=Q(from_tier__in=ProblemTier.values) & Q(to_tier__in=ProblemTier.values),
                name="dialogues_escalation_tiers_valid",
            ),
            models.CheckConstraint(
                condition=~Q(from_tier=models.F("to_tier")), name="dialogues_escalation_changes_tier"
            ),
        ]

    def __str__(self):
        return f"{self.get_from_tier_display()} → {self.get_to_tier_display()}"
