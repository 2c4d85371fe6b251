"""A council meeting, as QI staff and a member take part in it (headless Chromium, axe-core, a 360 px phone).

QI staff build the next meeting's agenda from what happened since the last one, move an item up, record
attendance and a decision by vote, and add an action item for a consumer member; the member finds it on
their own page, on a phone, and marks it under way.
"""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def council_meeting(site, qi_user):
    from django.contrib.auth import get_user_model

    from council.models import CouncilMeeting, CouncilRole
    from council.services.members import council_member_add
    from dialogues.models import CouncilInitiative, OversightCommittee

    member = get_user_model().objects.create_user(
        username="rosa",
        first_name="Rosa",
        last_name="Díaz",
        email="rosa@example.org",
        password="correct horse battery staple",
    )
    council_member_add(user=member, role=CouncilRole.CONSUMER, term_starts_on=timezone.localdate() - timedelta(days=50))
    council_member_add(
        user=qi_user, role=CouncilRole.COUNTY_STAFF, term_starts_on=timezone.localdate() - timedelta(days=50)
    )
    CouncilInitiative.objects.create(title="Timely first appointments")
    OversightCommittee.objects.create(name="Consumer Oversight Committee")
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time(9)))
    return CouncilMeeting.objects.create(starts_at=start, ends_at=start + timedelta(hours=2), place="Room 2"), member


def _no_sideways_scrolling(page: Page, where: str) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1] + 1, f"{where} scrolls sideways: {widths[0]}px wide in {widths[1]}px"


def test_staff_build_the_agenda_run_the_meeting_and_the_member_finds_the_action_item_on_a_phone(
    page: Page, browser, browser_context_args, site, council_meeting, qi_user
):
    meeting, member = council_meeting
    sign_in(page, site, qi_user.username, next_path=meeting.get_absolute_url())
    page.get_by_role("link", name="Build and edit the agenda").click()
    page.get_by_role("button", name="Build the agenda").click()
    items = page.locator("#agenda-items > li")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Initiative: Timely first appointments")
    assert_accessible(page, "agenda editor")
    page.get_by_role("button", name="Move “Items from the Consumer Oversight Committee” up").click()
    expect(items.nth(0)).to_contain_text("Items from the Consumer Oversight Committee")

    page.get_by_role("link", name="Back to the meeting").click()
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_label(re.compile("Rosa Díaz")).check()
    page.get_by_label(re.compile(qi_user.username)).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("2 of 2 voting members attended")
    expect(page.locator("main")).to_contain_text("$25.00")

    page.get_by_role("link", name="Record a decision").last.click()
    page.locator("textarea[name=text]").fill("Send plainer letters about waiting times.")
    page.locator("input[name=method][value=vote]").check()
    page.get_by_label("Votes for").fill("2")
    page.get_by_role("button", name="Save").click()
    # A vote without all its counts is explained, and nothing typed is lost.
    expect(page.locator("main")).to_contain_text("A vote needs this count (0 if none).")
    expect(page.locator("textarea[name=text]")).to_have_value("Send plainer letters about waiting times.")
    assert_accessible(page, "decision form with an error")
    page.get_by_label("Votes against").fill("0")
    page.get_by_label("Abstentions").fill("0")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("By vote: 2 for, 0 against, 0 abstaining.")

    page.get_by_role("link", name="Add an action item").last.click()
    page.locator("input[name=description]").fill("Draft the letter with the oversight committee")
    page.locator("select[name=owner]").select_option(label="Rosa Díaz (rosa)")
    page.locator("input[name=due_on]").fill((timezone.localdate() + timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Draft the letter with the oversight committee")
    assert_accessible(page, "meeting page")

    # The member, on a 360 px phone, finds the action item on their own page and marks it under way.
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": 360, "height": 780}})
    phone = context.new_page()
    sign_in(phone, site, member.username, next_path="/council/me/")
    expect(phone.locator("main")).to_contain_text("Draft the letter with the oversight committee")
    _no_sideways_scrolling(phone, "my action items")
    assert_accessible(phone, "my action items at 360 px")
    phone.get_by_role("link", name=re.compile("^Open")).click()
    phone.locator("select[name=status]").select_option("in_progress")
    phone.get_by_role("button", name="Save").click()
    expect(phone.locator("main")).to_contain_text("Under way")
    phone.goto(f"{site}{meeting.get_absolute_url()}")
    _no_sideways_scrolling(phone, "the meeting page")
    assert_accessible(phone, "the meeting page at 360 px, as a member")
    context.close()
