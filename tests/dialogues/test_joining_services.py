"""Applications: one waiting per person and cell; approval makes the account and the membership; e-mails
go out in the applicant's language once the decision is saved."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from dialogues.models import (
    ApplicantRole,
    ApplicationStatus,
    CellStatus,
    CompensationKind,
    CqiCell,
    JoinApplication,
    Membership,
    PartnerRole,
)
from dialogues.services.joining import (
    DuplicateApplication,
    application_approve,
    application_decline,
    application_submit,
)
from qic.roles import Role

pytestmark = pytest.mark.django_db

# The e-mails' sentences are translated when the lead updates the catalogue; the signature already is.
IN_SPANISH = "Consejo de Mejoramiento de la Calidad"
IN_ENGLISH = "Quality Improvement Council"


def submit(**overrides):
    values = {
        "name": "Rosa Díaz",
        "email": "rosa@example.org",
        "phone": "",
        "role": ApplicantRole.CONSUMER,
        "preferred_language": "en",
        "cell": None,
        "consent_to_contact": True,
        "consent_to_privacy_notice": True,
    }
    values.update(overrides)
    return application_submit(**values)


@pytest.fixture
def other_cell(db):
    return CqiCell.objects.create(
        name="Crisis follow-up",
        slug="crisis-follow-up",
        focus="A call within a day of a crisis visit",
        status=CellStatus.ACTIVE,
        compensation_kind=CompensationKind.PER_MEETING,
        stipend_per_meeting="25.00",
    )


# --- Who is who: the contact key (tests/dialogues/test_contacts.py has the rules) -----------------


def test_an_application_keeps_the_phone_as_typed_and_is_keyed_by_its_e164_form():
    application = submit(email="", phone="(415) 555-0134")
    assert (application.phone, application.contact_key) == ("(415) 555-0134", "+14155550134")


def test_an_application_needs_some_way_to_reach_the_person():
    with pytest.raises(ValidationError):
        submit(email="", phone="")


def test_an_application_needs_both_consents():
    with pytest.raises(ValidationError):
        submit(consent_to_privacy_notice=False)


# --- The duplicate rule -----------------------------------------------------------------------


def test_the_same_person_cannot_have_two_applications_waiting_for_the_same_cell(cell):
    submit(cell=cell)
    with pytest.raises(DuplicateApplication):
        submit(cell=cell, email="ROSA@example.org ")
    assert JoinApplication.objects.count() == 1


def test_the_same_person_cannot_have_two_applications_waiting_for_any_cell():
    submit(cell=None)
    with pytest.raises(DuplicateApplication):
        submit(cell=None)
    assert JoinApplication.objects.count() == 1


@pytest.mark.parametrize("written_again", ["(415) 555 0134", "+1 415 555 0134", "415.555.0134", "14155550134"])
def test_the_same_phone_written_differently_is_the_same_person(written_again):
    submit(email="", phone="415-555-0134")
    with pytest.raises(DuplicateApplication):
        submit(email="", phone=written_again)
    assert JoinApplication.objects.count() == 1


def test_the_same_person_may_apply_for_two_different_cells(cell, other_cell):
    submit(cell=cell)
    submit(cell=other_cell)
    submit(cell=None)
    assert JoinApplication.objects.count() == 3


def test_after_a_decision_the_same_person_may_apply_again(cell, qi_staff):
    first = submit(cell=cell)
    application_decline(application=first, decided_by=qi_staff, reason="The group is full this season.")
    submit(cell=cell)
    assert JoinApplication.objects.filter(status=ApplicationStatus.PENDING).count() == 1


def test_a_duplicate_leaves_the_surrounding_transaction_usable(cell, django_capture_on_commit_callbacks):
    submit(cell=cell)
    with pytest.raises(DuplicateApplication):
        submit(cell=cell)
    # The savepoint rolled back only the failed insert: the connection still works.
    assert JoinApplication.objects.filter(cell=cell).count() == 1


# --- Acknowledgement --------------------------------------------------------------------------


def test_the_acknowledgement_is_sent_only_when_the_application_is_saved(cell, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(cell=cell)
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert "We have your application" in mail.outbox[0].subject


def test_a_spanish_applicant_is_acknowledged_in_spanish(cell, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(cell=cell, preferred_language="es")
    assert IN_SPANISH in mail.outbox[0].body


def test_no_email_address_means_no_acknowledgement(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(email="", phone="4155550134")
    assert mail.outbox == []


# --- Approval ---------------------------------------------------------------------------------


def test_approval_makes_an_account_without_a_password_a_consumer_role_and_a_membership(
    cell, qi_staff, django_capture_on_commit_callbacks
):
    application = submit(cell=cell, preferred_language="es", email="Rosa.Diaz@Example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = application_approve(application=application, decided_by=qi_staff, site_url="https://qic.test")

    assert decision.created_user
    user = decision.user
    assert user.email == "Rosa.Diaz@Example.org"
    assert user.username == "rosadiaz"
    assert not user.has_usable_password()
    assert user.preferred_language == "es"
    assert user.has_role(Role.CONSUMER)
    membership = Membership.objects.get(user=user)
    assert (membership.cell, membership.role, membership.joined_on, membership.application) == (
        cell,
        PartnerRole.CONSUMER,
        timezone.localdate(),
        application,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by == qi_staff
    assert application.decided_at is not None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Rosa.Diaz@Example.org"]
    assert f"https://qic.test{decision.invitation_path}" in message.body
    assert "/accounts/invitation/" in decision.invitation_path
    assert IN_SPANISH in message.body


def test_approval_of_someone_with_an_account_uses_it_and_sends_no_invitation(
    cell, consumer, qi_staff, django_capture_on_commit_callbacks
):
    application = submit(cell=cell, email="CASEY_consumer@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        decision = application_approve(application=application, decided_by=qi_staff)
    assert decision.user == consumer
    assert not decision.created_user
    assert decision.invitation_path == ""
    assert get_user_model().objects.filter(email__iexact="casey_consumer@example.org").count() == 1
    assert Membership.objects.get(user=consumer).cell == cell
    assert "/accounts/invitation/" not in mail.outbox[-1].body
    assert "/accounts/login/" in mail.outbox[-1].body


def test_approval_of_someone_already_in_the_cell_adds_no_second_membership(cell, consumer, member_of, qi_staff):
    member_of(cell, user=consumer)
    application = submit(cell=cell, email=consumer.email)
    decision = application_approve(application=application, decided_by=qi_staff)
    assert decision.already_member
    assert Membership.objects.filter(user=consumer, cell=cell).count() == 1


def test_a_provider_is_not_given_the_consumer_role(cell, qi_staff):
    application = submit(cell=cell, role=ApplicantRole.PROVIDER)
    decision = application_approve(application=application, decided_by=qi_staff)
    assert not decision.user.has_role(Role.CONSUMER)
    assert decision.membership.role == PartnerRole.PROVIDER


def test_new_usernames_are_made_unique(cell, other_cell, qi_staff):
    get_user_model().objects.create_user(username="rosa", email="someone.else@example.org")
    application = submit(cell=cell, email="rosa@elsewhere.example")
    decision = application_approve(application=application, decided_by=qi_staff)
    assert decision.user.username == "rosa-2"


def test_an_application_for_any_cell_needs_a_cell_chosen_on_approval(cell, qi_staff):
    application = submit(cell=None)
    with pytest.raises(ValidationError, match="Choose the cell"):
        application_approve(application=application, decided_by=qi_staff)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING

    decision = application_approve(application=application, decided_by=qi_staff, cell=cell)
    assert decision.membership.cell == cell
    application.refresh_from_db()
    assert application.cell == cell


def test_approving_twice_does_nothing_more_the_second_time(cell, qi_staff, django_capture_on_commit_callbacks):
    application = submit(cell=cell)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_approve(application=application, decided_by=qi_staff)
        again = application_approve(application=application, decided_by=qi_staff)
    assert again.already_decided
    assert Membership.objects.count() == 1
    assert get_user_model().objects.filter(email="rosa@example.org").count() == 1
    assert len(mail.outbox) == 1


def test_a_declined_application_cannot_then_be_approved(cell, qi_staff):
    application = submit(cell=cell)
    application_decline(application=application, decided_by=qi_staff, reason="Full.")
    decision = application_approve(application=application, decided_by=qi_staff)
    assert decision.already_decided
    assert application.status == ApplicationStatus.DECLINED
    assert not Membership.objects.exists()


def test_without_an_email_approval_still_gives_an_invitation_link_to_pass_on(cell, qi_staff):
    application = submit(cell=cell, email="", phone="415 555 0134")
    decision = application_approve(application=application, decided_by=qi_staff)
    assert decision.user.email == ""
    assert decision.user.username == "rosa-diaz"
    assert decision.invitation_path.startswith("/accounts/invitation/")


# --- Decline ----------------------------------------------------------------------------------


def test_declining_needs_a_reason(cell, qi_staff):
    application = submit(cell=cell)
    with pytest.raises(ValidationError, match="reason"):
        application_decline(application=application, decided_by=qi_staff, reason="   ")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_declining_tells_the_applicant_kindly_with_the_reason_in_their_language(
    cell, qi_staff, django_capture_on_commit_callbacks
):
    application = submit(cell=cell, preferred_language="es")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_decline(application=application, decided_by=qi_staff, reason="El grupo está completo.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert application.decline_reason == "El grupo está completo."
    message = mail.outbox[0]
    assert "El grupo está completo." in message.body
    assert IN_SPANISH in message.body


def test_an_english_decline_email_is_in_english_with_the_reason(cell, qi_staff, django_capture_on_commit_callbacks):
    application = submit(cell=cell, name="Sam O'Neil")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_decline(application=application, decided_by=qi_staff, reason="The group is full & closed.")
    body = mail.outbox[0].body
    assert "Hello Sam O'Neil" in body  # plain text: nothing HTML-escaped
    assert "The group is full & closed." in body
    assert IN_ENGLISH in body
