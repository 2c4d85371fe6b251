"""What the crawl checks on each page it opens, and the report it fails with.

One :class:`Crawl` per language. Each role browses in a context of its own (its session cookie, the language
cookie), one tab, first at 360 px: the answer's status (a page the role may not see must answer 403, 404 or a
redirect to sign in, and is not checked further; a 5xx fails), sideways scrolling, console errors, uncaught
exceptions and CSP violations, axe-core, duplicate ids, and on Spanish pages English interface text
(``crawl_english``). The same tab is then widened to 1280 px and checked again.

axe is the expensive part, so it runs once per distinct DOM, hashed with CSRF tokens, nonces and the
language form's return path stripped:
- at 360 px the page is split into its frame (everything outside ``<main>``: header, menus, footer) and its
  ``<main>``. A frame not seen before gets a full axe run; a known frame around a new ``<main>`` gets axe on
  ``<main>`` only (axe still resolves labels, ARIA references and colours against the whole page); a page whose
  frame and ``<main>`` were both checked, as the same page seen by another role or twice, is not run again.
  Duplicate ids, which axe-core 4.7+ leaves out and which could arise between the two, are checked on every page.
- at 1280 px axe runs on a DOM never checked at either width (a page whose scripts change it when it is
  widened), and on each frame's ``<header>`` once, where the desktop menus show that the phone's hide.
"""

import hashlib
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

from tests.browser.crawl_english import english_on_spanish_page
from tests.browser.helpers import axe_violations

WIDTHS = (360, 1280)
HEIGHT = 740

