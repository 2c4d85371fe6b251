"""Council pages in Spanish show what was typed or generated in Spanish: agenda items in the decision form's
choice list, the minutes page's title, and the agenda page's list of what the builder brings."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from council.models import AgendaItem, AgendaSource
from council.selectors.agenda import AGENDA_SOURCE_DESCRIPTIONS, AGENDA_SOURCES

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(meeting):
    return AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        source=AgendaSource.MINUTES,
        title="Approve the minutes of the meeting of 7 Nov 2026",
        title_es="Aprobar el acta de la reunión del 7 nov 2026",
    )


def test_an_agenda_item_is_named_in_the_readers_language_in_choice_lists(item):
    with override("es"):
        assert str(item) == "1. Aprobar el acta de la reunión del 7 nov 2026"
    with override("en"):
        assert str(item) == "1. Approve the minutes of the meeting of 7 Nov 2026"


def test_the_decision_form_lists_the_agenda_in_spanish_on_a_spanish_page(client_for, qi_staff, meeting, item):
    url = reverse("council:decision_create", args=[meeting.public_id])
    html = client_for(qi_staff).get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "1. Aprobar el acta de la reunión del 7 nov 2026" in html
    assert "Approve the minutes" not in html


def test_the_agenda_page_says_what_each_source_brings_in_words_for_people_not_docstrings(client_for, qi_staff, meeting):
    assert len(AGENDA_SOURCE_DESCRIPTIONS) == len(AGENDA_SOURCES)
    html = client_for(qi_staff).get(reverse("council:agenda_edit", args=[meeting.public_id])).content.decode()
    for description in AGENDA_SOURCE_DESCRIPTIONS:
        assert str(description).replace("'", "&#x27;") in html
    assert "seed 004" not in html  # a developer's note from a docstring
