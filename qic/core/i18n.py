"""Bilingual content stored on the row itself.

Why ``<field>_es`` columns and not django-modeltranslation: the framework (``aims``), the measure
registry, the council and the improvement projects already keep their Spanish that way, so one more
app doing the same keeps a single pattern to read, test and migrate. Two languages are all a county
publishes in here; modeltranslation's per-language columns, registration module and patched
managers buy nothing for two, and would make these models work differently from their neighbours.
A third language would be the moment to reconsider.

Two ways to read a pair:

- ``localized("text")`` (below) builds a read-only property for reference content: the column of the
  active language, English when the Spanish is blank.
- ``localized_text(row, "title")`` (and :class:`BilingualContent`'s ``row.localized("title")``) for
  content people type: the text in the reader's language, or the other language's text when theirs
  is blank, *saying which language it is*, so a page can mark it ``lang="en"`` for screen readers and
  add an "English only" note (the ``{% localized %}`` tag of ``qic/core/templatetags/bilingual.py``).
"""

from dataclasses import dataclass
from typing import ClassVar

from django.utils.translation import get_language, gettext

FIRST_LANGUAGE = "en"
SECOND_LANGUAGE = "es"


def active_language_code() -> str:
    return (get_language() or FIRST_LANGUAGE).split("-")[0]


def localized(field_name: str) -> property:
    def getter(instance):
        if active_language_code() == SECOND_LANGUAGE:
            translated = getattr(instance, f"{field_name}_{SECOND_LANGUAGE}", "")
            if translated:
                return translated
        return getattr(instance, field_name)

    getter.__doc__ = f"``{field_name}`` in the active language, English when untranslated."
    return property(getter)


def localized_is_fallback(field_name: str) -> property:
    """True when a Spanish page shows ``field_name`` in English for want of a translation, so the
    template can mark it ``lang="en"`` for screen readers."""

    def getter(instance):
        return active_language_code() == SECOND_LANGUAGE and not getattr(
            instance, f"{field_name}_{SECOND_LANGUAGE}", ""
        )

    return property(getter)


@dataclass(frozen=True)
class Localized:
    """A piece of typed content as a reader of one language gets it.

    ``lang`` is the language ``text`` is written in; ``fallback`` is true when the reader's language
    had no version and the other language's is shown instead (the page says so).
    """

    text: str
    lang: str
    fallback: bool = False

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def localized_text(instance, field_name: str, *, language: str | None = None) -> Localized:
    """``field_name`` of ``instance`` for a reader of ``language`` (the active language by default).

    The reader's version when there is one; otherwise the other language's, marked as a fallback (so
    text typed only in Spanish shows on English pages too, marked as Spanish). Both blank gives an
    empty, non-fallback value.
    """
    language = (language or active_language_code()).split("-")[0]
    english = getattr(instance, field_name, "") or ""
    spanish = getattr(instance, f"{field_name}_{SECOND_LANGUAGE}", "") or ""
    if language == SECOND_LANGUAGE:
        return Localized(spanish, SECOND_LANGUAGE) if spanish else Localized(english, FIRST_LANGUAGE, bool(english))
    return Localized(english, FIRST_LANGUAGE) if english else Localized(spanish, SECOND_LANGUAGE, bool(spanish))


class BilingualContent:
    """Mixin for models whose typed text has a Spanish column beside the English (``title``, ``title_es``).

    ``bilingual_fields`` names the English columns; forms lay each beside its Spanish one
    (:func:`qic.core.forms.spanish_beside_english`) and a test checks every pair exists. These models'
    ``__str__`` is their title in the reader's language, so choice lists and messages follow the page.
    """

    bilingual_fields: ClassVar[tuple[str, ...]] = ()

    def localized(self, field_name: str, language: str | None = None) -> Localized:
        return localized_text(self, field_name, language=language)


def catalogue_text(value: str) -> Localized:
    """Reference wording that ships with QIC and is seldom changed, kept in one column: its Spanish is
    in the translation catalogue (the shipped texts are marked with ``gettext_noop``, as in
    ``measures/registry_wording.py``). Text staff wrote themselves has no catalogue entry and is shown
    as it is, marked as English on a Spanish page."""
    if not value or active_language_code() != SECOND_LANGUAGE:
        return Localized(value or "", FIRST_LANGUAGE)
    translated = gettext(value)
    return Localized(translated, SECOND_LANGUAGE) if translated != value else Localized(value, FIRST_LANGUAGE, True)
