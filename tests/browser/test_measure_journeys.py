"""Reading the measure registry in a real browser (headless Chromium), with axe-core."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, follow_menu_link, sign_in

pytestmark = pytest.mark.browser


def test_anyone_reads_the_measure_definitions_accessibly(page: Page, site):
    page.goto(f"{site}/")
    follow_menu_link(page, "Measures and data", "Measures")
    expect(page.get_by_role("heading", level=1)).to_have_text("Measures")
    assert_accessible(page, "measure list")

    page.get_by_role("link", name="Follow-up within 7 days of a psychiatric hospitalization").click()
    expect(page.get_by_text("A visit on the day of discharge does not count.").first).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^TI-PR-02-c")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wait for follow-up care")
    expect(page.get_by_role("link", name="Follow-up within 7 days of a psychiatric hospitalization")).to_be_visible()
    page.go_back()
    assert_accessible(page, "measure page")


def test_results_by_group_read_accessibly_for_the_public_and_for_a_director(page: Page, site, director, tmp_path):
    from datetime import date

    from measures.imports.services import import_files
    from measures.models import MeasureComputation
    from measures.synthetic import KINDS, county_write

    county_write(out_dir=tmp_path, clients=600, months=6, seed=4, start=date(2025, 1, 1))
    import_files(paths=[(kind, tmp_path / f"{kind}.csv") for kind in KINDS])  # and its recompute, once it commits
    assert MeasureComputation.objects.get().status == "succeeded"
    url = f"{site}/data/measures/routine-non-psychiatry-offered-10-days/"

    page.goto(url)
    page.get_by_role("link", name="Latest month").click()
    expect(page.get_by_role("link", name="Latest month")).to_have_attribute("aria-current", "page")
    # Every hidden group reads the same publicly: no reason that would say which one is the small one.
    expect(page.get_by_text("Suppressed", exact=True).first).to_be_visible()
    expect(page.get_by_text("Hidden: fewer than 11 people")).to_have_count(0)
    assert_accessible(page, "measure results, public")

    sign_in(page, site, director.username, next_path="/data/measures/routine-non-psychiatry-offered-10-days/")
    expect(page.get_by_role("note")).to_contain_text("Internal view")
    assert_accessible(page, "measure results, director")


def test_qi_staff_raise_a_target_and_recompute_with_a_progress_bar(page: Page, site, qi_staff, tmp_path):
    from datetime import date

    from measures.imports.services import import_files
    from measures.models import Measure, MeasureComputation
    from measures.synthetic import KINDS, county_write

    county_write(out_dir=tmp_path, clients=150, months=3, seed=6, start=date(2025, 1, 1))
    import_files(paths=[(kind, tmp_path / f"{kind}.csv") for kind in KINDS])
    sign_in(page, site, qi_staff.username, next_path="/data/measures/follow-up-7-days/")

    page.get_by_role("link", name="Change the target, rules or reference groups").click()
    assert_accessible(page, "measure settings")
    page.get_by_label("Target").fill("140")
    page.get_by_label("Reason for the change").fill("Council meeting: target raised")
    page.get_by_role("button", name="Save").click()
    # Beside the field, and in the error summary at the top after the field's label.
    expect(page.get_by_text("A percentage target is between 0 and 100.", exact=True)).to_be_visible()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Target: A percentage target is between 0 and 100.")).to_be_visible()
    expect(page.get_by_label("Reason for the change")).to_have_value("Council meeting: target raised")
    page.get_by_label("Target").fill("45")
    page.get_by_label("Reference group: Race/ethnicity").select_option("white")
    page.get_by_role("button", name="Save").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Follow-up within 7 days of a psychiatric hospitalization")
    expect(page.get_by_text("Council meeting: target raised")).to_be_visible()
    # The chosen group, beside the fixture's own choice for threshold language ("no": English or another language).
    assert Measure.objects.get(code="follow-up-7-days").reference_groups == {
        "race_ethnicity": "white",
        "threshold_language": "no",
    }

    page.get_by_role("link", name="Recompute and past runs").click()
    # Jobs run in-process here: the run (and the breakdown by population after it) is over when the page comes
    # back, which on a busy machine takes longer than a click's usual 30 seconds; its script sees that and reloads.
    page.get_by_role("button", name="Recompute now").click(timeout=180_000)
    expect(page.locator("[data-progress-text]")).to_have_text("No recompute is running.", timeout=15_000)
    newest = page.get_by_role("row").nth(1)
    expect(newest).to_contain_text("By hand")
    expect(newest).to_contain_text("Succeeded")
    assert MeasureComputation.objects.order_by("-started_at").first().status == "succeeded"
    assert_accessible(page, "recompute page")
