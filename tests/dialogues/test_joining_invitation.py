"""A new member's invitation link: choose a password, and be signed in on their own page."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from dialogues.models import ApplicantRole
from dialogues.services.joining import application_approve, application_submit

pytestmark = pytest.mark.django_db

PASSWORD = "a long and memorable phrase 42"


@pytest.fixture
def approved(cell, qi_staff, django_capture_on_commit_callbacks):
    application = application_submit(
        name="Rosa Díaz",
        email="rosa@example.org",
        role=ApplicantRole.CONSUMER,
        cell=cell,
        consent_to_contact=True,
        consent_to_privacy_notice=True,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = application_approve(application=application, decided_by=qi_staff, site_url="http://testserver")
    return decision


def link_in(message) -> str:
    return re.search(r"http://testserver(/accounts/invitation/\S+/)", message.body).group(1)


def test_the_emailed_link_lets_the_new_member_choose_a_password_and_signs_them_in(client, approved):
    link = link_in(mail.outbox[0])
    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert "Choose your password" in page.content.decode()
    assert approved.user.username in page.content.decode()
    set_password_url = page.redirect_chain[-1][0]

    response = client.post(set_password_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("dialogues:my_partnership")
    user = approved.user
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    own_page = client.get(response.url)
    assert own_page.status_code == 200
    assert own_page.wsgi_request.user == user
    assert "Getting a first appointment" in own_page.content.decode()


def test_a_used_link_explains_kindly_and_says_who_to_ask(client, approved):
    link = link_in(mail.outbox[0])
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.logout()

    again = client.get(link, follow=True)

    assert again.status_code == 200
    page = again.content.decode()
    assert "This link no longer works" in page
    assert "ask for a new link" in page
    assert "Choose your password" not in page


def test_a_made_up_link_explains_kindly(client):
    response = client.get(reverse("accounts:invitation", args=["MQ", "not-a-token"]))
    assert response.status_code == 200
    assert "This link no longer works" in response.content.decode()


def test_passwords_that_do_not_match_show_the_error(client, approved):
    link = link_in(mail.outbox[0])
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": PASSWORD, "new_password2": "something else 43"})
    assert response.status_code == 200
    assert response.context["form"].errors
    approved.user.refresh_from_db()
    assert not approved.user.has_usable_password()
