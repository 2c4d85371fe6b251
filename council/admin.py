"""Admin for the council, for administrators: read-only. QI staff work on the site's own pages, which
apply the rules (stipends from attendance, counts that match how a decision was taken, minutes frozen
once approved, publication only after the personal-information check)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from council.models import (
    ActionItem,
    AgendaItem,
    CouncilMailing,
    CouncilMeeting,
    CouncilMember,
    CouncilStipendEntry,
    Decision,
    ElementRating,
    SelfAssessment,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CouncilMember)
class CouncilMemberAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "term_starts_on", "term_ends_on", "votes"]
    list_filter = ["role", "votes"]


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(ReadOnlyAdmin):
    list_display = ["starts_at", "title", "status", "minutes_approved_on", "published_at"]
    list_filter = ["status"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "position", "title", "source"]
    list_filter = ["source"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "method", "votes_for", "votes_against", "abstentions", "change"]


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ["description", "owner", "due_on", "status"]
    list_filter = ["status"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["year", "created_at"]


@admin.register(ElementRating)
class ElementRatingAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "element", "stage", "rated_by", "rated_at"]
    list_filter = ["element", "stage"]


@admin.register(CouncilStipendEntry)
class CouncilStipendEntryAdmin(ReadOnlyAdmin):
    list_display = ["member", "meeting", "amount", "status", "paid_on"]
    list_filter = ["status"]


@admin.register(CouncilMailing)
class CouncilMailingAdmin(admin.ModelAdmin):
    list_display = ["meeting", "kind", "recipients", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
