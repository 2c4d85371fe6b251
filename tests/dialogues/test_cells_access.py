"""Every page that changes a cell's work is for QI staff: anonymous visitors are sent to sign in,
consumers and outsiders get 403, and directors (who see the work) cannot change it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import ActionStep, ImprovementOpportunity, Meeting, PartnerRole, PdsaCycle, ReviewStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(cell, member_of):
    membership = member_of(cell, PartnerRole.CONSUMER)
    opportunity = ImprovementOpportunity.objects.create(
        title="Call back", cell=cell, review_status=ReviewStatus.APPROVED
    )
    step = ActionStep.objects.create(opportunity=opportunity, description="Draft")
    meeting = Meeting.objects.create(cell=cell, starts_at=timezone.now())
    cycle = PdsaCycle.objects.create(cell=cell, title="Test", plan_prediction="p", starts_on=date.today())
    slug = cell.slug
    return [
        reverse("dialogues:cell_create"),
        reverse("dialogues:cell_edit", args=[slug]),
        reverse("dialogues:member_add", args=[slug]),
        reverse("dialogues:member_leave", args=[slug, membership.pk]),
        reverse("dialogues:meeting_create", args=[slug]),
        reverse("dialogues:meeting_edit", args=[slug, meeting.pk]),
        reverse("dialogues:opportunity_create", args=[slug]),
        reverse("dialogues:opportunity_edit", args=[slug, opportunity.pk]),
        reverse("dialogues:action_step_create", args=[slug, opportunity.pk]),
        reverse("dialogues:action_step_edit", args=[slug, opportunity.pk, step.pk]),
        reverse("dialogues:outcome_standard_create", args=[slug, opportunity.pk]),
        reverse("dialogues:pdsa_create", args=[slug]),
        reverse("dialogues:pdsa_edit", args=[slug, cycle.pk]),
    ]


def test_qi_staff_open_every_editing_page(client_for, qi_staff, urls):
    client = client_for(qi_staff)
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)


def test_administrators_open_every_editing_page(client_for, administrator, urls):
    client = client_for(administrator)
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)


@pytest.mark.parametrize("persona", ["director", "consumer", "outsider"])
def test_other_roles_are_refused_every_editing_page(request, client_for, persona, urls):
    client = client_for(request.getfixturevalue(persona))
    assert [client.get(url).status_code for url in urls] == [403] * len(urls)
    assert [client.post(url, {}).status_code for url in urls] == [403] * len(urls)


def test_anonymous_visitors_are_sent_to_sign_in(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response.url


def test_the_stipend_csv_is_for_directors_too(client_for, director):
    assert client_for(director).get(reverse("dialogues:stipend_ledger_csv")).status_code == 200


def test_editing_a_pdsa_cycle_with_bad_dates_is_shown_again(client_for, qi_staff, cell):
    cycle = PdsaCycle.objects.create(cell=cell, title="Test", plan_prediction="p", starts_on=date.today())
    url = reverse("dialogues:pdsa_edit", args=[cell.slug, cycle.pk])
    ends = (date.today() - timedelta(days=3)).isoformat()
    data = {"title": "Typed title", "plan_prediction": "p", "starts_on": date.today().isoformat(), "ends_on": ends}
    response = client_for(qi_staff).post(url, data)
    assert response.status_code == 200
    assert "Typed title" in response.content.decode()
    assert "cannot be before the start" in response.content.decode()


def test_pages_of_another_cells_objects_are_not_found(client_for, qi_staff, cell):
    from dialogues.models import CqiCell

    other = CqiCell.objects.create(name="Other", slug="other", focus="x", stipend_per_meeting=5)
    opportunity = ImprovementOpportunity.objects.create(
        title="Elsewhere", cell=other, review_status=ReviewStatus.APPROVED
    )
    client = client_for(qi_staff)
    assert client.get(reverse("dialogues:opportunity_detail", args=[cell.slug, opportunity.pk])).status_code == 404
    assert client.get(reverse("dialogues:opportunity_edit", args=[cell.slug, opportunity.pk])).status_code == 404
