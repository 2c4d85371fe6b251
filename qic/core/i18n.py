"""Bilingual content stored on the row itself.

Reference content (the framework's aims, items and rules) is kept in English and Spanish as pairs of
columns, ``text`` and ``text_es``. ``localized("text")`` returns a read-only property that gives the
column for the active language and falls back to English when the translation is blank, so a page
never shows an empty cell because a translation is missing.
"""

from django.utils.translation import get_language

SECOND_LANGUAGE = "es"


def active_language_code() -> str:
    return (get_language() or "en").split("-")[0]


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
