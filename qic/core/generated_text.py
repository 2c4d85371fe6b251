"""Text QIC wrote itself and stored, shown in the reader's language.

A history record's reason ("Agenda built"), an import's message ("Nothing was loaded: 3 problems were
found...") and the reasons of its problems are written by a service in whatever language was active then:
the language of the person whose request ran it, or English in a Celery task or a management command.
Shown as stored, a Spanish page would read "Agenda built" and an English page "Orden del día preparado".

So such text is read back through the Spanish catalogue when it is shown, in either direction: a message
stored in one language is matched against the catalogue (with its parameters, such as the cell's name or
the count, taken from the stored text) and written again in the reader's language. Text with no catalogue
entry (what a person typed as their reason) is shown as it is.
"""

import re
import struct
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext, ngettext

from .i18n import SECOND_LANGUAGE, active_language_code

#: Longer messages are not generated reasons or import messages; leaving them out keeps the table small.
_LONGEST = 300
#: A message with parameters is matched only on this much wording of its own ("%(a)s: %(b)s" matches anything).
_LEAST_WORDING = 12
_PARAMETER = re.compile(r"%\((\w+)\)[sd]")


@dataclass(frozen=True)
class _Message:
    msgid: str
    plural: str = ""

    def render(self, values: dict) -> str:
        if not self.plural:
            return gettext(self.msgid) % values if values else gettext(self.msgid)
        number = next((_number(value) for value in values.values() if _number(value) is not None), 1)
        return ngettext(self.msgid, self.plural, number) % values


def _number(text: str) -> int | None:
    digits = re.sub(r"[,.\s\u00a0]", "", text)
    return int(digits) if digits.isdigit() else None


def _mo_entries(path: Path):
    """(msgid, msgid_plural, [msgstr forms]) of a compiled catalogue (the GNU .mo format)."""
    data = path.read_bytes()
    order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
    _magic, _revision, count, originals, translations = struct.unpack(order + "5I", data[:20])
    for index in range(count):
        length, offset = struct.unpack(order + "2I", data[originals + 8 * index : originals + 8 * index + 8])
        source = data[offset : offset + length].decode()
        length, offset = struct.unpack(order + "2I", data[translations + 8 * index : translations + 8 * index + 8])
        target = data[offset : offset + length].decode()
        if not source or "\x04" in source:  # the header, and messages with a context
            continue
        msgid, _sep, plural = source.partition("\x00")
        yield msgid, plural, [form for form in target.split("\x00") if form]


def _pattern(text: str) -> re.Pattern | None:
    parts = _PARAMETER.split(text)
    if len(parts) == 1 or len("".join(parts[::2]).strip()) < _LEAST_WORDING:
        return None
    pieces, named = [], set()
    for index, part in enumerate(parts):
        if index % 2 == 0:
            pieces.append(re.escape(part))
        elif part in named:
            pieces.append(f"(?P={part})")  # the same value again
        else:
            named.add(part)
            pieces.append(f"(?P<{part}>.+?)")
    return re.compile("^" + "".join(pieces) + "$", re.DOTALL)


@cache
def _catalogue() -> tuple[dict[str, _Message], list[tuple[re.Pattern, _Message]]]:
    """(every form of a message without parameters -> it, [(pattern of a form with parameters, its message)])."""
    plain, patterns = {}, []
    for folder in settings.LOCALE_PATHS:
        path = Path(folder) / SECOND_LANGUAGE / "LC_MESSAGES" / "django.mo"
        if not path.exists():
            continue
        for msgid, plural, forms in _mo_entries(path):
            if len(msgid) > _LONGEST:
                continue
            message = _Message(msgid, plural)
            for text in {msgid, plural, *forms} - {""}:
                pattern = _pattern(text)
                if pattern is not None:
                    patterns.append((pattern, message))
                elif not plural:
                    plain.setdefault(text, message)
    # The most specific wording first: "Handed to the cell %(cell)s" before "%(what)s to %(whom)s".
    patterns.sort(key=lambda entry: -len(_PARAMETER.sub("", entry[0].pattern)))
    return plain, patterns


def generated_text_in_language(text: str) -> str:
    """``text`` (written by QIC in English or Spanish) in the active language; other text as it is."""
    if not text:
        return text or ""
    # An import's problems repeat the same few reasons hundreds of times: each is matched once per language.
    return _in_language(text, active_language_code())


@lru_cache(maxsize=4096)
def _in_language(text: str, language: str) -> str:
    plain, patterns = _catalogue()
    if text in plain:
        return plain[text].render({})
    for pattern, message in patterns:
        match = pattern.match(text)
        if match:
            try:
                return message.render(match.groupdict())
            except (KeyError, TypeError, ValueError):
                return text
    return text
