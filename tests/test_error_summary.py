"""The error summary: every form page sent back with mistakes lists them at the top, each linking to its field."""

import re

import pytest
from django import forms
from django.urls import reverse

from qic.core.error_summary import ErrorItem, error_summary_items


class ExampleForm(forms.Form):
    start = forms.DateField(label="Start date")
    colour = forms.ChoiceField(
        label="Which colour?", choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect
    )
    consent = forms.BooleanField(label="I agree", error_messages={"required": "Tick the box to agree."})
    email = forms.EmailField(
        label="E-mail", required=False, error_messages={"no_contact": "Give an e-mail or a phone."}
    )
    phone = forms.CharField(label="Phone", required=False, error_messages={"no_contact": "Give an e-mail or a phone."})
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone"):
            for name in ("email", "phone"):
                self.add_error(
                    name, forms.ValidationError(self.fields[name].error_messages["no_contact"], code="no_contact")
                )
        if cleaned.get("secret") == "bad":
            raise forms.ValidationError("Something went wrong with the whole form.")
        return cleaned


def test_a_form_not_sent_or_sent_without_mistakes_has_no_summary():
    assert error_summary_items(candidates=[ExampleForm()]) == []
    valid = ExampleForm({"start": "2026-01-05", "colour": "red", "consent": "on", "email": "a@example.org"})
    assert error_summary_items(candidates=[valid, "text", None, 3]) == []


def test_each_error_links_to_its_field_in_the_forms_order_and_says_which_question():
    form = ExampleForm({"start": "soon", "secret": "bad"})
    assert error_summary_items(candidates=[form]) == [
        ErrorItem(message="Something went wrong with the whole form.", target=""),
        ErrorItem(message="Start date: Enter a valid date.", target="id_start"),
        # A question's label ends its own sentence; the radios' first button is the one to focus.
        ErrorItem(message="Which colour? This field is required.", target="id_colour_0"),
        # Written for this field, so it already says what to do: no label before it.
        ErrorItem(message="Tick the box to agree.", target="id_consent"),
        # Set for both fields: listed once, linking to the first.
        ErrorItem(message="Give an e-mail or a phone.", target="id_email"),
    ]


def test_the_same_generic_message_on_two_fields_is_listed_for_each():
    form = ExampleForm({"email": "a@example.org"})
    messages = [item.message for item in error_summary_items(candidates=[form])]
    assert messages == [
        "Start date: This field is required.",
        "Which colour? This field is required.",
        "Tick the box to agree.",
    ]


def test_a_formset_lists_the_errors_of_each_of_its_forms_with_their_prefixed_ids():
    formset_class = forms.formset_factory(ExampleForm, extra=0)
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-start": "2026-01-05"}
    data |= {"form-0-colour": "red", "form-0-consent": "on", "form-0-phone": "x", "form-0-email": "nope"}
    items = error_summary_items(candidates=[formset_class(data)])
    assert items == [ErrorItem(message="E-mail: Enter a valid email address.", target="id_form-0-email")]


def test_the_same_form_twice_in_the_context_is_listed_once():
    form = ExampleForm({"start": "2026-01-05", "colour": "red", "consent": "on"})
    assert len(error_summary_items(candidates=[form, form])) == 1


@pytest.mark.django_db
def test_a_failed_sign_in_puts_error_in_the_title_and_the_summary_first_on_the_page(client):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    page = response.content.decode()
    assert re.search(r"<title>\s*Error: Sign in", page)
    summary = page[page.index('<div class="error-summary"') :]
    assert summary.index("There is a problem") < summary.index("<h1>")
    assert '<a href="#id_username">Enter your user name.</a>' in summary
    assert '<a href="#id_password">Enter your password.</a>' in summary
    assert "js/error-summary.js" in page


@pytest.mark.django_db
def test_a_page_whose_form_has_no_mistakes_has_neither_summary_nor_script(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "error-summary" not in page
    assert "Error:" not in page


@pytest.mark.django_db
def test_the_summary_is_in_spanish_for_a_spanish_reader(client):
    response = client.post(
        reverse("accounts:login"), {"username": "nobody", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert "There is a problem" not in page
    assert "Sign in" not in page.split("</title>")[0]
