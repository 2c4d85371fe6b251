"""A council meeting, its agenda (built from what happened since the last one), who attended and the
stipends consumer members earn by attending (the same rules as CQI cells)."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, gettext, override
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models import StipendStatus
from qic.core.i18n import BilingualContent, Localized
from qic.core.models import TimeStampedModel

#: What a consumer or family member is owed for attending a council meeting, unless the meeting says otherwise.
DEFAULT_STIPEND = Decimal("25.00")


class CouncilMeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


#: A meeting's title unless QI staff give it another; its Spanish comes from the translations.
DEFAULT_MEETING_TITLE = "Quality Improvement Council"


class CouncilMeeting(BilingualContent, TimeStampedModel):
    """A meeting of the council. Its minutes are approved at a later meeting, then may be published."""

    bilingual_fields = ("title",)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=160, default=DEFAULT_MEETING_TITLE)
    title_es = models.CharField(_("title (Spanish)"), max_length=160, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CouncilMeetingStatus.choices, default=CouncilMeetingStatus.PLANNED
    )
    stipend_amount = models.DecimalField(
        _("stipend per consumer or family member attending"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        default=DEFAULT_STIPEND,
        help_text=_("Blank: no stipend for this meeting."),
    )
    # The source keys of generated agenda items QI staff removed: building the agenda again leaves them out.
    agenda_removed_keys = models.JSONField(default=list, blank=True, editable=False)
    agenda_built_at = models.DateTimeField(_("agenda built"), null=True, blank=True)
    agenda_sent_at = models.DateTimeField(_("agenda sent"), null=True, blank=True)
    minutes_approved_at_meeting = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes_of",
        verbose_name=_("minutes approved at"),
    )
    minutes_approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["agenda_removed_keys"])

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        permissions = [
            ("publish_councilmeeting", _("Can publish a council meeting's approved minutes")),
            ("send_councilmeeting", _("Can send a council meeting's invitation, agenda and minutes")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CouncilMeetingStatus.values), name="council_meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="council_meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(stipend_amount__isnull=True) | Q(stipend_amount__gt=0),
                name="council_meeting_stipend_positive",
            ),
            # Minutes are approved at a meeting, on a day: both or neither.
            models.CheckConstraint(
                condition=Q(minutes_approved_at_meeting__isnull=True, minutes_approved_on__isnull=True)
                | Q(minutes_approved_at_meeting__isnull=False, minutes_approved_on__isnull=False),
                name="council_meeting_approval_complete",
            ),
            models.CheckConstraint(
                condition=~Q(minutes_approved_at_meeting=models.F("id")),
                name="council_meeting_not_approved_at_itself",
            ),
            # Only approved minutes are published.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(minutes_approved_on__isnull=False),
                name="council_meeting_published_after_approval",
            ),
        ]
        # The meeting list and "the last meeting before this one" read meetings by start.
        indexes = [models.Index(fields=["status", "starts_at"], name="council_meeting_by_start")]

    def __str__(self):
        return f"{self.title_shown} {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("council:meeting_detail", args=[self.public_id])

    def title_in(self, language: str) -> str:
        if language == "es":
            if self.title_es:
                return self.title_es
            if self.title == DEFAULT_MEETING_TITLE:
                with override("es"):
                    return gettext(DEFAULT_MEETING_TITLE)
        return self.title

    @property
    def title_shown(self) -> str:
        """The title in the language of the page or e-mail being written (English without a Spanish one)."""
        return self.title_in((get_language() or "en")[:2])

    def localized(self, field_name: str, language: str | None = None) -> Localized:
        """As for other content, except that the council's default name has its Spanish in the catalogue."""
        language = (language or get_language() or "en")[:2]
        if field_name == "title" and language == "es" and not self.title_es and self.title == DEFAULT_MEETING_TITLE:
            return Localized(self.title_in(language), "es")
        return super().localized(field_name, language)

    @property
    def minutes_approved(self) -> bool:
        return self.minutes_approved_on is not None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class AgendaSource(models.TextChoices):
    """Where an agenda item came from. Every source but the last two is found by the agenda builder."""

    MINUTES = "minutes", _("Minutes of the last meeting")
    ACTION_ITEM = "action_item", _("Open action item")
    ESCALATED_PROBLEM = "escalated_problem", _("Problem escalated to the council")
    CHART_SIGNAL = "chart_signal", _("New chart signal")
    MISSED_TARGET = "missed_target", _("Target missed")
    INITIATIVE = "initiative", _("Council initiative")
    IMPROVEMENT_PROJECT = "improvement_project", _("Performance improvement project")
    WORK_PLAN = "work_plan", _("Work plan objective")
    CELL_REPORT = "cell_report", _("CQI cell report")
    OVERSIGHT = "oversight", _("Oversight committee")
    MEMBER_MATTER = "member_matter", _("Matter raised by a member")
    STAFF = "staff", _("Added by QI staff")


