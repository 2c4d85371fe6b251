"""Typed content in two languages: the reader's version, or the other one marked as such."""

from types import SimpleNamespace

import pytest
from django import forms
from django.apps import apps
from django.template import Context, Template
from django.utils import translation

from qic.core.forms import SPANISH_HELP, spanish_beside_english
from qic.core.i18n import BilingualContent, Localized, localized_text
from qic.core.templatetags.bilingual import only_in_note


def row(**fields):
    return SimpleNamespace(**{"title": "", "title_es": "", **fields})


@pytest.mark.parametrize(
    ("language", "fields", "expected"),
    [
        ("es", {"title": "Bus passes", "title_es": "Pases de autobús"}, Localized("Pases de autobús", "es")),
        ("en", {"title": "Bus passes", "title_es": "Pases de autobús"}, Localized("Bus passes", "en")),
        ("es", {"title": "Bus passes"}, Localized("Bus passes", "en", fallback=True)),
        ("en", {"title_es": "Pases de autobús"}, Localized("Pases de autobús", "es", fallback=True)),
        ("es", {}, Localized("", "en")),
        ("es-mx", {"title": "Bus passes", "title_es": "Pases de autobús"}, Localized("Pases de autobús", "es")),
    ],
)
def test_the_reader_gets_their_language_or_the_other_one_marked_as_a_fallback(language, fields, expected):
    assert localized_text(row(**fields), "title", language=language) == expected


def test_the_active_language_is_the_default():
    with translation.override("es"):
        assert localized_text(row(title="Bus passes", title_es="Pases"), "title").text == "Pases"
    with translation.override("en"):
        assert localized_text(row(title="Bus passes", title_es="Pases"), "title").text == "Bus passes"


def test_an_empty_value_is_falsy_and_prints_as_its_text():
    assert not Localized("", "en")
    assert str(Localized("Pases", "es")) == "Pases"


def test_every_declared_bilingual_field_has_its_spanish_column():
    declared = [model for model in apps.get_models() if issubclass(model, BilingualContent)]
    assert declared, "no model declares bilingual fields"
    for model in declared:
        assert model.bilingual_fields, model
        for name in model.bilingual_fields:
            english, spanish = model._meta.get_field(name), model._meta.get_field(f"{name}_es")
            assert spanish.blank, f"{model.__name__}.{name}_es must be optional"
            assert type(spanish) is type(english), f"{model.__name__}.{name}_es"


def render(template: str, **context) -> str:
    return Template("{% load bilingual %}" + template).render(Context(context))


def test_the_tag_prints_spanish_plainly_on_a_spanish_page():
    with translation.override("es"):
        html = render('{% localized item "title" %}', item=row(title="Bus passes", title_es="Pases de autobús"))
    assert html == "Pases de autobús"


def test_the_tag_marks_english_shown_on_a_spanish_page_for_screen_readers_and_says_so():
    with translation.override("es"):
        html = render('{% localized item "title" %}', item=row(title="Bus <passes>"))
        note = only_in_note("en")
    assert (
        html
        == f'<span lang="en">Bus &lt;passes&gt;</span> <span class="only-in small text-body-secondary">({note})</span>'
    )


def test_the_tag_marks_spanish_shown_on_an_english_page():
    with translation.override("en"):
        html = render('{% localized item "title" %}', item=row(title_es="Pases de autobús"))
    assert html.startswith('<span lang="es">Pases de autobús</span>')
    assert "(Spanish only)" in html


def test_the_tag_keeps_line_breaks_escapes_and_can_leave_the_note_out():
    with translation.override("es"):
        html = render('{% localized item "title" linebreaks=True marker=False %}', item=row(title="One <b>\nTwo"))
    assert html == '<span lang="en">One &lt;b&gt;<br>Two</span>'


def test_the_tag_takes_a_value_already_localized_and_the_filter_gives_bare_text():
    with translation.override("es"):
        html = render(
            "{% localized value %}|{{ item|localized_plain:'title' }}",
            value=Localized("Hola", "es"),
            item=row(title="A & B"),
        )
    assert html == "Hola|A &amp; B"


def test_the_tag_can_be_kept_for_a_sentence():
    with translation.override("es"):
        html = render(
            '{% localized item "title" as title %}«{{ title }}»', item=row(title="Bus passes", title_es="Pases")
        )
    assert html == "«Pases»"


class PairForm(forms.Form):
    title = forms.CharField()
    title_es = forms.CharField(required=False)
    due = forms.DateField()


def test_forms_lay_the_spanish_beside_the_english_and_say_which_language_each_takes():
    form = PairForm()
    helper = spanish_beside_english(form)
    assert form.helper is helper
    assert helper.form_tag is False
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    row_start = html.index('class="row')
    assert row_start < html.index('name="title"') < html.index('name="title_es"') < html.index('name="due"')
    assert 'lang="en"' in html
    assert 'lang="es"' in html
    assert form.fields["title_es"].help_text == SPANISH_HELP
