"""CQI cells: membership, meetings, attendance and the stipend ledger."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models.partnership import CONSUMER_ROLES, PartnerRole
from qic.core.i18n import BilingualContent
from qic.core.models import TimeStampedModel


class CellStatus(models.TextChoices):
    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class CompensationKind(models.TextChoices):
    PER_MEETING = "per_meeting", _("An amount per meeting attended")
    NONE = "none", _("No compensation")


class CqiCell(BilingualContent, TimeStampedModel):
    """A CQI cell: consumers, family members and providers who find, prioritise and test improvements."""

    bilingual_fields = (
        "name",
        "focus",
        "mission_statement",
        "process_description",
        "meeting_schedule",
        "no_compensation_reason",
    )

    name = models.CharField(_("name"), max_length=160, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=160, blank=True)
    slug = models.SlugField(_("short name for links"), max_length=60, unique=True)
    focus = models.CharField(_("focus"), max_length=200)
    focus_es = models.CharField(_("focus (Spanish)"), max_length=200, blank=True)
    mission_statement = models.TextField(_("mission statement"), blank=True)
    mission_statement_es = models.TextField(_("mission statement (Spanish)"), blank=True)
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
    process_description_es = models.TextField(_("how the cell works (Spanish)"), blank=True)
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
    meeting_schedule_es = models.CharField(_("meeting schedule (Spanish)"), max_length=200, blank=True)
    accepts_applications = models.BooleanField(_("open to new members"), default=True)
    compensation_kind = models.CharField(
        _("compensation"), max_length=20, choices=CompensationKind.choices, default=CompensationKind.PER_MEETING
    )
    stipend_per_meeting = models.DecimalField(
        _("stipend per meeting attended"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    no_compensation_reason = models.CharField(_("why there is no compensation"), max_length=300, blank=True)
    no_compensation_reason_es = models.CharField(
        _("why there is no compensation (Spanish)"), max_length=300, blank=True
    )

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
        return self.localized("name").text

    def get_absolute_url(self):
        return reverse("dialogues:cell_detail", args=[self.slug])


class Membership(models.Model):
    """A person's membership of a cell, from the day they joined until the day they left."""

    cell = models.ForeignKey(CqiCell, verbose_name=_("cell"), on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="cell_memberships"
    )
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


class Meeting(BilingualContent, models.Model):
    bilingual_fields = ("agenda", "notes")

    cell = models.ForeignKey(CqiCell, verbose_name=_("cell"), on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place or video link"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    agenda_es = models.TextField(_("agenda (Spanish)"), blank=True)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Decisions and actions. No names of clients, no health information.")
    )
    notes_es = models.TextField(_("notes (Spanish)"), blank=True)
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

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
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
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="stipends")
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
