"""QI staff read and decide applications; directors and consumers never see applicants' contact details."""

import pytest
from django.core import mail
from django.urls import reverse

from dialogues.models import ApplicantRole, ApplicationStatus, JoinApplication, Membership
from dialogues.services.joining import application_approve, application_submit

pytestmark = pytest.mark.django_db

LIST = reverse("dialogues:application_list")


def apply(*, cell=None, name="Rosa Díaz", email="rosa@example.org", phone="", **extra):
    return application_submit(
        name=name,
        email=email,
        phone=phone,
        role=extra.pop("role", ApplicantRole.CONSUMER),
        cell=cell,
        consent_to_contact=True,
        consent_to_privacy_notice=True,
        **extra,
    )


def detail(application):
    return reverse("dialogues:application_detail", args=[application.pk])


# --- Who may see them -------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


@pytest.mark.parametrize("persona", ["director", "consumer", "outsider"])
def test_only_qi_staff_see_applications_directors_and_consumers_get_403(request, client_for, persona, cell):
    application = apply(cell=cell)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 403
    assert client.get(detail(application)).status_code == 403
    assert client.post(detail(application), {"action": "approve"}).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_administrators_see_applications_too(client_for, administrator, cell):
    apply(cell=cell)
    assert client_for(administrator).get(LIST).status_code == 200


def test_the_list_shows_waiting_applications_first_and_filters_by_status(client_for, qi_staff, cell):
    decided = apply(cell=cell, name="Decided Person", email="decided@example.org")
    application_approve(application=decided, decided_by=qi_staff)
    apply(cell=cell, name="Waiting Person", email="waiting@example.org")
    client = client_for(qi_staff)

    page = client.get(LIST).content.decode()
    assert page.index("Waiting Person") < page.index("Decided Person")

    pending_only = client.get(LIST, {"status": "pending"}).content.decode()
    assert "Waiting Person" in pending_only
    assert "Decided Person" not in pending_only

    unknown = client.get(LIST, {"status": "nonsense"})
    assert unknown.status_code == 200
    assert "Decided Person" in unknown.content.decode()


def test_the_list_takes_a_fixed_number_of_queries(client_for, qi_staff, cell, django_assert_max_num_queries):
    for number in range(5):
        apply(cell=cell, email=f"person{number}@example.org")
    client = client_for(qi_staff)
    client.get(LIST)
    with django_assert_max_num_queries(8):
        client.get(LIST)


def test_qi_staff_see_the_contact_details(client_for, qi_staff, cell):
    application = apply(cell=cell, phone="415 555 0134", accommodations="An interpreter")
    page = client_for(qi_staff).get(detail(application)).content.decode()
    assert "rosa@example.org" in page
    assert "415 555 0134" in page
    assert "An interpreter" in page


def test_an_unknown_application_is_404(client_for, qi_staff):
    assert client_for(qi_staff).get(reverse("dialogues:application_detail", args=[999999])).status_code == 404


# --- Deciding ---------------------------------------------------------------------------------


def test_approving_from_the_page_makes_the_membership_and_emails_an_invitation(
    client_for, qi_staff, cell, django_capture_on_commit_callbacks
):
    application = apply(cell=cell)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(qi_staff).post(detail(application), {"action": "approve", "cell": cell.pk})
    assert response.status_code == 302
    membership = Membership.objects.get(application=application)
    assert membership.cell == cell
    assert "http://testserver/accounts/invitation/" in mail.outbox[0].body


def test_approving_an_application_for_any_cell_needs_a_cell_and_the_page_says_so(client_for, qi_staff, cell):
    application = apply(cell=None)
    response = client_for(qi_staff).post(detail(application), {"action": "approve", "cell": ""})
    assert response.status_code == 400
    assert "choose the cell they join" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_a_second_approval_says_it_was_already_decided(client_for, qi_staff, cell):
    application = apply(cell=cell)
    client = client_for(qi_staff)
    client.post(detail(application), {"action": "approve", "cell": cell.pk})
    response = client.post(detail(application), {"action": "approve", "cell": cell.pk}, follow=True)
    assert "already decided" in response.content.decode()
    assert Membership.objects.count() == 1


