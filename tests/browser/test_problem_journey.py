"""QI staff raise a problem, make a mistake, escalate it with a reason; a director takes it from the board
(headless Chromium, axe-core on each page)."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def director_user(framework, director):
    return director


@pytest.fixture
def second_page(browser: Browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


def test_a_problem_is_raised_escalated_with_a_reason_and_taken_by_a_director(
    page: Page, second_page: Page, site, qi_user, director_user
):
    # 1. QI staff raise a problem from the board, leaving the title out.
    sign_in(page, site, qi_user.username, next_path="/partners/council/problems/")
    assert_accessible(page, "the empty board")
    page.get_by_role("link", name="Raise a problem").click()
    page.get_by_label("What is happening", exact=True).fill("Calls after four go to a full voicemail box.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_title")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("What is happening", exact=True)).to_have_value(
        "Calls after four go to a full voicemail box."
    )
    assert_accessible(page, "the problem form with an error")

    # 2. With a title it is saved, at the team tier, owned by them.
    page.locator("#id_title").fill("Intake line unanswered after 4 pm")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Intake line unanswered after 4 pm")
    assert_accessible(page, "the problem's page")

    # 3. Escalating without a reason is refused; with one, it goes to the council.
    page.get_by_label("Escalate to").select_option("council")
    page.get_by_role("button", name="Escalate", exact=True).click()
    expect(page.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Why this tier cannot solve it").fill("Evening staffing needs the council's budget.")
    page.get_by_role("button", name="Escalate", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Problem escalated.")
    expect(page.locator("#escalations-heading + ol")).to_contain_text("Team → Council")

    # 4. A director finds it in the council's column and takes it.
    sign_in(second_page, site, director_user.username, next_path="/partners/council/problems/")
    council = second_page.locator("section", has=second_page.locator("#tier-council"))
    council.get_by_role("link", name="Intake line unanswered after 4 pm").click()
    second_page.get_by_role("button", name="Take this problem (become its owner)").click()
    expect(second_page.locator(".messages")).to_contain_text("You are now the owner of this problem.")
    second_page.goto(f"{site}/partners/council/problems/?mine=1")
    expect(second_page.locator("section", has=second_page.locator("#tier-council"))).to_contain_text(
        "Intake line unanswered after 4 pm"
    )
    assert_accessible(second_page, "the director's board")