# Collects CSP violations whether or not they reach the console, from before the page's own scripts run.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
    + `(${event.sourceFile || "page"}:${event.lineNumber})`);
});
"""
DOM = "() => document.documentElement.outerHTML"
VOLATILE = [
    re.compile(r'(name="csrfmiddlewaretoken" value=)"[^"]*"'),
    re.compile(r'(nonce=)"[^"]*"'),
    re.compile(r'(name="csrf-token" content=)"[^"]*"'),
    re.compile(r'(name="next" value=)"[^"]*"'),  # the language switcher's return path: the page's own URL
]
TITLE = re.compile(r"<title>.*?</title>", re.S)
STATE = """() => {
  const main = document.querySelector("main"), header = document.querySelector("header");
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  return {scroll: document.documentElement.scrollWidth, csp: window.__violations || [],
          dom: document.documentElement.outerHTML, main: main ? main.outerHTML : null,
          header: header ? header.outerHTML : null, title: document.title.trim(),
          duplicates: [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n}×)`)};
}"""


def dom_hash(html: str) -> str:
    for pattern in VOLATILE:
        html = pattern.sub(r'\1""', html)
    return hashlib.sha1(html.encode(), usedforsecurity=False).hexdigest()


def short(error: str) -> str:
    """A console message without the parts that differ on every page (a CSP report's hash and advice)."""
    return error.split(". Either the")[0].split("\n")[0][:240]


def describe_axe(violation: dict) -> str:
    targets = [" >> ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
    more = len(violation["nodes"]) - len(targets)
    where = ", ".join(targets) + (f" (+{more} more)" if more > 0 else "")
    return f"axe {violation['id']} [{violation.get('impact')}] {violation['help']}: {where}"


@dataclass
class Figures:
    visits: int = 0
    pages: set = field(default_factory=set)
    denied: int = 0
    files: int = 0
    actions: int = 0
    axe_runs: int = 0
    axe_seconds: float = 0.0
    english_checks: int = 0


class Crawl:
    def __init__(self, *, language: str, base_url: str, login_url: str):
        self.language = language
        self.base_url = base_url
        self.login_url = login_url
        self.problems: dict[str, set[str]] = defaultdict(set)
        self.figures = Figures()
        self._axed: set[tuple[str, str, int]] = set()
        self._read: set[str] = set()

    def problem(self, kind: str, role: str, width: int | str, url: str, text: str) -> None:
        self.problems[kind].add(f"{role} {self.language} {width} {url}: {text}")

    # --- contexts -------------------------------------------------------------------------------------------

    def open_tab(self, browser, *, session: str | None):
        locale = "es-MX" if self.language == "es" else "en-US"
        context = browser.new_context(locale=locale, viewport={"width": WIDTHS[0], "height": HEIGHT})
        cookies = [{"name": "django_language", "value": self.language, "url": self.base_url}]
        if session:
            cookies.append({"name": "sessionid", "value": session, "url": self.base_url})
        context.add_cookies(cookies)
        context.add_init_script(WATCH)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: page.errors.append(f"uncaught {error}"))
        return page

    # --- one URL --------------------------------------------------------------------------------------------

    def visit(self, page, role: str, url: str) -> None:
        """Open ``url`` as ``role`` and check it at each width (a page the role may not see only for its status)."""
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        page.errors.clear()
        self.figures.visits += 1
        try:
            # Back as soon as the answer's status is known: a page the role may not see is not loaded further.
            response = page.goto(self.base_url + url, wait_until="commit")
            status = response.status if response else 0
            landed = page.url.removeprefix(self.base_url)
            refused = status in (403, 404) or (
                landed != url and landed.startswith(("/accounts/login/", "/admin/login/"))
            )
            if status == 200 and not refused:
                page.wait_for_load_state("load")
            elif status in (403, 404):  # its "failed to load" console message, before the next page's checks
                page.wait_for_load_state("domcontentloaded")
        except Exception as error:  # a crash or a download instead of a page is reported, the crawl goes on
            self.problem("status", role, "-", url, f"did not load: {str(error).splitlines()[0]}")
            return
        if status >= 500:
            self.problem("status", role, "-", url, f"server error {status}")
            return
        if refused:
            self.figures.denied += 1
            return
        if status != 200:
            self.problem("status", role, "-", url, f"answered {status}")
            return
        self.figures.pages.add(url)
        for width in WIDTHS:
            if width != WIDTHS[0]:
                page.set_viewport_size({"width": width, "height": HEIGHT})
            self._check(page, role, url, width)

    def _check(self, page, role: str, url: str, width: int) -> None:
        state = page.evaluate(STATE)
        if state["scroll"] > width:
            self.problem("overflow", role, width, url, f"{state['scroll']} px wide: it scrolls sideways")
        for error in [*page.errors, *state["csp"]]:
            self.problem("console/CSP", role, width, url, short(error))
        page.errors.clear()
        if state["duplicates"]:
            self.problem("duplicate ids", role, width, url, ", ".join(state["duplicates"][:5]))
        if not state["title"]:
            self.problem("axe", role, width, url, "the page has no <title>")
        whole = dom_hash(state["dom"])
        for context in self._axe_contexts(state, whole, width):
            self._axe(page, role, url, width, context)
        if self.language == "es" and whole not in self._read:
            self._read.add(whole)
            self.figures.english_checks += 1
            for text in english_on_spanish_page(page, admin=url.startswith("/admin/")):
                self.problem("English on a Spanish page", role, width, url, text)

    def _axe_contexts(self, state: dict, whole: str, width: int) -> list[str | None]:
        """What to run axe on (None: the whole page), remembering what is now checked."""
        main = dom_hash(state["main"]) if state["main"] else whole
        frame = dom_hash(TITLE.sub("", state["dom"].replace(state["main"] or "", "<main></main>")))
        seen = self._axed
        if width == WIDTHS[0]:
            keys = [("frame", frame, width), ("main", main, width), ("dom", whole, 0)]
            if keys[0] not in seen:
                seen.update(keys)
                return [None]
            if keys[1] not in seen:
                seen.update(keys)
                return ["main"]
            return []
        contexts = []
        if ("dom", whole, 0) not in seen:
            seen.add(("dom", whole, 0))
            contexts.append(None)
        header = ("header", dom_hash(state["header"] or ""), width)
        if state["header"] and header not in seen:
            seen.add(header)
            contexts.append(None if contexts else "header")
        return contexts

    def _axe(self, page, role: str, url: str, width: int, context: str | None) -> None:
        started = time.perf_counter()
        violations = axe_violations(page, context=context)
        self.figures.axe_runs += 1
        self.figures.axe_seconds += time.perf_counter() - started
        for violation in violations:
            self.problem("axe", role, width, url, describe_axe(violation))

    def fetch(self, page, role: str, url: str) -> None:
        """A file (CSV, PDF, iCalendar, JSON, SVG, CSS): its status only."""
        self.figures.files += 1
        status = page.request.get(self.base_url + url, max_redirects=0).status
        if status >= 500:
            self.problem("status", role, "-", url, f"server error {status}")

    def act(self, page, role: str, url: str) -> None:
        """A POST-only action opened with GET: refused (405, 403, 404 or to sign in), never a server error."""
        self.figures.actions += 1
        status = page.request.get(self.base_url + url, max_redirects=0).status
        if status >= 500 or status == 200:
            self.problem("status", role, "-", url, f"POST-only action answered GET with {status}")

    # --- the report -----------------------------------------------------------------------------------------

    def report(self, *, shown: int = 4) -> str:
        """Every problem as ``role language width url: problem``, by kind; the same problem on many pages is
        listed on its first ``shown`` and counted on the rest, so one run's report stays readable."""
        lines = []
        for kind in sorted(self.problems):
            by_text = defaultdict(list)
            for line in self.problems[kind]:
                where, text = line.split(": ", 1)
                by_text[text].append(where)
            lines.append(f"== {kind}: {len(by_text)} problems on {len(self.problems[kind])} visits ==")
            for text, places in sorted(by_text.items(), key=lambda entry: (-len(entry[1]), entry[0])):
                places.sort()
                lines += [f"{where}: {text}" for where in places[:shown]]
                if len(places) > shown:
                    lines.append(f"    … and on {len(places) - shown} more: {', '.join(places[shown:])[:300]}")
        return "\n".join(lines)
