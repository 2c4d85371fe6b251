"""The weekly huddle board (seed 004: huddles, visual management, tiered problem escalation): QI staff and
directors see open action items (overdue first), problems overdue at any tier, new chart signals, and what
each tier decided this week; on a phone and on paper."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import AgendaSource, CouncilMeetingStatus, DecisionMethod
from council.selectors import huddle as huddle_selectors
from council.selectors.agenda import AgendaProposal
from council.selectors.huddle import huddle_board, week_start
from council.services.records import action_item_add, decision_record
from dialogues.models import Problem, ProblemEscalation, ProblemStatus, ProblemTier

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def board_data(make_meeting, qi_staff, director):
    held = make_meeting(-20)
    late = action_item_add(
        meeting=held, description="Send the survey to the clinics", owner=qi_staff, due_on=TODAY - timedelta(days=3)
    )
    soon = action_item_add(meeting=held, description="Book the hall", owner=director, due_on=TODAY + timedelta(days=9))
    overdue = Problem.objects.create(
        title="No Spanish-speaking intake worker",
        tier=ProblemTier.PROGRAM,
        owner=director,
        due_on=TODAY - timedelta(days=2),
    )
    Problem.objects.create(
        title="Printer jams", tier=ProblemTier.TEAM, owner=director, due_on=TODAY + timedelta(days=5)
    )
    escalated = Problem.objects.create(
        title="Evening clinic short-staffed",
        tier=ProblemTier.COUNCIL,
        owner=director,
        due_on=TODAY + timedelta(days=10),
    )
    ProblemEscalation.objects.create(
        problem=escalated, from_tier=ProblemTier.DEPARTMENT, to_tier=ProblemTier.COUNCIL, reason="Budget"
    )
    Problem.objects.create(
        title="Phone tree loops",
        tier=ProblemTier.DEPARTMENT,
        owner=director,
        due_on=TODAY,
        status=ProblemStatus.RESOLVED,
        resolution="New menu.",
        resolved_at=timezone.now(),
    )
    this_week = make_meeting(0, status=CouncilMeetingStatus.HELD)
    decision_record(
        meeting=this_week, text="Keep the evening clinic open.", method=DecisionMethod.CONSENSUS, by=qi_staff
    )
    decision_record(meeting=held, text="Buy a second printer.", method=DecisionMethod.CONSENSUS, by=qi_staff)
    return {"late": late, "soon": soon, "overdue": overdue, "escalated": escalated}


def test_the_board_lists_overdue_action_items_first_and_only_overdue_problems(board_data):
    board = huddle_board(today=TODAY)
    assert [item.description for item in board.action_items] == ["Send the survey to the clinics", "Book the hall"]
    assert board.action_items[0].overdue
    assert [problem.title for problem in board.overdue_problems] == ["No Spanish-speaking intake worker"]


def test_the_board_says_what_each_tier_decided_this_week(board_data):
    board = huddle_board(today=TODAY)
    assert board.week_starts == week_start(TODAY)
    assert board.week_starts.weekday() == 0
    assert [decision.text for decision in board.decisions] == ["Keep the evening clinic open."]
    tiers = {tier.tier: tier for tier in board.tiers}
    assert [e.problem.title for e in tiers[ProblemTier.COUNCIL].escalated_here] == ["Evening clinic short-staffed"]
    assert [p.title for p in tiers[ProblemTier.DEPARTMENT].resolved] == ["Phone tree loops"]
    assert not tiers[ProblemTier.TEAM].escalated_here
    assert not tiers[ProblemTier.TEAM].resolved


def test_a_decision_typed_this_week_for_an_earlier_meeting_was_not_decided_this_week(board_data):
    assert "Buy a second printer." not in [decision.text for decision in huddle_board(today=TODAY).decisions]


def test_last_weeks_decisions_are_not_this_weeks(board_data):
    assert huddle_board(today=TODAY + timedelta(days=7)).decisions == []


def test_new_chart_signals_come_from_the_agendas_source(board_data, monkeypatch):
    signal = AgendaProposal(
        AgendaSource.CHART_SIGNAL, "signal:x", "Chart signal on Wait time: getting worse", link="/m/"
    )
    missed = AgendaProposal(AgendaSource.MISSED_TARGET, "target:x", "Target missed on Wait time")
    monkeypatch.setattr(huddle_selectors, "chart_signals_and_missed_targets", lambda **_kwargs: [signal, missed])
    assert huddle_board(today=TODAY).signals == [signal]


@pytest.mark.parametrize("persona", ["qi_staff", "director"])
def test_qi_staff_and_directors_read_the_board(client_for, request, persona, board_data, django_assert_max_num_queries):
    client = client_for(request.getfixturevalue(persona))
    with django_assert_max_num_queries(30):
        response = client.get(reverse("council:huddle"))
    assert response.status_code == 200
    text = response.content.decode()
    for words in (
        "Send the survey to the clinics",
        "No Spanish-speaking intake worker",
        "Keep the evening clinic open.",
        "Escalated here: Evening clinic short-staffed",
        "Resolved: Phone tree loops",
    ):
        assert words in text
    assert "Printer jams" not in text


@pytest.mark.parametrize("persona", ["consumer", "outsider"])
def test_consumers_and_outsiders_do_not_see_the_board(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get(reverse("council:huddle")).status_code == 403


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(reverse("council:huddle"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_board_only_reads(client_for, qi_staff):
    assert client_for(qi_staff).post(reverse("council:huddle")).status_code == 405


def test_a_chart_that_turned_worse_last_month_is_on_the_board_in_the_first_week_of_this_month(db):
    from tests.council.test_agenda import _monthly_results

    measure, _month = _monthly_results(last_two_offered=40)

    # On the 4th, a week ago was last month: the month just ended had not been seen.
    titles = [signal.title for signal in huddle_board(today=TODAY.replace(day=4)).signals]

    assert titles == [f"Chart signal on {measure.name}: getting worse"[:200]]


def test_a_signal_seen_on_last_weeks_board_is_not_new_this_week(db):
    from tests.council.test_agenda import _monthly_results

    _monthly_results(last_two_offered=40)

    assert huddle_board(today=TODAY.replace(day=20)).signals == []
