"""Consumer partnership (PRODUCT.md section 3; seed 001): dialogues, CQI cells, joining, compensation,
improvement work and the success indicators.

Consumers and family members take part as equal, paid partners. Two rules run through the schema:
- nothing here holds health information: themes, notes and applications are about the system, and
  the forms say so;
- contact details (applications, sign-ups) are for QI staff only; pages for consumers and the public
  show aggregates.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from measures.alerts import SignalKind
from qic.core.models import TimeStampedModel

#: The share of consumer and family members a CQI group must keep (seed 001).
CONSUMER_SHARE_MINIMUM = Decimal("0.20")
#: "Ongoing dialogues": at least one dialogue held within this many days.
DIALOGUE_RECENCY_DAYS = 90
#: The IHI whole-system paper advises three to five council-level initiatives at once.
COUNCIL_INITIATIVE_LIMIT = 5


class PartnerRole(models.TextChoices):
    """The role a person takes in a cell or a dialogue."""

    CONSUMER = "consumer", _("Consumer")
    FAMILY = "family", _("Family member")
    PEER_PROVIDER = "peer_provider", _("Peer provider")
    PROVIDER = "provider", _("Provider")
    STAFF = "staff", _("Staff")
    FACILITATOR = "facilitator", _("Facilitator")


#: Roles that count towards the consumer share (seed 001: "consumer membership").
CONSUMER_ROLES = frozenset({PartnerRole.CONSUMER, PartnerRole.FAMILY})


class ApplicantRole(models.TextChoices):
    """The roles the public join form offers, in plain language."""

    CONSUMER = "consumer", _("I receive mental health services, or have in the past")
    FAMILY = "family", _("A family member of someone who receives services")
    PROVIDER = "provider", _("I provide services")
    OTHER = "other", _("Other")


APPLICANT_TO_PARTNER_ROLE = {
    ApplicantRole.CONSUMER: PartnerRole.CONSUMER,
    ApplicantRole.FAMILY: PartnerRole.FAMILY,
    ApplicantRole.PROVIDER: PartnerRole.PROVIDER,
    ApplicantRole.OTHER: PartnerRole.STAFF,
}


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


# --- Dialogues --------------------------------------------------------------------------------


class DialogueKind(models.TextChoices):
    INITIAL = "initial", _("Initial dialogue")
    FOCUSED = "focused", _("Focused dialogue")


class DialogueFocus(models.TextChoices):
    """Issues a focused dialogue may take up (seed 001 names the first two)."""

    TREATMENT_PLANNING = "treatment_planning", _("Participation in treatment and service planning")
    COERCIVE_TREATMENT = "coercive_treatment", _("Coercive treatment")
    OTHER = "other", _("Another issue")


class DialogueStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Dialogue(TimeStampedModel):
    """A consumer–provider dialogue: a frank exchange outside the treatment relationship."""

    title = models.CharField(_("title"), max_length=160)
    kind = models.CharField(_("kind"), max_length=10, choices=DialogueKind.choices, default=DialogueKind.INITIAL)
    focus = models.CharField(
        _("issue in focus"),
        max_length=30,
        choices=DialogueFocus.choices,
        blank=True,
        help_text=_("For a focused dialogue: the issue it takes up."),
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    description = models.TextField(_("what it is about"), blank=True, help_text=_("Shown on the public sign-up page."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DialogueStatus.choices, default=DialogueStatus.PLANNED
    )
    signup_open = models.BooleanField(_("open for sign-up"), default=True)
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    themes = models.TextField(
        _("themes"),
        blank=True,
        help_text=_("What was said, in general terms. Never names, diagnoses or anything about a person's health."),
    )
    matrix_items = models.ManyToManyField(
        "aims.MatrixItem", blank=True, related_name="dialogues", verbose_name=_("matrix items it concerns")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="dialogues_dialogue_title_not_blank"),
            models.CheckConstraint(condition=Q(kind__in=DialogueKind.values), name="dialogues_dialogue_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=DialogueStatus.values), name="dialogues_dialogue_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="dialogues_dialogue_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(kind=DialogueKind.FOCUSED) | ~Q(focus=""),
                name="dialogues_dialogue_focused_has_focus",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dialogues:dialogue_detail", args=[self.pk])


class DialogueFacilitator(models.Model):
    """A co-facilitator. A dialogue needs at least one consumer and one provider (checked by the service)."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="facilitators")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["dialogue", "id"]
        verbose_name = _("co-facilitator")
        verbose_name_plural = _("co-facilitators")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="dialogues_facilitator_name_not_blank"),
            models.CheckConstraint(condition=Q(role__in=PartnerRole.values), name="dialogues_facilitator_role_valid"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class DialogueHeadcount(models.Model):
    """Planned and actual participants of one role: counts only, no names."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="headcounts")
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    planned = models.PositiveSmallIntegerField(_("planned"), default=0)
    actual = models.PositiveSmallIntegerField(_("took part"), null=True, blank=True)

    class Meta:
        ordering = ["dialogue", "role"]
        verbose_name = _("participants by role")
        verbose_name_plural = _("participants by role")
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "role"], name="dialogues_headcount_one_per_role"),
            models.CheckConstraint(condition=Q(role__in=PartnerRole.values), name="dialogues_headcount_role_valid"),
        ]

    def __str__(self):
        return f"{self.dialogue}: {self.get_role_display()}"


class DialogueSignup(models.Model):
    """Someone who signed up, through the public form, to take part in an upcoming dialogue."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="signups")
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The normalised e-mail (or phone digits): one sign-up per person per dialogue.
    contact_key = models.CharField(max_length=254, editable=False)
    role = models.CharField(_("role"), max_length=20, choices=ApplicantRole.choices)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    accommodations = models.TextField(_("accommodations needed"), blank=True)
    consent_to_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dialogue", "created_at"]
        verbose_name = _("dialogue sign-up")
        verbose_name_plural = _("dialogue sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "contact_key"], name="dialogues_signup_once_per_person"),
            models.CheckConstraint(condition=~Q(contact_key=""), name="dialogues_signup_has_contact"),
            models.CheckConstraint(condition=Q(consent_to_contact=True), name="dialogues_signup_consented"),
        ]

    def __str__(self):
        return f"{self.name} → {self.dialogue}"


# --- CQI cells --------------------------------------------------------------------------------


class CellStatus(models.TextChoices):
    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class CompensationKind(models.TextChoices):
    PER_MEETING = "per_meeting", _("An amount per meeting attended")
    NONE = "none", _("No compensation")


class CqiCell(TimeStampedModel):
    """A CQI cell: consumers, family members and providers who find, prioritise and test improvements."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    slug = models.SlugField(_("short name for links"), max_length=60, unique=True)
    focus = models.CharField(_("focus"), max_length=200)
    mission_statement = models.TextField(_("mission statement"), blank=True)
    mission_reviewed_on = models.DateField(
        _("mission last reviewed"),
        null=True,
        blank=True,
        help_text=_("When members last checked the mission is consistent with consumer empowerment and respect."),
    )
    process_description = models.TextField(
        _("how the cell works"),
        blank=True,
        help_text=_("The CQI process in a few steps: how opportunities are found, chosen, tested and reported."),
    )
    process_document = models.FileField(_("process chart or flowchart"), upload_to="cells/process/", blank=True)
    aims = models.ManyToManyField("aims.Aim", blank=True, related_name="cqi_cells", verbose_name=_("aims"))
    levels = models.ManyToManyField(
        "aims.Level", blank=True, related_name="cqi_cells", verbose_name=_("levels of the care system")
    )
    matrix_items = models.ManyToManyField(
        "aims.MatrixItem", blank=True, related_name="cqi_cells", verbose_name=_("matrix items it works on")
    )
    status = models.CharField(_("status"), max_length=10, choices=CellStatus.choices, default=CellStatus.FORMING)
    meeting_schedule = models.CharField(
        _("meeting schedule"), max_length=200, blank=True, help_text=_("E.g. “second Tuesday of the month, 5–6:30 pm”.")
    )
    accepts_applications = models.BooleanField(_("open to new members"), default=True)
    compensation_kind = models.CharField(
        _("compensation"), max_length=20, choices=CompensationKind.choices, default=CompensationKind.PER_MEETING
    )
    stipend_per_meeting = models.DecimalField(
        _("stipend per meeting attended"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    no_compensation_reason = models.CharField(_("why there is no compensation"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("CQI cell")
        verbose_name_plural = _("CQI cells")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="dialogues_cell_name_not_blank"),
            models.CheckConstraint(condition=Q(status__in=CellStatus.values), name="dialogues_cell_status_valid"),
            models.CheckConstraint(
                condition=Q(compensation_kind__in=CompensationKind.values),
                name="dialogues_cell_compensation_kind_valid",
            ),
            # A per-meeting plan names a positive amount; no plan says why not.
            models.CheckConstraint(
                condition=~Q(compensation_kind=CompensationKind.PER_MEETING) | Q(stipend_per_meeting__gt=0),
                name="dialogues_cell_stipend_amount_positive",
            ),
            models.CheckConstraint(
                condition=~Q(compensation_kind=CompensationKind.NONE) | ~Q(no_compensation_reason=""),
                name="dialogues_cell_no_compensation_has_reason",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dialogues:cell_detail", args=[self.slug])


class Membership(models.Model):
    """A person's membership of a cell, from the day they joined until the day they left."""

    cell = models.ForeignKey(CqiCell, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cell_memberships")
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    joined_on = models.DateField(_("joined"))
    left_on = models.DateField(_("left"), null=True, blank=True)
    application = models.OneToOneField(
        "JoinApplication", on_delete=models.SET_NULL, null=True, blank=True, related_name="membership"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["cell", "joined_on", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "user"], condition=Q(left_on__isnull=True), name="dialogues_membership_one_current"
            ),
            models.CheckConstraint(condition=Q(role__in=PartnerRole.values), name="dialogues_membership_role_valid"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="dialogues_membership_left_after_joined",
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.cell} ({self.get_role_display()})"

    @property
    def is_consumer_voice(self) -> bool:
        return self.role in CONSUMER_ROLES

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    cell = models.ForeignKey(CqiCell, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place or video link"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Decisions and actions. No names of clients, no health information.")
    )
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cell", "-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MeetingStatus.values), name="dialogues_meeting_status_valid"),
        ]

    def __str__(self):
        return f"{self.cell} {self.starts_at:%Y-%m-%d}"


