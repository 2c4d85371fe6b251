"""De-identified service data, one model per import file (PRODUCT.md section 4).

No names, addresses, telephone or record numbers are stored: a client is a pseudonymous key made
by the county. Coded columns hold codes from ``Code`` lists; the import checks them, so the
columns are plain strings here and the lists can grow without a migration. Every row remembers
the batch it came in, so a batch can be withdrawn.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class BatchRow(models.Model):
    # No database constraint or index on purpose: PostgreSQL would check the same batch row once
    # per inserted row at commit (over a million look-ups and a third of a large import's time).
    # Batches are never deleted (withdrawal keeps the record), and the import sets this column itself.
    batch = models.ForeignKey(
        "measures.ImportBatch", on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )

    class Meta:
        abstract = True


class Client(BatchRow):
    client_key = models.CharField(_("client key"), max_length=64, unique=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    age_group = models.CharField(_("age group"), max_length=40, blank=True)
    gender = models.CharField(_("gender"), max_length=40)
    hispanic_latino = models.BooleanField(_("Hispanic or Latino"))
    race = models.CharField(_("race as reported"), max_length=40)
    race_ethnicity = models.CharField(
        _("race/ethnicity group"), max_length=40, help_text=_("CalEQRO group; Hispanic or Latino takes precedence.")
    )
    primary_language = models.CharField(_("primary language"), max_length=40)
    threshold_language = models.BooleanField(_("threshold language"))
    limited_english = models.BooleanField(_("limited English proficiency"))
    region = models.CharField(_("region"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=False) | ~Q(age_group=""), name="measures_client_has_age"
            ),
        ]
        indexes = [
            models.Index(fields=["race_ethnicity"], name="measures_client_race_idx"),
            models.Index(fields=["primary_language"], name="measures_client_language_idx"),
        ]

    def __str__(self):
        return self.client_key


class AccessRequest(BatchRow):
    request_id = models.CharField(_("request id"), max_length=64, unique=True)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="requests")
    request_datetime = models.DateTimeField(_("requested at"))
    request_date = models.DateField(_("request date"), help_text=_("The county's local date of the request: day 0."))
    urgency = models.CharField(_("urgency"), max_length=40)
    prior_auth_required = models.BooleanField(_("prior authorization required"))
    service_line = models.CharField(_("service line"), max_length=40)
    first_offered_datetime = models.DateTimeField(_("first appointment offered for"), null=True, blank=True)
    first_rendered_date = models.DateField(_("first service rendered on"), null=True, blank=True)
    program = models.CharField(_("program"), max_length=40)
    closure_reason = models.CharField(_("closure reason"), max_length=40, blank=True)
    delay_reason = models.CharField(_("reason for delay"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_offered_datetime__isnull=True) | Q(first_offered_datetime__gte=F("request_datetime")),
                name="measures_request_offered_after_request",
            ),
            models.CheckConstraint(
                condition=Q(first_rendered_date__isnull=True) | Q(first_rendered_date__gte=F("request_date")),
                name="measures_request_rendered_after_request",
            ),
        ]
        indexes = [
            models.Index(fields=["request_date"], name="measures_request_date_idx"),
            models.Index(fields=["service_line", "urgency", "request_date"], name="measures_request_line_idx"),
            models.Index(fields=["program", "request_date"], name="measures_request_program_idx"),
        ]

    def __str__(self):
        return self.request_id


class Appointment(BatchRow):
    appointment_id = models.CharField(_("appointment id"), max_length=64, unique=True)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="appointments")
    date = models.DateField(_("date"))
    service_line = models.CharField(_("service line"), max_length=40)
    status = models.CharField(_("status"), max_length=40)
    program = models.CharField(_("program"), max_length=40)
    delivery_mode = models.CharField(_("delivery mode"), max_length=40)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["date"], name="measures_appointment_date_idx"),
            models.Index(fields=["service_line", "date"], name="measures_appointment_line_idx"),
            models.Index(fields=["program", "date"], name="measures_appt_program_idx"),
        ]

    def __str__(self):
        return self.appointment_id


class Hospitalization(BatchRow):
    stay_id = models.CharField(_("stay id"), max_length=64, unique=True)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="hospitalizations")
    admit_date = models.DateField(_("admitted on"))
    discharge_date = models.DateField(_("discharged on"), null=True, blank=True)
    facility_type = models.CharField(_("facility type"), max_length=40)

    class Meta:
        verbose_name = _("hospitalization")
        verbose_name_plural = _("hospitalizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(discharge_date__isnull=True) | Q(discharge_date__gte=F("admit_date")),
                name="measures_stay_discharge_after_admit",
            ),
        ]
        indexes = [
            models.Index(fields=["discharge_date"], name="measures_stay_discharge_idx"),
            models.Index(fields=["client", "admit_date"], name="measures_stay_client_idx"),
        ]

    def __str__(self):
        return self.stay_id


class Service(BatchRow):
    service_id = models.CharField(_("service id"), max_length=64, unique=True)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="services")
    date = models.DateField(_("date"))
    mental_health_provider = models.BooleanField(_("by a mental health provider"))
    modality = models.CharField(_("modality"), max_length=40)
    program = models.CharField(_("program"), max_length=40)
    approved_amount = models.DecimalField(_("approved amount"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(condition=Q(approved_amount__gte=0), name="measures_service_amount_not_negative"),
        ]
        indexes = [
            models.Index(fields=["date"], name="measures_service_date_idx"),
            models.Index(fields=["client", "date"], name="measures_service_client_idx"),
            models.Index(fields=["program", "date"], name="measures_service_program_idx"),
        ]

    def __str__(self):
        return self.service_id


class MonthlyEligibles(BatchRow):
    """Eligible Medi-Cal beneficiaries in one month and one cell of the strata cross-tabulation.

    Cells rather than margins, so a penetration rate can be cut by any combination of strata
    (race/ethnicity within an age group, say) by summing cells.
    """

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    age_group = models.CharField(_("age group"), max_length=40)
    gender = models.CharField(_("gender"), max_length=40)
    race_ethnicity = models.CharField(_("race/ethnicity group"), max_length=40)
    primary_language = models.CharField(_("primary language"), max_length=40)
    eligibles = models.PositiveIntegerField(_("eligible beneficiaries"))

    class Meta:
        verbose_name = _("monthly eligibles")
        verbose_name_plural = _("monthly eligibles")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "age_group", "gender", "race_ethnicity", "primary_language"],
                name="measures_eligibles_one_row_per_cell",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="measures_eligibles_month_starts_on_first"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.age_group} {self.gender} {self.race_ethnicity} {self.primary_language}"


class CountyHoliday(BatchRow):
    date = models.DateField(_("date"), unique=True)
    description = models.CharField(_("holiday"), max_length=100)

    class Meta:
        ordering = ["date"]
        verbose_name = _("county holiday")
        verbose_name_plural = _("county holidays")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.description}"
