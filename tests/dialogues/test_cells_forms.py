"""QI staff create and edit cells (with the compensation rule explained before the database) and
manage members; the process chart is served only to QI staff and directors."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aims.models import Aim, Level, MatrixItem
from dialogues.models import CqiCell, Membership, PartnerRole

pytestmark = pytest.mark.django_db
CREATE = reverse("dialogues:cell_create")
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100


def cell_data(**changes):
    data = {
        "name": "Welcoming Spanish speakers",
        "slug": "",
        "focus": "Services in Spanish from the first call",
        "mission_statement": "Equal partners.",
        "status": "forming",
        "meeting_schedule": "First Monday",
        "accepts_applications": "on",
        "compensation_kind": "per_meeting",
        "stipend_per_meeting": "30.00",
        "no_compensation_reason": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_qi_staff_create_a_cell_and_the_slug_comes_from_the_name(client_for, qi_staff):
    aim = Aim.objects.get(code="TI")
    item = MatrixItem.objects.get(code="TI-PR-01")
    data = cell_data(aims=[aim.pk], levels=[Level.objects.get(code="PR").pk], matrix_items=[item.pk])
    response = client_for(qi_staff).post(CREATE, data)
    cell = CqiCell.objects.get()
    assert response.status_code == 302
    assert response.url == cell.get_absolute_url()
    assert cell.slug == "welcoming-spanish-speakers"
    assert list(cell.matrix_items.all()) == [item]
    record = cell.history.get()
    assert record.history_user == qi_staff
    assert record.history_change_reason == "Cell created"


def test_a_per_meeting_plan_without_an_amount_is_explained_on_the_form(client_for, qi_staff):
    response = client_for(qi_staff).post(CREATE, cell_data(stipend_per_meeting=""))
    assert response.status_code == 200
    assert "needs the amount paid for each meeting" in response.content.decode()
    assert "Welcoming Spanish speakers" in response.content.decode()
    assert not CqiCell.objects.exists()


def test_no_compensation_needs_a_reason(client_for, qi_staff):
    response = client_for(qi_staff).post(CREATE, cell_data(compensation_kind="none", stipend_per_meeting=""))
    assert "Say why consumer members" in response.content.decode()
    response = client_for(qi_staff).post(
        CREATE, cell_data(compensation_kind="none", stipend_per_meeting="", no_compensation_reason="Staff time.")
    )
    assert response.status_code == 302
    assert CqiCell.objects.get().stipend_per_meeting is None


def test_matrix_items_outside_the_chosen_aims_are_refused(client_for, qi_staff):
    data = cell_data(aims=[Aim.objects.get(code="EF").pk], matrix_items=[MatrixItem.objects.get(code="TI-PR-01").pk])
    response = client_for(qi_staff).post(CREATE, data)
    assert response.status_code == 200
    assert "TI-PR-01" in response.context["form"].errors["matrix_items"][0]


def test_a_duplicate_name_is_refused_on_the_form(client_for, qi_staff, cell):
    response = client_for(qi_staff).post(CREATE, cell_data(name=cell.name))
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_editing_keeps_history_and_a_blank_slug_keeps_links_working(client_for, qi_staff, cell):
    url = reverse("dialogues:cell_edit", args=[cell.slug])
    response = client_for(qi_staff).post(url, cell_data(name=cell.name, slug=cell.slug, focus="Shorter waits"))
    assert response.status_code == 302
    cell.refresh_from_db()
    assert cell.focus == "Shorter waits"
    assert cell.history.filter(history_change_reason="Cell edited").exists()


def test_directors_consumers_and_anonymous_visitors_cannot_create_cells(client, client_for, director, consumer):
    assert client.get(CREATE).status_code == 302
    assert client_for(director).get(CREATE).status_code == 403
    assert client_for(consumer).post(CREATE, cell_data()).status_code == 403


def test_the_process_chart_is_uploaded_and_served_only_to_staff(client, client_for, qi_staff, director, consumer, cell):
    url = reverse("dialogues:cell_edit", args=[cell.slug])
    upload = SimpleUploadedFile("flow.png", PNG, content_type="image/png")
    client_for(qi_staff).post(url, cell_data(name=cell.name, slug=cell.slug, process_document=upload))
    cell.refresh_from_db()
    assert cell.process_document
    document = reverse("dialogues:cell_process_document", args=[cell.slug])
    response = client_for(director).get(document)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    client.logout()
    assert client.get(document).status_code == 302
    assert client_for(consumer).get(document).status_code == 403


def test_a_process_chart_of_the_wrong_kind_or_too_large_is_refused(client_for, qi_staff, cell):
    url = reverse("dialogues:cell_edit", args=[cell.slug])
    client = client_for(qi_staff)
    fake = SimpleUploadedFile("flow.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(url, cell_data(name=cell.name, slug=cell.slug, process_document=fake))
    assert "does not look like" in response.content.decode()
    exe = SimpleUploadedFile("flow.exe", PNG, content_type="application/octet-stream")
    assert (
        "Upload a PDF"
        in client.post(url, cell_data(name=cell.name, slug=cell.slug, process_document=exe)).content.decode()
    )
    big = SimpleUploadedFile("flow.png", PNG + b"0" * (5 * 1024 * 1024), content_type="image/png")
    assert (
        "larger than 5 MB"
        in client.post(url, cell_data(name=cell.name, slug=cell.slug, process_document=big)).content.decode()
    )


# --- Members ----------------------------------------------------------------------------------


def test_staff_add_an_existing_user_as_a_member(client_for, qi_staff, cell):
    person = get_user_model().objects.create_user(username="rosa", first_name="Rosa", last_name="Díaz")
    url = reverse("dialogues:member_add", args=[cell.slug])
    assert "Rosa Díaz (rosa)" in client_for(qi_staff).get(url).content.decode()
    response = client_for(qi_staff).post(url, {"user": person.pk, "role": "consumer", "joined_on": "2026-01-05"})
    assert response.status_code == 302
    assert Membership.objects.get(cell=cell).user == person


def test_adding_a_current_member_again_gives_a_clear_error(client_for, qi_staff, cell, member_of):
    membership = member_of(cell, PartnerRole.CONSUMER)
    url = reverse("dialogues:member_add", args=[cell.slug])
    response = client_for(qi_staff).post(url, {"user": membership.user.pk, "role": "family", "joined_on": "2026-01-05"})
    assert response.status_code == 200
    assert "already a current member" in response.content.decode()


def test_marking_a_member_as_left_before_they_joined_is_refused(client_for, qi_staff, cell, member_of):
    membership = member_of(cell, PartnerRole.CONSUMER, joined_on=date(2026, 1, 10))
    url = reverse("dialogues:member_leave", args=[cell.slug, membership.pk])
    response = client_for(qi_staff).post(url, {"left_on": "2026-01-01"})
    assert response.status_code == 200
    assert "cannot be before" in response.content.decode()
    response = client_for(qi_staff).post(url, {"left_on": "2026-02-01"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.left_on == date(2026, 2, 1)


def test_directors_and_consumers_cannot_manage_members(client_for, director, consumer, cell, member_of):
    membership = member_of(cell, PartnerRole.CONSUMER)
    for user in (director, consumer):
        assert client_for(user).get(reverse("dialogues:member_add", args=[cell.slug])).status_code == 403
        leave = reverse("dialogues:member_leave", args=[cell.slug, membership.pk])
        assert client_for(user).post(leave, {"left_on": "2026-02-01"}).status_code == 403
