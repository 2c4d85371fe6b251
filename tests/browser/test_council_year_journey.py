"""The council's year in a browser (headless Chromium, axe-core): a whole meeting cycle, from the agenda to
minutes published in Spanish that an anonymous reader opens on a 360 px phone; and a year of the work plan,
from the template to the approved evaluation downloaded as PDF and Word in Spanish and opened.

``test_council_journey.py`` and ``test_workplan_journeys.py`` check the single steps in more detail (errors,
reordering the agenda, a member's own page); these journeys check that the steps add up to the year.
"""

import io
import re
import zlib
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in, switch_language

pytestmark = pytest.mark.browser

MINUTES = "The council reviewed how long people wait for a first appointment."
MINUTES_ES = "El consejo revisó cuánto esperan las personas una primera cita."
DECISION = "Send plainer letters about waiting times."
DECISION_ES = "Enviar cartas más claras sobre los tiempos de espera."


@pytest.fixture
def council(site, qi_user):
    """Two voting members (a consumer and QI staff), an initiative for the agenda, and the next meeting,
    today; the meeting whose minutes it approves is planned in the journey."""
    from django.contrib.auth import get_user_model

    from council.models import CouncilMeeting, CouncilRole
    from council.services.members import council_member_add
    from dialogues.models import CouncilInitiative

    member = get_user_model().objects.create_user(
        username="rosa", first_name="Rosa", last_name="Díaz", password="correct horse battery staple"
    )
    term_starts = timezone.localdate() - timedelta(days=90)
    council_member_add(user=member, role=CouncilRole.CONSUMER, term_starts_on=term_starts)
    council_member_add(user=qi_user, role=CouncilRole.COUNTY_STAFF, term_starts_on=term_starts)
    CouncilInitiative.objects.create(title="Timely first appointments")
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time(9)))
    next_meeting = CouncilMeeting.objects.create(starts_at=start, ends_at=start + timedelta(hours=2), place="Room 2")
    return next_meeting, member


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated: WeasyPrint keeps the catalogue and the document's
    information (producer, language) in compressed object streams."""
    inflated = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.DOTALL):
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def _fits_360(page: Page, where: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"{where} scrolls sideways: {width}px wide on a 360 px phone"


def test_a_meeting_cycle_from_the_agenda_to_minutes_published_and_read_in_spanish_on_a_phone(
    page: Page, browser, browser_context_args, site, council, qi_user
):
    """QI staff plan a meeting, build its agenda, record who attended, write an item's minutes in English and
    Spanish, record a decision by vote and an action item for a member; at the next meeting the minutes are
    approved, then published. An anonymous reader switches to Spanish and reads them on a 360 px phone."""
    next_meeting, member = council
    day = timezone.localdate() - timedelta(days=30)

    sign_in(page, site, qi_user.username, next_path="/council/meetings/new/")
    page.locator("#id_starts_at").fill(f"{day.isoformat()}T18:00")
    page.locator("#id_ends_at").fill(f"{day.isoformat()}T20:00")
    page.locator("#id_place").fill("Library, room B")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Meeting planned.")
    meeting_url = page.url

    page.get_by_role("link", name="Build and edit the agenda").click()
    page.get_by_role("button", name="Build the agenda").click()
    expect(page.locator("#agenda-items > li").first).to_contain_text("Initiative: Timely first appointments")
    page.get_by_role("link", name="Back to the meeting").click()

    page.get_by_role("link", name="Record attendance").click()
    page.get_by_label(re.compile("Rosa Díaz")).check()
    page.get_by_label(re.compile(qi_user.username)).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("2 of 2 voting members attended")

    page.get_by_role("link", name="Write the minutes").first.click()
    page.get_by_label("Minutes", exact=True).fill(MINUTES)
    page.get_by_label("Minutes (Spanish)").fill(MINUTES_ES)
    assert_accessible(page, "the minutes form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text(MINUTES)

    page.get_by_role("link", name="Record a decision").first.click()
    page.locator("textarea[name=text]").fill(DECISION)
    page.locator("textarea[name=text_es]").fill(DECISION_ES)
    page.locator("input[name=method][value=vote]").check()
    page.get_by_label("Votes for").fill("2")
    page.get_by_label("Votes against").fill("0")
    page.get_by_label("Abstentions").fill("0")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("By vote: 2 for, 0 against, 0 abstaining.")

    page.get_by_role("link", name="Add an action item").first.click()
    page.locator("input[name=description]").fill("Draft the letter with the oversight committee")
    page.locator("select[name=owner]").select_option(label="Rosa Díaz (rosa)")
    page.locator("input[name=due_on]").fill((timezone.localdate() + timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#actions-heading + div")).to_contain_text("Draft the letter with the oversight committee")
    assert_accessible(page, "the meeting's record")

    # The next meeting approves the minutes; then they can be published.
    page.goto(f"{site}{next_meeting.get_absolute_url()}")
    approve = page.locator("section[aria-labelledby=approve-heading]")
    expect(approve).to_contain_text(f"Minutes of {day.day} {day:%b %Y}")
    assert_accessible(page, "the next meeting, with minutes to approve")
    approve.get_by_role("button", name="Approved at this meeting").click()
    expect(page.locator(".messages")).to_contain_text("Minutes approved.")

    page.goto(meeting_url)
    page.get_by_role("button", name="Publish the minutes and decisions").click()
    expect(page.locator(".messages")).to_contain_text("The minutes and decisions are published on the public site.")

    # Anyone, signed out, in Spanish, on a phone.
    context = browser.new_context(**browser_context_args)
    reader = context.new_page()
    reader.goto(f"{site}/council/minutes/")
    switch_language(reader, "es")
    reader.set_viewport_size({"width": 360, "height": 800})
    expect(reader.locator("h1")).to_have_text("Actas del consejo")
    _fits_360(reader, "the published minutes")
    assert_accessible(reader, "the published minutes in Spanish at 360 px")
    reader.locator("main ul a").first.click()
    main = reader.locator("main")
    expect(main).to_contain_text(MINUTES_ES)
    expect(main).to_contain_text(DECISION_ES)
    expect(main).not_to_contain_text(MINUTES)
    expect(main).not_to_contain_text("Draft the letter")  # action items name their owner: never public
    expect(main).not_to_contain_text(member.last_name)
    _fits_360(reader, "a meeting's published minutes")
    assert_accessible(reader, "a meeting's published minutes in Spanish at 360 px")
    context.close()


OBJECTIVE = "Test calls answered in the caller's language"
OBJECTIVE_ES = "Llamadas de prueba atendidas en el idioma de quien llama"


def test_a_year_of_the_work_plan_from_the_template_to_the_approved_evaluation_downloaded_in_spanish(
    page: Page, site, qi_user
):
    """QI staff start a year's plan from the state's review areas, add an objective in English and Spanish and
    enter a figure, so its status comes from the data; they start the annual evaluation, write the objective's
    review and record the council's approval with a consumer taking part; then they download the evaluation
    as PDF and Word in Spanish from its page and open both."""
    from docx import Document

    today = timezone.localdate()
    year = today.year if today.month >= 7 else today.year - 1
    sign_in(page, site, qi_user.username, next_path="/workplan/")
    page.get_by_role("link", name="Start a new year").click()
    page.locator("#id_year").fill(str(year))
    page.get_by_label("The areas the state reviews (one goal each)").check()
    page.get_by_role("button", name="Create the plan").click()
    expect(page.locator("h1")).to_contain_text(f"FY{year}-")
    plan_url = page.url

    page.get_by_role("link", name="Add an objective — 24/7 access line (test calls)").click()
    page.locator("#id_title").fill(OBJECTIVE)
    page.locator("#id_title_es").fill(OBJECTIVE_ES)
    page.locator("#id_unit_label").fill("% of test calls")
    page.locator("#id_direction").select_option("increase")
    page.locator("#id_baseline").fill("80")
    page.locator("#id_target").fill("95")
    page.locator("#id_responsible").fill("Access line supervisor")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text(OBJECTIVE)
    page.get_by_role("link", name="Enter a figure").click()
    page.locator("#id_as_of").fill(min(today, date(year + 1, 6, 30)).isoformat())
    page.locator("#id_value").fill("96")
    page.locator("#id_source").fill("Test call log")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".badge").first).to_have_text("Met")

    page.goto(plan_url)
    page.get_by_role("button", name="Start the annual evaluation").click()
    expect(page.locator("h1")).to_have_text(f"Evaluation of the QI work plan FY{year}-{(year + 1) % 100:02d}")
    page.get_by_role("link", name=f"Write the review — {OBJECTIVE}").click()
    page.locator("#id_narrative").fill("Test calls were answered in the caller's language all year.")
    page.locator("#id_narrative_es").fill("Las llamadas de prueba se atendieron en el idioma de quien llama.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("answered in the caller's language all year")
    assert_accessible(page, "the evaluation with its review")

    page.get_by_role("link", name="Record the council's approval").click()
    page.locator("#id_approved_on").fill(today.isoformat())
    page.locator("#id_meeting_reference").fill("Quality Improvement Council, regular meeting")
    page.locator("#id_consumers_present").fill("2")
    page.locator("#id_county_staff_present").fill("3")
    assert_accessible(page, "the approval form")
    page.get_by_role("button", name="Record the approval").click()
    expect(page.locator(".messages")).to_contain_text("the evaluation is now public")
    assert_accessible(page, "the approved evaluation")

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF (español)").click()
    pdf = pdf_download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-"), "the PDF download is not a PDF"
    assert len(pdf) > 1000, "the PDF is too small to hold the evaluation"
    objects = _pdf_objects(pdf)
    assert b"WeasyPrint" in objects, "the PDF was not made by WeasyPrint"
    assert b"/Lang (es)" in objects, "the PDF does not say it is in Spanish"

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Word (español)").click()
    assert docx_download.value.suggested_filename.endswith(".docx")
    word = Document(io.BytesIO(docx_download.value.path().read_bytes()))
    paragraphs = [paragraph.text for paragraph in word.paragraphs]
    assert OBJECTIVE_ES in paragraphs, f"the Spanish Word document lacks the objective: {paragraphs[:20]}"
