"""Seed 001's markers of success: the participation survey, attestations and the oversight committee."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models.cells import CqiCell
from dialogues.models.partnership import PartnerRole
from qic.core.i18n import BilingualContent
from qic.core.models import TimeStampedModel


class SurveyResponse(models.Model):
    """A member's answers to the short participation survey (1 = strongly disagree … 5 = strongly agree).

    Shown only as aggregates, and only when enough members have answered.
    """

    cell = models.ForeignKey(CqiCell, verbose_name=_("cell"), on_delete=models.CASCADE, related_name="survey_responses")
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

    cell = models.ForeignKey(
        CqiCell, verbose_name=_("cell"), on_delete=models.CASCADE, null=True, blank=True, related_name="attestations"
    )
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


class OversightCommittee(BilingualContent, TimeStampedModel):
    """The consumer-directed committee that oversees the council's CQI work (seed 001)."""

    bilingual_fields = ("name", "charter")

    name = models.CharField(_("name"), max_length=160, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=160, blank=True)
    charter = models.TextField(_("charter"), blank=True)
    charter_es = models.TextField(_("charter (Spanish)"), blank=True)
    established_on = models.DateField(_("established"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("oversight committee")
        verbose_name_plural = _("oversight committees")

    def __str__(self):
        return self.localized("name").text


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
