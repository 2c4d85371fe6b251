"""English interface text on a Spanish page, found two ways.

What is read: every text node and every attribute a person hears (aria-label, title, placeholder, alt, the value
of an input button), outside any element marked ``lang="en"`` (the ``{% localized %}`` tag marks content nobody has
translated yet that way, with an "English only" note) and outside code, scripts, styles and the text of a
``<textarea>`` (what a person typed, being edited).

- (a) the text is exactly an English string of the compiled Spanish catalogue (the project's and Django's own,
  the admin's included) whose Spanish differs: an interface string left untranslated on the page;
- (b) for text the catalogue cannot know (built from pieces, written by code or JavaScript): at least two
  English-only function words and no Spanish ones. Not on the admin's pages: they show stored rows as they are
  (changelists, the options of a select, read-only fields, history), and the admin's own interface is all in
  the catalogue.
"""

import re
from functools import cache

COLLECT = """(admin) => {
  // On the admin's pages, what rows hold is shown as stored (a code, a period type, a group's name): the cells of
  // a changelist and of a history, the filters' choices, read-only values, a select's options and the objects a
  // deletion lists. The admin's own interface around them (headers, labels, buttons, help) is still read.
  const data = "#result_list td, #result_list tbody th, #changelist-filter li, .readonly, option, "
    + "#change-history td, #change-history tbody th, #content ul li, .inline-related h3, td.original p, "
    + "#content > h2, .breadcrumbs a[href$='/change/']";  // the row's own name, as a subtitle or a breadcrumb
  const skipped = "script, style, noscript, template, code, kbd, samp, textarea" + (admin ? ", " + data : "");
  const english = (el) => { const marked = el.closest("[lang]"); return marked && /^en/i.test(marked.lang); };
  const clean = (text) => (text || "").replace(/\\s+/g, " ").trim();
  const found = new Set();
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest(skipped) || english(element)) continue;
    found.add(clean(node.textContent));
  }
  const heard = "[aria-label], [title], [placeholder], [alt], input[type=submit], input[type=button], "
    + "input[type=reset]";
  for (const element of document.querySelectorAll(heard)) {
    if (english(element) || (admin && element.closest(data))) continue;
    for (const name of ["aria-label", "title", "placeholder", "alt"]) found.add(clean(element.getAttribute(name)));
    if (element.matches("input[type=submit], input[type=button], input[type=reset]")) found.add(clean(element.value));
  }
  return [...found].filter((text) => /[A-Za-z]{2}/.test(text));
}"""

# The same in both languages, or not words at all: left alone. (Names of people, places and products, codes and
# abbreviations are not in the catalogue and have no function words, so neither check sees them.)
ALLOWED = {
    "OK",
    "QIC",
    "PDSA",
    "CSV",
    "PDF",
    "HEDIS",
    "Medi-Cal",
    "Plotly",
    "English",  # the language switcher names each language in itself
    # Third-party interface without Spanish, known and left alone: django-axes names its attempts list's column
    # after a method (no label to translate, and axes ships no Spanish catalogue); Django 5.2's admin password form
    # shows its "usable password" help text in English although Django's catalogue has the Spanish.
    "Status",
    "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able "
    "to authenticate using other backends, such as Single Sign-On or LDAP.",
}

ENGLISH_WORDS = {
    "the", "and", "with", "of", "for", "your", "this", "that", "these", "those", "to", "is", "are", "was", "were",
    "be", "been", "has", "have", "had", "will", "would", "from", "by", "on", "at", "or", "an", "it", "its", "not",
    "you", "we", "our", "their", "they", "which", "who", "what", "when", "how", "into", "than", "after", "before",
    "about", "there", "here", "all", "each", "every", "any", "only", "more", "most", "yet", "per",
}  # fmt: skip
SPANISH_WORDS = {
    "de", "la", "el", "los", "las", "y", "con", "para", "por", "en", "un", "una", "del", "al", "que", "su", "sus",
    "es", "se", "lo", "le", "les", "más", "como", "sin", "sobre", "entre", "este", "esta", "estos", "estas", "o",
    "hay", "son", "fue", "ha", "han", "cada", "todos", "todas", "aún", "ni", "cuando", "donde", "usted",
}  # fmt: skip
WORD = re.compile(r"[a-záéíóúñü']+")


@cache
def untranslated_in_spanish() -> frozenset[str]:
    """English strings of the Spanish catalogue (the project's, Django's and its apps') whose Spanish differs."""
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("es")._catalog
    english = set()
    for key, spanish in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not isinstance(msgid, str) or "%" in msgid or "{" in msgid or "\x04" in msgid:
            continue  # placeholders cannot match a page's text exactly; context-marked ids are keyed by context
        text = " ".join(msgid.split())
        if len(text) > 1 and spanish and " ".join(spanish.split()) != text:
            english.add(text)
    return frozenset(english)


def looks_english(text: str) -> bool:
    words = WORD.findall(text.lower())
    return len(words) >= 3 and sum(w in ENGLISH_WORDS for w in words) >= 2 and not SPANISH_WORDS & set(words)


def english_on_spanish_page(page, *, admin: bool = False) -> list[str]:
    """The English interface text on the Spanish page as it is now, each with why it was found."""
    catalogue = untranslated_in_spanish()
    found = []
    for text in page.evaluate(COLLECT, admin):
        if text in ALLOWED or text.startswith(("{", "[")):
            continue  # (JSON the admin shows of a computation's audit, say, is data, not interface)
        if text in catalogue:
            found.append(f"untranslated string “{text[:120]}”")
        elif not admin and looks_english(text):
            found.append(f"English text “{text[:120]}”")
    return found
