"""A CQI cell runs its own improvement project in QIC, all through the pages (headless Chromium, axe-core):
a consumer member of the cell starts the project with its aim statement, draws the driver diagram, plans a
PDSA cycle from a change idea, defines a local measure, pastes twelve weeks from a spreadsheet, sees the
run chart signal after the cycle started, and downloads the project's report."""

import re
from datetime import date, timedelta

import pytest
from docx import Document as WordDocument
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser

#: Calls answered by a person out of 40 a week: six weeks as they were (crossing their median once), then six
#: after the cycle started, all above it: too few crossings for chance (Anhøj: at least 3 in 12 points).
ANSWERED = [23, 24, 24, 21, 22, 21, 31, 33, 32, 34, 33, 35]


def mondays_back(count: int) -> list[date]:
    """The Mondays of the last ``count`` whole weeks, oldest first."""
    from django.utils import timezone

    today = timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=count - i) for i in range(count)]


@pytest.fixture
def cell_member(framework, consumer):
    """Casey, a consumer member of the front-desk cell."""
    from dialogues.models import CqiCell, Membership, PartnerRole

    cell = CqiCell.objects.create(name="Front desk cell", slug="front-desk", focus="Answering the phone")
    Membership.objects.create(cell=cell, user=consumer, role=PartnerRole.CONSUMER, joined_on=date(2026, 1, 5))
    return consumer


def field(page: Page, label: str):
    """The form field labelled ``label`` (a required field's label ends with an asterisk)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def fill(page: Page, label: str, value: str) -> None:
    field(page, label).fill(value)


def test_a_cell_runs_its_project_from_aim_to_report(page: Page, site, cell_member):
    weeks = mondays_back(12)
    sign_in(page, site, cell_member.username, next_path="/projects/new/")

    # The aim statement: what, for whom, how much, by when.
    expect(page.get_by_role("heading", level=1)).to_contain_text("project")
    fill(page, "Title", "Answer the phone the first time")
    fill(page, "What will improve", "calls answered by a person")
    fill(page, "For whom", "people calling the Eastside clinic")
    fill(page, "How much: the goal, in words", "from about half to four in five")
    fill(page, "By when", (weeks[-1] + timedelta(weeks=26)).isoformat())
    fill(page, "Started", weeks[0].isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer the phone the first time")
    expect(page.get_by_text("calls answered by a person", exact=False).first).to_be_visible()
    project_url = page.url

    # The driver diagram: a primary driver and a change idea under it.
    page.get_by_role("link", name="Add a primary driver").click()
    fill(page, "Driver", "Someone free to answer at busy times")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="add a change idea").first.click()
    fill(page, "Change idea", "A second person at the desk from 9 to 11")
    page.get_by_role("button", name="Save").click()
    drivers = page.locator("section[aria-labelledby=drivers]")
    for text in ("Someone free to answer at busy times", "A second person at the desk from 9 to 11"):
        expect(drivers.locator("ul.driver-list")).to_contain_text(text)
    # The drawing wraps long text onto lines of its own; its first line is there.
    expect(drivers.locator("svg.driver-diagram")).to_contain_text("A second person at the desk")
    assert_accessible(page, "the project with its aim and driver diagram")

    # A PDSA cycle from the change idea, started in the seventh week.
    page.get_by_role("link", name=re.compile("^start a PDSA cycle")).first.click()
    fill(page, "Change being tested", "Second person at the desk from 9 to 11")
    fill(page, "Prediction", "Most morning calls are answered by a person.")
    fill(page, "Starts", weeks[6].isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Second person at the desk from 9 to 11").first).to_be_visible()

    # The local measure the team counts itself.
    page.goto(project_url)
    page.get_by_role("link", name="Define a local measure").click()
    fill(page, "Name", "Calls answered by a person")
    fill(page, "Definition", "Calls to the front desk answered by a person, from the phone log.")
    field(page, "Kind").select_option(label="A proportion: a numerator out of a denominator")
    fill(page, "Numerator, in words", "calls answered by a person")
    fill(page, "Denominator, in words", "calls")
    field(page, "Direction of improvement").select_option(label="Higher is better")
    field(page, "Data collected per").select_option(label="Week")
    field(page, "Role in the family").select_option(label="Outcome")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calls answered by a person")

    # Twelve weeks pasted from a spreadsheet.
    paste = "Week\tAnswered\tCalls\n" + "\n".join(
        f"{monday.month}/{monday.day}/{monday.year}\t{n}\t40" for monday, n in zip(weeks, ANSWERED, strict=True)
    )
    page.get_by_role("textbox", name="Rows from a spreadsheet").fill(paste)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("12 rows are ready to save.")).to_be_visible()
    page.get_by_role("button", name="Save all 12 rows").click()
    expect(page.get_by_text("Saved 12 data points.")).to_be_visible()

    # The run chart signals, and the signal comes after the cycle started.
    run_chart = page.locator("[data-figure=local-run]")
    expect(run_chart.locator(".main-svg").first).to_be_attached()
    run_figure = page.locator("figure").filter(has=run_chart)
    expect(run_figure.locator("figcaption")).to_contain_text("Special cause: improving.")
    # The cycle is drawn where it started, and the chart's lines come from the six weeks before it.
    expect(run_chart).to_contain_text("PDSA: Second person")  # cut with "…" above the plot, whole in the hover
    expect(page.get_by_text("worked out from the first 6 points, before the first PDSA cycle").first).to_be_visible()
    assert_accessible(page, "the local measure with its run and control charts")

    # On a phone the page does not scroll sideways.
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    expect(run_chart.locator(".main-svg").first).to_be_attached()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the measure's page scrolls sideways: {width}px wide on a 360 px phone"
    page.set_viewport_size({"width": 1280, "height": 900})

    # The report downloads, along the Model for Improvement's questions, with the figures.
    page.goto(project_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Word in English").click()
    assert download.value.suggested_filename.startswith("project-report-answer-the-phone")
    document = WordDocument(str(download.value.path()))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "How will we know that a change is an improvement?" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Second person at the desk from 9 to 11" in " ".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Run chart:" in text
