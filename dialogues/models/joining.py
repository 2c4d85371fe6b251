"""Applications, through the public form, to join a CQI cell."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from dialogues.models.cells import CqiCell
from dialogues.models.partnership import ApplicantRole, Language


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
