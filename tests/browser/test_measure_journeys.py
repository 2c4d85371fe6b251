"""Reading the measure registry in a real browser (headless Chromium), with axe-core."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser


def test_anyone_reads_the_measure_definitions_accessibly(page: Page, site):
    page.goto(f"{site}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Measures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measures")
    assert_accessible(page, "measure list")

    page.get_by_role("link", name="Follow-up within 7 days of a psychiatric hospitalization").click()
    expect(page.get_by_text("A visit on the day of discharge does not count.").first).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^TI-PR-02-c")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wait for follow-up care")
    expect(page.get_by_role("link", name="Follow-up within 7 days of a psychiatric hospitalization")).to_be_visible()
    page.go_back()
    assert_accessible(page, "measure page")
