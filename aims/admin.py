from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from aims.models import Aim, BerwickLevel, FrameworkDefinition, Level, MatrixItem, RedesignRule


@admin.register(Aim)
class AimAdmin(SimpleHistoryAdmin):
    list_display = ["order", "name", "name_es", "code", "slug"]
    list_display_links = ["name"]


@admin.register(Level)
class LevelAdmin(SimpleHistoryAdmin):
    list_display = ["order", "name", "name_es", "heading", "code", "slug"]
    list_display_links = ["name"]


@admin.register(MatrixItem)
class MatrixItemAdmin(SimpleHistoryAdmin):
    list_display = ["code", "aim", "level", "kind", "text", "updated_at"]
    list_filter = ["aim", "level", "kind"]
    search_fields = ["code", "text", "text_es"]
    list_select_related = ["aim", "level"]
    raw_id_fields = ["parent"]
    readonly_fields = ["created_at", "updated_at"]
    history_list_display = ["text"]


@admin.register(BerwickLevel)
class BerwickLevelAdmin(SimpleHistoryAdmin):
    list_display = ["letter", "name", "name_es"]
    filter_horizontal = ["care_levels"]


@admin.register(FrameworkDefinition)
class FrameworkDefinitionAdmin(SimpleHistoryAdmin):
    list_display = ["order", "term", "term_es"]


@admin.register(RedesignRule)
class RedesignRuleAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "name_es"]
