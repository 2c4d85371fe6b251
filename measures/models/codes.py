"""Code lists: the values each coded column of an import may take.

Administrators extend them in the admin (a new program, a detailed race code rolled up to one of
the CalEQRO groups, a new threshold language). Codes marked ``is_system`` carry meaning in the
measure definitions (urgent, psychiatry, kept...) and cannot be deleted.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qic.core.i18n import localized

CODE_PATTERN = r"^[a-z0-9][a-z0-9_]*$"


class CodeList(models.TextChoices):
    RACE = "race", _("Race/ethnicity")
    GENDER = "gender", _("Gender")
    AGE_GROUP = "age_group", _("Age group")
    LANGUAGE = "language", _("Language")
    REGION = "region", _("Region")
    PROGRAM = "program", _("Program")
    URGENCY = "urgency", _("Urgency")
    SERVICE_LINE = "service_line", _("Service line")
    CLOSURE_REASON = "closure_reason", _("Closure reason")
    DELAY_REASON = "delay_reason", _("Reason for delay")
    APPOINTMENT_STATUS = "appointment_status", _("Appointment status")
    DELIVERY_MODE = "delivery_mode", _("Delivery mode")
    FACILITY_TYPE = "facility_type", _("Facility type")
    MODALITY = "modality", _("Service modality")


class CodeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def of(self, code_list: str):
        return self.filter(code_list=code_list)


class CodeManager(models.Manager.from_queryset(CodeQuerySet)):
    def get_by_natural_key(self, code_list, code):
        return self.get(code_list=code_list, code=code)


class Code(models.Model):
    code_list = models.CharField(_("code list"), max_length=30, choices=CodeList.choices)
    code = models.CharField(
        _("code"),
        max_length=40,
        validators=[RegexValidator(CODE_PATTERN, _("Use lower-case letters, digits and underscores."))],
        help_text=_("The value written in the files, e.g. latino_hispanic."),
    )
    label = models.CharField(_("label"), max_length=100)
    label_es = models.CharField(_("label (Spanish)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive codes are refused in new imports; stored rows keep them.")
    )
    is_system = models.BooleanField(
        _("used by measure definitions"),
        default=False,
        editable=False,
        help_text=_("Measures depend on this code, so it cannot be deleted."),
    )
    reporting_group = models.CharField(
        _("reporting group"),
        max_length=40,
        blank=True,
        help_text=_(
            "Race codes only: the CalEQRO group this detailed code is reported under. "
            "Leave blank for the reporting groups themselves."
        ),
    )
    is_threshold = models.BooleanField(
        _("threshold language"),
        default=False,
        help_text=_("Languages only: one of the county's threshold languages (DHCS APL 21-004)."),
    )
    min_age = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(
        _("oldest age"), null=True, blank=True, help_text=_("Age groups only; leave blank for an open top band.")
    )

    objects = CodeManager()

    display_label = localized("label")

    class Meta:
        ordering = ["code_list", "order", "code"]
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        constraints = [
            models.UniqueConstraint(fields=["code_list", "code"], name="measures_code_unique_in_list"),
            models.CheckConstraint(condition=Q(code__regex=CODE_PATTERN), name="measures_code_format"),
            models.CheckConstraint(
                condition=Q(reporting_group="") | Q(code_list=CodeList.RACE), name="measures_code_rollup_only_race"
            ),
            models.CheckConstraint(
                condition=Q(is_threshold=False) | Q(code_list=CodeList.LANGUAGE),
                name="measures_code_threshold_only_language",
            ),
            models.CheckConstraint(
                condition=(Q(min_age__isnull=True) & Q(max_age__isnull=True))
                | (Q(code_list=CodeList.AGE_GROUP) & Q(min_age__isnull=False)),
                name="measures_code_ages_only_age_group",
            ),
            models.CheckConstraint(
                condition=Q(max_age__isnull=True) | Q(max_age__gte=F("min_age")), name="measures_code_age_band_order"
            ),
        ]

    def __str__(self):
        return f"{self.get_code_list_display()}: {self.label}"

    def natural_key(self):
        return (self.code_list, self.code)
