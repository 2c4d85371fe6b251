"""Journeys people take through the quality framework, in a real browser (headless Chromium).

Each test drives one page through the live server the way a reader, QI staff member or keyboard
or phone user would, and checks what they would see. The last group runs axe-core's WCAG 2.0/2.1
A and AA rules on every framework page in English and in Spanish.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from aims.models import Aim, Level, MatrixItem
from aims.selectors import matrix_items_search
from tests.browser.helpers import axe_violations, describe_violations, duplicate_ids, sign_in, switch_language


def _item_link(scope, code):
    """The link to an item, whose accessible name starts with its code."""
    return scope.get_by_role("link", name=re.compile(rf"^{re.escape(code)}\s"))


# 1. Walk the grid ---------------------------------------------------------------------------------


@pytest.mark.browser
def test_walk_the_grid_from_an_aim_to_an_item_to_a_level(page: Page, site):
    timely = Aim.objects.get(slug="timely")
    first_item = MatrixItem.objects.for_display().filter(aim=timely, parent__isnull=True).first()
    level = first_item.level

    page.goto(f"{site}/framework/")
    grid = page.get_by_role("table", name=re.compile("Aims \\(rows\\) by levels"))
    expect(grid).to_be_visible()
    expect(grid.locator("thead th[scope=col]")).to_have_count(1 + 4)  # the "Aim" corner + 4 levels
    for each in Level.objects.all():
        expect(grid.get_by_role("columnheader", name=each.name)).to_be_visible()
    expect(grid.get_by_role("rowheader")).to_have_count(6)
    expect(grid.locator("tbody tr")).to_have_count(6)
    expect(grid.get_by_role("cell")).to_have_count(24)
    expect(grid.get_by_role("rowheader").first).to_have_text("Efficient")

    grid.get_by_role("rowheader", name="Timely").get_by_role("link", name="Timely").click()
    expect(page).to_have_url(f"{site}/framework/aims/timely/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aim: Timely")
    expect(page.locator(".aim-definition")).to_have_text(timely.definition)
    # Every Timely item, top-level bullets and sub-items, is listed under its level.
    expect(page.locator("main .item-list a")).to_have_count(MatrixItem.objects.filter(aim=timely).count())
    expect(page.get_by_role("heading", level=2, name=level.name)).to_be_visible()

    _item_link(page.locator("main"), first_item.code).click()
    expect(page).to_have_url(f"{site}/framework/items/{first_item.code}/")
    title = page.get_by_role("heading", level=1)
    expect(title.locator(".item-code")).to_have_text(first_item.code)
    expect(title).to_contain_text(first_item.text)
    expect(page.locator(".item-facts")).to_contain_text("Need or desire")
    expect(page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Timely")).to_be_visible()

    page.locator(".item-facts").get_by_role("link", name=level.name, exact=True).click()
    expect(page).to_have_url(f"{site}/framework/levels/{level.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Level: {level.name}")
    expect(page.get_by_role("heading", level=2, name="Timely")).to_be_visible()
    _item_link(page.locator("main"), first_item.code).click()  # and back down to the item
    expect(page).to_have_url(f"{site}/framework/items/{first_item.code}/")


# 2. Search ----------------------------------------------------------------------------------------


@pytest.mark.browser
def test_search_for_words_then_narrow_by_kind(page: Page, site):
    # What the search should find, by the site's own rules (PostgreSQL also matches word stems).
    matching = matrix_items_search(query="disparities")
    assert matching.exists()

    page.goto(f"{site}/framework/search/")
    search = page.get_by_role("search")
    search.get_by_label("Words to find").fill("disparities")
    search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/framework/search/\?q=disparities"))
    results = page.locator("ol.search-results > li")
    expect(page.get_by_role("heading", level=2)).to_have_text(f"{matching.count()} items found")
    expect(results).to_have_count(matching.count())
    for text in results.locator("a").all_inner_texts():
        assert "disparit" in text.lower(), text
    # The word stays in the box, so the reader can refine the search.
    expect(search.get_by_label("Words to find")).to_have_value("disparities")

    # Every item mentioning disparities is a strategy: asking for needs only narrows to none.
    search.get_by_label("Kind").select_option("need")
    search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"kind=need"))
    expect(page.get_by_role("heading", level=2)).to_have_text("0 items found")
    expect(results).to_have_count(1)
    expect(results).to_have_text(re.compile("^Nothing matches"))

    # A word found in needs and strategies alike: the kind filter keeps only the needs.
    search.get_by_label("Words to find").fill("cultural")
    search.get_by_label("Kind").select_option("")
    search.get_by_role("button", name="Search").click()
    expect(results.first).to_be_visible()
    everything = results.count()
    search.get_by_label("Kind").select_option("need")
    search.get_by_role("button", name="Search").click()
    needs = matrix_items_search(query="cultural", kind="need").count()
    expect(results).to_have_count(needs)
    assert 0 < needs < everything == matrix_items_search(query="cultural").count()
    for detail in results.locator(".small").all_inner_texts():
        assert detail.endswith("Need or desire")

    search.get_by_label("Words to find").fill("zzxqvplk")
    search.get_by_label("Kind").select_option("")
    search.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("0 items found")
    expect(page.get_by_text("Nothing matches. Try fewer or different words, or clear the filters.")).to_be_visible()


# 3. The same walk in Spanish ----------------------------------------------------------------------


@pytest.mark.browser
def test_walk_the_framework_in_spanish(page: Page, site):
    timely = Aim.objects.get(slug="timely")
    first_item = MatrixItem.objects.for_display().filter(aim=timely, parent__isnull=True).first()

    page.goto(f"{site}/framework/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("group", name="Language").get_by_role("button", name="Español").click()
    expect(page).to_have_url(f"{site}/framework/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("button", name="Español")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "false")

    grid = page.get_by_role("table")
    expect(grid.get_by_role("rowheader")).to_have_text([aim.name_es for aim in Aim.objects.all()])
    for level in Level.objects.all():
        expect(grid.get_by_role("columnheader", name=level.name_es)).to_be_visible()
    expect(grid.get_by_role("link", name="Timely", exact=True)).to_have_count(0)

    grid.get_by_role("link", name="Oportuno", exact=True).click()
    expect(page).to_have_url(f"{site}/framework/aims/timely/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Objetivo: Oportuno")
    expect(page.locator(".aim-definition")).to_have_text(timely.definition_es)

    _item_link(page.locator("main"), first_item.code).click()
    title = page.get_by_role("heading", level=1)
    expect(title).to_contain_text(first_item.text_es)
    expect(title).not_to_contain_text(first_item.text)
    expect(page.locator(".item-facts").get_by_role("link", name="Oportuno")).to_be_visible()
    # The interface itself comes from locale/es: "Skip to main content", the "Main" menu's
    # "Framework" and "Sign in" (and "Aim: %(name)s" above).
    expect(page.get_by_role("link", name="Saltar al contenido principal")).to_be_attached()
    menu = page.get_by_role("navigation", name="Principal")
    expect(menu.get_by_role("button", name="Marco de calidad")).to_be_visible()
    expect(page.get_by_role("link", name="Iniciar sesión")).to_be_visible()

    # The choice sticks, and the other button (in the group now named "Idioma") brings English back.
    page.get_by_role("group", name="Idioma").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(title).to_contain_text(first_item.text)


# 4. QI staff edit an item -------------------------------------------------------------------------


@pytest.mark.browser
def test_qi_staff_edit_an_item_and_see_it_in_the_history(page: Page, site, qi_user):
    item = MatrixItem.objects.get(code="TI-CF-01")
    new_text = "Receive services promptly, within days of asking for them"
    reason = "Council meeting of 12 March: reworded"

    sign_in(page, site, qi_user.username, next_path=item.get_absolute_url())
    expect(page).to_have_url(f"{site}{item.get_absolute_url()}")
    expect(page.get_by_role("heading", name="History of changes")).to_be_visible()
    expect(page.get_by_text("No changes since the framework was loaded.")).to_be_visible()

    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page).to_have_url(f"{site}/framework/items/{item.code}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit {item.code}")
    text_field = page.get_by_label("Text (English)")
    expect(text_field).to_have_value(item.text)
    text_field.fill(new_text)
    page.get_by_label("Reason for the change").fill(reason)
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(f"{site}{item.get_absolute_url()}")
    expect(page.get_by_role("status")).to_contain_text(f"Item {item.code} saved.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(new_text)
    history = page.get_by_role("table", name="Changes to this item, newest first")
    newest = history.locator("tbody tr").first
    expect(newest.locator("td")).to_have_text([re.compile(r"\S"), qi_user.username, "Changed", reason, new_text])
    item.refresh_from_db()
    assert item.text == new_text
    violations = axe_violations(page)  # the message and the history table, which appear only now
    assert not violations, f"item page after a change:\n{describe_violations(violations)}"

    # A blank text is refused beside the field, and what was typed in the reason is kept.
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Text (English)").fill("   ")
    page.get_by_label("Reason for the change").fill("Trying a blank text")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{site}/framework/items/{item.code}/edit/")
    text_field = page.get_by_label("Text (English)")
    expect(text_field).to_have_attribute("aria-invalid", "true")
    error = page.locator("#div_id_text .invalid-feedback")
    expect(error).to_be_visible()
    expect(error).to_have_text(re.compile("required|cannot be blank"))
    expect(text_field).to_have_accessible_description(re.compile("required|cannot be blank"))
    expect(page.get_by_label("Reason for the change")).to_have_value("Trying a blank text")
    violations = axe_violations(page)  # the form with its error must stay accessible too
    assert not violations, f"edit form with an error:\n{describe_violations(violations)}"
    item.refresh_from_db()
    assert item.text == new_text


# 5. Keyboard --------------------------------------------------------------------------------------


@pytest.mark.browser
def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page: Page, site):
    page.goto(f"{site}/framework/aims/timely/")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).not_to_be_in_viewport()  # out of sight until a keyboard user needs it

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport(ratio=1)
    expect(skip).not_to_have_css("outline-style", "none")  # the focus ring shows

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()
    # The next Tab goes into the content (the breadcrumb), not back through the header.
    page.keyboard.press("Tab")
    crumb = page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Framework")
    expect(crumb).to_be_focused()
    expect(crumb).to_have_css("outline-style", "solid")


# 6. Phone -----------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/framework/", "/framework/items/EF-PR-01/", "/framework/search/?q=access"])
def test_phone_has_no_sideways_scrolling_and_a_working_menu(page: Page, site, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site}{path}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1] + 1, f"the page scrolls sideways on a phone: {widths[0]}px wide in {widths[1]}px"
    if path == "/framework/":  # the grid stacks each aim's cells; its caption must reflow with them
        grid = page.get_by_role("table")
        caption_box, grid_box = grid.locator("caption").bounding_box(), grid.bounding_box()
        assert caption_box["width"] >= 0.9 * grid_box["width"], (caption_box, grid_box)
        assert grid_box["x"] + grid_box["width"] <= 390
    violations = axe_violations(page)  # the stacked phone layout has its own colours and headings
    assert not violations, f"{path} at 390px:\n{describe_violations(violations)}"

    menu = page.get_by_role("navigation", name="Main")
    search_link = menu.get_by_role("link", name="Search", exact=True)
    toggler = menu.get_by_role("button", name="Show or hide the menu")
    expect(search_link).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    framework_menu = menu.get_by_role("button", name="Framework", exact=True)
    expect(framework_menu).to_have_attribute("aria-expanded", "false")
    framework_menu.click()
    expect(framework_menu).to_have_attribute("aria-expanded", "true")
    expect(search_link).to_be_visible()
    expect(menu.get_by_role("button", name="Español")).to_be_visible()
    search_link.click()
    expect(page).to_have_url(f"{site}/framework/search/")


# 7. Accessibility (axe-core, WCAG 2.0/2.1 A and AA) -----------------------------------------------

AXE_PAGES = {
    "home": ("/", False),
    "grid": ("/framework/", False),
    "aim": ("/framework/aims/person-family-centered/", False),
    "item": ("/framework/items/EF-PR-01/", True),  # signed in: the Edit button and the history show
    "level": ("/framework/levels/clients-family/", False),
    "search": ("/framework/search/?q=disparities", False),
    "berwick": ("/framework/berwick/", False),
    "rules": ("/framework/rules/", False),
    "login": ("/accounts/login/", False),
    "item-edit": ("/framework/items/EF-PR-01/edit/", True),
}


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_pages_have_no_wcag_violations(page: Page, site, framework, name, language, request):
    path, needs_sign_in = AXE_PAGES[name]
    if needs_sign_in:
        user = request.getfixturevalue("qi_staff")
        sign_in(page, site, user.username, next_path=path)
    else:
        page.goto(f"{site}{path}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if language != "en":
        switch_language(page, language)
        expect(page).to_have_url(f"{site}{path}")
    violations = axe_violations(page)
    assert not violations, f"{name} page ({language}, {path}):\n{describe_violations(violations)}"
    assert duplicate_ids(page) == [], f"{name} page ({language}) repeats ids"
