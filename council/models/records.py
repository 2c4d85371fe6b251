"""What a meeting leaves behind: decisions (how they were taken, and what in QIC they changed), action
items with an owner and a due date, and the e-mails sent to members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models import InitiativeStatus, ProblemTier
from qic.core.i18n import BilingualContent
from qic.core.models import TimeStampedModel


class DecisionMethod(models.TextChoices):
    CONSENSUS = "consensus", _("Consensus")
    VOTE = "vote", _("Vote")


class DecisionChange(models.TextChoices):
    """What in QIC a decision changed, if anything: the decision links to it."""

    NONE = "none", _("Nothing in QIC")
    TARGET = "target", _("A measure's target")
    INITIATIVE = "initiative", _("A council initiative")
    PROBLEM_TIER = "problem_tier", _("A problem's tier")


class Decision(BilingualContent, TimeStampedModel):
    """What the council decided, and how: by consensus, or by a vote with its counts."""

    bilingual_fields = ("text",)

    meeting = models.ForeignKey(
        "council.CouncilMeeting", verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        "council.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("what was decided"))
    text_es = models.TextField(_("what was decided (Spanish)"), blank=True)
    method = models.CharField(_("how"), max_length=10, choices=DecisionMethod.choices)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    change = models.CharField(
        _("what it changes in QIC"), max_length=20, choices=DecisionChange.choices, default=DecisionChange.NONE
    )
    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("measure")
    )
    initiative = models.ForeignKey(
        "dialogues.CouncilInitiative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("initiative"),
    )
    problem = models.ForeignKey(
        "dialogues.Problem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("problem"),
    )
    # What the change was (a target's number, an initiative's status, a problem's tier, as stored), written when
    # the decision made the change in QIC; blank when it only points at a change made elsewhere.
    changed_from = models.CharField(_("changed from"), max_length=60, blank=True)
    changed_to = models.CharField(_("changed to"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="council_decision_text_not_blank"),
            models.CheckConstraint(condition=Q(method__in=DecisionMethod.values), name="council_decision_method_valid"),
            models.CheckConstraint(condition=Q(change__in=DecisionChange.values), name="council_decision_change_valid"),
            # A vote has its three counts, none negative; consensus has none.
            models.CheckConstraint(
                condition=Q(
                    method=DecisionMethod.VOTE,
                    votes_for__isnull=False,
                    votes_against__isnull=False,
                    abstentions__isnull=False,
                    votes_for__gte=0,
                    votes_against__gte=0,
                    abstentions__gte=0,
                )
                | Q(
                    method=DecisionMethod.CONSENSUS,
                    votes_for__isnull=True,
                    votes_against__isnull=True,
                    abstentions__isnull=True,
                ),
                name="council_decision_counts_match_method",
            ),
            # A decision that changes something links to it.
            models.CheckConstraint(
                condition=Q(change=DecisionChange.NONE)
                | Q(change=DecisionChange.TARGET, measure__isnull=False)
                | Q(change=DecisionChange.INITIATIVE, initiative__isnull=False)
                | Q(change=DecisionChange.PROBLEM_TIER, problem__isnull=False),
                name="council_decision_change_linked",
            ),
        ]

    def __str__(self):
        return self.localized("text").text[:80]

    def text_in(self, language: str) -> str:
        return self.text_es if language == "es" and self.text_es else self.text

    def _value_shown(self, value: str) -> str:
        """A stored status or tier in the reader's language; a target as it is."""
        kinds = {DecisionChange.INITIATIVE: InitiativeStatus, DecisionChange.PROBLEM_TIER: ProblemTier}
        choices = kinds.get(self.change)
        if choices is not None and value in choices.values:
            return str(choices(value).label)
        return value

    @property
    def changed_from_shown(self) -> str:
        return self._value_shown(self.changed_from)

    @property
    def changed_to_shown(self) -> str:
        return self._value_shown(self.changed_to)

    @property
    def carried(self) -> bool | None:
        """For a vote: more for than against. None for consensus."""
        if self.method != DecisionMethod.VOTE:
            return None
        return self.votes_for > self.votes_against


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


#: An action item in one of these statuses comes back on every agenda until it is done (or dropped).
OPEN_ACTION_STATUSES = (ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS)


class ActionItemQuerySet(models.QuerySet):
    def still_open(self):
        return self.filter(status__in=OPEN_ACTION_STATUSES)


class ActionItem(BilingualContent, TimeStampedModel):
    """Something someone agreed at a meeting to do by a date. Internal: never published (it names a person)."""

    bilingual_fields = ("description",)

    meeting = models.ForeignKey(
        "council.CouncilMeeting", verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="action_items"
    )
    agenda_item = models.ForeignKey(
        "council.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items"
    )
    description = models.CharField(_("what will be done"), max_length=300)
    description_es = models.CharField(_("what will be done (Spanish)"), max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_action_items", verbose_name=_("owner")
    )
    agreed_on = models.DateField(_("agreed on"))
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    note = models.TextField(_("progress note"), blank=True)

    history = HistoricalRecords()
    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="council_action_description_not_blank"),
            models.CheckConstraint(condition=Q(status__in=ActionItemStatus.values), name="council_action_status_valid"),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("agreed_on")), name="council_action_due_after_agreed"
            ),
            # Done or dropped items say when; open ones do not.
            models.CheckConstraint(
                condition=Q(status__in=OPEN_ACTION_STATUSES, closed_at__isnull=True)
                | (~Q(status__in=OPEN_ACTION_STATUSES) & Q(closed_at__isnull=False)),
                name="council_action_closed_when_done",
            ),
        ]
        # The owner's page and the next agenda read open items by owner and due date.
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="council_action_by_owner")]

    def __str__(self):
        return self.localized("description").text

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class MailingKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    AGENDA = "agenda", _("Agenda")
    MINUTES = "minutes", _("Approved minutes")
    CANCELLATION = "cancellation", _("Cancellation notice")


class CouncilMailing(models.Model):
    """A record that an e-mail of one kind went to the members for a meeting, and to how many."""

    meeting = models.ForeignKey(
        "council.CouncilMeeting", verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="mailings"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MailingKind.choices)
    recipients = models.PositiveSmallIntegerField(_("recipients"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "-sent_at"]
        verbose_name = _("council mailing")
        verbose_name_plural = _("council mailings")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=MailingKind.values), name="council_mailing_kind_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.meeting}"
