"""Admin for improvement projects, for administrators: read-only. Teams and QI staff work on the site's
own pages, which apply the rules (two levels of drivers, cycles kept with their change ideas, local
measures with data keeping their kind)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects.models import ImprovementProject, LocalDataPoint, LocalMeasure, ProjectMember


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MemberInline(ReadOnly, admin.TabularInline):
    model = ProjectMember
    fields = ["user", "role"]
    extra = 0


@admin.register(ImprovementProject)
class ImprovementProjectAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["title", "kind", "stage", "starts_on", "closed_on", "cell"]
    list_filter = ["kind", "stage"]
    search_fields = ["title", "title_es"]
    inlines = [MemberInline]


class DataPointInline(ReadOnly, admin.TabularInline):
    model = LocalDataPoint
    fields = ["period_start", "numerator", "denominator", "entered_by", "entered_at"]
    # Shown, never edited (entered_at is not editable at all: listing it as a form field was a FieldError, a 500).
    readonly_fields = fields
    extra = 0


@admin.register(LocalMeasure)
class LocalMeasureAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "project", "kind", "period", "direction"]
    list_filter = ["kind", "period"]
    inlines = [DataPointInline]
