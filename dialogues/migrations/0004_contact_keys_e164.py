"""Phone numbers are compared in their E.164 form: ``(415) 555-0134`` and ``+1 415 555 0134`` are one person.

The contact key of an application or sign-up given with a phone number only (no e-mail) was the
number's digits, so the same number written with or without the country code made two. Each such
key becomes the number's E.164 form, as ``dialogues.services.contacts`` now makes it, where the
number is a possible one (read as a US number when it has no country code); a key whose
number cannot be one stays as it was, and so does one that would now clash with another row's
(the same person already there twice): which of the two to keep is for QI staff, not a migration.

The migration is written out here rather than importing the service, so it keeps doing what it did
when the service changes. Going back restores the digits, which is what the old rule made.
"""

import re

import phonenumbers
from django.db import migrations


def _e164(phone: str) -> str | None:
    try:
        number = phonenumbers.parse(phone or "", "US")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _digits(phone: str) -> str | None:
    return re.sub(r"\D", "", phone or "") or None


def _signup_clashes(model, row, key: str) -> bool:
    # The unique constraint dialogues_signup_once_per_person: one key per dialogue.
    return model.objects.filter(dialogue_id=row.dialogue_id, contact_key=key).exclude(pk=row.pk).exists()


def _application_clashes(model, row, key: str) -> bool:
    # The unique constraint dialogues_application_one_pending_per_person_and_cell: one pending
    # application per key and cell, "any cell" (NULL) counting as a cell of its own.
    if row.status != "pending":
        return False
    return model.objects.filter(status="pending", cell_id=row.cell_id, contact_key=key).exclude(pk=row.pk).exists()


def _rekey(apps, key_for) -> None:
    for model_name, clashes in (("DialogueSignup", _signup_clashes), ("JoinApplication", _application_clashes)):
        model = apps.get_model("dialogues", model_name)
        for row in model.objects.filter(email="").exclude(phone="").order_by("pk").iterator():
            key = key_for(row.phone)
            if key and key != row.contact_key and not clashes(model, row, key):
                model.objects.filter(pk=row.pk).update(contact_key=key)


def phone_keys_to_e164(apps, schema_editor):
    _rekey(apps, _e164)


def phone_keys_to_digits(apps, schema_editor):
    _rekey(apps, _digits)


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0003_opportunity_review"),
    ]

    operations = [
        migrations.RunPython(phone_keys_to_e164, phone_keys_to_digits),
    ]
