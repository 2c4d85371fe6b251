"""Small helpers shared by the browser journeys: sign in, switch language, run axe-core."""

from urllib.parse import quote

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

PASSWORD = "correct horse battery staple"

# WCAG 2.0 and 2.1, levels A and AA: what the county's accessibility policy requires.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_axe = Axe()


def sign_in(page: Page, base_url: str, username: str, *, next_path: str = "") -> None:
    """Sign in through the real login form, as a person would; ends on ``next_path`` (or home)."""
    url = f"{base_url}/accounts/login/"
    if next_path:
        url += f"?next={quote(next_path)}"
    page.goto(url)
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page.locator("header .user-name")).to_have_text(username)


def follow_menu_link(page: Page, menu: str, link: str) -> None:
    """Open one of the header's menus (``menu`` names its button) and follow its link named ``link``."""
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name=menu, exact=True).click()
    nav.get_by_role("link", name=link, exact=True).click()


def switch_language(page: Page, code: str) -> None:
    """Press the header's language button for ``code``; the same page comes back in that language."""
    page.locator(f"header form.language-switcher button[name=language][value={code}]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def describe_violations(violations: list[dict], *, max_targets: int = 3) -> str:
    """One actionable paragraph per axe violation: rule, impact, what to do and where."""
    lines = [f"{len(violations)} axe violation(s):"]
    for violation in violations:
        nodes = violation["nodes"]
        targets = [" >> ".join(map(str, node["target"])) for node in nodes[:max_targets]]
        more = f" (+{len(nodes) - max_targets} more)" if len(nodes) > max_targets else ""
        lines.append(
            f"- {violation['id']} [{violation.get('impact')}] {violation['help']} — {violation.get('helpUrl', '')}\n"
            f"    targets: {', '.join(targets)}{more}"
        )
        summary = (nodes[0].get("failureSummary") or "").strip() if nodes else ""
        if summary:
            lines.append("    first: " + summary.replace("\n", "\n           "))
    return "\n".join(lines)


def axe_violations(page: Page, *, context: str | None = None) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules only) on the page as it is now, or on the elements ``context``
    selects (axe still resolves labels, references and colours against the whole page)."""
    return _axe.run(page, context=context, options=AXE_OPTIONS).response["violations"]


def duplicate_ids(page: Page) -> list[str]:
    """Ids used more than once (axe-core 4.7+ no longer checks this outside ARIA references)."""
    return page.evaluate(
        """() => {
            const seen = new Map();
            for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
            return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n}×)`);
        }"""
    )


def assert_accessible(page: Page, where: str) -> None:
    """Fail with a readable list if axe finds WCAG 2.0/2.1 A or AA violations on the page as it is now."""
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe_violations(violations)}"
