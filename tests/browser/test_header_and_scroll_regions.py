"""The header reads well at every width, and every box that scrolls sideways can be reached by keyboard."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in, switch_language

pytestmark = pytest.mark.browser

NAMES = {"en": "Quality Improvement Council", "es": "Consejo de Mejoramiento de la Calidad"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_councils_name_is_shown_beside_the_mark_at_every_width_and_the_header_fits(
    page: Page, site, qi_user, language
):
    sign_in(page, site, qi_user.username)
    if language != "en":
        switch_language(page, language)
    for width in (360, 768, 992, 1100, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{site}/")
        name = page.locator(".site-header .brand-name")
        expect(name).to_have_text(NAMES[language])
        box = name.bounding_box()
        assert box["width"] > 60, f"the name is squeezed at {width} px: {box}"
        assert box["height"] > 10, f"the name is hidden at {width} px: {box}"
        mark = page.locator(".site-header .brand-mark").bounding_box()
        assert box["x"] >= mark["x"] + mark["width"], f"the name overlaps the mark at {width} px"
        switcher = page.locator(".site-header .language-switcher").bounding_box()
        assert box["x"] + box["width"] <= switcher["x"] or box["y"] + box["height"] <= switcher["y"], (
            f"the name runs into the language buttons at {width} px"
        )
        scrolled = page.evaluate("() => document.documentElement.scrollWidth")
        assert scrolled <= width, f"the page is {scrolled} px wide at {width} px"


@pytest.fixture
def a_project_with_drivers(framework, qi_user):
    from projects.models import ProjectKind
    from projects.services import drivers, projects

    project = projects.project_create(
        by=qi_user, kind=ProjectKind.PIP_NON_CLINICAL, title="Reminder calls", starts_on=date(2026, 9, 1)
    )
    for number in range(4):
        driver = drivers.driver_add(project=project, text=f"Primary driver number {number} with a long wording")
        drivers.change_idea_add(driver=driver, text=f"A change idea for driver {number} that needs room to be read")
    return project


@pytest.mark.parametrize("width", [768, 1280])
def test_the_driver_diagram_and_the_framework_grid_are_regions_a_keyboard_reaches(
    page: Page, site, qi_user, a_project_with_drivers, width
):
    sign_in(page, site, qi_user.username)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site}{a_project_with_drivers.get_absolute_url()}")
    diagram = page.locator(".scroll-region:has(svg.driver-diagram)")
    expect(diagram).to_have_attribute("tabindex", "0")
    expect(diagram).to_have_attribute("role", "region")
    expect(diagram).to_have_accessible_name("Driver diagram")
    assert_accessible(page, f"a project's page at {width} px")

    page.goto(f"{site}/framework/")
    grid = page.locator(".grid-wrap")
    expect(grid).to_have_attribute("tabindex", "0")
    expect(grid).to_have_accessible_name("The framework grid")
    assert_accessible(page, f"the framework grid at {width} px")