#: Agenda items never published: they name the person who owns the action.
UNPUBLISHED_SOURCES = frozenset({AgendaSource.ACTION_ITEM})


class AgendaItem(BilingualContent, TimeStampedModel):
    """One item of a meeting's agenda, in its place, with the minutes taken on it (English and Spanish)."""

    bilingual_fields = ("title", "detail", "minutes")

    meeting = models.ForeignKey(
        CouncilMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    source = models.CharField(_("source"), max_length=20, choices=AgendaSource.choices)
    # What the item stands for ("problem:12"), so building the agenda again never adds it twice.
    source_key = models.CharField(max_length=80, blank=True)
    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    detail_es = models.TextField(_("detail (Spanish)"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minutes = models.TextField(
        _("minutes"),
        blank=True,
        help_text=_("What was said, in general terms. No names of clients, no health information."),
    )
    minutes_es = models.TextField(_("minutes (Spanish)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="council_agenda_unique_position"),
            models.UniqueConstraint(
                fields=["meeting", "source_key"], condition=~Q(source_key=""), name="council_agenda_source_once"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="council_agenda_position_from_one"),
            models.CheckConstraint(condition=~Q(title=""), name="council_agenda_title_not_blank"),
            models.CheckConstraint(condition=Q(source__in=AgendaSource.values), name="council_agenda_source_valid"),
        ]

    def __str__(self):
        # In the reader's language (choice lists of the decision and action item forms, page titles).
        return f"{self.position}. {self.localized('title').text}"

    def title_in(self, language: str) -> str:
        return self.title_es if language == "es" and self.title_es else self.title

    @property
    def title_shown(self) -> str:
        """The title in the language of the page or e-mail being written (English without a Spanish one)."""
        return self.title_in((get_language() or "en")[:2])

    def detail_in(self, language: str) -> str:
        return self.detail_es if language == "es" and self.detail_es else self.detail

    @property
    def detail_shown(self) -> str:
        return self.detail_in((get_language() or "en")[:2])

    def minutes_in(self, language: str) -> str:
        return self.minutes_es if language == "es" and self.minutes_es else self.minutes


class CouncilAttendance(models.Model):
    """Whether a member attended a meeting. Attending is what earns a consumer member a stipend."""

    meeting = models.ForeignKey(
        CouncilMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        "council.CouncilMember", verbose_name=_("member"), on_delete=models.PROTECT, related_name="attendance"
    )
    attended = models.BooleanField(_("attended"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "member"]
        verbose_name = _("council attendance")
        verbose_name_plural = _("council attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="council_attendance_once_per_meeting"),
        ]

    def __str__(self):
        return f"{self.member} at {self.meeting}"


class CouncilStipendEntry(models.Model):
    """What a consumer or family member is owed for attending one council meeting.

    Mirrors ``dialogues.StipendEntry`` rather than reusing it: that ledger's rows point at a cell's
    membership and a cell's meeting (PROTECT foreign keys, and the cell ledger groups by cell), and the
    council is no cell. The statuses and the rules (owed once per meeting, voided when unticked or when
    the meeting is cancelled, a paid one never touched) are the same, and so are the status values.
    """

    member = models.ForeignKey(
        "council.CouncilMember", verbose_name=_("member"), on_delete=models.PROTECT, related_name="stipends"
    )
    meeting = models.ForeignKey(
        CouncilMeeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="stipends"
    )
    amount = models.DecimalField(_("amount"), max_digits=8, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=StipendStatus.choices, default=StipendStatus.OWED)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting__starts_at", "id"]
        verbose_name = _("council stipend")
        verbose_name_plural = _("council stipends")
        constraints = [
            models.UniqueConstraint(fields=["member", "meeting"], name="council_stipend_once_per_meeting"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="council_stipend_amount_positive"),
            models.CheckConstraint(condition=Q(status__in=StipendStatus.values), name="council_stipend_status_valid"),
            models.CheckConstraint(
                condition=Q(status=StipendStatus.PAID, paid_on__isnull=False)
                | (~Q(status=StipendStatus.PAID) & Q(paid_on__isnull=True)),
                name="council_stipend_paid_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.amount} ({self.get_status_display()})"
