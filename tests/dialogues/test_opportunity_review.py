"""A member's idea waits for QI staff's review before it is public: proposed → approved or not taken up."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dialogues.forms.cells import PdsaForm
from dialogues.models import ImprovementOpportunity, PartnerRole, ReviewStatus
from dialogues.services.improvement import opportunity_review, opportunity_save, opportunity_vote
from dialogues.services.joining import opportunity_propose
from dialogues.services.sessions import opportunity_surface
from tests.dialogues.sessions_helpers import make_dialogue

pytestmark = pytest.mark.django_db

IDEA = "Text reminders the day before"
MY_PAGE = reverse("dialogues:my_partnership")


def cell_page(cell):
    return reverse("dialogues:cell_detail", args=[cell.slug])


def review_url(idea):
    return reverse("dialogues:opportunity_review", args=[idea.cell.slug, idea.pk])


def detail_url(idea):
    return reverse("dialogues:opportunity_detail", args=[idea.cell.slug, idea.pk])


@pytest.fixture
def idea(cell, consumer, member_of):
    member_of(cell, user=consumer)
    return opportunity_propose(cell=cell, user=consumer, title=IDEA, description="A text a day before.")


def test_a_proposed_idea_waits_for_review_and_is_not_on_the_public_cell_page(client, idea):
    assert idea.review_status == ReviewStatus.PROPOSED
    assert IDEA not in client.get(cell_page(idea.cell)).content.decode()


def test_other_members_neither_see_nor_open_an_idea_waiting_for_review(client_for, idea, member_of):
    other = member_of(idea.cell, PartnerRole.PROVIDER).user
    client = client_for(other)
    assert IDEA not in client.get(cell_page(idea.cell)).content.decode()
    assert client.get(detail_url(idea)).status_code == 404


def test_the_member_sees_their_own_idea_as_waiting_for_review(client_for, consumer, idea):
    client = client_for(consumer)
    for page in (client.get(cell_page(idea.cell)), client.get(MY_PAGE), client.get(detail_url(idea))):
        assert page.status_code == 200
        text = page.content.decode()
        assert IDEA in text
        assert "Waiting for review" in text


def test_nobody_votes_on_an_idea_before_it_is_approved(client_for, consumer, idea):
    page = client_for(consumer).get(detail_url(idea))
    assert page.context["vote_form"] is None
    with pytest.raises(ValidationError, match="reviewed"):
        opportunity_vote(opportunity=idea, voter=consumer, impact=5, effort=1)


def test_qi_staff_see_every_idea_waiting_with_the_buttons_to_decide(client_for, qi_staff, idea):
    text = client_for(qi_staff).get(cell_page(idea.cell)).content.decode()
    assert "Members' ideas waiting for review" in text
    assert IDEA in text
    assert review_url(idea) in text


def test_an_idea_appears_on_the_public_page_once_qi_staff_approve_it(client, client_for, qi_staff, idea):
    response = client_for(qi_staff).post(review_url(idea), {"decision": ReviewStatus.APPROVED})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.review_status == ReviewStatus.APPROVED
    assert idea.history.first().history_user == qi_staff
    client.logout()
    assert IDEA in client.get(cell_page(idea.cell)).content.decode()


def test_an_idea_not_taken_up_stays_off_the_public_page_and_its_author_is_told(client_for, consumer, qi_staff, idea):
    client_for(qi_staff).post(review_url(idea), {"decision": ReviewStatus.DECLINED})
    idea.refresh_from_db()
    assert idea.review_status == ReviewStatus.DECLINED
    client = client_for(consumer)
    assert "Not taken up" in client.get(MY_PAGE).content.decode()
    client.logout()
    assert IDEA not in client.get(cell_page(idea.cell)).content.decode()


def test_an_unknown_decision_changes_nothing(client_for, qi_staff, idea):
    response = client_for(qi_staff).post(review_url(idea), {"decision": "maybe"}, follow=True)
    assert "Choose to approve the idea or not to take it up." in response.content.decode()
    idea.refresh_from_db()
    assert idea.review_status == ReviewStatus.PROPOSED


@pytest.mark.parametrize("persona", ["consumer", "director", "outsider"])
def test_only_qi_staff_review(client_for, request, persona, idea):
    response = client_for(request.getfixturevalue(persona)).post(review_url(idea), {"decision": "approved"})
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.review_status == ReviewStatus.PROPOSED


def test_anonymous_visitors_are_sent_to_sign_in_to_review(client, idea):
    response = client.post(review_url(idea), {"decision": "approved"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    idea.refresh_from_db()
    assert idea.review_status == ReviewStatus.PROPOSED


def test_reviewing_the_same_way_twice_changes_nothing_the_second_time(qi_staff, idea):
    opportunity_review(opportunity=idea, decision=ReviewStatus.APPROVED, reviewed_by=qi_staff)
    records = idea.history.count()
    opportunity_review(opportunity=idea, decision=ReviewStatus.APPROVED, reviewed_by=qi_staff)
    assert idea.history.count() == records


def test_what_qi_staff_add_themselves_is_approved_as_they_add_it(cell, qi_staff):
    added = opportunity_save(opportunity=ImprovementOpportunity(cell=cell, title="Shorter forms"), changed_by=qi_staff)
    surfaced = opportunity_surface(dialogue=make_dialogue(days_from_now=-3), title="Call back sooner", by=qi_staff)
    assert added.review_status == surfaced.review_status == ReviewStatus.APPROVED


def test_a_pdsa_cycle_can_only_be_tied_to_an_approved_idea(cell, idea):
    approved = ImprovementOpportunity.objects.create(cell=cell, title="Shorter forms", review_status="approved")
    assert list(PdsaForm(cell=cell).fields["opportunity"].queryset) == [approved]


def test_the_admin_approves_ideas_in_bulk(client_for, administrator, idea):
    response = client_for(administrator).post(
        reverse("admin:dialogues_improvementopportunity_changelist"),
        {"action": "approve", "_selected_action": [idea.pk]},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.review_status == ReviewStatus.APPROVED
