from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aims.models import MatrixItem
from dialogues.forms.contact import ContactFieldsForm
from dialogues.models import (
    ApplicantRole,
    CqiCell,
    Dialogue,
    DialogueKind,
    Language,
    PartnerRole,
)
from dialogues.services.sessions import phi_check
from qic.core.forms import spanish_beside_english
from qic.core.spam import HONEYPOT_FIELD, HoneypotFormMixin

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


def _datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT)


def _phi_clean(form, field):
    value = form.cleaned_data.get(field, "")
    try:
        phi_check(text=value, field=field)
    except ValidationError as error:
        raise forms.ValidationError(error.message_dict[field]) from error
    return value


class DialogueForm(forms.ModelForm):
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    change_reason = forms.CharField(
        label=_("What changed (optional)"),
        required=False,
        max_length=100,
        help_text=_("Kept in the dialogue's history."),
    )

    class Meta:
        model = Dialogue
        fields = [
            "title",
            "title_es",
            "kind",
            "focus",
            "topic",
            "topic_es",
            "description",
            "description_es",
            "starts_at",
            "ends_at",
            "place",
            "video_link",
            "status",
            "signup_open",
            "capacity",
            "themes",
            "themes_es",
            "matrix_items",
        ]
        widgets = {
            "starts_at": _datetime_widget(),
            "ends_at": _datetime_widget(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_es": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.Textarea(attrs={"rows": 6}),
            "themes_es": forms.Textarea(attrs={"rows": 6}),
            "matrix_items": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = [DATETIME_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        self.fields["ends_at"].input_formats = [DATETIME_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        self.fields["matrix_items"].queryset = MatrixItem.objects.order_by("code")
        self.fields["matrix_items"].required = False
        self.fields["themes"].help_text = _(
            "Write what was said in general terms. Never names, diagnoses, dates of birth, contact details or "
            "anything about a person's health. Themes may be shown to the public."
        )
        spanish_beside_english(
            self,
            [
                "title",
                "kind",
                "focus",
                "topic",
                "description",
                "starts_at",
                "ends_at",
                "place",
                "video_link",
                "status",
                "signup_open",
                "capacity",
                HTML(
                    '<div class="alert alert-warning" role="note"><strong>'
                    + str(_("No personal or health information in the themes."))
                    + "</strong> "
                    + str(_("No names, no diagnoses, nothing about anyone's health. The themes may be made public."))
                    + "</div>"
                ),
                "themes",
                "matrix_items",
                "change_reason",
            ],
        )

    def clean_themes(self):
        return _phi_clean(self, "themes")

    def clean_themes_es(self):
        return _phi_clean(self, "themes_es")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == DialogueKind.FOCUSED and not cleaned.get("focus"):
            self.add_error("focus", _("A focused dialogue takes up one issue: choose it here."))
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return cleaned

    def _post_clean(self):
        # The database constraints are checked by the service, with plain messages, not here.
        opts = self._meta
        exclude = self._get_validation_exclusions()
        try:
            self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)
        except ValidationError as error:
            self._update_errors(error)
        try:
            self.instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self._update_errors(error)


class FacilitatorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *PartnerRole.choices], required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name", "").strip() and not cleaned.get("role"):
            self.add_error("role", _("Choose the role of this co-facilitator."))
        return cleaned


class RowsFormSet(forms.BaseFormSet):
    """Every row is read, also one left as it was shown (rows with a blank name are dropped by the service)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.empty_permitted = False
        return form


FacilitatorFormSet = forms.formset_factory(FacilitatorForm, formset=RowsFormSet, extra=2)


class HeadcountForm(forms.Form):
    """Planned and actual participants per role: numbers only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for role, label in PartnerRole.choices:
            self.fields[f"planned_{role}"] = forms.IntegerField(
                label=_("%(role)s: planned") % {"role": label}, min_value=0, max_value=999, required=False
            )
            self.fields[f"actual_{role}"] = forms.IntegerField(
                label=_("%(role)s: took part") % {"role": label}, min_value=0, max_value=999, required=False
            )

    @staticmethod
    def initial_for(dialogue) -> dict:
        initial = {}
        if dialogue is not None and dialogue.pk:
            for row in dialogue.headcounts.all():
                initial[f"planned_{row.role}"] = row.planned
                initial[f"actual_{row.role}"] = row.actual
        return initial

    def rows(self):
        return [(label, self[f"planned_{role}"], self[f"actual_{role}"]) for role, label in PartnerRole.choices]

    def headcounts(self) -> list[dict]:
        return [
            {
                "role": role,
                "planned": self.cleaned_data.get(f"planned_{role}") or 0,
                "actual": self.cleaned_data.get(f"actual_{role}"),
            }
            for role in PartnerRole.values
        ]


class SignupForm(HoneypotFormMixin, ContactFieldsForm):
    # The order of the page, for the error summary (the e-mail and phone fields come from ContactFieldsForm).
    field_order = ["name", "email", "phone", "role", "preferred_language", "accommodations", "consent_to_contact"]

    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("A first name is enough."),
        error_messages={"required": _("Enter your name. A first name is enough.")},
    )
    role = forms.ChoiceField(
        label=_("Which describes you best?"),
        choices=ApplicantRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which describes you best.")},
    )
    preferred_language = forms.ChoiceField(
        label=_("Language you prefer"),
        choices=Language.choices,
        initial=Language.ENGLISH,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the language you prefer.")},
    )
    accommodations = forms.CharField(
        label=_("Anything that would help you take part?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example an interpreter, a ride, step-free access. Please do not tell us about your health."),
    )
    consent_to_contact = forms.BooleanField(
        label=_("You may contact me about this dialogue."),
        error_messages={"required": _("We need your agreement to contact you about the dialogue.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "name",
            "email",
            "phone",
            "role",
            "preferred_language",
            "accommodations",
            "consent_to_contact",
            Div(Field(HONEYPOT_FIELD), css_class="visually-hidden", aria_hidden="true"),
        )


class OpportunityForm(forms.Form):
    title = forms.CharField(label=_("Improvement opportunity"), max_length=200)
    title_es = forms.CharField(label=_("Improvement opportunity (Spanish)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("About the services, never about a person: no names, no diagnoses."),
    )
    description_es = forms.CharField(
        label=_("Description (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        spanish_beside_english(self)

    def clean_title(self):
        return _phi_clean(self, "title")

    def clean_title_es(self):
        return _phi_clean(self, "title_es")

    def clean_description(self):
        return _phi_clean(self, "description")

    def clean_description_es(self):
        return _phi_clean(self, "description_es")


class HandToCellForm(forms.Form):
    cell = forms.ModelChoiceField(label=_("CQI cell"), queryset=CqiCell.objects.order_by("name"))
