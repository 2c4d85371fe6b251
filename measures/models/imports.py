"""The record of every import: one ``ImportUpload`` per upload, one ``ImportBatch`` per file in it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DataKind(models.TextChoices):
    """The import files, in the order they are loaded (later kinds refer to clients)."""

    HOLIDAYS = "holidays", _("County holidays")
    ELIGIBLES = "eligibles", _("Monthly eligibles")
    CLIENTS = "clients", _("Clients")
    REQUESTS = "requests", _("Access requests")
    APPOINTMENTS = "appointments", _("Appointments")
    HOSPITALIZATIONS = "hospitalizations", _("Hospitalizations")
    SERVICES = "services", _("Services")


class ImportSource(models.TextChoices):
    WEB = "web", _("Upload page")
    ADMIN = "admin", _("Admin")
    COMMAND = "command", _("Management command")


class UploadStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Waiting to be checked")
    VALIDATING = "validating", _("Checking")
    VALID = "valid", _("Checked: ready to load")
    REJECTED = "rejected", _("Rejected")
    WRITING = "writing", _("Loading")
    LOADED = "loaded", _("Loaded")
    UNCHANGED = "unchanged", _("Already loaded: nothing changed")
    FAILED = "failed", _("Failed")
    DISCARDED = "discarded", _("Discarded")


class ImportUpload(models.Model):
    """Files sent together: validated together and written in one transaction, or not at all."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=10, choices=ImportSource.choices)
    status = models.CharField(_("status"), max_length=12, choices=UploadStatus.choices, default=UploadStatus.UPLOADED)
    rows_total = models.PositiveIntegerField(_("rows read"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(
        _("first errors"), default=list, blank=True, help_text=_("The first few hundred; error_count has them all.")
    )
    message = models.TextField(_("message"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=UploadStatus.values), name="measures_upload_status_valid"),
        ]

    def __str__(self):
        return f"Import {self.pk} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("measures:import_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in {UploadStatus.UPLOADED, UploadStatus.VALIDATING, UploadStatus.WRITING}


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Not loaded yet")
    LOADED = "loaded", _("Loaded")
    DUPLICATE = "duplicate", _("Already loaded")
    REJECTED = "rejected", _("Rejected")
    DISCARDED = "discarded", _("Discarded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ImportBatch(models.Model):
    """One file of an upload; the rows it loaded point back to it so it can be withdrawn."""

    upload = models.ForeignKey(ImportUpload, on_delete=models.CASCADE, related_name="batches")
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=DataKind.choices,
        blank=True,
        help_text=_("Blank when the file could not be read."),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("stored file"), upload_to="imports/%Y/%m/", blank=True)
    size_bytes = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    rows_total = models.PositiveIntegerField(_("rows read"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("same file as")
    )
    loaded_at = models.DateTimeField(_("loaded at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        permissions = [("withdraw_importbatch", _("Can withdraw a loaded file and remove its rows"))]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "sha256"],
                condition=Q(status="loaded"),
                name="measures_batch_file_loaded_once",
            ),
            models.CheckConstraint(condition=Q(kind__in=[*DataKind.values, ""]), name="measures_batch_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=BatchStatus.values), name="measures_batch_status_valid"),
            models.CheckConstraint(
                condition=Q(status="withdrawn") | Q(withdrawn_at__isnull=True),
                name="measures_batch_withdrawn_at_only_when_withdrawn",
            ),
        ]
        indexes = [models.Index(fields=["kind", "sha256"], name="measures_batch_checksum_idx")]

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()})"
