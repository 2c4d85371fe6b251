"""A new consumer joins a CQI cell, in Spanish, as a real person would (headless Chromium, axe-core).

The journey of issue 6: open the join form in Spanish, make a mistake and see it explained beside the
field with what was typed kept, send it, be approved by QI staff, set a password from the invitation,
see the cell, have a meeting's attendance recorded by staff, and see the stipend owed.
"""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "una contraseña bastante larga"
INVITATION = re.compile(r"https?://\S+/accounts/invitation/\S+/")


@pytest.fixture
def open_cell(site):
    from dialogues.models import CellStatus, CompensationKind, CqiCell, Membership, PartnerRole

    cell = CqiCell.objects.create(
        name="A first appointment without the wait",
        name_es="Primera cita sin esperas",
        slug="primera-cita",
        focus="Getting a first appointment sooner",
        focus_es="Conseguir una primera cita más pronto",
        mission_statement="People who use services and staff, as equals, make the first appointment easy.",
        mission_statement_es="Personas que usan los servicios y personal, como iguales, hacen fácil la primera cita.",
        status=CellStatus.ACTIVE,
        meeting_schedule="Second Tuesday of the month, 5 to 6:30 pm",
        meeting_schedule_es="Segundo martes del mes, 5 a 6:30 pm",
        compensation_kind=CompensationKind.PER_MEETING,
        stipend_per_meeting=Decimal("25.00"),
    )
    from django.contrib.auth import get_user_model

    provider = get_user_model().objects.create_user(username="proveedora", email="p@example.org")
    Membership.objects.create(cell=cell, user=provider, role=PartnerRole.PROVIDER, joined_on=timezone.localdate())
    return cell


@pytest.fixture
def spanish_page(browser: Browser, browser_context_args):
    context = browser.new_context(**{**browser_context_args, "locale": "es-US"})
    page = context.new_page()
    yield page
    context.close()


def test_a_new_consumer_joins_in_spanish_is_approved_attends_and_sees_the_stipend_owed(
    spanish_page: Page, page: Page, site, open_cell, qi_user
):
    consumer = spanish_page

    # 1. The join form, in Spanish, with a mistake: no way to reach them.
    consumer.goto(f"{site}/partners/")
    expect(consumer.locator("html")).to_have_attribute("lang", "es")
    consumer.locator(f"a[href='/partners/join/?cell={open_cell.slug}']").first.click()
    expect(consumer.locator("select[name=cell]")).to_have_value(str(open_cell.pk))
    assert_accessible(consumer, "join form, Spanish")
    form = consumer.locator("main form")
    form.locator("input[name=name]").fill("Rosa Martínez")
    form.locator("input[name=role][value=consumer]").check()
    form.locator("input[name=availability]").fill("Por las tardes")
    form.locator("input[name=consent_to_contact]").check()
    form.locator("input[name=consent_to_privacy_notice]").check()
    form.locator("button[type=submit]").click()

    # The error sits beside the field, in Spanish, and nothing typed is lost.
    expect(consumer.locator("#id_email")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(consumer.locator("#id_email ~ .invalid-feedback, #error_1_id_email").first).to_contain_text("correo")
    expect(consumer.locator("input[name=name]")).to_have_value("Rosa Martínez")
    expect(consumer.locator("input[name=availability]")).to_have_value("Por las tardes")
    expect(consumer.locator("input[name=consent_to_contact]")).to_be_checked()
    assert_accessible(consumer, "join form with an error, Spanish")

    # 2. Corrected and sent.
    consumer.locator("input[name=email]").fill("rosa@example.org")
    consumer.locator("main form button[type=submit]").click()
    expect(consumer).to_have_url(re.compile(r"/partners/join/thanks/$"))
    assert_accessible(consumer, "thanks page, Spanish")

    # 3. QI staff approve it.
    sign_in(page, site, qi_user.username, next_path="/partners/applications/")
    page.get_by_role("link", name="Rosa Martínez").click()
    expect(page.get_by_text("rosa@example.org")).to_be_visible()
    page.locator("form:has(input[name=action][value=approve]) button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Rosa Martínez")

    invitation = next(
        message for message in mail.outbox if "rosa@example.org" in message.to and INVITATION.search(message.body)
    )
    link = INVITATION.search(invitation.body).group(0)

    # 4. Rosa sets her password from the invitation and lands on her own page, signed in.
    consumer.goto(link)
    expect(consumer.locator("html")).to_have_attribute("lang", "es")
    assert_accessible(consumer, "invitation, Spanish")
    consumer.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    consumer.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    consumer.locator("main form button[type=submit]").click()
    expect(consumer).to_have_url(re.compile(r"/partners/me/$"))
    expect(consumer.get_by_role("link", name=open_cell.name_es)).to_be_visible()
    assert_accessible(consumer, "my partnership, Spanish")

    # Her cell's page shows aggregates, never the other members' names.
    consumer.get_by_role("link", name=open_cell.name_es).click()
    expect(consumer.get_by_role("heading", level=1)).to_have_text(open_cell.name_es)
    expect(consumer.get_by_text("proveedora")).to_have_count(0)
    assert_accessible(consumer, "cell page as a member, Spanish")

    # 5. Staff record a meeting and tick who attended.
    page.goto(f"{site}/partners/cells/{open_cell.slug}/meetings/new/")
    # Today's meeting: Rosa became a member today, and attendance lists who was a member on the day.
    page.locator("input[name=starts_at]").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.locator("input[name=place]").fill("Centro comunitario")
    page.locator("textarea[name=agenda]").fill("Recordatorios de citas")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Attendance")).to_be_visible()
    page.get_by_label(re.compile("Rosa Martínez")).check()
    page.get_by_role("button", name="Record attendance").click()
    expect(page.locator("main")).to_contain_text("$25.00")

    # 6. Rosa sees the meeting she attended and the stipend owed to her.
    consumer.goto(f"{site}/partners/me/")
    payments = consumer.locator("section[aria-labelledby=stipends-heading]")
    expect(payments).to_contain_text("$25.00")
    expect(payments).to_contain_text("Pendiente de pago")
    expect(consumer.locator("section[aria-labelledby=attendance-heading]")).to_contain_text(open_cell.name_es)
    assert_accessible(consumer, "my partnership with a stipend owed, Spanish")
