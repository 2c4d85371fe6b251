"""The public join form: anyone may ask to join a cell, with no health information and no account."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from dialogues.models import ApplicantRole, CellStatus, CqiCell, JoinApplication
from qic.core.spam import RATE_LIMIT

pytestmark = pytest.mark.django_db

JOIN = reverse("dialogues:join")


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def filled(**overrides):
    data = {
        "name": "Rosa Díaz",
        "email": "Rosa@Example.org ",
        "phone": "",
        "role": ApplicantRole.CONSUMER,
        "preferred_language": "en",
        "availability": "Weekday evenings",
        "accommodations": "",
        "cell": "",
        "consent_to_contact": "on",
        "consent_to_privacy_notice": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_anyone_can_open_the_join_form_and_it_asks_for_no_health_information(client, cell):
    response = client.get(JOIN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please don&#x27;t tell us about your diagnosis or health" in page
    assert reverse("dialogues:privacy_notice") in page
    assert cell.name in page
    assert "Any cell" in page
    assert "novalidate" in page


def test_the_form_offers_only_active_cells_open_to_new_members(client, cell):
    CqiCell.objects.create(
        name="Closed to newcomers",
        slug="closed",
        focus="x",
        status=CellStatus.ACTIVE,
        accepts_applications=False,
        compensation_kind="none",
        no_compensation_reason="Volunteers",
    )
    CqiCell.objects.create(
        name="Still forming",
        slug="forming",
        focus="x",
        status=CellStatus.FORMING,
        compensation_kind="none",
        no_compensation_reason="Volunteers",
    )
    page = client.get(JOIN).content.decode()
    assert cell.name in page
    assert "Closed to newcomers" not in page
    assert "Still forming" not in page


def test_a_cell_in_the_link_is_chosen_already(client, cell):
    response = client.get(JOIN, {"cell": cell.slug})
    assert response.context["form"]["cell"].value() == cell.pk
    assert f'<option value="{cell.pk}" selected>' in response.content.decode()


def test_the_form_is_in_spanish_for_a_spanish_reader(client, cell):
    response = client.get(JOIN, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert 'lang="es"' in response.content.decode()
    assert response.context["form"]["preferred_language"].value() == "es"


def test_a_complete_application_is_stored_and_acknowledged(client, cell, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(JOIN, filled(cell=cell.pk))
    assert response.status_code == 302
    assert response.url == reverse("dialogues:join_thanks")
    application = JoinApplication.objects.get()
    assert (application.name, application.email, application.contact_key, application.cell) == (
        "Rosa Díaz",
        "Rosa@Example.org",
        "rosa@example.org",
        cell,
    )
    assert application.consent_to_contact
    assert application.consent_to_privacy_notice
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Rosa@Example.org"]
    assert cell.name in mail.outbox[0].body


def test_the_thanks_page_says_what_happens_next(client):
    response = client.get(reverse("dialogues:join_thanks"))
    assert response.status_code == 200
    assert "What happens next" in response.content.decode()


def test_a_phone_number_alone_is_enough(client):
    response = client.post(JOIN, filled(email="", phone="(415) 555-0134"))
    assert response.status_code == 302
    application = JoinApplication.objects.get()
    assert (application.phone, application.contact_key) == ("(415) 555-0134", "+14155550134")
    assert application.cell is None
    assert mail.outbox == []


def test_without_email_or_phone_the_error_sits_beside_both_fields_and_what_was_typed_stays(client):
    response = client.post(JOIN, filled(email="", phone="", name="Rosa Typed"))
    assert response.status_code == 400
    form = response.context["form"]
    assert "email" in form.errors
    assert "phone" in form.errors
    page = response.content.decode()
    assert 'value="Rosa Typed"' in page
    assert "Give an e-mail address or a phone number, so we can reach you." in page
    assert not JoinApplication.objects.exists()


@pytest.mark.parametrize(
    ("phone", "reason"),
    [
        ("12-34", "This phone number looks too short. Please include the area code."),
        ("555-0134", "This phone number looks too short. Please include the area code."),
        ("415 555 0134 0134 01", "This phone number looks too long."),
        ("call me", "This does not look like a phone number we can call."),
    ],
)
def test_a_phone_number_that_cannot_be_called_is_refused_with_a_plain_reason(client, phone, reason):
    response = client.post(JOIN, filled(phone=phone))
    assert response.status_code == 400
    assert reason in str(response.context["form"].errors["phone"])
    assert not JoinApplication.objects.exists()


def test_the_phone_error_is_in_the_readers_language(client):
    response = client.post(JOIN, filled(phone="12-34"), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    assert "This phone number looks too short" not in str(response.context["form"].errors["phone"])


@pytest.mark.parametrize("written_again", ["+1 415 555 0134", "415.555.0134", "1 (415) 555-0134"])
def test_the_same_phone_written_differently_is_one_application(client, cell, written_again):
    first = client.post(JOIN, filled(cell=cell.pk, email="", phone="(415) 555-0134"))
    second = client.post(JOIN, filled(cell=cell.pk, email="", phone=written_again))
    assert (second.status_code, second.url) == (first.status_code, first.url) == (302, reverse("dialogues:join_thanks"))
    assert JoinApplication.objects.count() == 1


def test_both_consents_are_needed(client):
    response = client.post(JOIN, filled(consent_to_contact="", consent_to_privacy_notice=""))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "consent_to_contact" in errors
    assert "consent_to_privacy_notice" in errors
    assert not JoinApplication.objects.exists()


def test_a_second_identical_application_is_not_stored_and_looks_like_the_first(client, cell):
    first = client.post(JOIN, filled(cell=cell.pk))
    second = client.post(JOIN, filled(cell=cell.pk, email="Rosa@Example.org "))
    # Someone typing another person's e-mail must not learn from the page that they applied.
    assert (second.status_code, second.url) == (first.status_code, first.url) == (302, reverse("dialogues:join_thanks"))
    assert JoinApplication.objects.count() == 1


def test_a_filled_honeypot_looks_like_success_but_stores_and_sends_nothing(
    client, cell, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(JOIN, filled(cell=cell.pk, website="http://spam.example"))
    assert response.status_code == 302
    assert response.url == reverse("dialogues:join_thanks")
    assert not JoinApplication.objects.exists()
    assert mail.outbox == []


def test_too_many_submissions_from_one_address_are_refused_with_the_form_shown_again(client):
    for number in range(RATE_LIMIT):
        client.post(JOIN, filled(email=f"person{number}@example.org"))
    response = client.post(JOIN, filled(email="one.more@example.org", name="One More"))
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many forms" in page
    assert 'value="One More"' in page
    assert JoinApplication.objects.count() == RATE_LIMIT


def test_mistyped_submissions_do_not_count_towards_the_limit(client):
    """A family sharing a connection who mistype and correct the form are not locked out for an hour."""
    for _attempt in range(RATE_LIMIT + 5):
        assert client.post(JOIN, filled(email="not-an-e-mail")).status_code == 400
    for number in range(RATE_LIMIT):
        assert client.post(JOIN, filled(email=f"person{number}@example.org")).status_code == 302
    assert JoinApplication.objects.count() == RATE_LIMIT
    assert client.post(JOIN, filled(email="one.more@example.org")).status_code == 429


def test_repeats_and_honeypot_catches_count_like_accepted_ones(client, cell):
    """Whatever looks accepted to the sender counts, so a bot's answers follow a person's exactly."""
    half = RATE_LIMIT // 2
    for _repeat in range(half):
        client.post(JOIN, filled(cell=cell.pk))
    for _bot in range(RATE_LIMIT - half):
        client.post(JOIN, filled(cell=cell.pk, email="bot@example.org", website="http://spam.example"))
    assert client.post(JOIN, filled(email="someone.new@example.org")).status_code == 429
    assert JoinApplication.objects.count() == 1


def test_the_privacy_notice_says_what_is_kept_who_sees_it_how_long_and_how_to_withdraw(client):
    response = client.get(reverse("dialogues:privacy_notice"))
    assert response.status_code == 200
    page = response.content.decode()
    for heading in ("What we keep", "Who sees it", "How long we keep it", "How to change your mind"):
        assert heading in page
    assert "QI" in page
    assert "do not ask about your diagnosis" in page


def test_the_privacy_notice_is_in_spanish_for_a_spanish_reader(client):
    response = client.get(reverse("dialogues:privacy_notice"), HTTP_ACCEPT_LANGUAGE="es")
    assert 'lang="es"' in response.content.decode()
