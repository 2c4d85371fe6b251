"""QI staff bring de-identified data in through the upload page, in a real browser (headless Chromium).

The check runs as a job (in-process here, on a worker in production); the page shows the first
rows and the report before anything is written, and loads only when asked.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from measures.models import AccessRequest, Client
from tests.browser.helpers import assert_accessible, follow_menu_link, sign_in
from tests.measures.importing import CLIENTS, CLIENTS_HEADER, GOOD, csv_bytes

pytestmark = pytest.mark.browser


def _file(name: str, content: bytes) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": content}


def test_qi_staff_upload_see_the_report_then_the_preview_and_load(page: Page, site, qi_user):
    sign_in(page, site, qi_user.username)
    follow_menu_link(page, "Measures and data", "Data imports")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data imports")
    expect(page.get_by_text("Nothing has been imported yet.")).to_be_visible()
    assert_accessible(page, "empty import list")

    # A file with a bad row: rejected whole, with the row, column and reason.
    page.get_by_role("link", name="Upload files").click()
    assert_accessible(page, "upload form")
    bad = csv_bytes(CLIENTS_HEADER, [*CLIENTS, "C4,1970,female,false,white,klingon,north"])
    page.get_by_label("CSV files").set_input_files([_file("clients.csv", bad)])
    page.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Rejected")
    problems = page.get_by_role("table", name="Problems found, by file and row")
    expect(problems.locator("tbody tr")).to_have_count(1)
    expect(problems.locator("tbody tr td")).to_have_text(
        ["clients.csv", "5", "primary_language", "klingon", re.compile("is not a code in the language list")]
    )
    expect(page.get_by_role("button", name=re.compile("^Load"))).to_have_count(0)
    assert_accessible(page, "rejected import")
    assert Client.objects.count() == 0

    # Clients and their requests together: checked, previewed, then loaded on request.
    page.get_by_role("link", name="Data imports").click()
    page.get_by_role("link", name="Upload files").click()
    page.get_by_label("CSV files").set_input_files(
        [_file(f"{kind}.csv", csv_bytes(*GOOD[kind])) for kind in ("clients", "requests")]
    )
    page.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Checked: ready to load")
    expect(page.get_by_text("Every row passed the checks.")).to_be_visible()
    preview = page.get_by_role("table", name="The first rows of requests.csv, as sent")
    expect(preview.locator("tbody tr")).to_have_count(3)
    expect(preview.locator("thead th").nth(1)).to_have_text("request_id")
    assert_accessible(page, "checked import with previews")
    assert Client.objects.count() == 0, "nothing is written before QI staff choose to load"

    page.get_by_role("button", name="Load 6 rows").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Loaded")
    expect(page.get_by_text("6 rows were loaded.")).to_be_visible()
    expect(page.get_by_role("table").first.locator("tbody tr").first).to_contain_text("Loaded")
    assert_accessible(page, "loaded import")
    assert (Client.objects.count(), AccessRequest.objects.count()) == (3, 3)

    page.get_by_role("link", name="Data imports").click()
    expect(page.get_by_role("row", name=re.compile(r"clients\.csv.*Loaded"))).to_be_visible()
    page.get_by_role("link", name="File formats and codes").click()
    expect(page.get_by_role("heading", name="requests.csv")).to_be_visible()
    assert_accessible(page, "format guide")


def test_a_consumer_cannot_reach_the_import_pages(page: Page, site, framework, consumer):
    sign_in(page, site, consumer.username)

    page.get_by_role("navigation", name="Main").get_by_role("button", name="Measures and data").click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Wait times")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Data imports")).to_have_count(0)
    response = page.goto(f"{site}/data/imports/new/")

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
