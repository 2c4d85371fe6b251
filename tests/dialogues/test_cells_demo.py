"""The partnership demo: loads quickly, is safe to run twice, and shows every part of the work."""

import time

import pytest

from dialogues.demo import partnership_demo_load
from dialogues.models import (
    ActionStep,
    CqiCell,
    Dialogue,
    ImprovementOpportunity,
    Membership,
    OutcomeStandard,
    PdsaCycle,
    PriorityVote,
    Problem,
    ProblemEscalation,
    StipendEntry,
)
from dialogues.selectors.cells import cell_consumer_share
from measures.models import ChartNote
from qic.accounts.services import demo_users_reset

pytestmark = pytest.mark.django_db
MODELS = (
    CqiCell,
    Membership,
    StipendEntry,
    ImprovementOpportunity,
    PriorityVote,
    ActionStep,
    PdsaCycle,
    Dialogue,
    Problem,
    ProblemEscalation,
)


def counts():
    return {model.__name__: model.objects.count() for model in (*MODELS, OutcomeStandard, ChartNote)}


def test_the_demo_loads_quickly_and_twice_changes_nothing():
    demo_users_reset()
    started = time.monotonic()
    partnership_demo_load()
    assert time.monotonic() - started < 2
    first = counts()
    partnership_demo_load()
    assert counts() == first
    assert all(first[model.__name__] for model in MODELS)


def test_the_demo_has_paid_and_owed_stipends_a_cell_below_the_minimum_and_a_charted_pdsa_cycle():
    demo_users_reset()
    partnership_demo_load()
    assert set(StipendEntry.objects.values_list("status", flat=True)) >= {"paid", "owed"}
    assert any(cell_consumer_share(cell=cell).below_minimum for cell in CqiCell.objects.all())
    assert Membership.objects.filter(user__username="consumer", role="consumer").exists()
    cycle = PdsaCycle.objects.get()
    assert cycle.chart_note is not None
    assert cycle.measure.code == "routine-non-psychiatry-offered-10-days"
    assert ImprovementOpportunity.objects.filter(dialogue__status="held", cell__isnull=False).exists()
    assert Dialogue.objects.filter(status="planned", signup_open=True).exists()
    others = Membership.objects.exclude(user__username="consumer").select_related("user")
    assert not any(membership.user.has_usable_password() for membership in others)


def test_the_demo_pages_render(client, client_for, qi_staff):
    demo_users_reset()
    partnership_demo_load()
    assert client.get("/partners/cells/").status_code == 200
    for cell in CqiCell.objects.all():
        assert client_for(qi_staff).get(cell.get_absolute_url()).status_code == 200
    assert client_for(qi_staff).get("/partners/stipends/").status_code == 200


def test_the_demo_cell_shows_a_scorecard_with_computed_markers_met():
    from dialogues.models import Indicator
    from dialogues.selectors.indicators import cell_scorecard

    demo_users_reset()
    partnership_demo_load()
    results = {
        result.indicator: result for result in cell_scorecard(cell=CqiCell.objects.get(slug="first-appointment"))
    }
    for indicator in (
        Indicator.MISSION,
        Indicator.PROCESS,
        Indicator.CONSUMER_SHARE,
        Indicator.COMPENSATION,
        Indicator.DIALOGUES,  # the focused dialogue a month ago
        Indicator.SATISFACTION,  # five members answered this quarter
        Indicator.OVERSIGHT,  # a consumer chairs a committee with a consumer majority
    ):
        assert results[indicator].is_met, (indicator, results[indicator].evidence)


def test_the_demo_board_has_problems_at_three_tiers_one_escalated_and_one_overdue():
    from dialogues.selectors.problems import problems_board

    demo_users_reset()
    partnership_demo_load()

    columns = {column.tier.value: column for column in problems_board()}
    assert {tier for tier, column in columns.items() if column.problems} == {"team", "council", "department"}
    assert columns["department"].overdue == 1
    escalation = ProblemEscalation.objects.get()
    assert (escalation.from_tier, escalation.to_tier, escalation.problem.owner.username) == (
        "program",
        "council",
        "director",
    )
