"""A team pastes twelve weeks of a local measure, sees the control chart signal after its PDSA cycle, and
downloads the PIP report: in a real browser (headless Chromium), on a phone-sized screen too, with axe-core."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def pip_measure(framework, qi_staff):
    from django.utils import timezone

    from dialogues.models import PdsaCycle
    from projects.models import ChangeIdea, ChangeIdeaCycle, Driver, ImprovementProject, ProjectKind
    from projects.services.family import local_measure_create

    today = timezone.localdate()
    mondays = [today - timedelta(days=today.weekday()) - timedelta(weeks=16 - i) for i in range(16)]
    project = ImprovementProject.objects.create(
        kind=ProjectKind.PIP_NON_CLINICAL, title="Late calls answered", starts_on=mondays[0]
    )
    measure = local_measure_create(
        project=project,
        role="outcome",
        name="Calls after 4 pm answered by a person",
        definition="From the phone log.",
        kind="proportion",
        numerator_label="answered by a person",
        denominator_label="calls after 4 pm",
        direction="increase",
        period="week",
    )
    idea = ChangeIdea.objects.create(driver=Driver.objects.create(project=project, text="Staff at 4 pm"), text="Rota")
    cycle = PdsaCycle.objects.create(title="Rota at 4 pm", plan_prediction="More answered", starts_on=mondays[8])
    ChangeIdeaCycle.objects.create(change_idea=idea, cycle=cycle)
    figures = [30, 28, 31, 29, 30, 32, 29, 31, 45, 46, 44, 47, 45, 46, 48, 45]
    paste = "Week\tAnswered\tCalls\n" + "\n".join(
        f"{monday.month}/{monday.day}/{monday.year}\t{n}\t60" for monday, n in zip(mondays, figures, strict=True)
    )
    return measure, paste


def test_a_team_pastes_weeks_sees_the_signal_and_downloads_the_report(page: Page, site, qi_staff, pip_measure):
    measure, paste = pip_measure
    path = f"/projects/{measure.project.public_id}/measures/local/{measure.pk}/"
    sign_in(page, site, qi_staff.username, next_path=path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Calls after 4 pm answered by a person")

    bad = paste.replace("\t45\t60", "\t75\t60", 1)
    page.get_by_role("textbox", name="Rows from a spreadsheet").fill(bad)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("alert")).to_contain_text("nothing has been saved")
    expect(page.get_by_text("The numerator (75) is above the denominator (60).")).to_be_visible()
    assert_accessible(page, "paste preview with a bad row")

    page.get_by_role("textbox", name="Rows from a spreadsheet").fill(paste)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("16 rows are ready to save.")).to_be_visible()
    page.get_by_role("button", name="Save all 16 rows").click()
    expect(page.get_by_text("Saved 16 data points.")).to_be_visible()
    expect(page.get_by_text("Special cause: improving.").first).to_be_visible()
    expect(page.locator("[data-figure=local-control] .main-svg").first).to_be_attached()
    assert_accessible(page, "local measure with its charts")

    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    expect(page.locator("[data-figure=local-control] .main-svg").first).to_be_attached()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the measure's page scrolls sideways: {width}px wide on a 360 px phone"
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{site}/projects/{measure.project.public_id}/")
    expect(page.locator(f"[data-figure=family-{measure.pk}-control] .main-svg").first).to_be_attached()
    assert_accessible(page, "project page with the family's control chart")
    with page.expect_download() as download:
        page.get_by_role("link", name="Word in English").click()
    assert download.value.suggested_filename.endswith("-en.docx")
