"""A project's PDSA cycles and the cells and initiatives it names, in the reader's language: the Spanish is
written beside the English, and English without a Spanish version is marked on Spanish pages."""

from datetime import date

import pytest
from django.urls import reverse

from dialogues.models import PdsaCycle
from projects.models import ChangeIdea, ChangeIdeaCycle, Driver

pytestmark = pytest.mark.django_db


def url(name, project, *args):
    return reverse(f"projects:{name}", args=[project.public_id, *args])


@pytest.fixture
def idea(project):
    driver = Driver.objects.create(project=project, text="People remember the appointment", position=1)
    return ChangeIdea.objects.create(
        driver=driver, text="A text message two days before", text_es="Un mensaje de texto dos días antes"
    )


def test_a_cycle_starts_from_the_ideas_words_in_both_languages_and_is_recorded_in_both(
    client, team_member, project, idea
):
    client.force_login(team_member)
    form = client.get(url("cycle_start", project, idea.pk)).content.decode()
    assert 'value="Un mensaje de texto dos días antes"' in form
    assert form.index('name="title"') < form.index('name="title_es"') < form.index('name="measure"')

    client.post(
        url("cycle_start", project, idea.pk),
        {
            "title": "Text for a week",
            "title_es": "Mensajes durante una semana",
            "plan_prediction": "More kept",
            "plan_prediction_es": "Se cumplen más citas",
            "starts_on": "2026-09-07",
        },
    )
    cycle = PdsaCycle.objects.get()
    assert (cycle.title_es, cycle.plan_prediction_es) == ("Mensajes durante una semana", "Se cumplen más citas")

    client.post(
        url("cycle_edit", project, cycle.pk),
        {
            "title": "Text for a week",
            "plan_prediction": "More kept",
            "starts_on": "2026-09-07",
            "study_notes": "Kept rose",
            "study_notes_es": "Subieron las citas cumplidas",
            "act_decision": "adopt",
        },
    )
    cycle.refresh_from_db()
    assert cycle.study_notes_es == "Subieron las citas cumplidas"


def test_people_outside_the_team_cannot_start_a_cycle(client, outsider, project, idea):
    client.force_login(outsider)
    response = client.post(
        url("cycle_start", project, idea.pk),
        {"title": "Text", "title_es": "Texto", "plan_prediction": "More", "starts_on": "2026-09-07"},
    )
    assert response.status_code in (403, 404)
    assert not PdsaCycle.objects.exists()


def test_a_cycle_page_in_spanish_shows_the_spanish_and_marks_what_has_none(client, qi_staff, project, idea):
    cycle = PdsaCycle.objects.create(
        title="Text for a week",
        title_es="Mensajes durante una semana",
        plan_prediction="More kept",
        starts_on=date(2026, 9, 7),
    )
    ChangeIdeaCycle.objects.create(change_idea=idea, cycle=cycle)
    client.force_login(qi_staff)
    html = client.get(url("cycle_detail", project, cycle.pk), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Mensajes durante una semana</h1>" in html
    assert "Un mensaje de texto dos días antes" in html
    assert '<span lang="en">More kept</span>' in html
    assert "7 sep 2026" in html


def test_the_project_page_names_its_cell_in_spanish_and_marks_its_untranslated_title(
    client, qi_staff, make_project, cell
):
    cell.name_es = "Grupo de recepción"
    cell.save()
    project = make_project(kind="cell_work", cell=cell)
    client.force_login(qi_staff)
    html = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Grupo de recepción</a>" in html
    assert '<span lang="en">Fewer missed first appointments</span>' in html
