"""Screenshots for the README, from a running demo (`make run`).

    python docs/take_screenshots.py [URL] [--password QI_STAFF_PASSWORD] [--director-password PASSWORD]

With the password `make run` printed for qi_staff, it also signs in, uploads a file with a bad row
and photographs the import pages, a measure's page, a CQI cell, the council overview and
the problem board as QI staff see them, and the council's year: a meeting's record, this year's work plan,
last year's evaluation and the huddle board; then the published minutes in Spanish on a phone. With the
director's, it photographs the README's first picture: the wait-time dashboard as a director sees it, one
desktop screen high.
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).parent / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip

PUBLIC_SHOTS = [
    ("framework-grid.png", "/framework/", "en", {"width": 1400, "height": 900}),
    ("item-page-es.png", "/framework/items/TI-PR-02/", "es", {"width": 1100, "height": 700}),
    ("grid-phone.png", "/framework/", "en", {"width": 390, "height": 844}),
    ("dashboard-wait-times.png", "/data/dashboards/wait-times/", "en", {"width": 1280, "height": 1500}),
    ("dashboard-equity.png", "/data/dashboards/equity/", "en", {"width": 1280, "height": 1500}),
    ("join-form-es.png", "/partners/join/", "es", {"width": 900, "height": 1300}),
]
# Both public dashboards as a consumer reads them on a phone, in Spanish: the charts' phone layouts.
PHONE_SHOTS = [
    ("dashboard-wait-times-phone-es.png", "/data/dashboards/wait-times/", "es", {"width": 360, "height": 740}),
    ("dashboard-equity-phone-es.png", "/data/dashboards/equity/", "es", {"width": 360, "height": 740}),
]
BAD_REQUESTS = (
    "request_id,client_key,request_datetime,urgency,prior_auth_required,service_line,first_offered_datetime,"
    "first_rendered_date,program,closure_reason,delay_reason\n"
    "X1,C0000001,2025-03-07 10:00,routine,false,non_psychiatry,2025-03-06 09:00,,adult_north,,\n"
    "X2,C0000002,2025-03-09 02:30,urgent,false,psychiatry,,,adult_north,,\n"
    "X3,NOBODY,2025-03-10 09:00,routine,maybe,psychiatry,,,adult_north,,\n"
)


def main() -> None:
    """Every picture, or with --only council just the council's year (when the rest are current)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--password", help="qi_staff's demo password, for the import pages")
    parser.add_argument("--director-password", help="director's demo password, for the README's first picture")
    parser.add_argument("--only", choices=["council", "projects", "phones"], help="take only these pictures")
    options = parser.parse_args()
    base = options.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        if options.only:
            shots = {"council": council_shots, "projects": project_shots, "phones": phone_shots}[options.only]
            shots(browser, base, options.password)
            browser.close()
            return
        for name, path, language, viewport in PUBLIC_SHOTS:
            context = browser.new_context(
                viewport=viewport, locale=language, extra_http_headers={"Accept-Language": language}
            )
            page = context.new_page()
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=OUT / name)
            context.close()
            print(OUT / name)
        phone_shots(browser, base, options.password)
        if options.password:
            import_shots(browser, base, options.password)
            council_shots(browser, base, options.password)
            project_shots(browser, base, options.password)
        if options.director_password:
            overview_shot(browser, base, options.director_password)
        browser.close()


def phone_shots(browser, base: str, _password: str | None = None) -> None:
    """The public dashboards on a 360-pixel phone in Spanish, the top 2,600 pixels of each (tiles and first charts)."""
    for name, path, language, viewport in PHONE_SHOTS:
        context = browser.new_context(
            viewport=viewport, locale=language, extra_http_headers={"Accept-Language": language}
        )
        page = context.new_page()
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=OUT / name, full_page=True, clip={"x": 0, "y": 0, "width": 360, "height": 2600})
        context.close()
        print(OUT / name)


