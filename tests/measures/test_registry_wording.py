"""Where a measure's definition comes from, what to compare it with and who wrote it are written for the
county's readers, citing the published documents (as MEASURES.md does), in English and Spanish."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from measures import registry_wording
from measures.models import Measure
from measures.services import measure_registry_load_defaults
from qic.core.i18n import Localized, catalogue_text

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "measures.json"
INTERNAL = ("MEASURES.md", "PRODUCT.md", "Seed 00", "QIC ", "engineers")


def shipped() -> list[dict]:
    return [entry["fields"] for entry in json.loads(FIXTURE.read_text(encoding="utf-8"))]


def test_the_pack_cites_published_sources_and_never_qics_own_documents_or_engineers():
    for fields in shipped():
        for field in ("source", "benchmark", "written_by"):
            assert not any(word in fields[field] for word in INTERNAL), (fields["code"], field, fields[field])
        assert fields["source"], fields["code"]


def test_every_shipped_wording_is_marked_for_the_spanish_catalogue():
    for fields in shipped():
        assert fields["source"] in registry_wording.SOURCES, fields["code"]
        assert fields["benchmark"] in {"", *registry_wording.BENCHMARKS}, fields["code"]
        assert fields["written_by"] == registry_wording.WRITTEN_BY, fields["code"]


def fake_catalogue(text: str) -> str:
    return {registry_wording.WRITTEN_BY: "El equipo de Mejoramiento de la Calidad del condado"}.get(text, text)


def test_shipped_wording_comes_from_the_catalogue_and_wording_staff_wrote_is_marked_english(monkeypatch):
    monkeypatch.setattr("qic.core.i18n.gettext", fake_catalogue)
    with translation.override("es"):
        assert catalogue_text(registry_wording.WRITTEN_BY) == Localized(
            "El equipo de Mejoramiento de la Calidad del condado", "es"
        )
        assert catalogue_text("Dr. R. Alvarez") == Localized("Dr. R. Alvarez", "en", fallback=True)
        assert catalogue_text("") == Localized("", "en")
    with translation.override("en"):
        assert catalogue_text(registry_wording.WRITTEN_BY) == Localized(registry_wording.WRITTEN_BY, "en")


@pytest.mark.django_db
def test_loading_the_registry_replaces_wording_an_earlier_version_shipped_and_keeps_what_staff_wrote():
    measure = Measure.objects.get(code="follow-up-7-days")
    Measure.objects.filter(pk=measure.pk).update(
        source="MEASURES.md 3.1: NCQA FUH", benchmark="Our own benchmark", written_by="QIC founding engineers"
    )
    assert measure_registry_load_defaults() == 0
    measure.refresh_from_db()
    fields = next(fields for fields in shipped() if fields["code"] == "follow-up-7-days")
    assert measure.source == fields["source"]
    assert measure.written_by == registry_wording.WRITTEN_BY
    assert measure.benchmark == "Our own benchmark"
    assert measure.history.first().history_change_reason.startswith("The measure pack's wording")


@pytest.mark.django_db
def test_the_measure_page_speaks_of_the_county_in_the_readers_language(client, monkeypatch):
    monkeypatch.setattr("qic.core.i18n.gettext", fake_catalogue)
    measure = Measure.objects.get(code="follow-up-7-days")
    Measure.objects.filter(pk=measure.pk).update(benchmark="Our own benchmark")
    url = reverse("measures:measure_detail", args=[measure.code])
    english = client.get(url).content.decode()
    assert registry_wording.WRITTEN_BY.replace("'", "&#x27;") in english
    assert "MEASURES.md" not in english

    client.cookies["django_language"] = "es"
    spanish = client.get(url).content.decode()
    assert "El equipo de Mejoramiento de la Calidad del condado" in spanish
    assert '<span lang="en">Our own benchmark</span>' in spanish
