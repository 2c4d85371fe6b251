from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aims.models import Aim, MatrixItem
from measures.models import Direction as MeasureDirection
from measures.models import Measure
from workplan.models import Activity, Evaluation, Goal, Objective, ObjectiveReview, WorkPlan

DATE_WIDGET = {"type": "date"}


class PlanStartForm(forms.Form):
    FROM_TEMPLATE = "template"
    FROM_LAST_YEAR = "last_year"

    year = forms.IntegerField(
        label=_("Fiscal year starting 1 July of"),
        min_value=2000,
        max_value=2100,
        help_text=_("E.g. 2026 for FY2026-27 (1 July 2026 to 30 June 2027)."),
    )
    start_from = forms.ChoiceField(
        label=_("Start from"),
        choices=[
            (FROM_TEMPLATE, _("The areas the state reviews (one goal each)")),
            (FROM_LAST_YEAR, _("Last year's plan: carry forward the objectives not met")),
        ],
        widget=forms.RadioSelect,
    )


class PlanForm(forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["introduction", "introduction_es"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "introduction_es": forms.Textarea(attrs={"rows": 5}),
        }


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "title_es", "description", "description_es", "area", "order"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_es": forms.Textarea(attrs={"rows": 3}),
        }


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = [
            "title",
            "title_es",
            "measure",
            "unit_label",
            "direction",
            "baseline",
            "baseline_note",
            "target",
            "due_date",
            "responsible",
            "aims",
            "matrix_items",
            "order",
        ]
        widgets = {
            "due_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "aims": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "direction": _("When a measure is chosen, its own direction is used unless it is “neither”."),
            "matrix_items": _("Hold Ctrl (or ⌘) to choose several."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.active().order_by("name")
        self.fields["aims"].queryset = Aim.objects.order_by("order")
        self.fields["matrix_items"].queryset = MatrixItem.objects.select_related("aim", "level").order_by("code")
        self.fields["matrix_items"].required = False
        self.fields["direction"].required = False

    def clean(self):
        cleaned = super().clean()
        measure = cleaned.get("measure")
        if measure is not None and measure.direction != MeasureDirection.NEUTRAL:
            cleaned["direction"] = measure.direction
        elif not cleaned.get("direction"):
            self.add_error("direction", _("Say which way is better for this objective."))
        if measure is None and not cleaned.get("unit_label"):
            self.add_error("unit_label", _("Without a measure, say what the figures count."))
        if cleaned.get("baseline") is not None and cleaned.get("baseline") == cleaned.get("target"):
            self.add_error("target", _("The target must differ from the baseline."))
        return cleaned


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["description", "description_es", "responsible", "due_date", "status", "order"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "description_es": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        }


class FigureForm(forms.Form):
    as_of = forms.DateField(
        label=_("Figure for"),
        widget=forms.DateInput(attrs=DATE_WIDGET),
        help_text=_("The last day of the period the figure covers, e.g. 30 September for July to September."),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    source = forms.CharField(label=_("Source"), max_length=200, help_text=_("E.g. “Test call log, first quarter”."))

    def __init__(self, *args, objective: Objective, **kwargs):
        super().__init__(*args, **kwargs)
        self.objective = objective

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        plan = self.objective.goal.plan
        if not plan.fiscal_year_start <= as_of <= plan.fiscal_year_end:
            raise forms.ValidationError(_("The date must fall within %(year)s.") % {"year": plan.label})
        if as_of > timezone.localdate():
            raise forms.ValidationError(_("A figure cannot be for a date still to come."))
        return as_of


class ApprovalForm(forms.ModelForm):
    """The council's approval: when, at which meeting, and who took part, by role."""

    class Meta:
        model = WorkPlan
        fields = [
            "approved_on",
            "meeting_reference",
            "consumers_present",
            "family_members_present",
            "providers_present",
            "county_staff_present",
            "directors_present",
        ]
        widgets = {"approved_on": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_on"].required = True
        self.fields["meeting_reference"].required = True

    def clean_approved_on(self):
        approved_on = self.cleaned_data["approved_on"]
        if approved_on > timezone.localdate():
            raise forms.ValidationError(_("The approval date cannot be in the future."))
        return approved_on

    # That a consumer or family member took part is the model's check constraint, validated with the form.


class EvaluationApprovalForm(ApprovalForm):
    class Meta(ApprovalForm.Meta):
        model = Evaluation


class EvaluationSummaryForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["summary", "summary_es"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "summary_es": forms.Textarea(attrs={"rows": 4})}


class ReviewForm(forms.ModelForm):
    class Meta:
        model = ObjectiveReview
        fields = ["narrative", "narrative_es", "barriers", "barriers_es", "next_steps", "next_steps_es"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}
