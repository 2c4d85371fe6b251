"""The partnership's data migrations: ideas already public stay public; phone keys become E.164."""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dialogues.models import DialogueSignup, JoinApplication
from tests.dialogues.sessions_helpers import make_dialogue

phone_keys = import_module("dialogues.migrations.0004_contact_keys_e164")


def application(*, phone: str, key: str, cell=None, email: str = "", status: str = "pending") -> JoinApplication:
    return JoinApplication.objects.create(
        name="Rosa",
        email=email,
        phone=phone,
        contact_key=key,
        role="consumer",
        cell=cell,
        status=status,
        decline_reason="Full." if status == "declined" else "",
        consent_to_contact=True,
        consent_to_privacy_notice=True,
    )


@pytest.mark.django_db
def test_phone_keys_become_e164_and_go_back_to_digits(cell):
    typed = application(phone="(415) 555-0134", key="4155550134", cell=cell)
    signup = DialogueSignup.objects.create(
        dialogue=make_dialogue(),
        name="Alex",
        phone="+1 415 555 0187",
        contact_key="14155550187",
        role="family",
        consent_to_contact=True,
    )

    phone_keys.phone_keys_to_e164(apps, connection.schema_editor())
    typed.refresh_from_db()
    signup.refresh_from_db()
    assert (typed.contact_key, signup.contact_key) == ("+14155550134", "+14155550187")

    phone_keys.phone_keys_to_digits(apps, connection.schema_editor())
    typed.refresh_from_db()
    assert typed.contact_key == "4155550134"


@pytest.mark.django_db
def test_e_mail_keys_and_numbers_that_cannot_be_phone_numbers_are_left_as_they_were(cell):
    by_email = application(phone="(415) 555-0134", key="rosa@example.org", email="rosa@example.org", cell=cell)
    unknown = application(phone="555 12", key="55512")
    phone_keys.phone_keys_to_e164(apps, connection.schema_editor())
    by_email.refresh_from_db()
    unknown.refresh_from_db()
    assert (by_email.contact_key, unknown.contact_key) == ("rosa@example.org", "55512")


@pytest.mark.django_db
def test_the_same_person_waiting_twice_keeps_the_second_key_for_qi_staff_to_sort_out(cell):
    first = application(phone="415 555 0134", key="4155550134", cell=cell)
    second = application(phone="+1 415 555 0134", key="14155550134", cell=cell)
    decided = application(phone="415-555-0134", key="4155550134", cell=cell, status="declined")
    phone_keys.phone_keys_to_e164(apps, connection.schema_editor())
    keys = {row.pk: row.contact_key for row in JoinApplication.objects.all()}
    # One pending application per person and cell: the second waiting one cannot take the same key.
    assert keys == {first.pk: "+14155550134", second.pk: "14155550134", decided.pk: "+14155550134"}


@pytest.mark.django_db(transaction=True)
def test_ideas_stored_before_review_existed_stay_public_and_new_ones_wait(framework):
    executor = MigrationExecutor(connection)
    before, after = [("dialogues", "0002_problems")], [("dialogues", "0003_opportunity_review")]
    # Every app's latest migration: going back to dialogues 0002 also unapplies what depends on dialogues
    # (council, projects, reminders...), and later tests in this process need their tables back.
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        old_apps = executor.loader.project_state(before).apps
        old_cell = old_apps.get_model("dialogues", "CqiCell").objects.create(
            name="Old", slug="old", focus="x", stipend_per_meeting=5
        )
        old_apps.get_model("dialogues", "ImprovementOpportunity").objects.create(cell=old_cell, title="Already public")

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new_apps = executor.loader.project_state(after).apps
        opportunities = new_apps.get_model("dialogues", "ImprovementOpportunity")
        assert opportunities.objects.get(title="Already public").review_status == "approved"
        assert opportunities.objects.create(cell_id=old_cell.pk, title="New").review_status == "proposed"
    finally:
        MigrationExecutor(connection).migrate(latest)
