"""A decision that changes something in QIC makes the change itself and links to it: the target's history,
the initiative's status and the problem's escalation name the meeting, and the decision keeps what the value
was and what it became. Nothing is half-done when the change is refused."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from council.models import Decision, DecisionChange, DecisionMethod
from council.services.records import decision_record
from dialogues.models import CouncilInitiative, InitiativeStatus, Problem, ProblemTier
from measures.models import Measure
from measures.selectors import measure_target_history

pytestmark = pytest.mark.django_db

MEASURE = "routine-non-psychiatry-offered-10-days"


@pytest.fixture
def measure():
    return Measure.objects.get(code=MEASURE)


@pytest.fixture
def problem(qi_staff):
    return Problem.objects.create(
        title="Callbacks take three days",
        tier=ProblemTier.PROGRAM,
        owner=qi_staff,
        due_on=timezone.localdate() + timedelta(days=30),
    )


def test_a_decision_raising_a_target_changes_it_and_the_history_names_the_meeting(meeting, qi_staff, measure):
    before = measure.target

    decision = decision_record(
        meeting=meeting,
        text="Raise the target to 85 %.",
        method=DecisionMethod.CONSENSUS,
        change=DecisionChange.TARGET,
        measure=measure,
        new_target=Decimal("85"),
        by=qi_staff,
    )

    measure.refresh_from_db()
    assert measure.target == Decimal("85")
    assert (decision.changed_from, decision.changed_to) == (f"{before.normalize():f}" if before else "—", "85")
    latest = measure_target_history(measure=measure)[0]
    assert latest.history_user == qi_staff
    assert latest.history_change_reason.startswith("Council decision, ")
    assert "Raise the target to 85 %." in latest.history_change_reason


def test_a_target_the_measure_refuses_leaves_no_decision_and_no_change(meeting, qi_staff, measure):
    before = measure.target

    with pytest.raises(ValidationError) as refused:
        decision_record(
            meeting=meeting,
            text="Set the target to 250 %.",
            method=DecisionMethod.CONSENSUS,
            change=DecisionChange.TARGET,
            measure=measure,
            new_target=Decimal("250"),
            by=qi_staff,
        )

    assert "new_target" in refused.value.message_dict
    measure.refresh_from_db()
    assert measure.target == before
    assert not Decision.objects.exists()


def test_a_decision_can_point_at_a_change_made_elsewhere_without_making_one(meeting, measure):
    before = measure.target

    decision = decision_record(
        meeting=meeting,
        text="Endorse the target set by the director in March.",
        method=DecisionMethod.CONSENSUS,
        change=DecisionChange.TARGET,
        measure=measure,
    )

    measure.refresh_from_db()
    assert measure.target == before
    assert (decision.changed_from, decision.changed_to) == ("", "")


def test_completing_an_initiative_by_vote_changes_its_status(meeting, qi_staff):
    initiative = CouncilInitiative.objects.create(title="Spanish from the first call")

    decision = decision_record(
        meeting=meeting,
        text="The initiative met its aim: close it.",
        method=DecisionMethod.VOTE,
        votes_for=5,
        votes_against=0,
        abstentions=1,
        change=DecisionChange.INITIATIVE,
        initiative=initiative,
        new_initiative_status=InitiativeStatus.COMPLETED,
        by=qi_staff,
    )

    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.COMPLETED
    assert (decision.changed_from, decision.changed_to) == ("active", "completed")
    with translation.override("es"):
        assert (decision.changed_from_shown, decision.changed_to_shown) == ("Activo", "Completado")


def test_taking_a_problem_to_the_council_escalates_it_with_the_decision_as_its_reason(meeting, qi_staff, problem):
    decision = decision_record(
        meeting=meeting,
        text="The council takes up the callback delays.",
        method=DecisionMethod.CONSENSUS,
        change=DecisionChange.PROBLEM_TIER,
        problem=problem,
        new_tier=ProblemTier.COUNCIL,
        by=qi_staff,
    )

    problem.refresh_from_db()
    assert problem.tier == ProblemTier.COUNCIL
    step = problem.escalations.get()
    assert (step.from_tier, step.to_tier, step.by) == ("program", "council", qi_staff)
    assert "The council takes up the callback delays." in step.reason
    assert (decision.changed_from, decision.changed_to) == ("program", "council")


def test_a_problem_cannot_be_escalated_down_by_a_decision(meeting, qi_staff, problem):
    with pytest.raises(ValidationError) as refused:
        decision_record(
            meeting=meeting,
            text="Send it back to the team.",
            method=DecisionMethod.CONSENSUS,
            change=DecisionChange.PROBLEM_TIER,
            problem=problem,
            new_tier=ProblemTier.TEAM,
            by=qi_staff,
        )

    assert "new_tier" in refused.value.message_dict
    problem.refresh_from_db()
    assert problem.tier == ProblemTier.PROGRAM
    assert not Decision.objects.exists()


def test_the_meeting_page_shows_the_change_from_and_to_with_a_link_to_the_targets_history(
    client_for, qi_staff, meeting, measure
):
    response = client_for(qi_staff).post(
        reverse("council:decision_create", args=[meeting.public_id]),
        {
            "text": "Raise the target to 85 %.",
            "method": "consensus",
            "change": "target",
            "measure": str(measure.pk),
            "new_target": "85",
        },
    )
    assert response.status_code == 302

    page = client_for(qi_staff).get(meeting.get_absolute_url()).content.decode()
    assert f"/data/measures/{MEASURE}/#target-history-heading" in page
    assert "to 85" in page
    measure.refresh_from_db()
    assert measure.target == Decimal("85")


def test_an_impossible_target_on_the_page_is_explained_beside_the_field(client_for, qi_staff, meeting, measure):
    response = client_for(qi_staff).post(
        reverse("council:decision_create", args=[meeting.public_id]),
        {
            "text": "Set the target to 250 %.",
            "method": "consensus",
            "change": "target",
            "measure": str(measure.pk),
            "new_target": "250",
        },
    )

    assert response.status_code == 400
    assert "Set the target to 250 %." in response.content.decode()
    assert not Decision.objects.exists()
