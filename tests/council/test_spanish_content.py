"""The council's typed content in the reader's language: action items have their Spanish beside the English,
and published minutes, the meeting page and the huddle board show Spanish where it was written and mark
the English where it was not."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import ActionItem, AgendaSource, DecisionMethod
from council.selectors.agenda import initiatives_and_status
from council.services.agenda import agenda_item_add
from council.services.meetings import attendance_record, minutes_approve, minutes_publish, minutes_save
from council.services.records import action_item_add, decision_record
from dialogues.models import CouncilInitiative, Problem, ProblemTier

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def in_spanish(client):
    client.cookies["django_language"] = "es"
    return client


@pytest.fixture
def published(make_meeting, meeting, council, qi_staff):
    """Published minutes: one item with its Spanish title, one whose title nobody translated."""
    held = make_meeting(-30)
    translated = agenda_item_add(meeting=held, title="Waiting times", title_es="Tiempos de espera", by=qi_staff)
    english_only = agenda_item_add(meeting=held, title="Bus passes", by=qi_staff)
    attendance_record(meeting=held, attended_member_ids=[m.pk for m in council], by=qi_staff)
    minutes_save(item=translated, minutes="Waits fell.", minutes_es="Las esperas bajaron.")
    minutes_save(item=english_only, minutes="Passes arrive in May.", minutes_es="Los pases llegan en mayo.")
    decision_record(
        meeting=held,
        text="Keep the evening clinic.",
        text_es="Mantener la clínica de la tarde.",
        method=DecisionMethod.CONSENSUS,
        by=qi_staff,
    )
    minutes_approve(meeting=held, at_meeting=meeting, by=qi_staff)
    minutes_publish(meeting=held, by=qi_staff)
    return held


def test_published_minutes_in_spanish_mark_a_title_nobody_translated(client, published):
    html = in_spanish(client).get(reverse("council:published_detail", args=[published.public_id])).content.decode()
    assert "1. Tiempos de espera</h3>" in html
    assert '2. <span lang="en">Bus passes</span>' in html
    assert "Los pases llegan en mayo." in html
    assert "Mantener la clínica de la tarde." in html
    assert "Keep the evening clinic." not in html


def test_qi_staff_record_an_action_item_in_both_languages(client_for, qi_staff, council, meeting):
    url = reverse("council:action_item_create", args=[meeting.public_id])
    assert 'name="description_es"' in client_for(qi_staff).get(url).content.decode()
    response = client_for(qi_staff).post(
        url,
        {
            "description": "Ask the hospital for discharge lists",
            "description_es": "Pedir al hospital las listas de altas",
            "owner": council[2].user.pk,
            "due_on": (TODAY + timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert ActionItem.objects.get().description_es == "Pedir al hospital las listas de altas"


def test_health_information_in_the_spanish_of_an_action_item_is_refused(client_for, qi_staff, council, meeting):
    response = client_for(qi_staff).post(
        reverse("council:action_item_create", args=[meeting.public_id]),
        {
            "description": "Call the family",
            "description_es": "Llamar al 555-123-4567",
            "owner": council[2].user.pk,
            "due_on": (TODAY + timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "description_es" in response.context["form"].errors
    assert not ActionItem.objects.exists()


def test_council_members_cannot_add_action_items(client_for, council, meeting):
    response = client_for(council[0].user).post(
        reverse("council:action_item_create", args=[meeting.public_id]),
        {"description": "X", "description_es": "X", "owner": council[0].user.pk, "due_on": TODAY.isoformat()},
    )
    assert response.status_code in (302, 403)
    assert not ActionItem.objects.exists()


def test_the_huddle_board_is_in_spanish_where_spanish_was_written(client_for, qi_staff, make_meeting, director):
    held = make_meeting(-20)
    action_item_add(
        meeting=held,
        description="Send the survey to the clinics",
        description_es="Enviar la encuesta a las clínicas",
        owner=qi_staff,
        due_on=TODAY + timedelta(days=3),
    )
    Problem.objects.create(
        title="No Spanish-speaking intake worker",
        title_es="No hay un trabajador de admisión que hable español",
        tier=ProblemTier.PROGRAM,
        owner=director,
        due_on=TODAY - timedelta(days=2),
    )
    Problem.objects.create(title="Printer jams", tier=ProblemTier.TEAM, owner=director, due_on=TODAY - timedelta(1))
    html = in_spanish(client_for(qi_staff)).get(reverse("council:huddle")).content.decode()
    assert "Enviar la encuesta a las clínicas" in html
    assert "No hay un trabajador de admisión que hable español" in html
    assert '<span lang="en">Printer jams</span>' in html


def test_the_agenda_names_an_initiative_by_its_spanish_title_in_spanish(meeting):
    CouncilInitiative.objects.create(title="Services in Spanish from the first call", title_es="Servicios en español")
    [proposal] = initiatives_and_status(meeting=meeting, previous=None)
    assert proposal.source == AgendaSource.INITIATIVE
    assert proposal.title.startswith("Initiative: Services in Spanish from the first call")
    assert "Servicios en español" in proposal.title_es
