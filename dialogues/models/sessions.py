"""Consumer–provider dialogues: the sessions, their co-facilitators, headcounts and public sign-ups."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models.partnership import ApplicantRole, Language, PartnerRole
from qic.core.i18n import BilingualContent
from qic.core.models import TimeStampedModel


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


class Dialogue(BilingualContent, TimeStampedModel):
    """A consumer–provider dialogue: a frank exchange outside the treatment relationship."""

    bilingual_fields = ("title", "topic", "description", "themes")

    title = models.CharField(_("title"), max_length=160)
    title_es = models.CharField(_("title (Spanish)"), max_length=160, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DialogueKind.choices, default=DialogueKind.INITIAL)
    focus = models.CharField(
        _("issue in focus"),
        max_length=30,
        choices=DialogueFocus.choices,
        blank=True,
        help_text=_("For a focused dialogue: the issue it takes up."),
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    topic_es = models.CharField(_("topic (Spanish)"), max_length=200, blank=True)
    description = models.TextField(_("what it is about"), blank=True, help_text=_("Shown on the public sign-up page."))
    description_es = models.TextField(_("what it is about (Spanish)"), blank=True)
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
    themes_es = models.TextField(_("themes (Spanish)"), blank=True)
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
        return self.localized("title").text

    def get_absolute_url(self):
        return reverse("dialogues:dialogue_detail", args=[self.pk])


class DialogueFacilitator(models.Model):
    """A co-facilitator. A dialogue needs at least one consumer and one provider (checked by the service)."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="facilitators")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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
