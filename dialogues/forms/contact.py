"""How to reach someone who joins a cell or signs up for a dialogue: one set of fields and words for both forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dialogues.services.contacts import phone_e164

#: Said beside both fields (and once in the error summary) when neither was filled in.
CONTACT_NEEDED = _("Give an e-mail address or a phone number, so we can reach you.")


class ContactFieldsForm(forms.Form):
    """An e-mail, a phone number, or both; a phone number must be one we can call."""

    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Enter an e-mail address like name@example.org."),
            "contact_needed": CONTACT_NEEDED,
        },
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Give an e-mail, a phone number, or both."),
        error_messages={"contact_needed": CONTACT_NEEDED},
    )

    def clean_phone(self):
        # Kept as typed, for QI staff to read; the service compares numbers in their E.164 form.
        phone = self.cleaned_data.get("phone", "").strip()
        if phone:
            phone_e164(phone=phone)
        return phone

    def clean(self):
        cleaned = super().clean()
        # What was typed, not what was accepted: someone who typed a phone number we cannot call is told
        # about that number, not asked for "an e-mail or a phone number" they have just given.
        typed = [(self.data.get(self.add_prefix(name)) or "").strip() for name in ("email", "phone")]
        if not any(typed):
            # A field's own message (its error_messages), so the error summary shows it without the field's label.
            for name in ("email", "phone"):
                self.add_error(name, ValidationError(CONTACT_NEEDED, code="contact_needed"))
        return cleaned
