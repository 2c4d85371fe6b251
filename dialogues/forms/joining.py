from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.forms.contact import ContactFieldsForm
from dialogues.models import ApplicantRole, CqiCell, Language, SurveyResponse
from dialogues.selectors.joining import cells_open_for_applications
from qic.core.spam import HoneypotFormMixin

NO_HEALTH_NOTE = _("Please don't tell us about your diagnosis or health. We don't need it, and we don't keep it.")


class JoinForm(HoneypotFormMixin, ContactFieldsForm):
    # The order of the page, for the error summary (the e-mail and phone fields come from ContactFieldsForm).
    field_order = [
        "name",
        "role",
        "preferred_language",
        "email",
        "phone",
        "cell",
        "availability",
        "accommodations",
        "consent_to_contact",
        "consent_to_privacy_notice",
    ]

    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("The name you would like us to use."),
        error_messages={"required": _("Enter the name you would like us to use.")},
    )
    role = forms.ChoiceField(
        label=_("Which describes you best?"),
        choices=ApplicantRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which describes you best.")},
    )
    preferred_language = forms.ChoiceField(
        label=_("Which language should we use with you?"),
        choices=Language.choices,
        initial=Language.ENGLISH,
        error_messages={"required": _("Choose the language we should use with you.")},
    )
    availability = forms.CharField(
        label=_("When can you meet?"),
        required=False,
        max_length=300,
        help_text=_("For example: weekday evenings, or Saturday mornings."),
    )
    accommodations = forms.CharField(
        label=_("Is there anything that would help you take part?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: an interpreter, large print, a ride, childcare, or a quiet room."),
    )
    cell = forms.ModelChoiceField(
        label=_("Which cell would you like to join?"),
        queryset=CqiCell.objects.none(),
        required=False,
        empty_label=_("Any cell: QI staff suggest one for me"),
    )
    consent_to_contact = forms.BooleanField(
        label=_("I agree that QI staff may contact me about joining."),
        error_messages={"required": _("We need your agreement to contact you about joining.")},
    )
    consent_to_privacy_notice = forms.BooleanField(
        label=_("I have read the privacy notice."),
        error_messages={"required": _("Please read the privacy notice and tick this box.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells_open_for_applications()
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's form tag has its token
        self.helper.layout = Layout(
            Fieldset(_("About you"), "name", "role", "preferred_language"),
            Fieldset(_("How to reach you"), "email", "phone"),
            Fieldset(_("Taking part"), "cell", "availability", "accommodations"),
            Fieldset(
                _("Your agreement"),
                # In a template, so makemessages finds the sentence.
                HTML('{% include "dialogues/joining/_privacy_link.html" %}'),
                "consent_to_contact",
                "consent_to_privacy_notice",
            ),
            # Hidden from people and screen readers; bots fill it in.
            Div("website", css_class="d-none", aria_hidden="true"),
        )


class ApproveForm(forms.Form):
    cell = forms.ModelChoiceField(
        label=_("Cell they join"), queryset=CqiCell.objects.none(), required=False, empty_label=_("Choose a cell")
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["cell"].queryset = CqiCell.objects.exclude(status="closed").order_by("name")
        if application.cell_id:
            self.fields["cell"].initial = application.cell_id
            self.fields["cell"].help_text = _("They asked for this cell. You may choose another.")
        else:
            self.fields["cell"].required = True
            self.fields["cell"].help_text = _("They asked for any cell: choose one.")
        self.fields["cell"].error_messages["required"] = _("They asked for any cell: choose the cell they join.")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads this in the e-mail. Be kind and say what they could do instead."),
        error_messages={"required": _("Please give a reason. The applicant will read it.")},
    )


class OpportunityProposeForm(forms.Form):
    title = forms.CharField(
        label=_("Your idea, in a few words"),
        max_length=200,
        help_text=_("For example: “Send appointment reminders by text message”."),
        error_messages={"required": _("Write your idea in a few words.")},
    )
    description = forms.CharField(
        label=_("Tell us more"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What could work better, and why. Please don't include anyone's name or health information."),
    )


AGREEMENT_CHOICES = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
]


class SurveyForm(forms.Form):
    comment = forms.CharField(
        label=_("Anything else you would like to tell us?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Please don't include anyone's name or health information."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {
            question: forms.TypedChoiceField(
                label=SurveyResponse._meta.get_field(question).verbose_name,
                choices=AGREEMENT_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                # Said beside the question and in the error summary: which of the five it is.
                error_messages={
                    "required": _("Choose how much you agree with: %(statement)s")
                    % {"statement": SurveyResponse._meta.get_field(question).verbose_name}
                },
            )
            for question in SurveyResponse.QUESTIONS
        }
        comment = self.fields.pop("comment")
        self.fields.update(questions)
        self.fields["comment"] = comment
