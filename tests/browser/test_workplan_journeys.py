"""QI staff start a year's work plan, add an objective QIC has no data for and enter its first figure; the
pages pass axe-core and fit a 360 px phone (headless Chromium)."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_qi_staff_start_a_year_add_an_objective_and_enter_a_figure(page: Page, site, qi_user):
    today = timezone.localdate()
    year = today.year if today.month >= 7 else today.year - 1
    sign_in(page, site, qi_user.username, next_path="/workplan/")
    page.get_by_role("link", name="Start a new year").click()
    page.locator("#id_year").fill(str(year))
    page.get_by_label("The areas the state reviews (one goal each)").check()
    page.get_by_role("button", name="Create the plan").click()
    expect(page.locator("h1")).to_contain_text(f"FY{year}-")
    assert_accessible(page, "a new plan")

    page.get_by_role("link", name="Add an objective — 24/7 access line (test calls)").click()
    page.locator("#id_title").fill("Test calls answered in the caller's language")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_baseline")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_title")).to_have_value("Test calls answered in the caller's language")
    assert_accessible(page, "the objective form with errors")

    page.locator("#id_unit_label").fill("% of test calls")
    page.locator("#id_direction").select_option("increase")
    page.locator("#id_baseline").fill("80")
    page.locator("#id_target").fill("95")
    page.locator("#id_responsible").fill("Access line supervisor")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Test calls answered in the caller's language")
    expect(page.locator(".badge").first).to_have_text("No figures yet")

    page.get_by_role("link", name="Enter a figure").click()
    page.locator("#id_as_of").fill(min(today, date(year + 1, 6, 30)).isoformat())
    page.locator("#id_value").fill("96")
    page.locator("#id_source").fill("Test call log")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("The figure is recorded.")
    expect(page.locator(".badge").first).to_have_text("Met")
    assert_accessible(page, "the objective's page")

    page.set_viewport_size({"width": 360, "height": 740})
    for path in (page.url, f"{site}/workplan/FY{year}-{(year + 1) % 100:02d}/"):
        page.goto(path)
        # Inside the page's main content (the site header is the base template's own business). Plotly's
        # SVG draws past its box and is clipped there, so its parts are left out.
        wide = page.evaluate(
            "[...document.querySelectorAll('main *:not(svg *)')].filter(e => e.getBoundingClientRect().right > "
            "document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className)"
        )
        assert wide == [], f"{path} is wider than a 360 px phone"
        assert_accessible(page, f"{path} on a phone")
