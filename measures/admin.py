"""Admin for code lists, imports and the measure registry. Uploads made here go through the same
check-then-load path; stored results are read-only (the recompute writes them)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from measures.forms import ImportUploadForm
from measures.models import (
    ChartNote,
    Code,
    CodeList,
    ImportBatch,
    ImportSource,
    ImportUpload,
    Measure,
    MeasureComputation,
    MeasureDisparity,
    MeasureResult,
    PopulationDisparity,
    PopulationResult,
)
from measures.tasks import import_upload_submit
from qic.core.admin import LabelledListEditableMixin


class CodeAdminForm(forms.ModelForm):
    class Meta:
        model = Code
        fields = [
            "code_list",
            "code",
            "label",
            "label_es",
            "order",
            "active",
            "reporting_group",
            "is_threshold",
            "min_age",
            "max_age",
        ]

    def clean_reporting_group(self):
        group = self.cleaned_data["reporting_group"]
        if group and not Code.objects.filter(code_list=CodeList.RACE, code=group, reporting_group="").exists():
            raise forms.ValidationError(
                _("Choose one of the race/ethnicity reporting groups, e.g. asian_pacific_islander.")
            )
        return group


@admin.register(Code)
class CodeAdmin(LabelledListEditableMixin, admin.ModelAdmin):
    form = CodeAdminForm
    list_display = [
        "code_list",
        "code",
        "label_in_english",
        "label_es",
        "active",
        "is_threshold",
        "reporting_group",
        "order",
    ]
    list_display_links = ["code"]
    list_filter = ["code_list", "active", "is_threshold"]
    list_editable = ["order"]
    search_fields = ["code", "label", "label_es"]
    readonly_fields = ["is_system"]

    @admin.display(description=_("label"), ordering="label")
    def label_in_english(self, code):
        """The English label, marked as English: a Spanish page reads it with an English voice."""
        return format_html('<span lang="en">{}</span>', code.label)

    fieldsets = [
        (None, {"fields": ["code_list", "code", "label", "label_es", "order", "active", "is_system"]}),
        (
            _("Only for some lists"),
            {
                "fields": ["reporting_group", "is_threshold", "min_age", "max_age"],
                "description": _(
                    "Race codes: the CalEQRO group a detailed code is reported under. Languages: whether it is one "
                    "of the county's threshold languages. Age groups: the ages the band covers."
                ),
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # A code already used in stored rows keeps its list and spelling; add a new code instead.
        if obj is None:
            return self.readonly_fields
        if obj.is_system:
            return [*self.readonly_fields, "code_list", "code", "active"]
        return [*self.readonly_fields, "code_list", "code"]

    def has_delete_permission(self, request, obj=None):
        # Stored rows keep the codes they were loaded with: retire a code by making it inactive.
        return False


class ImportBatchInline(admin.TabularInline):
    model = ImportBatch
    extra = 0
    can_delete = False
    fields = ["file_name", "kind", "size_bytes", "rows_total", "rows_written", "status", "sha256", "withdraw"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Withdraw"))
    def withdraw(self, batch):
        if batch.status != "loaded":
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("measures:batch_withdraw", args=[batch.pk]), _("Withdraw…"))


@admin.register(ImportUpload)
class ImportUploadAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "created_by", "source", "status", "rows_total", "rows_written", "error_count"]
    list_filter = ["status", "source"]
    date_hierarchy = "created_at"
    inlines = [ImportBatchInline]
    readonly_fields = [
        "created_by",
        "created_at",
        "source",
        "status",
        "rows_total",
        "rows_written",
        "error_count",
        "message",
        "started_at",
        "finished_at",
        "page",
    ]
    exclude = ["errors"]

    @admin.display(description=_("Preview, report and loading"))
    def page(self, upload):
        return format_html('<a href="{}">{}</a>', upload.get_absolute_url(), _("Open the import page"))

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """The admin's upload form: same form, same service, then the import page for preview and loading."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = import_upload_submit(
                files=form.cleaned_data["files"],
                kind=form.cleaned_data.get("kind"),
                user=request.user,
                source=ImportSource.ADMIN,
            )
            return redirect(upload)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upload service data"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/measures/importupload/upload.html", context)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the application writes itself (imports, the recompute): to read, never to edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "kind", "upload", "status", "rows_written", "loaded_at", "withdrawn_at"]
    list_filter = ["kind", "status"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = [field.name for field in ImportBatch._meta.fields]


class ChartNoteInline(admin.TabularInline):
    model = ChartNote
    extra = 0
    fields = ["month", "text", "text_es", "starts_phase", "created_by"]
    readonly_fields = ["created_by"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = [
        "code", "name", "unit", "measure_type", "triple_aim", "direction", "target", "chart_type", "spc_rules", "active"
    ]  # fmt: skip
    list_filter = ["triple_aim", "measure_type", "unit", "active"]
    search_fields = ["code", "name", "name_es"]
    filter_horizontal = ["matrix_items"]
    inlines = [ChartNoteInline]


@admin.register(MeasureComputation)
class MeasureComputationAdmin(ReadOnlyAdmin):
    list_display = [
        "started_at",
        "trigger",
        "status",
        "step",
        "progress",
        "results_written",
        "data_as_of",
        "population_status",
    ]
    list_filter = ["status", "trigger", "population_status"]


@admin.register(MeasureResult)
class MeasureResultAdmin(ReadOnlyAdmin):
    list_display = ["measure", "period_type", "period_start", "stratum", "group", "value", "suppressed"]
    list_filter = ["measure", "period_type", "stratum", "suppressed"]
    list_select_related = ["measure"]


@admin.register(MeasureDisparity)
class MeasureDisparityAdmin(ReadOnlyAdmin):
    list_display = ["measure", "period_type", "period_start", "stratum", "reference_group", "groups"]
    list_filter = ["measure", "period_type", "stratum"]
    list_select_related = ["measure"]


@admin.register(PopulationResult)
class PopulationResultAdmin(ReadOnlyAdmin):
    list_display = [
        "population_stratum",
        "population_group",
        "measure",
        "period_type",
        "period_start",
        "stratum",
        "group",
        "value",
        "suppressed",
    ]
    list_filter = ["population_stratum", "measure", "period_type", "stratum", "suppressed"]
    list_select_related = ["measure"]


@admin.register(PopulationDisparity)
class PopulationDisparityAdmin(ReadOnlyAdmin):
    list_display = ["population_stratum", "population_group", "measure", "period_type", "stratum", "groups"]
    list_filter = ["population_stratum", "measure", "period_type", "stratum"]
    list_select_related = ["measure"]
