"""The public cell pages, and what QI staff, directors, members and the public each see."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from aims.models import Aim, Level, MatrixItem
from dialogues.models import CellStatus, CqiCell, Dialogue, ImprovementOpportunity, PartnerRole, PdsaCycle, ReviewStatus

pytestmark = pytest.mark.django_db


def detail(cell):
    return reverse("dialogues:cell_detail", args=[cell.slug])


def test_the_public_list_shows_active_and_forming_cells_with_their_consumer_share(client, cell, member_of):
    member_of(cell, PartnerRole.CONSUMER)
    member_of(cell, PartnerRole.PROVIDER)
    CqiCell.objects.create(name="Old cell", slug="old", focus="x", status=CellStatus.CLOSED, stipend_per_meeting=5)
    response = client.get(reverse("dialogues:cell_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert cell.name in html
    assert "Old cell" not in html
    assert "50% consumers" in html
    assert "Open to new members" in html
    assert f"/partners/join/?cell={cell.slug}" in html
    assert "$25.00" in html


def test_the_public_sees_aggregates_not_member_names(client, cell, member_of):
    member_of(cell, PartnerRole.CONSUMER, username="secret_consumer")
    response = client.get(detail(cell))
    assert response.status_code == 200
    assert "secret_consumer" not in response.content.decode()
    assert "1 member" in response.content.decode()


def test_consumers_never_see_member_names_on_the_cell_page(client_for, consumer, cell, member_of):
    member_of(cell, PartnerRole.PROVIDER, username="provider_pat")
    member_of(cell, PartnerRole.CONSUMER, username="fellow_member")
    member_of(cell, PartnerRole.CONSUMER, user=consumer)
    html = client_for(consumer).get(detail(cell)).content.decode()
    assert "provider_pat" not in html
    assert "fellow_member" not in html
    assert "3 members" in html


def test_staff_and_directors_see_members_meetings_and_the_ledger(client_for, qi_staff, director, cell, member_of):
    member_of(cell, PartnerRole.PROVIDER, username="provider_pat")
    for user in (qi_staff, director):
        html = client_for(user).get(detail(cell)).content.decode()
        assert "provider_pat" in html
        assert "Meetings" in html
        assert "Stipends" in html


def test_staff_are_warned_when_a_cell_falls_below_twenty_percent_consumers(client_for, qi_staff, cell, member_of):
    for _ in range(5):
        member_of(cell, PartnerRole.PROVIDER)
    html = client_for(qi_staff).get(detail(cell)).content.decode()
    assert "needs at least 20%" in html


def test_a_closed_cell_is_hidden_from_the_public_but_not_from_staff(client, client_for, qi_staff, cell):
    cell.status = CellStatus.CLOSED
    cell.save()
    assert client.get(detail(cell)).status_code == 404
    assert client_for(qi_staff).get(detail(cell)).status_code == 200


def test_an_unknown_cell_is_not_found(client):
    assert client.get(reverse("dialogues:cell_detail", args=["nope"])).status_code == 404


def test_the_page_links_framework_items_and_follows_an_opportunity_from_its_dialogue(client, cell):
    item = MatrixItem.objects.get(code="TI-PR-01")
    cell.aims.add(item.aim)
    cell.levels.add(item.level)
    cell.matrix_items.add(item)
    dialogue = Dialogue.objects.create(title="Waiting for care", starts_at="2026-03-03T17:00Z", status="held")
    opportunity = ImprovementOpportunity.objects.create(
        title="Call back within a day", dialogue=dialogue, cell=cell, review_status=ReviewStatus.APPROVED
    )
    PdsaCycle.objects.create(
        cell=cell,
        opportunity=opportunity,
        title="Reminder calls",
        plan_prediction="p",
        starts_on=date.today() - timedelta(days=3),
    )
    html = client.get(detail(cell)).content.decode()
    assert item.get_absolute_url() in html
    assert item.aim.get_absolute_url() in html
    assert item.level.get_absolute_url() in html
    assert "Waiting for care" in html
    assert "Call back within a day" in html
    assert "Reminder calls" in html
    assert "Plan" in html


def test_the_framework_counts_a_cell_in_the_grid_cells_it_covers(client, cell):
    aim, level = Aim.objects.get(code="EF"), Level.objects.get(code="DM")
    item = MatrixItem.objects.get(code="TI-PR-01")
    cell.aims.add(aim)
    cell.levels.add(level)
    cell.matrix_items.add(item)
    from aims.selectors import framework_grid

    counts = {
        (c.aim.code, c.level.code): sum(tag.count for tag in c.tagged if tag.key == "cells")
        for row in framework_grid().rows
        for c in row.cells
    }
    assert counts[("EF", "DM")] == 1  # named aim × level
    assert counts[("TI", "PR")] == 1  # through its matrix item
    assert counts[("TI", "DM")] == 0
    assert counts[("EF", "PR")] == 0
    assert client.get("/framework/").status_code == 200
