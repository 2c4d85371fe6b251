"""Text QIC writes itself and stores (history reasons, import messages and the reasons of an import's problems)
reads in the language of the page, whichever language was active when it was written."""

import pytest
from django.utils.translation import override

from qic.core.generated_text import generated_text_in_language

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("stored", "spanish", "english"),
    [
        ("Dialogue edited", "Se editó el diálogo", "Dialogue edited"),
        ("Se editó el diálogo", "Se editó el diálogo", "Dialogue edited"),
        ("Handed to the cell Access", "Se pasó al grupo CQI Access", "Handed to the cell Access"),
        (
            "Nothing was loaded: 3 problems were found. Correct the files and upload them again.",
            "No se cargó nada: se encontraron 3 problemas. Corrija los archivos y vuelva a subirlos.",
            "Nothing was loaded: 3 problems were found. Correct the files and upload them again.",
        ),
        (
            "No se cargó nada: se encontró 1 problema. Corrija el archivo y vuelva a subirlo.",
            "No se cargó nada: se encontró 1 problema. Corrija el archivo y vuelva a subirlo.",
            "Nothing was loaded: 1 problem was found. Correct the file and upload it again.",
        ),
    ],
)
def test_generated_text_is_shown_in_the_readers_language_whichever_language_it_was_stored_in(stored, spanish, english):
    with override("es"):
        assert generated_text_in_language(stored) == spanish
    with override("en"):
        assert generated_text_in_language(stored) == english


def test_what_a_person_typed_as_their_reason_is_shown_as_typed():
    with override("es"):
        assert generated_text_in_language("Fixed the typo in the title") == "Fixed the typo in the title"
        assert generated_text_in_language("") == ""


def test_a_dialogues_history_written_by_an_english_job_reads_in_spanish_on_a_spanish_page(client_for, qi_staff):
    from dialogues.models import PartnerRole
    from dialogues.services.sessions import dialogue_save
    from tests.dialogues.sessions_helpers import make_dialogue

    dialogue = make_dialogue()
    with override("en"):
        dialogue.place = "Room 3"
        dialogue_save(
            dialogue=dialogue,
            facilitators=[
                {"name": "Ann", "role": PartnerRole.FAMILY},
                {"name": "Ben", "role": PartnerRole.PEER_PROVIDER},
            ],
            by=qi_staff,
        )
    client = client_for(qi_staff)
    spanish = client.get(dialogue.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    english = client.get(dialogue.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Se editó el diálogo" in spanish
    assert "Dialogue edited" not in spanish
    assert "Dialogue edited" in english


def test_an_import_rejected_by_an_english_job_is_reported_in_spanish_on_a_spanish_page(client_for, qi_staff):
    from tests.measures.importing import CLIENTS, CLIENTS_HEADER, csv_bytes, incoming, run_import

    bad = csv_bytes(CLIENTS_HEADER, [*CLIENTS, "C4,not-a-year,female,false,white,english,north"])
    with override("en"):
        upload = run_import(incoming("clients.csv", bad, "clients"), user=qi_staff, commit=False)
    assert upload.message.startswith("Nothing was loaded")
    html = client_for(qi_staff).get(f"/data/imports/{upload.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "No se cargó nada: se encontró 1 problema." in html
    assert "Nothing was loaded" not in html
