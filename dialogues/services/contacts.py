"""Who someone is, for catching a second application or sign-up: their e-mail, else their phone number.

A phone number is compared in its E.164 form (``+14155550134``), so ``(415) 555-0134``,
``415.555.0134`` and ``+1 415 555 0134`` are one person. Numbers are read with Google's
libphonenumber (the ``phonenumbers`` package); one typed without a country code is taken to be from
the United States.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: A number typed without "+" and a country code is read as a number from this country.
DEFAULT_PHONE_REGION = "US"

_TOO_SHORT = (
    phonenumbers.ValidationResult.TOO_SHORT,
    # Seven digits are a US number without its area code: callable only from inside that area code.
    phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
)


def phone_e164(*, phone: str, region: str = DEFAULT_PHONE_REGION) -> str:
    """The E.164 form of ``phone`` as someone typed it (``"(415) 555-0134"`` → ``"+14155550134"``).

    Raises ``ValidationError`` with a message for the person who typed it (code ``phone_too_short``,
    ``phone_too_long`` or ``phone_invalid``) when the number cannot be one: too few or too many digits
    for its country, letters, or a country code that does not exist. A number of the right length is
    accepted even where libphonenumber does not know its area code: its list of area codes lags new
    ones, and refusing a real person's real number would keep them out of the partnership.
    """
    try:
        number = phonenumbers.parse(phone or "", region)
    except phonenumbers.NumberParseException as error:
        raise _invalid() from error
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        if reason in _TOO_SHORT:
            raise ValidationError(
                _("This phone number looks too short. Please include the area code."), code="phone_too_short"
            )
        if reason == phonenumbers.ValidationResult.TOO_LONG:
            raise ValidationError(_("This phone number looks too long. Please check it."), code="phone_too_long")
        raise _invalid()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _invalid() -> ValidationError:
    return ValidationError(
        _(
            "This does not look like a phone number we can call. Please check it. "
            "A number outside the United States starts with + and the country code."
        ),
        code="phone_invalid",
    )


def contact_key_for(*, email: str = "", phone: str = "") -> str:
    """Who this is, for catching duplicates: the e-mail lower-cased, else the phone number in E.164 form.

    Raises ``ValidationError`` when there is neither, or when a phone number is given (with or without
    an e-mail) that is not one we can call (see ``phone_e164``).
    """
    phone_key = phone_e164(phone=phone) if (phone or "").strip() else ""
    email = (email or "").strip().lower()
    if not (email or phone_key):
        raise ValidationError(_("Give an e-mail address or a phone number, so we can reach you."), code="no_contact")
    return email or phone_key
