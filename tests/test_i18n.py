"""English and Spanish: the catalogue is complete and compiled, and pages switch language."""

import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(CATALOGUE / "django.po"))


def test_every_string_is_translated_and_none_is_fuzzy(po):
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


def test_translations_keep_every_placeholder(po):
    for entry in po.translated_entries():
        if not entry.msgid_plural:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == set(PLACEHOLDER.findall(entry.msgid)), entry.msgid
            continue
        # Spanish has two forms: the singular may spell out "one" where English does, the plural says the number.
        singular, plural = entry.msgstr_plural[0], entry.msgstr_plural[1]
        allowed = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
        assert set(PLACEHOLDER.findall(singular)) <= allowed, entry.msgid
        assert set(PLACEHOLDER.findall(plural)) == set(PLACEHOLDER.findall(entry.msgid_plural)), entry.msgid_plural


def test_the_compiled_catalogue_matches_the_source(po):
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(CATALOGUE / "django.mo")) if entry.msgid}
    source = {entry.msgid: entry.msgstr for entry in po.translated_entries() if not entry.msgid_plural}
    assert {msgid: compiled.get(msgid) for msgid in source} == source


@pytest.mark.django_db
def test_choosing_spanish_translates_the_interface_and_the_content(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": reverse("aims:rules")})
    assert response.status_code == 302
    assert response.url == reverse("aims:rules")
    html = client.get(reverse("aims:rules")).content.decode()
    assert '<html lang="es">' in html
    assert "Saltar al contenido principal" in html
    assert "Objetivos y reglas" in html
    assert "Skip to main content" not in html


@pytest.mark.django_db
def test_the_browser_language_is_honoured(client):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9").content.decode()
    assert '<html lang="es">' in html


@pytest.mark.django_db
def test_an_unknown_language_falls_back_to_english(client):
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_spanish_pages_write_money_and_numbers_as_us_spanish_does():
    from datetime import date
    from decimal import Decimal

    from django.utils import formats, translation

    with translation.override("es"):
        assert formats.localize(Decimal("1250.00"), use_l10n=True) == "1250.00"
        assert formats.number_format(Decimal("1250.5"), decimal_pos=2, use_l10n=True, force_grouping=True) == "1,250.50"
        assert formats.date_format(date(2026, 12, 1)) == "1 dic 2026"


def test_every_string_marked_in_python_reaches_the_catalogue(po):
    """makemessages only sees calls named _, gettext, gettext_lazy...: not an alias such as ``_lazy``, nor a
    call inside an f-string. A string it misses stays English on Spanish pages without any other test noticing."""
    import ast

    markers = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
    known = {entry.msgid for entry in po if not entry.obsolete}
    root = Path(__file__).resolve().parent.parent
    missing = []
    for app in ("aims", "measures", "dialogues", "workplan", "council", "projects", "reminders", "qic"):
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in markers
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                    and node.args[0].value not in known
                ):
                    missing.append(f"{path.relative_to(root)}:{node.lineno} {node.args[0].value!r}")
    assert missing == []
