"""Every page on a phone (360 × 740), in English and in Spanish: nothing scrolls sideways, axe finds nothing, the
menus open, and a form sent with mistakes opens with an error summary that takes the reader to each field."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in, switch_language

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
# What a person reads in each language: the main menu's name, its button and the summary's title.
WORDS = {
    "en": {
        "menu": "Main",
        "toggler": "Show or hide the menu",
        "framework": "Framework",
        "problem": "There is a problem",
    },
    "es": {
        "menu": "Principal",
        "toggler": "Mostrar u ocultar el menú",
        "framework": "Marco de calidad",
        "problem": "Hay un problema",
    },
}


def open_on_a_phone(page: Page, url: str, language: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(url)
    if language != "en":
        switch_language(page, language)


def assert_fits_the_screen(page: Page, where: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{where} scrolls sideways on a 360 px phone: {width} px wide"


@pytest.fixture
def an_import(qi_user):
    """An import with a rejected file: its page has the files table, the problems table and a preview."""
    from tests.measures.importing import CLIENTS, CLIENTS_HEADER, csv_bytes, good_file, incoming, run_import

    bad = csv_bytes(CLIENTS_HEADER, [*CLIENTS, "C4,not-a-year,female,false,white,english,north"])
    return run_import(good_file("requests"), incoming("clients.csv", bad, "clients"), user=qi_user, commit=False)


@pytest.fixture
def a_dialogue(framework):
    from tests.dialogues.sessions_helpers import make_dialogue

    return make_dialogue()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_home_page_fits_a_phone_and_its_menus_open_from_the_menu_button(page: Page, site, language):
    words = WORDS[language]
    open_on_a_phone(page, f"{site}/", language)
    assert_fits_the_screen(page, "home")
    # The council's name wraps beside the menu button, on the same row.
    brand, toggler = page.locator(".navbar-brand"), page.get_by_role("button", name=words["toggler"])
    assert abs(brand.bounding_box()["y"] - toggler.bounding_box()["y"]) < brand.bounding_box()["height"]
    assert_accessible(page, f"home at 360 px ({language})")

    menu = page.get_by_role("navigation", name=words["menu"])
    framework_menu = menu.get_by_role("button", name=words["framework"], exact=True)
    expect(framework_menu).to_be_hidden()
    toggler.click()
    framework_menu.click()
    expect(framework_menu).to_have_attribute("aria-expanded", "true")
    rules = menu.get_by_role("link", name=re.compile("^(Aims and rules|Objetivos y reglas)$"))
    expect(rules).to_be_visible()
    assert_fits_the_screen(page, "home with a menu open")
    assert_accessible(page, f"home with the Framework menu open ({language})")
    # Escape closes the menu and gives focus back to its button, as Bootstrap's dropdowns do.
    page.keyboard.press("Escape")
    expect(framework_menu).to_have_attribute("aria-expanded", "false")
    expect(framework_menu).to_be_focused()
    framework_menu.click()
    rules.click()
    expect(page).to_have_url(f"{site}/framework/rules/")
    page.get_by_role("button", name=words["toggler"]).click()
    page.get_by_role("button", name=words["framework"], exact=True).click()
    expect(menu.get_by_role("link", name=re.compile("^(Aims and rules|Objetivos y reglas)$"))).to_have_attribute(
        "aria-current", "page"
    )


def test_the_account_menu_holds_the_personal_pages_and_signing_out(page: Page, site, qi_user):
    sign_in(page, site, qi_user.username)
    menu = page.get_by_role("navigation", name="Main")
    account = menu.get_by_role("button", name=f"Your account: {qi_user.username}")
    account.click()
    for name in ("My cells", "My action items", "My reminders"):
        expect(menu.get_by_role("link", name=name)).to_be_visible()
    expect(menu.get_by_role("link", name="Administration")).to_have_count(0)  # for administrators only, as before
    assert_accessible(page, "account menu open")
    menu.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_what_the_public_sees_in_the_menus_is_what_they_may_open(page: Page, site):
    page.goto(f"{site}/")
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_role("button", name="Council's work").click()
    expect(menu.get_by_role("link", name="Council meetings")).to_be_visible()
    for hidden in ("Projects", "Council overview", "Stalled work"):
        expect(menu.get_by_role("link", name=hidden, exact=True)).to_have_count(0)
    menu.get_by_role("button", name="Measures and data").click()
    expect(menu.get_by_role("link", name="Data imports")).to_have_count(0)
    expect(menu.get_by_role("button", name=re.compile("Your account"))).to_have_count(0)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_council_overview_fits_a_phone(page: Page, site, qi_user, language):
    sign_in(page, site, qi_user.username, next_path="/partners/council/")
    open_on_a_phone(page, f"{site}/partners/council/", language)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_fits_the_screen(page, "/partners/council/")
    assert_accessible(page, f"council overview at 360 px ({language})")


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_imports_page_fits_a_phone_and_its_wide_tables_scroll_by_keyboard(
    page: Page, site, qi_user, an_import, language
):
    sign_in(page, site, qi_user.username)
    open_on_a_phone(page, f"{site}/data/imports/{an_import.pk}/", language)
    expect(page.locator("table.problems")).to_be_visible()
    assert_fits_the_screen(page, "an import's page")
    # The files table scrolls inside its box, which a keyboard can reach and a screen reader names.
    files = page.locator(".table-responsive").first
    expect(files).to_have_attribute("tabindex", "0")
    expect(files).to_have_attribute("role", "region")
    expect(files).to_have_attribute("aria-label", re.compile(r"\S"))
    assert_accessible(page, f"import page at 360 px ({language})")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_form_sent_with_mistakes_opens_with_a_summary_that_leads_to_each_field(page: Page, site, language):
    words = WORDS[language]
    open_on_a_phone(page, f"{site}/partners/join/", language)
    title = page.title()
    page.locator("main form").get_by_label(re.compile("Your name|Su nombre")).fill("Rosa")
    page.locator("main form button[type=submit]").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name=words["problem"])).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert page.title() == f"Error: {title}"
    # Each problem once, in the page's order, none of them Django's "This field is required."
    links = summary.get_by_role("link")
    expect(links).to_have_count(4)  # role, e-mail or phone, and the two agreements
    expect(summary).not_to_contain_text(re.compile("This field is required|Este campo es obligatorio"))
    assert_fits_the_screen(page, "the join form with its errors")
    assert_accessible(page, f"join form with errors at 360 px ({language})")

    # A link takes focus to its field; for radios, to the first of them, with its question in view.
    links.first.click()
    first_radio = page.locator("#id_role_0")
    expect(first_radio).to_be_focused()
    expect(page.locator("#div_id_role legend, fieldset:has(#id_role_0) legend").first).to_be_in_viewport()
    links.nth(1).click()
    expect(page.locator("#id_email")).to_be_focused()
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")


def test_a_phone_we_cannot_call_is_the_only_contact_problem_named(page: Page, site):
    page.goto(f"{site}/partners/join/")
    form = page.locator("main form")
    form.get_by_label("Your name").fill("Rosa")
    form.get_by_label("Phone").fill("call me")
    form.locator("button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link", name=re.compile("not look like a phone number"))).to_have_attribute(
        "href", "#id_phone"
    )
    expect(summary).not_to_contain_text("Give an e-mail address or a phone number")


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_admin_change_form_fits_a_phone_and_passes_axe(page: Page, site, administrator, a_dialogue, language):
    sign_in(page, site, administrator.username)
    open_on_a_phone(page, f"{site}/", language)
    page.goto(f"{site}/admin/dialogues/dialogue/{a_dialogue.pk}/change/")
    # The split date and time boxes each have a name of their own.
    expect(page.locator("#id_starts_at_0")).to_have_accessible_name(re.compile("(Date|Fecha)"))
    expect(page.locator("#id_starts_at_1")).to_have_accessible_name(re.compile("(Time|Hora)"))
    assert_fits_the_screen(page, "an admin change form")
    assert_accessible(page, f"admin change form at 360 px ({language})")


@pytest.fixture
def an_opportunity_named_by_a_link(framework):
    from dialogues.models import CellStatus, CqiCell, ImprovementOpportunity, ReviewStatus

    cell = CqiCell.objects.create(name="First appointment", slug="first-appointment", status=CellStatus.ACTIVE)
    return ImprovementOpportunity.objects.create(
        cell=cell,
        title="Read https://www.dhcs.ca.gov/services/MH/Documents/BHIN-22-033-Network-Adequacy-Standards.pdf",
        review_status=ReviewStatus.APPROVED,
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_title_holding_a_long_link_breaks_instead_of_widening_the_page(
    page: Page, site, qi_user, an_opportunity_named_by_a_link, language
):
    """A flex item (a title beside its buttons, a breadcrumb) is never narrower than its longest word unless told."""
    sign_in(page, site, qi_user.username)
    open_on_a_phone(page, f"{site}{an_opportunity_named_by_a_link.get_absolute_url()}", language)
    expect(page.get_by_role("heading", level=1)).to_contain_text("dhcs.ca.gov")
    assert_fits_the_screen(page, "an opportunity whose title is a link")
