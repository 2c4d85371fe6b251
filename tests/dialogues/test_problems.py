"""Problem escalation (PRODUCT.md section 7): a problem or a chart signal becomes an item with an owner, a
due date and a tier; escalating needs a reason; a board shows the open items by tier."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Problem, ProblemEscalation, ProblemStatus, ProblemTier
from dialogues.services.problems import problem_escalate, problem_raise
from measures.models import ComputationStatus, Measure, MeasureComputation, MeasureResult

pytestmark = pytest.mark.django_db

BOARD = reverse("dialogues:problem_board")
NEW = reverse("dialogues:problem_create")
SIGNAL_MEASURE = "routine-non-psychiatry-offered-10-days"


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def make_problem(owner, *, title="Callbacks to new clients take more than a week", tier=ProblemTier.TEAM, **fields):
    return problem_raise(
        problem=Problem(title=title, owner=owner, tier=tier, due_on=fields.pop("due_on", in_days(14)), **fields),
        by=owner,
    )


def problem_form(owner_user, **overrides):
    data = {
        "title": "Intake line goes unanswered after 4 pm",
        "description": "Calls after four go to a full voicemail box.",
        "tier": "team",
        "owner": str(owner_user.pk),
        "due_on": in_days(21).isoformat(),
        "measure": "",
        "signal_month": "",
        "cell": "",
    }
    data.update(overrides)
    return data


# --- Who may see and do what -------------------------------------------------------------------------------


def test_visitors_are_asked_to_sign_in(client):
    response = client.get(BOARD)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["consumer", "outsider"])
def test_consumers_and_people_without_a_role_cannot_see_or_raise_problems(client_for, request, persona, qi_staff):
    problem = make_problem(qi_staff)
    client = client_for(request.getfixturevalue(persona))

    assert client.get(BOARD).status_code == 403
    assert client.get(problem.get_absolute_url()).status_code == 403
    assert client.post(NEW, problem_form(qi_staff)).status_code == 403
    escalate = reverse("dialogues:problem_escalate", args=[problem.pk])
    assert client.post(escalate, {"to_tier": "council", "reason": "Because"}).status_code == 403
    assert Problem.objects.count() == 1


@pytest.mark.parametrize("persona", ["qi_staff", "director", "administrator"])
def test_county_staff_see_the_board_and_raise_problems(client_for, request, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)

    assert client.get(BOARD).status_code == 200
    assert client.post(NEW, problem_form(user)).status_code == 302
    assert Problem.objects.get().raised_by == user


# --- Raising -------------------------------------------------------------------------------------------------


def test_a_raised_problem_is_on_the_board_at_its_tier_with_owner_and_due_date(client_for, qi_staff):
    qi_staff.first_name, qi_staff.last_name = "Quinn", "Ito"
    qi_staff.save()
    response = client_for(qi_staff).post(NEW, problem_form(qi_staff))

    problem = Problem.objects.get()
    assert response["Location"] == problem.get_absolute_url()
    assert (problem.tier, problem.status, problem.owner, problem.due_on) == ("team", "open", qi_staff, in_days(21))
    assert problem.history.get().history_change_reason == "Problem raised"
    board = client_for(qi_staff).get(BOARD)
    team = {column.tier: column for column in board.context["columns"]}[ProblemTier.TEAM]
    assert [p.title for p in team.problems] == ["Intake line goes unanswered after 4 pm"]
    assert f"Quinn Ito, due {in_days(21):%-d %b %Y}" in board.content.decode()


def test_a_problem_without_an_owner_or_with_a_past_due_date_is_reshown_with_what_was_typed(client_for, qi_staff):
    response = client_for(qi_staff).post(NEW, problem_form(qi_staff, owner="", due_on=in_days(-1).isoformat()))

    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page
    assert 'value="Intake line goes unanswered after 4 pm"' in page
    assert not Problem.objects.exists()

    response = client_for(qi_staff).post(NEW, problem_form(qi_staff, due_on=in_days(-1).isoformat()))
    assert "The due date cannot be in the past." in response.content.decode()
    assert not Problem.objects.exists()


def test_personal_information_in_a_problem_is_refused_and_reshown(client_for, qi_staff):
    response = client_for(qi_staff).post(
        NEW, problem_form(qi_staff, description="Call her back on 555-123-4567, she was diagnosed with PTSD")
    )

    assert response.status_code == 200
    assert "This looks like personal information" in response.content.decode()
    assert not Problem.objects.exists()


def test_only_county_staff_can_own_a_problem(client_for, qi_staff, consumer):
    response = client_for(qi_staff).post(NEW, problem_form(qi_staff, owner=str(consumer.pk)))

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Problem.objects.exists()


def test_a_chart_signal_link_fills_in_the_measure_and_month(client_for, qi_staff):
    measure = Measure.objects.get(code=SIGNAL_MEASURE)
    response = client_for(qi_staff).get(NEW, {"measure": SIGNAL_MEASURE, "month": "2026-05"})

    form = response.context["form"]
    assert form.initial["measure"] == measure.pk
    assert form.initial["signal_month"] == date(2026, 5, 1)
    assert form.initial["title"] == f"Signal on the chart: {measure.display_name}, 2026-05"
    assert form.initial["owner"] == qi_staff.pk
    assert 'value="2026-05"' in response.content.decode()


def test_a_signal_is_stored_on_its_measure_and_shown_as_a_signal(client_for, qi_staff):
    measure = Measure.objects.get(code=SIGNAL_MEASURE)
    client_for(qi_staff).post(
        NEW, problem_form(qi_staff, title="Offers within 10 days fell", measure=str(measure.pk), signal_month="2026-05")
    )

    problem = Problem.objects.get()
    assert (problem.measure, problem.signal_month) == (measure, date(2026, 5, 1))
    assert f"Chart signal: {measure.display_name}, May 2026" in client_for(qi_staff).get(BOARD).content.decode()


def test_a_signal_month_needs_its_measure(client_for, qi_staff):
    response = client_for(qi_staff).post(NEW, problem_form(qi_staff, signal_month="2026-05"))

    assert "Choose the measure whose chart showed the signal." in response.content.decode()
    assert not Problem.objects.exists()


def monthly_results(measure: Measure, values: list[float]) -> None:
    computation = MeasureComputation.objects.create(
        trigger="manual", status=ComputationStatus.SUCCEEDED, finished_at=timezone.now()
    )
    for index, value in enumerate(values):
        MeasureResult.objects.create(
            computation=computation,
            measure=measure,
            period_type="month",
            period_start=date(2025 + index // 12, index % 12 + 1, 1),
            stratum="all",
            group="",
            numerator=value,
            denominator=100,
            value=value,
            suppressed=False,
        )


def test_a_measure_page_with_a_signal_offers_to_raise_it_as_a_problem(client_for, qi_staff, director, consumer):
    measure = Measure.objects.get(code=SIGNAL_MEASURE)
    monthly_results(measure, [80, 82, 79, 81, 80, 78, 81, 80, 79, 82, 80, 81, 30])  # Jan 2026 falls far
    url = reverse("measures:measure_detail", args=[SIGNAL_MEASURE])
    link = f'{NEW}?measure={SIGNAL_MEASURE}&amp;month=2026-01">Raise this signal as a problem'

    assert link in client_for(qi_staff).get(url).content.decode()
    assert link in client_for(director).get(url).content.decode()
    assert "Raise this signal" not in client_for(consumer).get(url).content.decode()


# --- Escalating ----------------------------------------------------------------------------------------------


def escalate(client, problem, **data):
    return client.post(reverse("dialogues:problem_escalate", args=[problem.pk]), data)


def test_escalating_needs_a_reason_and_the_form_is_reshown(client_for, qi_staff):
    problem = make_problem(qi_staff)

    response = escalate(client_for(qi_staff), problem, to_tier="program", reason="  ")

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    problem.refresh_from_db()
    assert problem.tier == "team"
    assert not ProblemEscalation.objects.exists()


def test_a_problem_is_escalated_up_with_its_reason_new_owner_and_date(client_for, qi_staff, director):
    problem = make_problem(qi_staff)

    response = escalate(
        client_for(qi_staff),
        problem,
        to_tier="department",
        reason="The team cannot change the phone system's hours.",
        owner=str(director.pk),
        due_on=in_days(30).isoformat(),
    )

    assert response.status_code == 302
    problem.refresh_from_db()
    assert (problem.tier, problem.owner, problem.due_on) == ("department", director, in_days(30))
    step = problem.escalations.get()
    assert (step.from_tier, step.to_tier, step.by) == ("team", "department", qi_staff)
    assert step.reason == "The team cannot change the phone system's hours."
    assert problem.history.first().history_change_reason == "Escalated to Department"
    page = client_for(director).get(problem.get_absolute_url()).content.decode()
    assert "The team cannot change the phone system&#x27;s hours." in page


def test_the_new_owner_is_told_by_email_in_their_language_once_it_commits(
    client_for, qi_staff, director, mailoutbox, django_capture_on_commit_callbacks
):
    director.email, director.preferred_language = "dana@example.org", "es"
    director.save()
    problem = make_problem(qi_staff)

    with django_capture_on_commit_callbacks(execute=True):
        escalate(client_for(qi_staff), problem, to_tier="council", reason="Needs the budget.", owner=str(director.pk))

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["dana@example.org"]
    assert message.subject == f"Se le escaló un problema: {problem.title}"
    assert "Needs the budget." in message.body
    assert f"http://testserver{problem.get_absolute_url()}" in message.body


def test_no_email_when_the_owner_escalates_it_themselves(
    client_for, qi_staff, mailoutbox, django_capture_on_commit_callbacks
):
    problem = make_problem(qi_staff)
    with django_capture_on_commit_callbacks(execute=True):
        escalate(client_for(qi_staff), problem, to_tier="program", reason="The team tried.")
    assert mailoutbox == []


def test_a_problem_only_goes_up(client_for, qi_staff):
    problem = make_problem(qi_staff, tier=ProblemTier.PROGRAM)

    response = escalate(client_for(qi_staff), problem, to_tier="team", reason="Back to the team")

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    problem.refresh_from_db()
    assert problem.tier == "program"
    with pytest.raises(ValidationError, match="higher tier"):
        problem_escalate(problem=problem, to_tier="program", reason="Same tier", by=qi_staff)


def test_the_escalate_form_offers_only_the_tiers_above(client_for, qi_staff):
    problem = make_problem(qi_staff, tier=ProblemTier.PROGRAM)
    form = client_for(qi_staff).get(problem.get_absolute_url()).context["escalate_form"]
    assert [value for value, _label in form.fields["to_tier"].choices] == ["department", "council"]

    at_the_top = make_problem(qi_staff, title="Council-wide", tier=ProblemTier.COUNCIL)
    page = client_for(qi_staff).get(at_the_top.get_absolute_url()).content.decode()
    assert 'id="escalate-heading"' not in page
    assert 'id="resolve-heading"' in page


def test_a_director_takes_an_escalated_problem(client_for, qi_staff, director):
    problem = make_problem(qi_staff)
    problem_escalate(problem=problem, to_tier="council", reason="Needs money for evening staff", by=qi_staff)

    response = client_for(director).post(reverse("dialogues:problem_take", args=[problem.pk]))

    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.owner == director
    board = client_for(director).get(BOARD, {"mine": "1"})
    council = {column.tier: column for column in board.context["columns"]}[ProblemTier.COUNCIL]
    assert [p.pk for p in council.problems] == [problem.pk]


# --- Resolving, the board ------------------------------------------------------------------------------------


def test_resolving_needs_to_say_how_and_then_the_problem_leaves_the_board(client_for, qi_staff):
    problem = make_problem(qi_staff)
    resolve = reverse("dialogues:problem_resolve", args=[problem.pk])

    assert "This field is required." in client_for(qi_staff).post(resolve, {"resolution": ""}).content.decode()
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN

    response = client_for(qi_staff).post(resolve, {"resolution": "An evening shift answers the line until 7 pm."})

    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED
    assert problem.resolved_at is not None
    board = client_for(qi_staff).get(BOARD)
    assert all(not column.problems for column in board.context["columns"])
    assert problem.title in board.content.decode(), "listed under resolved lately"
    page = client_for(qi_staff).get(problem.get_absolute_url()).content.decode()
    assert 'id="escalate-heading"' not in page
    assert "An evening shift answers the line until 7 pm." in page


def test_a_resolved_problem_cannot_be_escalated(client_for, qi_staff):
    problem = make_problem(qi_staff)
    client_for(qi_staff).post(reverse("dialogues:problem_resolve", args=[problem.pk]), {"resolution": "Fixed."})

    escalate_url = reverse("dialogues:problem_escalate", args=[problem.pk])
    response = client_for(qi_staff).post(escalate_url, {"to_tier": "program", "reason": "Again"}, follow=True)

    assert "This problem is resolved: it can no longer be changed." in response.content.decode()
    assert not ProblemEscalation.objects.exists()


def test_the_board_flags_overdue_problems_by_tier(client_for, qi_staff):
    late = make_problem(qi_staff, title="Late one")
    make_problem(qi_staff, title="On time")
    Problem.objects.filter(pk=late.pk).update(due_on=in_days(-3))

    board = client_for(qi_staff).get(BOARD)

    team = {column.tier: column for column in board.context["columns"]}[ProblemTier.TEAM]
    assert [(p.title, p.overdue) for p in team.problems] == [("Late one", True), ("On time", False)]
    assert team.overdue == 1
    assert "1 overdue" in board.content.decode()


def test_the_board_reads_a_fixed_number_of_queries(client_for, qi_staff, django_assert_num_queries):
    client = client_for(qi_staff)
    client.get(BOARD)
    for index in range(3):
        make_problem(qi_staff, title=f"Problem {index}")
    with django_assert_num_queries(7) as few:
        client.get(BOARD)
    for index in range(3, 12):
        make_problem(qi_staff, title=f"Problem {index}", tier=ProblemTier.PROGRAM)
    with django_assert_num_queries(len(few)):
        client.get(BOARD)


def test_the_council_overview_counts_open_problems_by_tier(client_for, qi_staff, director):
    make_problem(qi_staff)
    make_problem(qi_staff, title="Another", tier=ProblemTier.COUNCIL)

    page = client_for(director).get(reverse("dialogues:council")).content.decode()

    assert "Team: <strong>1</strong> · Program: <strong>0</strong>" in page
    assert "Council: <strong>1</strong>" in page


# --- The database's own rules --------------------------------------------------------------------------------


def test_the_database_refuses_an_escalation_without_a_reason_or_a_change_of_tier(qi_staff):
    problem = make_problem(qi_staff)
    for fields in ({"from_tier": "team", "to_tier": "program", "reason": ""}, {"from_tier": "team", "to_tier": "team"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ProblemEscalation.objects.create(problem=problem, **{"reason": "Why", **fields})


def test_the_database_refuses_a_resolved_problem_without_how_or_when(qi_staff):
    problem = make_problem(qi_staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Problem.objects.filter(pk=problem.pk).update(status=ProblemStatus.RESOLVED, resolved_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Problem.objects.filter(pk=problem.pk).update(status=ProblemStatus.RESOLVED, resolution="Fixed")
