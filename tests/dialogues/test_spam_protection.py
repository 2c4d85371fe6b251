"""The two public forms (joining a cell, signing up for a dialogue) answer a bot exactly as they answer a person."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from dialogues.models import DialogueSignup, JoinApplication
from tests.dialogues.sessions_helpers import make_dialogue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def join_form():
    def data(email: str, website: str = "") -> dict:
        return {
            "name": "Rosa Díaz",
            "email": email,
            "phone": "",
            "role": "consumer",
            "preferred_language": "en",
            "consent_to_contact": "on",
            "consent_to_privacy_notice": "on",
            "website": website,
        }

    return reverse("dialogues:join"), data, JoinApplication


def signup_form():
    def data(email: str, website: str = "") -> dict:
        return {
            "name": "Alex",
            "email": email,
            "phone": "",
            "role": "consumer",
            "preferred_language": "en",
            "consent_to_contact": "on",
            "website": website,
        }

    return reverse("dialogues:dialogue_signup", args=[make_dialogue().pk]), data, DialogueSignup


def answer(client, url, data):
    response = client.post(url, data, follow=True)
    messages = [str(message) for message in response.context["messages"]] if response.context else []
    return response.redirect_chain, response.status_code, messages


@pytest.mark.parametrize("form", [join_form, signup_form])
def test_a_filled_in_honeypot_gets_the_very_answer_a_person_gets_and_nothing_is_kept(client, form):
    url, data, model = form()
    by_person = answer(client, url, data("rosa@example.org"))
    by_bot = answer(client, url, data("bot@example.org", website="http://spam.example"))
    assert by_bot == by_person
    assert by_bot[0][-1][1] == 302  # a redirect to the thank-you page or message, never "could not be sent"
    assert list(model.objects.values_list("email", flat=True)) == ["rosa@example.org"]
