"""Forms for CQI cells and their work. Rendered with crispy-forms (Bootstrap 5)."""

from pathlib import Path

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aims.models import Aim, Level, MatrixItem
from dialogues.models import (
    ActionStep,
    CqiCell,
    ImprovementOpportunity,
    Meeting,
    OutcomeStandard,
    PartnerRole,
    PdsaCycle,
    ReviewStatus,
    StipendStatus,
)
from dialogues.selectors.cells import PeriodKind
from dialogues.services.cells import compensation_check
from measures.models import Measure
from qic.core.forms import spanish_beside_english

PROCESS_DOCUMENT_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg")
PROCESS_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MatrixItemChoiceField(forms.ModelMultipleChoiceField):
    """Items shown with their code first, so a long list can be searched by typing the code."""

    def label_from_instance(self, obj):
        text = obj.display_text
        return f"{obj.code} — {text[:90]}{'…' if len(text) > 90 else ''}"


class CellForm(forms.ModelForm):
    matrix_items = MatrixItemChoiceField(
        label=_("Matrix items it works on"),
        queryset=MatrixItem.objects.select_related("aim", "level").order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_(
            "Hold Ctrl (or ⌘) to choose several. Type a code such as TI-PR-02 to jump to it. "
            "Only items of the aims chosen above are kept."
        ),
    )

    class Meta:
        model = CqiCell
        fields = [
            "name",
            "name_es",
            "slug",
            "focus",
            "focus_es",
            "mission_statement",
            "mission_statement_es",
            "mission_reviewed_on",
            "process_description",
            "process_description_es",
            "process_document",
            "aims",
            "levels",
            "matrix_items",
            "status",
            "meeting_schedule",
            "meeting_schedule_es",
            "accepts_applications",
            "compensation_kind",
            "stipend_per_meeting",
            "no_compensation_reason",
            "no_compensation_reason_es",
        ]
        widgets = {
            "mission_reviewed_on": DATE,
            "aims": forms.CheckboxSelectMultiple,
            "levels": forms.CheckboxSelectMultiple,
            "compensation_kind": forms.RadioSelect,
            "mission_statement": forms.Textarea(attrs={"rows": 3}),
            "mission_statement_es": forms.Textarea(attrs={"rows": 3}),
            "process_description": forms.Textarea(attrs={"rows": 4}),
            "process_description_es": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "slug": _(
                "Letters, numbers and hyphens, used in the page's address. Leave blank to make it from the name."
            ),
            "process_document": _("Optional. A PDF, PNG or JPG of at most 5 MB. Only QI staff and directors see it."),
            "stipend_per_meeting": _("In dollars, for each meeting a consumer or family member attends."),
            "no_compensation_reason": _("Needed when there is no compensation: say why."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["aims"].queryset = Aim.objects.order_by("order")
        self.fields["levels"].queryset = Level.objects.order_by("order")
        self.fields["aims"].label_from_instance = lambda aim: aim.display_name
        self.fields["levels"].label_from_instance = lambda level: level.display_name
        self.fields["process_document"].widget.attrs["accept"] = ",".join(PROCESS_DOCUMENT_SUFFIXES)
        spanish_beside_english(self)

    def clean_process_document(self):
        upload = self.cleaned_data.get("process_document")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the file already kept
            if Path(upload.name).suffix.lower() not in PROCESS_DOCUMENT_SUFFIXES:
                raise ValidationError(_("Upload a PDF, PNG or JPG file."))
            if upload.size > PROCESS_DOCUMENT_MAX_BYTES:
                raise ValidationError(_("The file is larger than 5 MB. Save a smaller copy and try again."))
            head = upload.read(8)
            upload.seek(0)
            if not (head.startswith(b"%PDF") or head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff")):
                raise ValidationError(_("This file does not look like a PDF, PNG or JPG."))
        return upload

    def clean(self):
        cleaned = super().clean()
        try:
            compensation_check(
                compensation_kind=cleaned.get("compensation_kind"),
                stipend_per_meeting=cleaned.get("stipend_per_meeting"),
                no_compensation_reason=cleaned.get("no_compensation_reason", ""),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        aims = cleaned.get("aims")
        items = cleaned.get("matrix_items")
        if aims and items:
            outside = [item.code for item in items if item.aim_id not in {aim.pk for aim in aims}]
            if outside:
                self.add_error(
                    "matrix_items",
                    _("These items belong to aims not chosen above: %(codes)s. Choose their aims too, or remove them.")
                    % {"codes": ", ".join(outside)},
                )
        return cleaned


class MemberAddForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "username"),
        help_text=_("People with an account, by name and username. Type to jump to a name."),
    )
    role = forms.ChoiceField(label=_("Role in the cell"), choices=PartnerRole.choices)
    joined_on = forms.DateField(label=_("Joined"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.get_full_name()} ({user.get_username()})" if user.get_full_name() else user.get_username()
        )


class MemberLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE, initial=timezone.localdate)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["starts_at", "place", "agenda", "agenda_es", "notes", "notes_es", "status"]
        widgets = {
            "starts_at": DATETIME,
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "agenda_es": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "notes_es": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "notes": _(
                "Decisions and actions only. Never write names of clients, diagnoses or anything about anyone's health."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        spanish_beside_english(self)


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(label=_("Who attended"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(m.pk), f"{m.user.get_full_name() or m.user.get_username()} ({m.get_role_display()})")
            for m in memberships
        ]


class StipendFilterForm(forms.Form):
    cell = forms.ModelChoiceField(label=_("Cell"), queryset=CqiCell.objects.order_by("name"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any")), *StipendStatus.choices], required=False)
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("", _("All time")),
            (PeriodKind.MONTH, _("Month")),
            (PeriodKind.QUARTER, _("Quarter")),
            (PeriodKind.FISCAL_YEAR, _("Fiscal year (July to June)")),
        ],
    )
    on = forms.DateField(
        label=_("Containing the day"), required=False, widget=DATE, help_text=_("Today when left blank.")
    )


class StipendPayForm(forms.Form):
    entries = forms.MultipleChoiceField(label=_("Stipends to mark as paid"), widget=forms.CheckboxSelectMultiple)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, entry_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(str(pk), str(pk)) for pk in entry_ids]


class OpportunityForm(forms.ModelForm):
    matrix_items = MatrixItemChoiceField(
        label=_("Matrix items"),
        queryset=MatrixItem.objects.select_related("aim", "level").order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose several; type a code to jump to it."),
    )

    class Meta:
        model = ImprovementOpportunity
        fields = ["title", "title_es", "description", "description_es", "status", "matrix_items"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_es": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"description": _("About the system, never about a person's health.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        spanish_beside_english(self)


SCORES = [(str(n), str(n)) for n in range(1, 6)]


class VoteForm(forms.Form):
    impact = forms.TypedChoiceField(
        label=_("Impact: how much better would this make things? (1 = a little, 5 = a lot)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    effort = forms.TypedChoiceField(
        label=_("Effort: how much work would it take? (1 = little, 5 = a lot)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )


class ActionStepForm(forms.ModelForm):
    class Meta:
        model = ActionStep
        fields = ["description", "description_es", "owner", "due_on", "status", "result", "result_es"]
        widgets = {
            "due_on": DATE,
            "result": forms.Textarea(attrs={"rows": 3}),
            "result_es": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = cell.memberships.filter(left_on__isnull=True).select_related("user")
        self.fields["owner"].label_from_instance = lambda m: m.user.get_full_name() or m.user.get_username()
        spanish_beside_english(self)


class OutcomeStandardForm(forms.ModelForm):
    class Meta:
        model = OutcomeStandard
        fields = ["measure", "target", "target_date", "description", "description_es"]
        widgets = {"target_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(active=True).order_by("name")
        spanish_beside_english(self)


class PdsaForm(forms.ModelForm):
    class Meta:
        model = PdsaCycle
        fields = [
            "title",
            "title_es",
            "opportunity",
            "measure",
            "plan_prediction",
            "plan_prediction_es",
            "plan_who",
            "plan_who_es",
            "plan_where",
            "plan_where_es",
            "plan_measure",
            "plan_measure_es",
            "starts_on",
            "ends_on",
            "do_notes",
            "do_notes_es",
            "study_notes",
            "study_notes_es",
            "act_decision",
            "act_notes",
            "act_notes_es",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for field in ("plan_prediction", "do_notes", "study_notes", "act_notes")
                for name in (field, f"{field}_es")
            },
        }
        help_texts = {
            "measure": _("Optional. The cycle's start is then marked on this measure's chart."),
            "act_decision": _("Decide only after writing the study notes."),
        }

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        # Ideas waiting for review (or not taken up) are not public, and a cycle's page is.
        self.fields["opportunity"].queryset = cell.opportunities.filter(review_status=ReviewStatus.APPROVED).order_by(
            "title"
        )
        self.fields["opportunity"].required = False
        self.fields["measure"].queryset = Measure.objects.filter(active=True).order_by("name")
        spanish_beside_english(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("act_decision") and not (cleaned.get("study_notes") or "").strip():
            self.add_error("study_notes", _("Write what you learned, compared with the prediction, before deciding."))
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return cleaned
