"""The public "Take part" page: what partnership means, the next dialogues, the cells open to new members."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import CellStatus, Dialogue, DialogueStatus, PartnerRole

pytestmark = pytest.mark.django_db
LANDING = reverse("dialogues:landing")


def test_anyone_sees_upcoming_dialogues_open_for_sign_up_and_cells_open_to_members(client, cell):
    soon = Dialogue.objects.create(title="Talking about treatment plans", starts_at=timezone.now() + timedelta(days=7))
    Dialogue.objects.create(title="Held last month", starts_at=timezone.now() - timedelta(days=30))
    Dialogue.objects.create(title="Full already", starts_at=timezone.now() + timedelta(days=3), signup_open=False)
    Dialogue.objects.create(
        title="Called off", starts_at=timezone.now() + timedelta(days=5), status=DialogueStatus.CANCELLED
    )
    html = client.get(LANDING).content.decode()
    assert "Talking about treatment plans" in html
    assert reverse("dialogues:dialogue_signup", args=[soon.pk]) in html
    for hidden in ("Held last month", "Full already", "Called off"):
        assert hidden not in html
    assert cell.name in html
    assert f"{reverse('dialogues:join')}?cell={cell.slug}" in html


def test_closed_cells_and_cells_not_taking_members_are_not_offered(client, cell):
    cell.accepts_applications = False
    cell.save()
    closed = type(cell).objects.create(
        name="Old cell", slug="old", focus="Done", status=CellStatus.CLOSED, stipend_per_meeting=10
    )
    html = client.get(LANDING).content.decode()
    assert cell.name not in html
    assert closed.name not in html
    assert "No cell is taking new members right now" in html


def test_the_public_page_names_no_members(client, cell, member_of):
    member_of(cell, PartnerRole.CONSUMER, username="rosa_member")
    assert "rosa_member" not in client.get(LANDING).content.decode()


def test_staff_links_show_only_what_each_role_may_open(client_for, qi_staff, director, consumer):
    staff_html = client_for(qi_staff).get(LANDING).content.decode()
    assert reverse("dialogues:application_list") in staff_html
    assert reverse("dialogues:council") in staff_html
    director_html = client_for(director).get(LANDING).content.decode()
    assert reverse("dialogues:council") in director_html
    assert reverse("dialogues:application_list") not in director_html
    consumer_html = client_for(consumer).get(LANDING).content.decode()
    assert reverse("dialogues:council") not in consumer_html
