"""What the public forms say when something is missing or wrong: which question, in the same words on both forms."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from dialogues.forms.contact import CONTACT_NEEDED
from dialogues.forms.joining import JoinForm, OpportunityProposeForm, SurveyForm
from dialogues.forms.sessions import SignupForm
from dialogues.models import ApplicantRole, SurveyResponse
from qic.accounts.forms import SignInForm
from tests.dialogues.sessions_helpers import make_dialogue

JOIN_FILLED = {
    "name": "Rosa Díaz",
    "email": "",
    "phone": "",
    "role": ApplicantRole.CONSUMER,
    "preferred_language": "en",
    "consent_to_contact": "on",
    "consent_to_privacy_notice": "on",
}
SIGNUP_FILLED = {
    "name": "Alex",
    "email": "",
    "phone": "",
    "role": ApplicantRole.CONSUMER,
    "preferred_language": "es",
    "consent_to_contact": "on",
}
PUBLIC_CONTACT_FORMS = [
    pytest.param(JoinForm, JOIN_FILLED, id="join"),
    pytest.param(SignupForm, SIGNUP_FILLED, id="signup"),
]


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize(("form_class", "filled"), PUBLIC_CONTACT_FORMS)
def test_someone_who_typed_a_phone_we_cannot_call_is_told_about_that_number_only(form_class, filled):
    form = form_class({**filled, "phone": "call me"})
    assert not form.is_valid()
    assert form.errors["phone"] == [
        "This does not look like a phone number we can call. Please check it. "
        "A number outside the United States starts with + and the country code."
    ]
    assert "email" not in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize(("form_class", "filled"), PUBLIC_CONTACT_FORMS)
def test_both_forms_ask_for_an_e_mail_or_a_phone_in_the_same_words_beside_both_fields(form_class, filled):
    form = form_class(filled)
    assert not form.is_valid()
    assert form.errors["email"] == form.errors["phone"] == [str(CONTACT_NEEDED)]
    assert str(CONTACT_NEEDED) == "Give an e-mail address or a phone number, so we can reach you."


@pytest.mark.django_db
@pytest.mark.parametrize(("form_class", "filled"), PUBLIC_CONTACT_FORMS)
def test_both_forms_word_a_mistyped_e_mail_the_same_way(form_class, filled):
    form = form_class({**filled, "email": "rosa at example"})
    assert form.errors["email"] == ["Enter an e-mail address like name@example.org."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form_class", "field", "message"),
    [
        (JoinForm, "name", "Enter the name you would like us to use."),
        (JoinForm, "role", "Choose which describes you best."),
        (JoinForm, "preferred_language", "Choose the language we should use with you."),
        (JoinForm, "consent_to_privacy_notice", "Please read the privacy notice and tick this box."),
        (SignupForm, "name", "Enter your name. A first name is enough."),
        (SignupForm, "role", "Choose which describes you best."),
        (SignupForm, "preferred_language", "Choose the language you prefer."),
        (SignupForm, "consent_to_contact", "We need your agreement to contact you about the dialogue."),
        (OpportunityProposeForm, "title", "Write your idea in a few words."),
    ],
)
def test_a_missing_answer_says_which_question_it_is(form_class, field, message):
    form = form_class({"email": "a@example.org"})
    assert form.errors[field] == [message]


@pytest.mark.django_db
def test_each_unanswered_survey_question_is_named_in_its_message():
    form = SurveyForm({"heard": "4"})
    assert "heard" not in form.errors
    assert form.errors["fairly_paid"] == ["Choose how much you agree with: My time is fairly compensated."]
    empty = SurveyForm({"comment": ""})
    assert len({str(empty.errors[question]) for question in SurveyResponse.QUESTIONS}) == 5


@pytest.mark.django_db
def test_the_public_join_page_sent_empty_lists_each_question_once_at_the_top(client):
    response = client.post(reverse("dialogues:join"), {"website": ""})
    page = response.content.decode()
    summary = page[page.index("There is a problem") : page.index("</ul>", page.index("There is a problem"))]
    assert '<a href="#id_name">Enter the name you would like us to use.</a>' in summary
    assert '<a href="#id_role_0">Choose which describes you best.</a>' in summary
    assert summary.count(str(CONTACT_NEEDED)) == 1
    assert f'<a href="#id_email">{CONTACT_NEEDED}</a>' in summary
    assert "This field is required" not in page


@pytest.mark.django_db
def test_the_dialogue_sign_up_sent_with_an_uncallable_phone_does_not_ask_for_a_phone(client):
    dialogue = make_dialogue()
    response = client.post(
        reverse("dialogues:dialogue_signup", args=[dialogue.pk]), {**SIGNUP_FILLED, "phone": "call me", "website": ""}
    )
    page = response.content.decode()
    assert "This does not look like a phone number we can call." in page
    assert str(CONTACT_NEEDED) not in page


@pytest.mark.django_db
def test_sign_in_says_which_field_is_empty():
    form = SignInForm(data={"username": "", "password": ""})
    assert form.errors == {"username": ["Enter your user name."], "password": ["Enter your password."]}


@pytest.mark.django_db
def test_a_wrong_password_in_spanish_says_contrasena_as_the_form_does(client, consumer):
    response = client.post(
        reverse("accounts:login"), {"username": consumer.username, "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    message = str(response.context["form"].non_field_errors()[0])
    # Django's own Spanish says "clave"; the form's field is "Contraseña".
    assert "contraseña" in message
    assert "clave" not in message
