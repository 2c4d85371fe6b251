"""The project pages: who sees them, who works on them, and what they say."""

import pytest
from django.urls import reverse

from projects.models import ChangeIdea, Driver


def url(name, project, *args):
    return reverse(f"projects:{name}", args=[project.public_id, *args])


@pytest.fixture
def diagram(project):
    primary = Driver.objects.create(project=project, text="People remember the appointment", position=1)
    secondary = Driver.objects.create(project=project, parent=primary, text="Reminders in their language", position=1)
    idea = ChangeIdea.objects.create(driver=secondary, text="A text message two days before")
    return primary, secondary, idea


def test_qi_staff_see_the_project_with_its_aim_team_and_diagram(client, qi_staff, project, diagram, team_member):
    client.force_login(qi_staff)
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kept first appointments for Adults referred to the clinic from 6 in 10 kept to 8 in 10 kept by" in html
    assert "Reminders in their language" in html
    assert "<svg" in html
    assert "A text message two days" in html
    assert "Progress score: 1 of 5" in html
    assert "This team has no consumer or family member" in html


def test_the_diagram_downloads_as_an_svg_file(client, team_member, project, diagram):
    client.force_login(team_member)
    response = client.get(url("driver_diagram_svg", project))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert 'xmlns="http://www.w3.org/2000/svg"' in body


def test_pages_need_a_sign_in(client, project):
    response = client.get(project.get_absolute_url())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_others_get_403(client, outsider, project):
    client.force_login(outsider)
    assert client.get(project.get_absolute_url()).status_code == 403
    assert client.get(url("driver_add", project)).status_code == 403


def test_a_director_sees_but_does_not_edit(client, director, project):
    client.force_login(director)
    assert client.get(project.get_absolute_url()).status_code == 200
    assert client.get(url("driver_add", project)).status_code == 403
    assert client.get(url("edit", project)).status_code == 403


def test_smoke_every_form_page(client, qi_staff, project, diagram):
    primary, secondary, idea = diagram
    client.force_login(qi_staff)
    for name, args in [
        ("edit", ()),
        ("member_add", ()),
        ("driver_add", ()),
        ("driver_edit", (primary.pk,)),
        ("driver_delete", (primary.pk,)),
        ("idea_add", (secondary.pk,)),
        ("idea_edit", (idea.pk,)),
        ("idea_delete", (idea.pk,)),
        ("cycle_start", (idea.pk,)),
        ("registry_measure_add", ()),
        ("local_measure_add", ()),
        ("spread_add", ()),
    ]:
        assert client.get(url(name, project, *args)).status_code == 200, name
    assert client.get(reverse("projects:list")).status_code == 200
    assert client.get(reverse("projects:overview")).status_code == 200
    assert client.get(reverse("projects:create")).status_code == 200
