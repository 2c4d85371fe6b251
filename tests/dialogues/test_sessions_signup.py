"""The public sign-up for a dialogue: plain language, contact by e-mail or phone, spam protection, duplicates,
kind refusals, and the sign-up list and CSV for QI staff only."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from dialogues.models import DialogueSignup, DialogueStatus
from qic.core.spam import RATE_LIMIT
from tests.dialogues.sessions_helpers import make_dialogue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def signup_url(dialogue):
    return reverse("dialogues:dialogue_signup", args=[dialogue.pk])


def signup_data(**overrides):
    data = {
        "name": "Alex",
        "email": "Alex@Example.org",
        "phone": "",
        "role": "consumer",
        "preferred_language": "es",
        "accommodations": "An interpreter, please",
        "consent_to_contact": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_anyone_can_open_the_sign_up_form(client):
    dialogue = make_dialogue()
    response = client.get(signup_url(dialogue))
    assert response.status_code == 200
    body = response.content.decode()
    assert "I receive mental health services, or have in the past" in body
    assert 'name="website"' in body  # the honeypot, hidden
    assert 'class="visually-hidden"' in body


def test_the_form_offers_the_language_of_the_page_first(client):
    dialogue = make_dialogue()
    response = client.get(signup_url(dialogue), HTTP_ACCEPT_LANGUAGE="es")
    assert response.context["form"]["preferred_language"].value() == "es"


def test_signing_up_records_the_person_and_says_thank_you(client):
    dialogue = make_dialogue()
    response = client.post(signup_url(dialogue), signup_data(), follow=True)
    assert response.redirect_chain[-1][0] == dialogue.get_absolute_url()
    assert "you are signed up" in response.content.decode()
    signup = DialogueSignup.objects.get()
    assert signup.contact_key == "alex@example.org"
    assert signup.preferred_language == "es"
    assert signup.consent_to_contact


def test_a_phone_number_alone_is_enough(client):
    dialogue = make_dialogue()
    response = client.post(signup_url(dialogue), signup_data(email="", phone="(415) 555-0134"))
    assert response.status_code == 302
    signup = DialogueSignup.objects.get()
    assert (signup.phone, signup.contact_key) == ("(415) 555-0134", "+14155550134")


def test_a_phone_number_that_cannot_be_called_is_refused_with_a_plain_reason(client):
    dialogue = make_dialogue()
    response = client.post(signup_url(dialogue), signup_data(email="", phone="call me"))
    assert response.status_code == 400  # a form sent with mistakes answers 400, as the join form does
    assert "This does not look like a phone number we can call." in str(response.context["form"].errors["phone"])
    assert not DialogueSignup.objects.exists()


def test_without_e_mail_or_phone_the_form_is_reshown_with_what_was_typed(client):
    dialogue = make_dialogue()
    response = client.post(signup_url(dialogue), signup_data(email="", phone="", name="Typed Name"))
    assert response.status_code == 400  # a form sent with mistakes answers 400, as the join form does
    body = response.content.decode()
    assert "Give an e-mail address or a phone number, so we can reach you." in body
    assert 'value="Typed Name"' in body
    assert not DialogueSignup.objects.exists()


def test_without_consent_nothing_is_recorded(client):
    dialogue = make_dialogue()
    data = signup_data()
    del data["consent_to_contact"]
    response = client.post(signup_url(dialogue), data)
    assert response.status_code == 400  # a form sent with mistakes answers 400, as the join form does
    assert "We need your agreement to contact you" in response.content.decode()
    assert not DialogueSignup.objects.exists()


def test_the_same_person_twice_gets_the_same_answer_as_the_first_time_and_is_stored_once(client):
    dialogue = make_dialogue()
    first = client.post(signup_url(dialogue), signup_data(), follow=True)
    second = client.post(signup_url(dialogue), signup_data(email="  alex@EXAMPLE.org "), follow=True)
    # As on the join form: typing someone's e-mail must not reveal that they signed up.
    assert second.redirect_chain == first.redirect_chain == [(dialogue.get_absolute_url(), 302)]
    assert "Thank you, you are signed up." in second.content.decode()
    assert "already signed up" not in second.content.decode()
    assert DialogueSignup.objects.count() == 1


@pytest.mark.parametrize("written_again", ["415.555.0134", "+1 (415) 555 0134", "1-415-555-0134", "+14155550134"])
def test_the_same_phone_written_differently_is_the_same_person(client, written_again):
    dialogue = make_dialogue()
    client.post(signup_url(dialogue), signup_data(email="", phone="(415) 555-0134"))
    response = client.post(signup_url(dialogue), signup_data(email="", phone=written_again))
    assert response.status_code == 302
    assert DialogueSignup.objects.count() == 1


def test_the_same_person_may_sign_up_for_two_dialogues(client):
    first, second = make_dialogue(), make_dialogue(days_from_now=20)
    client.post(signup_url(first), signup_data())
    client.post(signup_url(second), signup_data())
    assert DialogueSignup.objects.count() == 2


def test_a_filled_in_honeypot_looks_like_success_but_records_nothing(client):
    dialogue = make_dialogue()
    response = client.post(signup_url(dialogue), signup_data(website="http://spam.example"), follow=True)
    assert response.redirect_chain == [(dialogue.get_absolute_url(), 302)]
    assert "Thank you, you are signed up." in response.content.decode()
    assert "could not be sent" not in response.content.decode()
    assert not DialogueSignup.objects.exists()


def test_too_many_sign_ups_from_one_address_are_refused(client):
    dialogue = make_dialogue()
    for number in range(RATE_LIMIT):
        client.post(signup_url(dialogue), signup_data(email=f"p{number}@example.org"))
    response = client.post(signup_url(dialogue), signup_data(email="eleventh@example.org"))
    assert response.status_code == 429
    assert "Too many sign-ups" in response.content.decode()
    assert DialogueSignup.objects.count() == RATE_LIMIT


def test_mistyped_sign_ups_do_not_count_towards_the_limit(client):
    """A family sharing a connection who correct their mistakes are not locked out."""
    dialogue = make_dialogue()
    for _attempt in range(RATE_LIMIT + 5):
        mistyped = client.post(signup_url(dialogue), signup_data(email="", phone="12-34"))
        assert mistyped.status_code == 400
    for number in range(RATE_LIMIT):
        accepted = client.post(signup_url(dialogue), signup_data(email=f"p{number}@example.org"))
        assert accepted.status_code == 302
    assert DialogueSignup.objects.count() == RATE_LIMIT
    assert client.post(signup_url(dialogue), signup_data(email="one.more@example.org")).status_code == 429


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": DialogueStatus.CANCELLED}, "has been cancelled"),
        ({"status": DialogueStatus.HELD, "days_from_now": -2}, "already taken place"),
        ({"days_from_now": -1}, "already taken place"),
        ({"signup_open": False}, "Sign-up for this dialogue is closed"),
    ],
)
def test_closed_past_and_cancelled_dialogues_refuse_kindly(client, fields, message):
    dialogue = make_dialogue(**fields)
    for response in (client.get(signup_url(dialogue)), client.post(signup_url(dialogue), signup_data())):
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not DialogueSignup.objects.exists()


def test_a_full_dialogue_refuses_kindly(client):
    dialogue = make_dialogue(capacity=1)
    client.post(signup_url(dialogue), signup_data())
    response = client.post(signup_url(dialogue), signup_data(email="other@example.org"))
    assert "This dialogue is full" in response.content.decode()
    assert DialogueSignup.objects.count() == 1


# --- The list and the CSV: QI staff only --------------------------------------------------------


def test_qi_staff_download_the_sign_ups_as_a_formula_safe_csv(client_for, qi_staff):
    dialogue = make_dialogue()
    DialogueSignup.objects.create(
        dialogue=dialogue,
        name="=HYPERLINK(1)",
        email="a@example.org",
        contact_key="a@example.org",
        role="family",
        consent_to_contact=True,
    )
    response = client_for(qi_staff).get(reverse("dialogues:dialogue_signups_csv", args=[dialogue.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "a@example.org" in text
    assert "A family member of someone who receives services" in text


def test_anonymous_visitors_are_sent_to_log_in_for_the_csv(client):
    dialogue = make_dialogue()
    response = client.get(reverse("dialogues:dialogue_signups_csv", args=[dialogue.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("persona", ["consumer", "director", "outsider"])
def test_only_qi_staff_get_the_csv(client_for, request, persona):
    dialogue = make_dialogue()
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("dialogues:dialogue_signups_csv", args=[dialogue.pk])
    )
    assert response.status_code == 403


def test_the_sign_up_and_the_join_form_answer_a_form_with_mistakes_alike(client):
    """Both public forms answer 400 with the form and its error summary when sent with mistakes."""
    from django.urls import reverse

    dialogue = make_dialogue()
    signup = client.post(signup_url(dialogue), signup_data(email="", phone=""))
    join = client.post(reverse("dialogues:join"), {"name": "Rosa"})
    assert (signup.status_code, join.status_code) == (400, 400)
    for response in (signup, join):
        assert response.context["form"].errors
        assert "error-summary" in response.content.decode()
