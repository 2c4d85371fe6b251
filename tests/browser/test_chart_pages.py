"""Every kind of page with charts in a real browser (headless Chromium): the wait-time and equity dashboards, a
measure's page and a project's local measure, on a 360 px phone and a 1280 px desktop, in English and Spanish.

Each page draws its charts with no console error and no Content-Security-Policy violation (style-src stays
'self': see qic.core.plotly_css), never scrolls sideways, passes axe-core, and a Spanish page writes the months
on its charts' axes in Spanish. One test, because the synthetic county takes minutes to import and compute.
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import PASSWORD, assert_accessible
from tests.browser.test_dashboard_journeys import computed_county  # noqa: F401 (the county, imported and computed)

pytestmark = pytest.mark.browser

# Collects what the browser reports: a violation fires this event whether or not it reaches the console.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.sourceFile}:${event.lineNumber}`);
});
"""
SPANISH_MONTH = re.compile(r"^(ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic)( \d{4})?$")
ENGLISH_MONTH = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( \d{4})?$")
LONG_NOTE = "Rota at 4 pm: two intake workers start at 10 am and stay until 7 pm, so a person answers late calls"


@pytest.fixture
def local_measure(framework, qi_staff):
    """A weekly local measure with 16 weeks of figures and a PDSA cycle with a long name half-way."""
    from django.utils import timezone

    from dialogues.models import PdsaCycle
    from projects.models import ChangeIdea, ChangeIdeaCycle, Driver, ImprovementProject, LocalDataPoint, ProjectKind
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
    cycle = PdsaCycle.objects.create(title=LONG_NOTE, plan_prediction="More answered", starts_on=mondays[14])
    ChangeIdeaCycle.objects.create(change_idea=idea, cycle=cycle)
    figures = [30, 28, 31, 29, 30, 32, 29, 31, 45, 46, 44, 47, 45, 46, 48, 45]
    for monday, answered in zip(mondays, figures, strict=True):
        LocalDataPoint.objects.create(measure=measure, period_start=monday, numerator=answered, denominator=60)
    return f"/projects/{project.public_id}/measures/local/{measure.pk}/"


def watched(page: Page) -> list[str]:
    """Console errors and uncaught exceptions from now on (CSP violations are read from the page itself)."""
    errors = []
    page.context.add_init_script(WATCH)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def read(page: Page, url: str, *, width: int, where: str, errors: list[str]) -> None:
    """Open ``url`` at ``width`` and check it: charts drawn, nothing blocked or broken, no sideways scroll, axe."""
    page.set_viewport_size({"width": width, "height": 900})
    errors.clear()
    page.goto(url)
    shown = page.locator("[data-figure]:visible")
    expect(shown.first).to_be_visible()
    for index in range(shown.count()):
        expect(shown.nth(index).locator(".main-svg").first).to_be_attached()
    assert page.evaluate("window.__violations") == [], f"{where}: CSP violations"
    assert errors == [], f"{where}: console errors"
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{where}: {scroll}px wide, it scrolls sideways"
    assert_accessible(page, where)


def month_ticks(page: Page) -> list[str]:
    """The tick labels of the monthly control charts' time axes."""
    return [text.strip() for text in page.locator(".dashboard-panel .chart .xtick text").all_text_contents()]


def days_past_the_data(page: Page, figure: str) -> float:
    """How far the chart's time axis runs past its last point, in days."""
    return page.locator(f"[data-figure={figure}]").evaluate(
        """(chart) => {
            const end = new Date(chart._fullLayout.xaxis.range[1]);
            const xs = chart.data.flatMap((trace) => trace.x || []).filter((x) => x).map((x) => new Date(x));
            return (end - Math.max(...xs)) / 86400000;
        }"""
    )


def test_every_chart_page_draws_cleanly_on_a_phone_and_a_desktop_in_english_and_spanish(
    page: Page,
    browser,
    browser_context_args,
    computed_county,  # noqa: F811 (the fixture imported above)
    local_measure,
    qi_staff,
):
    public = {
        "wait-time dashboard": "/data/dashboards/wait-times/?period=month",
        "equity dashboard": "/data/dashboards/equity/?measure=no-show-psychiatry",
        "measure page": "/data/measures/no-show-psychiatry/",
    }
    staff = browser.new_context(**browser_context_args)
    staff_page = staff.new_page()
    staff_page.goto(computed_county + "/accounts/login/")
    staff_page.locator("main form input[name=username]").fill(qi_staff.username)
    staff_page.locator("main form input[name=password]").fill(PASSWORD)
    staff_page.locator("main form button[type=submit]").click()
    expect(staff_page.locator("header .user-name")).to_have_text(qi_staff.username)
    errors, staff_errors = watched(page), watched(staff_page)

    for language in ("en", "es"):
        for context in (page.context, staff):
            context.add_cookies([{"name": "django_language", "value": language, "url": computed_county}])
        for width in (1280, 360):
            for name, path in public.items():
                read(page, computed_county + path, width=width, where=f"{name}, {language}, {width}px", errors=errors)
                if name == "wait-time dashboard":
                    expect(page.locator("html")).to_have_attribute("lang", language)
                    ticks = month_ticks(page)
                    assert ticks, "the control charts' time axes are labelled by month"
                    months = SPANISH_MONTH if language == "es" else ENGLISH_MONTH
                    assert all(months.match(tick) for tick in ticks), ticks
            where = f"local measure, {language}, {width}px"
            read(staff_page, computed_county + local_measure, width=width, where=where, errors=staff_errors)
            # A long PDSA note near the end once stretched the time axis two years past the data.
            assert days_past_the_data(staff_page, "local-control") < 7
    staff.close()