def test_approving_someone_without_email_shows_the_phone_to_call_and_the_link_to_pass_on(client_for, qi_staff, cell):
    application = apply(cell=cell, email="", phone="415 555 0187")
    client = client_for(qi_staff)
    response = client.post(detail(application), {"action": "approve", "cell": cell.pk}, follow=True)
    page = response.content.decode()
    assert "Call them at <strong>415 555 0187</strong>" in page
    assert "http://testserver/accounts/invitation/" in page


def test_declining_without_a_reason_shows_the_form_again_with_the_error(client_for, qi_staff, cell):
    application = apply(cell=cell)
    response = client_for(qi_staff).post(detail(application), {"action": "decline", "reason": ""})
    assert response.status_code == 400
    assert "Please give a reason" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_declining_with_a_reason_records_it_and_tells_the_applicant(
    client_for, qi_staff, cell, django_capture_on_commit_callbacks
):
    application = apply(cell=cell)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(qi_staff).post(
            detail(application), {"action": "decline", "reason": "The group is full this season."}, follow=True
        )
    assert "Declined" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert application.decided_by == qi_staff
    assert "The group is full this season." in mail.outbox[0].body


def test_decided_applications_offer_no_buttons(client_for, qi_staff, cell):
    application = apply(cell=cell)
    client = client_for(qi_staff)
    client.post(detail(application), {"action": "decline", "reason": "Full."})
    page = client.get(detail(application)).content.decode()
    assert 'value="approve"' not in page
    assert JoinApplication.objects.get().status == ApplicationStatus.DECLINED


# --- Keeping applications no longer than the privacy notice says --------------------------------


def test_qi_staff_delete_an_application_when_the_applicant_asks(client_for, qi_staff, cell):
    application = apply(cell=cell)
    response = client_for(qi_staff).post(detail(application), {"action": "delete", "applicant_asked": "yes"})
    assert response.status_code == 302
    assert response.url == LIST
    assert not JoinApplication.objects.exists()


def test_deleting_needs_the_applicants_request_ticked(client_for, qi_staff, cell):
    application = apply(cell=cell)
    response = client_for(qi_staff).post(detail(application), {"action": "delete"}, follow=True)
    assert "Tick the box" in response.content.decode()
    assert JoinApplication.objects.filter(pk=application.pk).exists()


def test_deleting_an_approved_application_keeps_the_membership(client_for, qi_staff, cell):
    application = apply(cell=cell)
    application_approve(application=application, decided_by=qi_staff)
    client_for(qi_staff).post(detail(application), {"action": "delete", "applicant_asked": "yes"})
    membership = Membership.objects.get(cell=cell)
    assert membership.application is None
    assert membership.user.email == "rosa@example.org"


def test_directors_cannot_delete_applications(client_for, director, cell):
    application = apply(cell=cell)
    response = client_for(director).post(detail(application), {"action": "delete", "applicant_asked": "yes"})
    assert response.status_code == 403
    assert JoinApplication.objects.filter(pk=application.pk).exists()


def test_declined_applications_are_deleted_six_months_after_the_decision(qi_staff, cell):
    from datetime import timedelta

    from django.utils import timezone

    from dialogues.services.joining import DECLINED_RETENTION_DAYS, application_decline
    from dialogues.tasks import delete_expired_applications

    old = apply(cell=cell, email="old@example.org")
    recent = apply(cell=cell, email="recent@example.org")
    waiting = apply(cell=cell, email="waiting@example.org")
    for application in (old, recent):
        application_decline(application=application, decided_by=qi_staff, reason="The cell is full.")
    JoinApplication.objects.filter(pk=old.pk).update(
        decided_at=timezone.now() - timedelta(days=DECLINED_RETENTION_DAYS + 1)
    )
    assert delete_expired_applications() == 1
    assert set(JoinApplication.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert delete_expired_applications() == 0  # safe to run twice
