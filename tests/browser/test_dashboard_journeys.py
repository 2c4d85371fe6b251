"""Reading the wait-time and equity dashboards in a real browser (headless Chromium), with axe-core.

A director sees every figure under a banner; the public sees the same dashboards with small cells
suppressed: no count of 1 to 10 anywhere on the page or in a download.
"""

import csv
import io
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, follow_menu_link, sign_in, switch_language

pytestmark = pytest.mark.browser

WAITS = "/data/dashboards/wait-times/"
EQUITY = "/data/dashboards/equity/"
COUNT_COLUMNS = ("Numerator", "Denominator")


@pytest.fixture
def computed_county(site, tmp_path):
    from measures.imports.services import import_files
    from measures.models import MeasureComputation
    from measures.synthetic import KINDS, county_write

    county_write(out_dir=tmp_path, clients=900, months=12, seed=8, start=date(2025, 1, 1))
    # The import commits, and its recompute (and the breakdown by population after it) runs in-process then.
    import_files(paths=[(kind, tmp_path / f"{kind}.csv") for kind in KINDS])
    latest = MeasureComputation.objects.latest("started_at")
    assert (latest.trigger, latest.status, latest.population_status) == ("import", "succeeded", "succeeded")
    return site


def counts_on_page(page: Page) -> list[int]:
    """Every count the page shows in its tables, open or not."""
    texts = page.locator(".count").all_text_contents()
    return [int(text.replace(",", "")) for text in texts if text.strip()]


def downloaded_rows(page: Page, link) -> list[dict]:
    with page.expect_download() as download:
        link.click()
    return list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))


def assert_no_small_counts(rows: list[dict]) -> None:
    for row in rows:
        for column in COUNT_COLUMNS:
            if row.get(column):
                assert not 1 <= float(row[column]) <= 10, row


def test_the_public_reads_both_dashboards_with_small_numbers_suppressed(page: Page, computed_county):
    page.goto(computed_county + "/")
    follow_menu_link(page, "Measures and data", "Wait times")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wait times and access")
    expect(page.get_by_role("note")).to_have_count(0)
    expect(page.locator(".chart .main-svg").first).to_be_visible()
    assert_accessible(page, "wait-time dashboard, public")
    assert counts_on_page(page), "the tables show counts"
    assert not [count for count in counts_on_page(page) if 1 <= count <= 10]

    page.get_by_label("Period").select_option("month")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{computed_county}{WAITS}?period=month&population=")
    assert not [count for count in counts_on_page(page) if 1 <= count <= 10]
    assert "Suppressed" in page.content(), "a single month has groups small enough to hide"
    section = page.locator("section", has=page.get_by_role("heading", name="No-show rate, psychiatry", exact=True))
    rows = downloaded_rows(page, section.get_by_role("link", name="Download the monthly figures (CSV)"))
    assert rows
    assert_no_small_counts(rows)

    follow_menu_link(page, "Measures and data", "Equity")
    expect(page.get_by_role("heading", level=1)).to_have_text("Equity")
    assert_accessible(page, "equity dashboard, public")
    page.get_by_label("Groups by").select_option("language")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_label("Groups by")).to_have_value("language")
    assert not [count for count in counts_on_page(page) if 1 <= count <= 10]
    rows = downloaded_rows(page, page.get_by_role("link", name="Download these figures (CSV)"))
    assert any(row["Value"] == "Suppressed" for row in rows), "small languages are suppressed, not dropped"
    assert all(row["Denominator"] == "" for row in rows if row["Value"] == "Suppressed")


def test_a_director_reads_every_figure_with_a_banner_and_narrows_to_a_program(page: Page, computed_county, director):
    sign_in(page, computed_county, director.username, next_path=WAITS)
    expect(page.get_by_role("note")).to_contain_text("Internal view")
    expect(page.get_by_role("heading", name="Timeliness standards")).to_be_visible()
    assert_accessible(page, "wait-time dashboard, director")

    page.get_by_label("People").select_option(label="Adult clinic, north")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Showing: Adult clinic, north.")).to_be_visible()
    expect(page).to_have_url(f"{computed_county}{WAITS}?period=quarter&population=program%3Aadult_north")

    page.goto(computed_county + EQUITY + "?period=month")
    expect(page.get_by_role("note")).to_contain_text("Internal view")
    expect(page.get_by_text("hidden publicly").first).to_be_attached()
    page.get_by_label("Measure for the comparison").select_option("follow-up-30-days")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=2, name="each group against the reference")).to_contain_text(
        "Follow-up within 30 days"
    )
    assert_accessible(page, "equity dashboard, director")
    rows = downloaded_rows(page, page.get_by_role("link", name="Download these figures (CSV)"))
    assert any(row["Hidden publicly"] == "yes" and row["Denominator"] for row in rows), "internal exports keep them"


def test_the_dashboards_read_in_spanish_accessibly(page: Page, computed_county):
    page.goto(computed_county + WAITS)
    switch_language(page, "es")

    for path, heading in ((WAITS, "Tiempos de espera y acceso"), (EQUITY, "Equidad")):
        page.goto(computed_county + path)  # the language chosen stays
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.locator(".chart .main-svg").first).to_be_visible()
        assert "Oculto" in page.content(), "suppressed cells are labelled in Spanish too"
        assert_accessible(page, f"{path} in Spanish")
