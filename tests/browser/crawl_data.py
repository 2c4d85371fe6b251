"""The crawl's data: a small but complete county, built once per crawl test through the product's own loaders.

The demo loaders (what ``manage.py setup_demo`` runs) already make at least one row of nearly every model a page
needs: cells with members and meetings, opportunities, PDSA cycles, dialogues, problems and their drafts, council
meetings with decisions and action items, last year's approved work plan and evaluation, a PIP and a cell's
project with local measures and data, reminder settings. The synthetic county is kept small (its disclosure audit
and the breakdown by population cost a minute for the demo's 5,000 clients) and loaded through the real import;
a rejected upload is added with the import tests' own files, so the import pages show both states.
``crawl_data_build()`` returns a :class:`CrawlData` with the people the crawl signs in as.
"""

import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

# A county small enough to import and compute in seconds, large enough for every measure to have results. (At
# 300 clients over 13 months the recompute failed its disclosure audit: see /tmp/qic-notes/crawl-findings.txt.)
COUNTY_CLIENTS = 150
COUNTY_MONTHS = 6

#: role name -> the demo account the crawl signs in as (None: not signed in). The family member and the provider
#: are members of the demo's first cell, given the consumer role as an approved application gives it.
PERSONAS = {
    "anonymous": None,
    "consumer": "consumer",
    "family": "demo.james",
    "provider": "demo.priya",
    "qi_staff": "qi_staff",
    "director": "director",
    "admin": "admin",
}


@dataclass
class CrawlData:
    users: dict[str, object] = field(default_factory=dict)
    rejected_upload_id: int | None = None
    loaded_upload_id: int | None = None


def _county_load(loader) -> int:
    from measures.models import UploadStatus
    from measures.services import demo_county_load

    upload = demo_county_load(clients=COUNTY_CLIENTS, months=COUNTY_MONTHS, user=loader)
    assert upload is not None
    assert upload.status == UploadStatus.LOADED, (upload.message, upload.errors[:3])
    return upload.pk


def _rejected_upload(admin) -> int:
    """An upload rejected for a bad row, with its report. (A withdrawn file is left out: loading and withdrawing
    one recomputes every measure twice, and its import page is the same page as the loaded one's.)"""
    from tests.measures.importing import HOLIDAYS_HEADER, csv_bytes, incoming, run_import

    bad = csv_bytes(HOLIDAYS_HEADER, ["2025-02-30,Not a day", "2025-07-04,Independence Day"])
    return run_import(incoming("holidays.csv", bad, "holidays"), user=admin).pk


def _the_rest(data: CrawlData) -> None:
    """Rows of the models no demo loader makes: a join application, an attestation, a council mailing, a sent
    reminder, and the sign-in records of django-axes (a failed and a good sign-in)."""
    from axes.models import AccessFailureLog
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from council.models import CouncilMeeting, MailingKind
    from council.services.mail import meeting_mail_send
    from dialogues.models import ApplicantRole, CqiCell, Indicator
    from dialogues.services.indicators import attestation_record
    from dialogues.services.joining import application_submit
    from reminders.services.sending import daily_reminders_send

    staff, cell = data.users["qi_staff"], CqiCell.objects.get(slug="first-appointment")
    application_submit(
        name="Rosa Díaz",
        email="rosa@example.org",
        role=ApplicantRole.CONSUMER,
        cell=cell,
        consent_to_contact=True,
        consent_to_privacy_notice=True,
    )
    attestation_record(indicator=Indicator.MISSION, cell=cell, met=True, evidence="Reviewed in October", by=staff)
    meeting = CouncilMeeting.objects.order_by("-starts_at").first()
    meeting_mail_send(meeting=meeting, kind=MailingKind.INVITATION, url="/council/", by=staff)
    daily_reminders_send()
    # A good sign-in (AccessLog) before a failed one (AccessAttempt; a good one after would clear it), and a
    # failure log row, which this project's axes settings do not write.
    Client().force_login(data.users["director"])
    Client().post(reverse("accounts:login"), {"username": "director", "password": "not the password"})
    AccessFailureLog.objects.create(
        username="director", ip_address="127.0.0.1", user_agent="crawl", http_accept="*/*", path_info="/accounts/login/"
    )
    # The framework is loaded from its fixture without history; the admin's version pages need one version each.
    call_command("populate_history", auto=True, stdout=io.StringIO())


def crawl_data_build() -> CrawlData:
    """Build the crawl's data in the (flushed) test database; needs the ``framework`` fixture first."""
    from council.demo import council_demo_load
    from dialogues.demo import partnership_demo_load
    from projects.demo import projects_demo_load
    from qic.accounts.services import demo_users_reset, user_assign_role
    from qic.roles import Role
    from reminders.demo import reminders_demo_load
    from workplan.demo import workplan_demo_load

    users = get_user_model().objects
    demo_users_reset()
    users.filter(username="admin").update(is_superuser=True, is_staff=True)
    partnership_demo_load()
    data = CrawlData()
    data.loaded_upload_id = _county_load(users.get(username="admin"))
    # The order of setup_demo: the evaluation needs the county's figures, the projects the partnership's people,
    # the council's agenda the chart signals, the reminders everything before them.
    workplan_demo_load()
    projects_demo_load()
    council_demo_load()
    reminders_demo_load()
    for username in ("demo.james", "demo.priya"):
        user_assign_role(user=users.get(username=username), role=Role.CONSUMER)
    data.rejected_upload_id = _rejected_upload(users.get(username="admin"))
    data.users = {role: users.get(username=name) if name else None for role, name in PERSONAS.items()}
    _the_rest(data)
    return data
