"""Admin for the consumer partnership, for administrators. QI staff work on the site's own pages,
which apply the business rules (the 20% share, stipends from attendance, chart notes for PDSA
cycles); here the ledger and the applications are read-only so those rules cannot be bypassed."""

from django.contrib import admin
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from dialogues.models import (
    ActionStep,
    CouncilInitiative,
    CqiCell,
    Dialogue,
    DialogueFacilitator,
    DialogueHeadcount,
    ImprovementOpportunity,
    IndicatorAttestation,
    JoinApplication,
    Meeting,
    Membership,
    OversightCommittee,
    OversightMember,
    PdsaCycle,
    Problem,
    ProblemEscalation,
    ReviewStatus,
    StipendEntry,
)
from dialogues.services.improvement import opportunity_review


class FacilitatorInline(admin.TabularInline):
    model = DialogueFacilitator
    extra = 0
    raw_id_fields = ["user"]


class HeadcountInline(admin.TabularInline):
    model = DialogueHeadcount
    extra = 0


@admin.register(Dialogue)
class DialogueAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "starts_at", "status", "signup_open"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "topic"]
    filter_horizontal = ["matrix_items"]
    inlines = [FacilitatorInline, HeadcountInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user", "application"]


@admin.register(CqiCell)
class CqiCellAdmin(SimpleHistoryAdmin):
    list_display = ["name", "status", "compensation_kind", "stipend_per_meeting", "accepts_applications"]
    list_filter = ["status", "compensation_kind"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["aims", "levels", "matrix_items"]
    inlines = [MembershipInline]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["cell", "starts_at", "status"]
    list_filter = ["status", "cell"]


@admin.register(StipendEntry)
class StipendEntryAdmin(admin.ModelAdmin):
    list_display = ["membership", "meeting", "amount", "status", "paid_on"]
    list_filter = ["status", "membership__cell"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JoinApplication)
class JoinApplicationAdmin(admin.ModelAdmin):
    list_display = ["name", "cell", "role", "status", "created_at"]
    list_filter = ["status", "role", "cell"]
    search_fields = ["name", "email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImprovementOpportunity)
class ImprovementOpportunityAdmin(SimpleHistoryAdmin):
    """Members' ideas wait here too ("Review: Waiting for review"); the actions approve or decline them
    through the same service as the cell's page, so the history says who decided."""

    list_display = ["title", "cell", "dialogue", "review_status", "status", "created_at"]
    list_filter = ["review_status", "status", "cell"]
    search_fields = ["title"]
    actions = ["approve", "decline"]

    def _review(self, request, queryset, decision: str) -> None:
        for opportunity in queryset:
            opportunity_review(opportunity=opportunity, decision=decision, reviewed_by=request.user)
        count = len(queryset)
        self.message_user(
            request, ngettext("%(count)d idea reviewed.", "%(count)d ideas reviewed.", count) % {"count": count}
        )

    @admin.action(description=gettext_lazy("Approve: show on the cell's page"), permissions=["change"])
    def approve(self, request, queryset):
        self._review(request, queryset, ReviewStatus.APPROVED)

    @admin.action(description=gettext_lazy("Do not take up"), permissions=["change"])
    def decline(self, request, queryset):
        self._review(request, queryset, ReviewStatus.DECLINED)


@admin.register(ActionStep)
class ActionStepAdmin(SimpleHistoryAdmin):
    list_display = ["description", "opportunity", "due_on", "status"]
    list_filter = ["status"]


@admin.register(PdsaCycle)
class PdsaCycleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "cell", "measure", "starts_on", "act_decision"]
    list_filter = ["act_decision", "cell"]
    readonly_fields = ["chart_note"]


@admin.register(IndicatorAttestation)
class IndicatorAttestationAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "cell", "met", "attested_by", "attested_on"]
    list_filter = ["indicator", "met"]


class OversightMemberInline(admin.TabularInline):
    model = OversightMember
    extra = 0


@admin.register(OversightCommittee)
class OversightCommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "active", "established_on"]
    inlines = [OversightMemberInline]


@admin.register(CouncilInitiative)
class CouncilInitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "lead", "started_on"]
    list_filter = ["status"]
    filter_horizontal = ["cells", "measures"]


class ProblemEscalationInline(admin.TabularInline):
    model = ProblemEscalation
    extra = 0
    fields = ["from_tier", "to_tier", "reason", "by", "at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # escalating needs a reason and a higher tier: the problem's page does it


@admin.register(Problem)
class ProblemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "tier", "status", "owner", "due_on"]
    list_filter = ["status", "tier"]
    search_fields = ["title"]
    raw_id_fields = ["owner", "raised_by"]
    inlines = [ProblemEscalationInline]
