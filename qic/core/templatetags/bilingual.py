"""Typed content in the reader's language, marked when it is not.

``{% localized cell "name" %}`` prints the Spanish on a Spanish page. Without a Spanish version it
prints the English inside ``<span lang="en">`` (so a screen reader reading Spanish switches voice
rather than mangling the words) followed by "(English only)" in the page's language, so a reader
knows nobody has translated it yet rather than thinking the page is broken. The reverse holds on an
English page for text typed only in Spanish.

- ``linebreaks=True`` keeps the line breaks of a long text (``<br>``, still inline).
- ``marker=False`` drops the note where it would be noise (a second mention of the same title).
- ``{% localized value %}`` takes a :class:`~qic.core.i18n.Localized` a view or selector made.
- ``{{ cell|localized_plain:"name" }}`` gives the bare text, for ``<title>``, attributes and option labels.
- ``{% localized cell "name" as name %}`` keeps the markup for a ``{% blocktranslate with %}``.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from qic.core.generated_text import generated_text_in_language
from qic.core.i18n import FIRST_LANGUAGE, Localized, localized_text

register = template.Library()


def _value(obj, field_name) -> Localized:
    if isinstance(obj, Localized):
        return obj
    if obj is None or obj == "":
        return Localized("", FIRST_LANGUAGE)
    return localized_text(obj, field_name)


def only_in_note(lang: str) -> str:
    """The note after a fallback, in the reader's language: which language the text is in."""
    return gettext("English only") if lang == FIRST_LANGUAGE else gettext("Spanish only")


@register.simple_tag
def localized(obj, field_name: str = "", *, linebreaks: bool = False, marker: bool = True):
    value = _value(obj, field_name)
    text = linebreaksbr(value.text, autoescape=True) if linebreaks else conditional_escape(value.text)
    if not value.fallback:
        return mark_safe(text)  # escaped just above
    note = format_html(' <span class="only-in small text-body-secondary">({})</span>', only_in_note(value.lang))
    return format_html('<span lang="{}">{}</span>{}', value.lang, text, note if marker else "")


@register.filter
def localized_plain(obj, field_name: str = "") -> str:
    return _value(obj, field_name).text


@register.filter
def in_reader_language(text: str) -> str:
    """Text QIC generated and stored (a history record's reason) in the page's language:
    ``{{ record.history_change_reason|in_reader_language }}`` (:mod:`qic.core.generated_text`)."""
    return generated_text_in_language(text)
