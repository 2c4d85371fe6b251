"""What people type has a Spanish version beside the English: pages show the reader's language, and
English shown on a Spanish page is marked lang="en" and "English only"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from aims.models import Aim
from dialogues.models import CouncilInitiative, CqiCell, Dialogue, Problem, ProblemStatus, ProblemTier
from dialogues.services.problems import problem_raise
from qic.core.templatetags.bilingual import only_in_note
from tests.dialogues.sessions_helpers import dialogue_post_data, make_dialogue
from tests.dialogues.test_cells_forms import cell_data

pytestmark = pytest.mark.django_db


def in_spanish(client):
    client.cookies["django_language"] = "es"
    return client


def english_only_note() -> str:
    with translation.override("es"):
        return f"({only_in_note('en')})"


def make_problem(owner, **fields) -> Problem:
    return problem_raise(
        problem=Problem(
            title=fields.pop("title", "Intake line goes unanswered after 4 pm"),
            owner=owner,
            tier=ProblemTier.TEAM,
            due_on=timezone.localdate() + timedelta(days=14),
            **fields,
        ),
        by=owner,
    )


# --- The rows themselves ------------------------------------------------------------------------------------


def test_a_cell_names_itself_in_the_readers_language_and_falls_back_to_english(cell):
    cell.name_es = "Conseguir una primera cita"
    with translation.override("es"):
        assert str(cell) == "Conseguir una primera cita"
        assert cell.localized("name").fallback is False
        assert cell.localized("focus").text == cell.focus
        assert cell.localized("focus").lang == "en"
        assert cell.localized("focus").fallback is True
    with translation.override("en"):
        assert str(cell) == "Getting a first appointment"


# --- Pages, by language -------------------------------------------------------------------------------------


def test_a_cells_public_page_is_in_spanish_where_staff_wrote_spanish_and_marks_the_rest(client, cell):
    CqiCell.objects.filter(pk=cell.pk).update(
        name_es="Conseguir una primera cita", mission_statement_es="Socios en igualdad hacen fácil la primera cita."
    )
    english = client.get(cell.get_absolute_url()).content.decode()
    assert "<h1>Getting a first appointment</h1>" in english
    assert "Conseguir una primera cita" not in english

    spanish = in_spanish(client).get(cell.get_absolute_url()).content.decode()
    assert "<h1>Conseguir una primera cita</h1>" in spanish
    assert "Socios en igualdad hacen fácil la primera cita." in spanish
    # The focus has no Spanish: English, marked for screen readers, and said to be English only.
    assert f'<span lang="en">{cell.focus}</span> <span class="only-in small text-body-secondary">' in spanish
    assert english_only_note() in spanish


def test_the_public_list_of_dialogues_shows_the_spanish_title_and_marks_an_english_only_one(client):
    make_dialogue(title="Being heard in treatment planning", title_es="Ser escuchado al planificar el tratamiento")
    make_dialogue(title="Waiting for a first appointment", days_from_now=20)
    html = in_spanish(client).get(reverse("dialogues:dialogue_list")).content.decode()
    assert "Ser escuchado al planificar el tratamiento" in html
    assert "Being heard in treatment planning" not in html
    assert '<span lang="en">Waiting for a first appointment</span>' in html


def test_the_problem_board_is_in_spanish_for_a_spanish_reader(client_for, qi_staff):
    make_problem(qi_staff, title_es="Nadie contesta la línea de admisión después de las 4 p.m.")
    make_problem(qi_staff, title="Callbacks take more than a week")
    html = in_spanish(client_for(qi_staff)).get(reverse("dialogues:problem_board")).content.decode()
    assert "Nadie contesta la línea de admisión después de las 4 p.m." in html
    assert '<span lang="en">Callbacks take more than a week</span>' in html


# --- Forms: the Spanish beside the English ------------------------------------------------------------------


def test_qi_staff_write_a_cells_spanish_beside_its_english(client_for, qi_staff):
    create = reverse("dialogues:cell_create")
    form = client_for(qi_staff).get(create).content.decode()
    assert form.index('name="name"') < form.index('name="name_es"') < form.index('name="slug"')
    assert 'lang="es"' in form

    response = client_for(qi_staff).post(
        create, cell_data(name_es="Bienvenida a quienes hablan español", focus_es="Servicios en español")
    )
    cell = CqiCell.objects.get()
    assert response.status_code == 302
    assert (cell.name_es, cell.focus_es) == ("Bienvenida a quienes hablan español", "Servicios en español")


def test_consumers_cannot_edit_a_cells_spanish(client_for, consumer, cell):
    response = client_for(consumer).post(reverse("dialogues:cell_edit", args=[cell.slug]), cell_data(name_es="Otro"))
    assert response.status_code == 403
    cell.refresh_from_db()
    assert cell.name_es == ""


def test_health_information_in_the_spanish_themes_is_refused_like_in_the_english(client_for, qi_staff):
    response = client_for(qi_staff).post(
        reverse("dialogues:dialogue_create"),
        dialogue_post_data(themes="Waits are long.", themes_es="Una persona, diagnosticada con depresión, dijo"),
    )
    assert response.status_code == 200
    assert "themes_es" in response.context["form"].errors
    assert not Dialogue.objects.exists()


def test_a_problem_is_raised_and_resolved_in_both_languages(client_for, qi_staff):
    response = client_for(qi_staff).post(
        reverse("dialogues:problem_create"),
        {
            "title": "Intake line goes unanswered after 4 pm",
            "title_es": "Nadie contesta la línea de admisión después de las 4 p.m.",
            "description": "Calls go to a full voicemail box.",
            "description_es": "Las llamadas van a un buzón lleno.",
            "tier": "team",
            "owner": str(qi_staff.pk),
            "due_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
    )
    problem = Problem.objects.get()
    assert response.status_code == 302
    assert problem.title_es == "Nadie contesta la línea de admisión después de las 4 p.m."

    client_for(qi_staff).post(
        reverse("dialogues:problem_resolve", args=[problem.pk]),
        {"resolution": "An evening shift answers the line.", "resolution_es": "Un turno de tarde contesta la línea."},
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED
    assert problem.resolution_es == "Un turno de tarde contesta la línea."


def test_the_initiative_form_offers_the_aims_by_their_spanish_names(client_for, qi_staff):
    timely = Aim.objects.get(slug="timely")
    html = in_spanish(client_for(qi_staff)).get(reverse("dialogues:initiative_create")).content.decode()
    assert f'<option value="{timely.pk}">{timely.name_es}</option>' in html
    assert f">{timely.name}</option>" not in html
    with translation.override("es"):
        assert f"{translation.gettext('aim').capitalize()}" in html

    client_for(qi_staff).post(
        reverse("dialogues:initiative_create"),
        {
            "title": "First appointment in 10 days",
            "title_es": "Primera cita en 10 días",
            "aim": timely.pk,
            "status": "active",
        },
    )
    assert CouncilInitiative.objects.get().title_es == "Primera cita en 10 días"