def overview_shot(browser, base: str, password: str) -> None:
    """One desktop screen, so that the two commands below it in the README stay near the top."""
    context = browser.new_context(viewport={"width": 1280, "height": 710}, locale="en")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/?next=/data/dashboards/wait-times/")
    page.locator("main input[name=username]").fill("director")
    page.locator("main input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=OUT / "overview.png")
    print(OUT / "overview.png")
    context.close()


def import_shots(browser, base: str, password: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/?next=/data/imports/")
    page.locator("main input[name=username]").fill("qi_staff")
    page.locator("main input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    page.get_by_role("link", name="Upload files").click()
    page.get_by_label("CSV files").set_input_files(
        [{"name": "requests_march.csv", "mimeType": "text/csv", "buffer": BAD_REQUESTS.encode()}]
    )
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("table", name="Problems found, by file and row").wait_for()
    page.screenshot(path=OUT / "import-report.png", full_page=True)
    print(OUT / "import-report.png")
    page.goto(f"{base}/data/imports/")
    page.screenshot(path=OUT / "import-list.png")
    print(OUT / "import-list.png")
    page.goto(f"{base}/data/measures/routine-non-psychiatry-offered-10-days/?period=fiscal_year")
    top = page.locator("#results-heading").bounding_box()["y"]
    page.screenshot(
        path=OUT / "measure-internal.png", full_page=True, clip={"x": 0, "y": top - 10, "width": 1280, "height": 1000}
    )
    print(OUT / "measure-internal.png")
    for name, path in (
        ("cell-staff.png", "/partners/cells/first-appointment/"),
        ("council.png", "/partners/council/"),
        ("problems.png", "/partners/council/problems/"),
    ):
        page.goto(base + path)
        page.screenshot(path=OUT / name, full_page=True)
        print(OUT / name)
    context.close()


def council_shots(browser, base: str, password: str) -> None:
    """The council's year as QI staff see it, and its published minutes as the public reads them in Spanish."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/?next=/council/")
    page.locator("main input[name=username]").fill("qi_staff")
    page.locator("main input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    # The most recent meeting held: its agenda, minutes, decisions and action items.
    page.locator("main table a").last.click()
    page.wait_for_load_state("networkidle")
    page.screenshot(
        path=OUT / "council-meeting.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1600}, full_page=True
    )
    print(OUT / "council-meeting.png")
    page.goto(f"{base}/workplan/")
    page.locator("main a[href^='/workplan/FY']").first.click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=OUT / "workplan.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1500}, full_page=True)
    print(OUT / "workplan.png")
    # Last year's plan (the list is newest first) and its evaluation.
    page.goto(f"{base}/workplan/")
    last_year = page.locator("main a[href^='/workplan/FY']").nth(1).get_attribute("href")
    page.goto(f"{base}{last_year}evaluation/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=OUT / "evaluation.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1500}, full_page=True)
    print(OUT / "evaluation.png")
    page.goto(f"{base}/council/huddle/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=OUT / "huddle.png", full_page=True)
    print(OUT / "huddle.png")
    context.close()
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="es", extra_http_headers={"Accept-Language": "es"}
    )
    page = phone.new_page()
    page.goto(f"{base}/council/minutes/")
    page.locator("main ul a").first.click()
    page.wait_for_load_state("networkidle")
    page.screenshot(
        path=OUT / "minutes-phone-es.png", full_page=True, clip={"x": 0, "y": 0, "width": 360, "height": 1200}
    )
    print(OUT / "minutes-phone-es.png")
    phone.close()


def project_shots(browser, base: str, password: str) -> None:
    """The demo's clinical PIP as QI staff see it (aim, progress score, driver diagram), a local measure's charts,
    the council's overview by stage, and a local measure in Spanish on a phone."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/?next=/projects/overview/")
    page.locator("main input[name=username]").fill("qi_staff")
    page.locator("main input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=OUT / "projects-overview.png", full_page=True)
    print(OUT / "projects-overview.png")
    page.goto(f"{base}/projects/")
    page.get_by_role("link", name="Follow-up within 7 days").first.click()
    page.wait_for_load_state("networkidle")
    project = page.url
    page.screenshot(path=OUT / "project.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1700}, full_page=True)
    print(OUT / "project.png")
    page.locator("main a[href*='/measures/local/']").first.click()
    page.wait_for_load_state("networkidle")
    measure = page.url
    page.screenshot(
        path=OUT / "local-measure.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1500}, full_page=True
    )
    print(OUT / "local-measure.png", project)
    state = context.storage_state()
    context.close()
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="es", storage_state=state,
        extra_http_headers={"Accept-Language": "es"},
    )  # fmt: skip
    page = phone.new_page()
    page.goto(measure)
    page.wait_for_load_state("networkidle")
    page.screenshot(
        path=OUT / "local-measure-phone-es.png", clip={"x": 0, "y": 0, "width": 360, "height": 1400}, full_page=True
    )
    print(OUT / "local-measure-phone-es.png")
    phone.close()


if __name__ == "__main__":
    main()
