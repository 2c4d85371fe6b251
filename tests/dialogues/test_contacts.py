"""Who someone is, for catching a second application or sign-up: the e-mail, else the phone in E.164 form."""

import pytest
from django.core.exceptions import ValidationError

from dialogues.services.contacts import contact_key_for, phone_e164


@pytest.mark.parametrize(
    "typed",
    ["(415) 555-0134", "415-555-0134", "415.555.0134", "415 555 0134", "+1 415 555 0134", "1 (415) 555-0134"],
)
def test_a_us_number_however_written_is_one_e164_number(typed):
    assert phone_e164(phone=typed) == "+14155550134"


def test_a_number_of_the_right_length_is_accepted_even_in_an_area_code_libphonenumber_does_not_know():
    assert phone_e164(phone="(555) 123-4567") == phone_e164(phone="+1 555 123 4567") == "+15551234567"


def test_a_number_with_its_country_code_keeps_it():
    assert phone_e164(phone="+52 55 1234 5678") == "+525512345678"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("123-456", "phone_too_short"),
        ("555-0134", "phone_too_short"),  # no area code: callable only from inside it
        ("415 555 0134 0134 01", "phone_too_long"),
        ("my cell", "phone_invalid"),
        ("+999 123 4567", "phone_invalid"),  # no such country code
    ],
)
def test_a_number_that_cannot_be_called_is_refused_with_its_reason(typed, code):
    with pytest.raises(ValidationError) as refused:
        phone_e164(phone=typed)
    assert refused.value.code == code


def test_the_contact_key_is_the_lower_cased_email_else_the_phone_in_e164_form():
    assert contact_key_for(email="  Rosa@Example.ORG ", phone="415 555 0134") == "rosa@example.org"
    assert contact_key_for(email="", phone="(415) 555-0134") == "+14155550134"


def test_a_bad_phone_is_refused_even_beside_an_email():
    with pytest.raises(ValidationError) as refused:
        contact_key_for(email="rosa@example.org", phone="12")
    assert refused.value.code == "phone_too_short"


def test_without_email_or_phone_there_is_no_contact_key():
    with pytest.raises(ValidationError) as refused:
        contact_key_for(email=" ", phone="  ")
    assert refused.value.code == "no_contact"
