"""Dialogues: the public list and page, and QI staff's editing (co-facilitators, headcounts, themes, history)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dialogues.models import (
    Dialogue,
    DialogueKind,
    DialogueStatus,
    ImprovementOpportunity,
    PartnerRole,
    ReviewStatus,
)
from dialogues.services.sessions import dialogue_save, opportunity_hand_to_cell, phi_findings
from tests.dialogues.sessions_helpers import dialogue_post_data, make_dialogue

pytestmark = pytest.mark.django_db

LIST = reverse("dialogues:dialogue_list")
CREATE = reverse("dialogues:dialogue_create")


# --- The public list and page ------------------------------------------------------------------


def test_the_public_sees_upcoming_dialogues_with_places_left(client):
    dialogue = make_dialogue(capacity=12, topic="Your plan, your words", description="Come and talk.")
    dialogue.signups.create(
        name="A", email="a@example.org", contact_key="a@example.org", role="consumer", consent_to_contact=True
    )
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert dialogue.title in body
    assert "Your plan, your words" in body
    assert "Main library, room 2" in body
    assert ">11<" in body  # places left
    assert reverse("dialogues:dialogue_signup", args=[dialogue.pk]) in body


def test_held_dialogues_show_themes_and_facilitators_first_names_only(client):
    make_dialogue(
        days_from_now=-20,
        status=DialogueStatus.HELD,
        title="What helps at intake",
        themes="Waiting rooms feel unwelcoming.",
    )
    body = client.get(LIST).content.decode()
    assert "What helps at intake" in body
    assert "Waiting rooms feel unwelcoming." in body
    assert "Maria (Consumer)" in body
    assert "Lopez" not in body


def test_held_dialogues_come_twenty_to_a_page_latest_first(client):
    for week in range(1, 26):
        make_dialogue(days_from_now=-7 * week, status=DialogueStatus.HELD, title=f"Held {week} weeks ago")

    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()

    assert "Held 1 weeks ago" in first
    assert "Held 20 weeks ago" in first
    assert "Held 21 weeks ago" not in first
    assert "Page 1 of 2" in first
    assert 'href="?page=2#held-heading"' in first
    assert "Held 21 weeks ago" in second
    assert "Held 25 weeks ago" in second
    assert "Held 20 weeks ago" not in second


def test_past_and_cancelled_dialogues_are_not_listed_as_upcoming(client):
    make_dialogue(days_from_now=-1, title="Was planned yesterday")
    make_dialogue(days_from_now=5, status=DialogueStatus.CANCELLED, title="Called off")
    body = client.get(LIST).content.decode()
    assert "Was planned yesterday" not in body
    assert "Called off" not in body


def test_staff_are_reminded_of_past_dialogues_still_planned(client_for, qi_staff):
    make_dialogue(days_from_now=-1, title="Was planned yesterday")
    body = client_for(qi_staff).get(LIST).content.decode()
    assert "Was planned yesterday" in body


def test_the_dialogue_page_is_public_and_hides_full_names_and_signups(client):
    dialogue = make_dialogue()
    dialogue.signups.create(
        name="Jo Private",
        email="jo@example.org",
        contact_key="jo@example.org",
        role="consumer",
        consent_to_contact=True,
    )
    response = client.get(dialogue.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Maria (Consumer)" in body
    assert "Lopez" not in body
    assert "jo@example.org" not in body
    assert "Jo Private" not in body


def test_an_unknown_dialogue_is_404(client):
    assert client.get(reverse("dialogues:dialogue_detail", args=[999999])).status_code == 404


def test_qi_staff_see_full_names_signups_and_history(client_for, qi_staff):
    dialogue = make_dialogue()
    dialogue.signups.create(
        name="Jo Private",
        email="jo@example.org",
        contact_key="jo@example.org",
        role="consumer",
        consent_to_contact=True,
    )
    body = client_for(qi_staff).get(dialogue.get_absolute_url()).content.decode()
    assert "Maria Lopez" in body
    assert "jo@example.org" in body
    assert reverse("dialogues:dialogue_signups_csv", args=[dialogue.pk]) in body
    assert "History of changes" in body


def test_directors_do_not_see_signups(client_for, director):
    dialogue = make_dialogue()
    dialogue.signups.create(
        name="Jo Private",
        email="jo@example.org",
        contact_key="jo@example.org",
        role="consumer",
        consent_to_contact=True,
    )
    body = client_for(director).get(dialogue.get_absolute_url()).content.decode()
    assert "jo@example.org" not in body


# --- Creating and editing ----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in_to_add_a_dialogue(client):
    response = client.get(CREATE)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("persona", ["consumer", "director", "outsider"])
def test_only_qi_staff_add_dialogues(client_for, request, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(CREATE).status_code == 403
    assert client_for(user).post(CREATE, dialogue_post_data()).status_code == 403
    assert not Dialogue.objects.exists()


def test_qi_staff_add_a_dialogue_with_facilitators_and_headcounts(client_for, qi_staff):
    client = client_for(qi_staff)
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, dialogue_post_data())
    dialogue = Dialogue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == dialogue.get_absolute_url()
    assert [(f.name, f.role) for f in dialogue.facilitators.order_by("id")] == [
        ("Maria Lopez", "consumer"),
        ("Sam Reyes", "provider"),
    ]
    assert {h.role: (h.planned, h.actual) for h in dialogue.headcounts.all()} == {
        "consumer": (8, None),
        "provider": (6, None),
    }
    assert dialogue.created_by == qi_staff
    record = dialogue.history.first()
    assert record.history_user == qi_staff
    assert record.history_change_reason == "Dialogue added"


def test_editing_keeps_history_with_the_reason_given(client_for, qi_staff):
    dialogue = make_dialogue()
    data = dialogue_post_data(
        title="New title",
        status="held",
        change_reason="Recorded after the meeting",
        **{"headcount-actual_consumer": "7"},
    )
    response = client_for(qi_staff).post(reverse("dialogues:dialogue_edit", args=[dialogue.pk]), data)
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.title == "New title"
    assert dialogue.headcounts.get(role="consumer").actual == 7
    assert dialogue.history.first().history_change_reason == "Recorded after the meeting"
    assert dialogue.history.count() == 2


def test_editing_keeps_a_co_facilitators_account_link_and_replaces_the_others(client_for, qi_staff, consumer):
    dialogue = make_dialogue()
    maria = dialogue.facilitators.get(name="Maria Lopez")
    maria.user = consumer
    maria.save()
    data = dialogue_post_data(**{"facilitators-1-name": "Dr. Ada Ruiz"})  # Maria stays; the provider changes

    response = client_for(qi_staff).post(reverse("dialogues:dialogue_edit", args=[dialogue.pk]), data)

    assert response.status_code == 302
    assert sorted(dialogue.facilitators.values_list("name", "role")) == [
        ("Dr. Ada Ruiz", "provider"),
        ("Maria Lopez", "consumer"),
    ]
    maria.refresh_from_db()
    assert maria.user == consumer, "the same co-facilitator, still linked to her account"


def test_the_edit_form_shows_what_is_recorded(client_for, qi_staff):
    dialogue = make_dialogue()
    dialogue.headcounts.create(role=PartnerRole.FAMILY, planned=4)
    body = client_for(qi_staff).get(reverse("dialogues:dialogue_edit", args=[dialogue.pk])).content.decode()
    assert 'value="Maria Lopez"' in body
    assert 'name="headcount-planned_family" id="id_headcount-planned_family" value="4"' in body
    assert "No personal or health information in the themes." in body


def test_directors_cannot_edit_a_dialogue(client_for, director):
    dialogue = make_dialogue()
    assert client_for(director).get(reverse("dialogues:dialogue_edit", args=[dialogue.pk])).status_code == 403


def test_a_focused_dialogue_without_its_issue_is_reshown_with_a_plain_message(client_for, qi_staff):
    response = client_for(qi_staff).post(CREATE, dialogue_post_data(kind="focused", title="Typed title"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "A focused dialogue takes up one issue: choose it here." in body
    assert 'value="Typed title"' in body
    assert not Dialogue.objects.exists()


def test_a_focused_dialogue_with_its_issue_is_saved(client_for, qi_staff):
    response = client_for(qi_staff).post(CREATE, dialogue_post_data(kind="focused", focus="coercive_treatment"))
    assert response.status_code == 302
    assert Dialogue.objects.get().focus == "coercive_treatment"


def test_an_end_before_the_start_is_refused(client_for, qi_staff):
    data = dialogue_post_data()
    data["ends_at"], data["starts_at"] = data["starts_at"], data["ends_at"]
    response = client_for(qi_staff).post(CREATE, data)
    assert response.status_code == 200
    assert "The end must be after the start." in response.content.decode()


@pytest.mark.parametrize(
    "facilitators",
    [
        {"facilitators-1-role": "family"},  # two consumer-side people
        {"facilitators-0-role": "staff"},  # two provider-side people
        {"facilitators-1-name": "", "facilitators-1-role": ""},  # one person alone
    ],
)
def test_a_dialogue_needs_a_consumer_and_a_provider_side_facilitator(client_for, qi_staff, facilitators):
    response = client_for(qi_staff).post(CREATE, dialogue_post_data(**facilitators))
    assert response.status_code == 200
    assert "one consumer or family member, and one provider, peer provider or staff member" in (
        response.content.decode()
    )
    assert not Dialogue.objects.exists()


def test_a_peer_provider_and_a_family_member_may_lead_together(db):
    dialogue = Dialogue(title="T", starts_at=timezone.now() + timedelta(days=3))
    dialogue_save(
        dialogue=dialogue,
        facilitators=[{"name": "Ann", "role": PartnerRole.FAMILY}, {"name": "Ben", "role": PartnerRole.PEER_PROVIDER}],
    )
    assert dialogue.facilitators.count() == 2


def test_the_service_refuses_a_dialogue_without_both_sides(db):
    dialogue = Dialogue(title="T", starts_at=timezone.now() + timedelta(days=3))
    with pytest.raises(ValidationError, match="co-facilitator who is missing"):
        dialogue_save(dialogue=dialogue, facilitators=[{"name": "Ann", "role": PartnerRole.CONSUMER}])
    assert not Dialogue.objects.exists()


def test_the_service_explains_a_focused_dialogue_without_focus(db):
    dialogue = Dialogue(title="T", kind=DialogueKind.FOCUSED, starts_at=timezone.now() + timedelta(days=3))
    with pytest.raises(ValidationError, match="Say which issue"):
        dialogue_save(
            dialogue=dialogue,
            facilitators=[{"name": "A", "role": PartnerRole.CONSUMER}, {"name": "B", "role": PartnerRole.STAFF}],
        )


# --- Themes: no personal or health information ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("One person, DOB 04/12/1980, said", "a date of birth"),
        ("Call her at (555) 123-4567", "a phone number"),
        ("Write to jo.smith@example.org", "an e-mail address"),
        ("He was diagnosed with schizophrenia", "a diagnosis"),
        ("born 3/4/79", "a date that may be a date of birth"),
    ],
)
def test_the_phi_check_flags_obvious_personal_information(text, kind):
    assert kind in [finding.kind for finding in phi_findings(text=text)]


def test_the_phi_check_lets_general_themes_through():
    assert (
        phi_findings(text="People want shorter waits. 3 of 10 said the forms are hard. Evenings suit more people.")
        == []
    )


def test_themes_with_personal_information_are_refused_and_reshown(client_for, qi_staff):
    themes = "Waits are long. Maria, diagnosed with depression, called 555-123-4567."
    response = client_for(qi_staff).post(CREATE, dialogue_post_data(themes=themes))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This looks like personal information" in body
    assert "a diagnosis" in body
    assert "a phone number" in body
    assert "Waits are long." in body  # what was typed is kept
    assert not Dialogue.objects.exists()


def test_the_service_checks_themes_too(db):
    dialogue = Dialogue(title="T", starts_at=timezone.now() + timedelta(days=3), themes="mail me: a@b.org")
    with pytest.raises(ValidationError) as error:
        dialogue_save(
            dialogue=dialogue,
            facilitators=[{"name": "A", "role": PartnerRole.CONSUMER}, {"name": "B", "role": PartnerRole.STAFF}],
        )
    assert "themes" in error.value.message_dict


# --- Improvement opportunities ---------------------------------------------------------------------


def test_qi_staff_record_an_opportunity_and_hand_it_to_a_cell(client_for, qi_staff, cell):
    dialogue = make_dialogue(days_from_now=-3, status=DialogueStatus.HELD)
    client = client_for(qi_staff)
    response = client.post(
        reverse("dialogues:dialogue_opportunity_create", args=[dialogue.pk]),
        {"title": "Evening appointments", "description": "Many work during the day."},
    )
    assert response.status_code == 302
    opportunity = ImprovementOpportunity.objects.get()
    assert opportunity.dialogue == dialogue
    assert opportunity.cell is None
    response = client.post(
        reverse("dialogues:dialogue_opportunity_hand", args=[dialogue.pk, opportunity.pk]), {"cell": cell.pk}
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.cell == cell
    assert opportunity.handed_to_cell_at is not None
    assert opportunity.history.first().history_user == qi_staff
    assert cell.name in client.get(dialogue.get_absolute_url()).content.decode()


def test_an_opportunity_with_personal_information_is_reshown(client_for, qi_staff):
    dialogue = make_dialogue(days_from_now=-3, status=DialogueStatus.HELD)
    response = client_for(qi_staff).post(
        reverse("dialogues:dialogue_opportunity_create", args=[dialogue.pk]),
        {"title": "Call back 555-222-3333", "description": ""},
    )
    assert response.status_code == 200
    assert "a phone number" in response.content.decode()
    assert not ImprovementOpportunity.objects.exists()


def test_an_empty_opportunity_is_reshown_with_the_error(client_for, qi_staff):
    dialogue = make_dialogue(days_from_now=-3, status=DialogueStatus.HELD)
    response = client_for(qi_staff).post(
        reverse("dialogues:dialogue_opportunity_create", args=[dialogue.pk]), {"title": "", "description": "Kept"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert "Kept" in response.content.decode()


@pytest.mark.parametrize("persona", ["consumer", "director"])
def test_others_cannot_record_or_hand_over_opportunities(client_for, request, persona, cell):
    dialogue = make_dialogue(days_from_now=-3, status=DialogueStatus.HELD)
    opportunity = ImprovementOpportunity.objects.create(
        dialogue=dialogue, title="X", review_status=ReviewStatus.APPROVED
    )
    client = client_for(request.getfixturevalue(persona))
    assert (
        client.post(reverse("dialogues:dialogue_opportunity_create", args=[dialogue.pk]), {"title": "Y"}).status_code
        == 403
    )
    url = reverse("dialogues:dialogue_opportunity_hand", args=[dialogue.pk, opportunity.pk])
    assert client.post(url, {"cell": cell.pk}).status_code == 403
    opportunity.refresh_from_db()
    assert opportunity.cell is None


def test_handing_to_a_cell_sets_the_cell_and_time(cell, qi_staff):
    dialogue = make_dialogue(days_from_now=-3, status=DialogueStatus.HELD)
    opportunity = ImprovementOpportunity.objects.create(
        dialogue=dialogue, title="X", review_status=ReviewStatus.APPROVED
    )
    handed = opportunity_hand_to_cell(opportunity=opportunity, cell=cell, by=qi_staff)
    assert handed.cell == cell
    assert handed.handed_to_cell_at <= timezone.now()