class Attendance(models.Model):
    """Who attended a meeting. Recording it is what earns a stipend under a per-meeting plan."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="attendance")
    attended = models.BooleanField(_("attended"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "membership"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="dialogues_attendance_once_per_meeting"),
        ]

    def __str__(self):
        return f"{self.membership} at {self.meeting}"


class StipendStatus(models.TextChoices):
    OWED = "owed", _("Owed")
    PAID = "paid", _("Paid")
    VOID = "void", _("Cancelled")


class StipendEntry(models.Model):
    """One line of the stipend ledger: what a member is owed for attending one meeting."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="stipends")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="stipends")
    amount = models.DecimalField(_("amount"), max_digits=8, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=StipendStatus.choices, default=StipendStatus.OWED)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting__starts_at", "id"]
        verbose_name = _("stipend")
        verbose_name_plural = _("stipends")
        constraints = [
            # Attendance recorded twice (a double click, a retried job) never owes twice.
            models.UniqueConstraint(fields=["membership", "meeting"], name="dialogues_stipend_once_per_meeting"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="dialogues_stipend_amount_positive"),
            models.CheckConstraint(condition=Q(status__in=StipendStatus.values), name="dialogues_stipend_status_valid"),
            models.CheckConstraint(
                condition=Q(status=StipendStatus.PAID, paid_on__isnull=False)
                | (~Q(status=StipendStatus.PAID) & Q(paid_on__isnull=True)),
                name="dialogues_stipend_paid_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.membership}: {self.amount} ({self.get_status_display()})"


# --- Improvement work -------------------------------------------------------------------------


class OpportunityStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Being worked on")
    DONE = "done", _("Done")
    SET_ASIDE = "set_aside", _("Set aside")


class ReviewStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Not taken up")


class ImprovementOpportunity(TimeStampedModel):
    """Something that could be better, surfaced by a dialogue or proposed by a cell member.

    An opportunity from a dialogue may be handed to a cell; the cell's page shows where it came
    from, so the chain dialogue → opportunity → action step or PDSA cycle → result can be followed.

    A member's idea is reviewed by QI staff before anyone but them and staff sees it (it may name a
    person or hold health information by mistake); what staff add themselves is approved as they add
    it. The default is "waiting for review", so a way of adding ideas that forgets the review keeps
    them off the public pages rather than publishing them.
    """

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
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
        return self.title

    def get_absolute_url(self):
        """Its page in the cell working on it; an opportunity no cell has taken yet has no page of its own."""
        return reverse("dialogues:opportunity_detail", args=[self.cell.slug, self.pk]) if self.cell_id else ""


class PriorityVote(models.Model):
    """A member's view of an opportunity: impact and effort from 1 (low) to 5 (high).

    Priority is mean impact × (6 − mean effort): high impact and low effort come first.
    """

    opportunity = models.ForeignKey(ImprovementOpportunity, on_delete=models.CASCADE, related_name="votes")
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


class ActionStep(TimeStampedModel):
    opportunity = models.ForeignKey(ImprovementOpportunity, on_delete=models.CASCADE, related_name="action_steps")
    description = models.CharField(_("what will be done"), max_length=300)
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
        return self.description


class OutcomeStandard(models.Model):
    """A measurable outcome standard for an opportunity, tied to a measure of the registry."""

    opportunity = models.ForeignKey(ImprovementOpportunity, on_delete=models.CASCADE, related_name="outcome_standards")
    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.PROTECT, related_name="outcome_standards", verbose_name=_("measure")
    )
    target = models.DecimalField(_("target"), max_digits=9, decimal_places=2)
    target_date = models.DateField(_("by"), null=True, blank=True)
    description = models.CharField(_("in words"), max_length=300, blank=True)

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


class PdsaCycle(TimeStampedModel):
    """A Plan–Do–Study–Act cycle. Its start is drawn on its measure's control chart as a note.

    Most cycles belong to a CQI cell. A cycle without a cell is one an improvement project started from a
    change idea (the projects app links the two); the cell pages never list it."""

    cell = models.ForeignKey(CqiCell, on_delete=models.CASCADE, null=True, blank=True, related_name="pdsa_cycles")
    opportunity = models.ForeignKey(
        ImprovementOpportunity, on_delete=models.SET_NULL, null=True, blank=True, related_name="pdsa_cycles"
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
    plan_prediction = models.TextField(_("prediction"), help_text=_("What we expect to happen, and by how much."))
    plan_who = models.CharField(_("who"), max_length=200, blank=True)
    plan_where = models.CharField(_("where"), max_length=200, blank=True)
    plan_measure = models.CharField(
        _("how we will know"), max_length=300, blank=True, help_text=_("The data collected during the test.")
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    do_notes = models.TextField(_("do: what happened"), blank=True)
    study_notes = models.TextField(_("study: compared with the prediction"), blank=True)
    act_decision = models.CharField(_("act"), max_length=10, choices=PdsaDecision.choices, blank=True)
    act_notes = models.TextField(_("act: why"), blank=True)
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
        return self.title

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


# --- Joining ----------------------------------------------------------------------------------


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class JoinApplication(models.Model):
    """A request, through the public form, to join a CQI cell (or any cell). No health information."""

    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The normalised e-mail, or the phone's digits: who this is, for catching duplicates.
    contact_key = models.CharField(max_length=254, editable=False)
    role = models.CharField(_("role"), max_length=20, choices=ApplicantRole.choices)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    availability = models.CharField(_("when you can meet"), max_length=300, blank=True)
    accommodations = models.TextField(_("accommodations needed"), blank=True)
    cell = models.ForeignKey(
        CqiCell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("cell"),
        help_text=_("Blank: any cell."),
    )
    consent_to_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    consent_to_privacy_notice = models.BooleanField(_("has read the privacy notice"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application to join")
        verbose_name_plural = _("applications to join")
        constraints = [
            # Two identical submissions at once still make one pending application. "Any cell" is
            # NULL, which a plain unique constraint never compares, hence the Coalesce.
            models.UniqueConstraint(
                models.F("contact_key"),
                Coalesce("cell", 0),
                condition=Q(status="pending"),
                name="dialogues_application_one_pending_per_person_and_cell",
            ),
            models.CheckConstraint(condition=~Q(contact_key=""), name="dialogues_application_has_contact"),
            models.CheckConstraint(condition=~Q(name=""), name="dialogues_application_name_not_blank"),
            models.CheckConstraint(
                condition=Q(consent_to_contact=True, consent_to_privacy_notice=True),
                name="dialogues_application_consented",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values), name="dialogues_application_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="dialogues_application_decline_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"


# --- Success indicators -----------------------------------------------------------------------


class SurveyResponse(models.Model):
    """A member's answers to the short participation survey (1 = strongly disagree … 5 = strongly agree).

    Shown only as aggregates, and only when enough members have answered.
    """

    cell = models.ForeignKey(CqiCell, on_delete=models.CASCADE, related_name="survey_responses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.DateField(_("quarter"), help_text=_("The first day of the quarter the answers belong to."))
    heard = models.PositiveSmallIntegerField(_("My ideas are heard and taken seriously."))
    equal_partner = models.PositiveSmallIntegerField(_("I take part as an equal partner."))
    fairly_paid = models.PositiveSmallIntegerField(_("My time is fairly compensated."))
    makes_difference = models.PositiveSmallIntegerField(_("Our work makes a difference to services."))
    would_recommend = models.PositiveSmallIntegerField(_("I would recommend joining a cell to others."))
    comment = models.TextField(_("anything else"), blank=True)
    submitted_at = models.DateTimeField(auto_now=True)

    QUESTIONS = ("heard", "equal_partner", "fairly_paid", "makes_difference", "would_recommend")

    class Meta:
        verbose_name = _("participation survey response")
        verbose_name_plural = _("participation survey responses")
        constraints = [
            models.UniqueConstraint(fields=["cell", "respondent", "period"], name="dialogues_survey_once_per_quarter"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{question}__gte": 1, f"{question}__lte": 5}),
                    name=f"dialogues_survey_{question}_1_to_5",
                )
                for question in ("heard", "equal_partner", "fairly_paid", "makes_difference", "would_recommend")
            ],
        ]

    def __str__(self):
        return f"{self.cell} {self.period:%Y-%m}"


class Indicator(models.TextChoices):
    """The seven markers of success in seed 001."""

    MISSION = "mission", _("Mission statement consistent with consumer empowerment and respect")
    PROCESS = "process", _("CQI process documented")
    CONSUMER_SHARE = "consumer_share", _("At least 20% consumer membership")
    COMPENSATION = "compensation", _("Compensation plan for consumer participants")
    DIALOGUES = "dialogues", _("Ongoing dialogues between consumers and providers")
    SATISFACTION = "satisfaction", _("Participation satisfaction measured")
    OVERSIGHT = "oversight", _("Consumer-directed oversight committee")


class IndicatorAttestation(models.Model):
    """A person's statement, with evidence, that an indicator the data cannot show is met.

    ``cell`` is blank for the council as a whole.
    """

    cell = models.ForeignKey(CqiCell, on_delete=models.CASCADE, null=True, blank=True, related_name="attestations")
    indicator = models.CharField(_("indicator"), max_length=20, choices=Indicator.choices)
    met = models.BooleanField(_("met"), default=True)
    evidence = models.TextField(_("evidence"))
    attested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attested_on = models.DateField(_("attested on"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-attested_on", "-id"]
        verbose_name = _("indicator attestation")
        verbose_name_plural = _("indicator attestations")
        constraints = [
            models.CheckConstraint(condition=Q(indicator__in=Indicator.values), name="dialogues_attestation_valid"),
            models.CheckConstraint(condition=~Q(evidence=""), name="dialogues_attestation_has_evidence"),
        ]

    def __str__(self):
        return f"{self.get_indicator_display()} ({self.cell or 'council'})"


class OversightCommittee(TimeStampedModel):
    """The consumer-directed committee that oversees the council's CQI work (seed 001)."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    charter = models.TextField(_("charter"), blank=True)
    established_on = models.DateField(_("established"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("oversight committee")
        verbose_name_plural = _("oversight committees")

    def __str__(self):
        return self.name


class OversightMember(models.Model):
    committee = models.ForeignKey(OversightCommittee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    chairs = models.BooleanField(_("chairs the committee"), default=False)
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    left_on = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["committee", "-chairs", "name"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=PartnerRole.values), name="dialogues_oversight_role_valid"),
        ]

    def __str__(self):
        return self.name


# --- Council ----------------------------------------------------------------------------------


class InitiativeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    COMPLETED = "completed", _("Completed")


class CouncilInitiative(TimeStampedModel):
    """A council-level improvement initiative. More than five active at once draws a warning (IHI)."""

    title = models.CharField(_("title"), max_length=200)
    aim = models.ForeignKey("aims.Aim", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    lead = models.CharField(_("lead"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InitiativeStatus.choices, default=InitiativeStatus.ACTIVE
    )
    started_on = models.DateField(_("started"), null=True, blank=True)
    cells = models.ManyToManyField(CqiCell, blank=True, related_name="initiatives", verbose_name=_("CQI cells"))
    measures = models.ManyToManyField(
        "measures.Measure", blank=True, related_name="initiatives", verbose_name=_("measures")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "-started_on", "title"]
        verbose_name = _("council initiative")
        verbose_name_plural = _("council initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InitiativeStatus.values), name="dialogues_initiative_status_valid"
            ),
        ]

    def __str__(self):
        return self.title


# --- Problem escalation ------------------------------------------------------------------------


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


class Problem(TimeStampedModel):
    """A problem, or a signal on a measure's control chart, that someone owns and must act on by a date.

    It starts at the tier where it was seen and is escalated, with a reason each time, when that tier
    cannot solve it (``ProblemEscalation``). Nothing here is about a person: it describes the system.
    """

    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("what is happening"), blank=True)
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
        return self.title

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
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
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
