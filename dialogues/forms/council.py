from django import forms
from django.utils.translation import gettext_lazy as _

from aims.models import Aim
from dialogues.forms.sessions import RowsFormSet
from dialogues.models import CouncilInitiative, CqiCell, OversightCommittee, PartnerRole
from qic.core.forms import spanish_beside_english

DATE_WIDGET = {"type": "date"}


class AttestationForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    met = forms.TypedChoiceField(
        label=_("Is it met?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: a document, the meeting where it was decided, minutes. No personal information."),
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(indicator.value, indicator.label) for indicator in indicators]
        if len(indicators) == 1:
            self.fields["indicator"].initial = indicators[0].value
            self.fields["indicator"].widget = forms.HiddenInput()


class OversightCommitteeForm(forms.ModelForm):
    class Meta:
        model = OversightCommittee
        fields = ["name", "name_es", "charter", "charter_es", "established_on", "active"]
        widgets = {
            "established_on": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "charter": forms.Textarea(attrs={"rows": 5}),
            "charter_es": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        spanish_beside_english(self)


class OversightMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *PartnerRole.choices], required=False)
    chairs = forms.BooleanField(label=_("Chairs"), required=False)
    joined_on = forms.DateField(
        label=_("Joined"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )
    left_on = forms.DateField(
        label=_("Left"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name", "").strip() and not cleaned.get("role"):
            self.add_error("role", _("Choose the role of this member."))
        if cleaned.get("joined_on") and cleaned.get("left_on") and cleaned["left_on"] < cleaned["joined_on"]:
            self.add_error("left_on", _("The day they left must be after the day they joined."))
        return cleaned


OversightMemberFormSet = forms.formset_factory(OversightMemberForm, formset=RowsFormSet, extra=3)


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = CouncilInitiative
        fields = ["title", "title_es", "aim", "lead", "status", "started_on", "cells", "measures"]
        widgets = {
            "started_on": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "cells": forms.CheckboxSelectMultiple,
            "measures": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cells"].queryset = CqiCell.objects.order_by("name")
        self.fields["cells"].required = False
        self.fields["measures"].required = False
        self.fields["lead"].help_text = _("The person or group leading it, by role if you prefer.")
        # The framework's aims by their name in the reader's language (Aim.__str__), in the framework's order.
        self.fields["aim"].queryset = Aim.objects.order_by("order")
        spanish_beside_english(self)
