"""The council overview: every cell at a glance in a fixed number of queries, dialogues, and initiatives
(with the IHI warning above five active at once)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dialogues.models import (
    ActionStatus,
    ActionStep,
    CellStatus,
    CouncilInitiative,
    CqiCell,
    DialogueStatus,
    ImprovementOpportunity,
    InitiativeStatus,
    Meeting,
    PartnerRole,
    PdsaCycle,
    ReviewStatus,
    StipendEntry,
    StipendStatus,
)
from dialogues.selectors.council import council_overview
from measures.models import Measure
from tests.dialogues.sessions_helpers import make_dialogue

pytestmark = pytest.mark.django_db

COUNCIL = reverse("dialogues:council")
CREATE = reverse("dialogues:initiative_create")


def busy_cell(number, member_of):
    """A cell with members, two open action steps (one overdue), a running cycle and two stipends owed."""
    cell = CqiCell.objects.create(
        name=f"Cell {number}",
        slug=f"cell-{number}",
        focus="x",
        status=CellStatus.ACTIVE,
        stipend_per_meeting=Decimal("25"),
    )
    consumer = member_of(cell, PartnerRole.CONSUMER)
    member_of(cell, PartnerRole.PROVIDER)
    opportunity = ImprovementOpportunity.objects.create(
        cell=cell, title="Shorter forms", review_status=ReviewStatus.APPROVED
    )
    today = timezone.localdate()
    ActionStep.objects.create(opportunity=opportunity, description="Draft", due_on=today - timedelta(days=1))
    ActionStep.objects.create(opportunity=opportunity, description="Test", status=ActionStatus.DOING)
    ActionStep.objects.create(opportunity=opportunity, description="Old", status=ActionStatus.DONE)
    PdsaCycle.objects.create(cell=cell, title="Try it", plan_prediction="Fewer blanks", starts_on=today)
    PdsaCycle.objects.create(
        cell=cell, title="Done", plan_prediction="p", starts_on=today, study_notes="s", act_decision="adopt"
    )
    for days in (7, 14, 21):
        meeting = Meeting.objects.create(cell=cell, starts_at=timezone.now() - timedelta(days=days))
        StipendEntry.objects.create(
            membership=consumer,
            meeting=meeting,
            amount=Decimal("25.00"),
            status=StipendStatus.PAID if days == 21 else StipendStatus.OWED,
            paid_on=today if days == 21 else None,
        )
    return cell


def test_the_overview_gives_each_cells_figures(member_of):
    busy_cell(1, member_of)
    row = council_overview().rows[0]
    assert (row.open_actions, row.overdue_actions, row.pdsa_running) == (2, 1, 1)
    assert (row.stipends_owed, row.stipends_owed_total) == (2, Decimal("50.00"))
    assert row.consumer_share.percent == 50


def test_a_quiet_cell_shows_zeros(cell):
    row = council_overview().rows[0]
    assert (row.open_actions, row.overdue_actions, row.pdsa_running, row.stipends_owed) == (0, 0, 0, 0)


@pytest.mark.parametrize("persona", ["qi_staff", "director", "administrator"])
def test_qi_staff_and_directors_see_the_overview(client_for, request, persona, member_of):
    busy_cell(1, member_of)
    response = client_for(request.getfixturevalue(persona)).get(COUNCIL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cell 1" in body
    assert "1 of 2 (50%)" in body
    assert "$50.00" in body


@pytest.mark.parametrize("persona", ["consumer", "outsider"])
def test_consumers_and_others_are_refused(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get(COUNCIL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(COUNCIL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_cell_below_20_percent_consumers_is_flagged_in_words(client_for, director, cell, member_of):
    for _ in range(5):
        member_of(cell, PartnerRole.PROVIDER)
    member_of(cell, PartnerRole.CONSUMER)
    body = client_for(director).get(COUNCIL).content.decode()
    assert "1 of 6 (17%)" in body
    assert "Warning: below 20%" in body


def test_the_overview_lists_dialogues_held_in_the_last_12_months_and_upcoming(client_for, director):
    make_dialogue(days_from_now=-30, status=DialogueStatus.HELD, title="Held last month")
    make_dialogue(days_from_now=-400, status=DialogueStatus.HELD, title="Held long ago")
    make_dialogue(days_from_now=10, title="Next week or so")
    body = client_for(director).get(COUNCIL).content.decode()
    assert "Held last month" in body
    assert "Held long ago" not in body
    assert "Next week or so" in body


def test_the_overview_takes_the_same_number_of_queries_whatever_the_number_of_cells(client_for, director, member_of):
    client = client_for(director)
    busy_cell(1, member_of)
    CouncilInitiative.objects.create(title="First")
    make_dialogue(days_from_now=-3, status=DialogueStatus.HELD)
    make_dialogue(days_from_now=3)
    client.get(COUNCIL)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as one_cell:
        assert client.get(COUNCIL).status_code == 200
    for number in range(2, 6):
        busy_cell(number, member_of)
        CouncilInitiative.objects.create(title=f"Initiative {number}").cells.add(CqiCell.objects.get(slug="cell-1"))
    make_dialogue(days_from_now=-5, status=DialogueStatus.HELD)
    make_dialogue(days_from_now=5)
    with CaptureQueriesContext(connection) as five_cells:
        assert client.get(COUNCIL).status_code == 200
    assert len(five_cells) == len(one_cell)


def test_the_overview_pins_its_query_count(django_assert_num_queries, member_of):
    for number in range(1, 4):
        busy_cell(number, member_of)
    CouncilInitiative.objects.create(title="First").cells.add(CqiCell.objects.first())
    make_dialogue(days_from_now=-3, status=DialogueStatus.HELD)
    make_dialogue(days_from_now=3)
    # cells with consumer share, action steps, cycles, stipends, initiatives with their aim, their cells,
    # their measures, dialogues held with their co-facilitators, upcoming dialogues
    with django_assert_num_queries(10):
        overview = council_overview()
        assert len(overview.rows) == 3


# --- Initiatives ---------------------------------------------------------------------------------


def initiative_data(**overrides):
    data = {
        "title": "Same-week first appointments",
        "aim": "",
        "lead": "QI staff",
        "status": "active",
        "started_on": "2026-09-01",
    }
    data.update(overrides)
    return data


def test_qi_staff_add_an_initiative_with_cells_and_measures(client_for, qi_staff, cell):
    measure = Measure.objects.first()
    client = client_for(qi_staff)
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, initiative_data(cells=[cell.pk], measures=[measure.pk]))
    assert response.status_code == 302
    initiative = CouncilInitiative.objects.get()
    assert list(initiative.cells.all()) == [cell]
    assert list(initiative.measures.all()) == [measure]
    assert initiative.started_on == date(2026, 9, 1)
    assert initiative.history.first().history_user == qi_staff
    assert "Same-week first appointments" in client.get(COUNCIL).content.decode()


def test_qi_staff_edit_an_initiative(client_for, qi_staff):
    initiative = CouncilInitiative.objects.create(title="Old")
    url = reverse("dialogues:initiative_edit", args=[initiative.pk])
    assert client_for(qi_staff).get(url).status_code == 200
    response = client_for(qi_staff).post(url, initiative_data(title="New", status="completed"))
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.status) == ("New", InitiativeStatus.COMPLETED)


def test_an_initiative_without_a_title_is_reshown_with_what_was_typed(client_for, qi_staff):
    response = client_for(qi_staff).post(CREATE, initiative_data(title="", lead="Typed lead"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This field is required." in body
    assert 'value="Typed lead"' in body
    assert not CouncilInitiative.objects.exists()


@pytest.mark.parametrize("persona", ["director", "consumer", "outsider"])
def test_only_qi_staff_add_or_edit_initiatives(client_for, request, persona):
    initiative = CouncilInitiative.objects.create(title="Old")
    client = client_for(request.getfixturevalue(persona))
    assert client.post(CREATE, initiative_data()).status_code == 403
    assert client.get(reverse("dialogues:initiative_edit", args=[initiative.pk])).status_code == 403
    assert CouncilInitiative.objects.count() == 1


def test_five_active_initiatives_draw_no_warning(client_for, director):
    for number in range(5):
        CouncilInitiative.objects.create(title=f"I{number}")
    CouncilInitiative.objects.create(title="Finished", status=InitiativeStatus.COMPLETED)
    assert "Warning: 5 initiatives" not in client_for(director).get(COUNCIL).content.decode()
    assert not council_overview().too_many_initiatives


def test_a_sixth_active_initiative_is_warned_about_but_saved(client_for, qi_staff):
    for number in range(5):
        CouncilInitiative.objects.create(title=f"I{number}")
    client = client_for(qi_staff)
    form_page = client.get(CREATE).content.decode()
    assert "You can still save it." in form_page
    response = client.post(CREATE, initiative_data(title="The sixth"), follow=True)
    assert CouncilInitiative.objects.filter(status=InitiativeStatus.ACTIVE).count() == 6
    body = response.content.decode()
    assert "6 initiatives are now active at once" in body
    assert "Warning: 6 initiatives are active at once" in body
    assert council_overview().too_many_initiatives


def test_editing_one_of_five_active_initiatives_draws_no_warning(client_for, qi_staff):
    initiatives = [CouncilInitiative.objects.create(title=f"I{number}") for number in range(5)]
    url = reverse("dialogues:initiative_edit", args=[initiatives[0].pk])
    assert "You can still save it." not in client_for(qi_staff).get(url).content.decode()
