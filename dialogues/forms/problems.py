from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.forms.council import DATE_WIDGET
from dialogues.models import CellStatus, CqiCell, Problem, ProblemTier
from dialogues.selectors.problems import problem_owner_choices
from measures.models import Measure
from qic.core.forms import spanish_beside_english


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ProblemForm(forms.ModelForm):
    owner = OwnerChoiceField(label=_("Owner"), queryset=None, help_text=_("Who makes sure it is acted on."))
    signal_month = forms.DateField(
        label=_("Month of the chart signal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        help_text=_("If a control chart showed it: the month the signal appeared."),
    )

    class Meta:
        model = Problem
        fields = [
            "title",
            "title_es",
            "description",
            "description_es",
            "tier",
            "owner",
            "due_on",
            "measure",
            "signal_month",
            "cell",
        ]
        widgets = {
            "due_on": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_es": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "description": _("What is happening, where, since when. About the services: no personal information."),
            "tier": _("Where it is being worked on now. It can be escalated later."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = problem_owner_choices()
        self.fields["measure"].queryset = Measure.objects.active().order_by("name")
        self.fields["measure"].required = False
        self.fields["cell"].queryset = CqiCell.objects.exclude(status=CellStatus.CLOSED).order_by("name")
        self.fields["cell"].required = False
        spanish_beside_english(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("signal_month") and not cleaned.get("measure"):
            self.add_error("measure", _("Choose the measure whose chart showed the signal."))
        return cleaned


class EscalateForm(forms.Form):
    to_tier = forms.ChoiceField(label=_("Escalate to"))
    reason = forms.CharField(
        label=_("Why this tier cannot solve it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was tried, and what the next tier can do that this one cannot."),
    )
    owner = OwnerChoiceField(
        label=_("New owner"), queryset=None, required=False, help_text=_("Leave empty to keep the current owner.")
    )
    due_on = forms.DateField(
        label=_("New due date"),
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        help_text=_("Leave empty to keep the current date."),
    )

    def __init__(self, *args, problem: Problem, **kwargs):
        super().__init__(*args, **kwargs)
        rank = ProblemTier(problem.tier).rank
        self.fields["to_tier"].choices = [(tier.value, tier.label) for tier in ProblemTier if tier.rank > rank]
        self.fields["owner"].queryset = problem_owner_choices()


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How it was resolved"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changed, and how you know it worked. No personal information."),
    )
    resolution_es = forms.CharField(
        label=_("How it was resolved (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        spanish_beside_english(self)


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it needs no action"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. a known data delay, or already being worked on elsewhere. No personal information."),
    )


def _open_cells():
    return CqiCell.objects.exclude(status=CellStatus.CLOSED).order_by("name")


class ProblemToOpportunityForm(forms.Form):
    """A problem handed to a cell as an improvement opportunity: the cell, and the opportunity's words."""

    cell = forms.ModelChoiceField(label=_("CQI cell"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    title_es = forms.CharField(label=_("Title (Spanish)"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    description_es = forms.CharField(
        label=_("Description (Spanish)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = _open_cells()
        spanish_beside_english(self)


class ProblemToPdsaForm(forms.Form):
    """A change to test against a problem, as a PDSA cycle in a cell."""

    cell = forms.ModelChoiceField(label=_("CQI cell"), queryset=None)
    title = forms.CharField(label=_("Change being tested"), max_length=200)
    title_es = forms.CharField(label=_("Change being tested (Spanish)"), max_length=200, required=False)
    plan_prediction = forms.CharField(
        label=_("Prediction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What we expect to happen, and by how much."),
    )
    plan_prediction_es = forms.CharField(
        label=_("Prediction (Spanish)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    starts_on = forms.DateField(label=_("Starts"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = _open_cells()
        self.fields["measure"].queryset = Measure.objects.active().order_by("name")
        spanish_beside_english(self)
