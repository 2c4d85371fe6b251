from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qic.core.admin import LabelledListEditableMixin
from workplan.models import (
    Activity,
    Evaluation,
    Goal,
    Objective,
    ObjectiveFigure,
    ObjectiveReview,
    ReviewArea,
    WorkPlan,
)


@admin.register(ReviewArea)
class ReviewAreaAdmin(LabelledListEditableMixin, admin.ModelAdmin):
    list_display = ["code", "name", "order", "active"]
    list_editable = ["order", "active"]


class GoalInline(admin.TabularInline):
    model = Goal
    fields = ["order", "title", "area"]
    extra = 0


@admin.register(WorkPlan)
class WorkPlanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "approved_on", "meeting_reference"]
    inlines = [GoalInline]


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["title", "goal", "measure", "baseline", "target", "due_date"]
    list_filter = ["goal__plan"]


@admin.register(ObjectiveFigure)
class ObjectiveFigureAdmin(SimpleHistoryAdmin):
    list_display = ["objective", "as_of", "value", "entered_by", "entered_at"]
    readonly_fields = ["entered_by", "entered_at"]


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "approved_on", "meeting_reference"]


admin.site.register([Activity, ObjectiveReview], SimpleHistoryAdmin)
