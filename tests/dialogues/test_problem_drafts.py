"""From signal to action (issue 16): after each recompute, a new chart signal in the worse direction and a newly
missed target become draft problems for the QI staff lead; a signal is raised once; a draft nobody took up is
withdrawn when its signal goes away; drafts are taken up or dismissed, with a reason, on the problem board."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from dialogues.models import Problem, ProblemStatus
from dialogues.services.problem_drafts import (
    DAYS_TO_ACT,
    problem_draft_dismiss,
    problem_draft_take_up,
    problem_drafts_sync,
    signal_owner,
)
from dialogues.services.problems import problem_raise
from measures.alerts import SignalKind, target_missed_start, trailing_start
from measures.models import ComputationStatus, Measure, MeasureComputation, MeasureResult
from measures.signals import measures_recomputed

pytestmark = pytest.mark.django_db

BOARD = reverse("dialogues:problem_board")
MEASURE = "routine-non-psychiatry-offered-10-days"  # higher is better, target 80 %, P chart
STEADY = [86, 88, 85, 87, 86, 88, 87, 86, 85, 88, 87, 86]  # Jan–Dec 2025, every month above the target
DROP = date(2026, 1, 1)


def monthly_results(values: list[float], *, code: str = MEASURE) -> Measure:
    """Replace the measure's monthly results (everyone) with ``values``, from January 2025, as a recompute does."""
    measure = Measure.objects.get(code=code)
    MeasureResult.objects.filter(measure=measure).delete()
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
    return measure


def drafts() -> list[tuple[str, str, date]]:
    return sorted(
        (p.measure.code, p.signal_kind, p.signal_month) for p in Problem.objects.filter(status=ProblemStatus.DRAFT)
    )


# --- Raising drafts ------------------------------------------------------------------------------------------


def test_a_drop_below_the_limits_and_the_target_raises_two_drafts_for_the_qi_lead(qi_staff):
    monthly_results([*STEADY, 30])

    outcome = problem_drafts_sync()

    assert len(outcome.raised) == 2
    assert drafts() == [(MEASURE, SignalKind.SPECIAL_CAUSE, DROP), (MEASURE, SignalKind.TARGET_MISSED, DROP)]
    draft = Problem.objects.get(signal_kind=SignalKind.SPECIAL_CAUSE)
    assert draft.owner == qi_staff
    assert draft.status == ProblemStatus.DRAFT
    assert "getting worse" in draft.title
    assert "Latest month: 30.0." in draft.description
    assert draft.history.first().history_change_reason == "Draft raised from a chart signal"


def test_running_the_sync_twice_raises_nothing_new(qi_staff):
    monthly_results([*STEADY, 30])
    problem_drafts_sync()

    again = problem_drafts_sync()

    assert again.raised == []
    assert again.withdrawn == []
    assert Problem.objects.count() == 2


def test_an_ongoing_signal_keeps_its_draft_as_months_are_added(qi_staff):
    monthly_results([*STEADY, 30])
    problem_drafts_sync()
    monthly_results([*STEADY, 30, 40])  # still below the target in February: the same stretch of misses

    outcome = problem_drafts_sync()

    assert outcome.raised == []
    assert outcome.withdrawn == []
    assert drafts() == [(MEASURE, SignalKind.SPECIAL_CAUSE, DROP), (MEASURE, SignalKind.TARGET_MISSED, DROP)]


def test_an_improving_signal_and_a_met_target_raise_nothing(qi_staff):
    monthly_results([*STEADY, 99])

    assert problem_drafts_sync().raised == []
    assert not Problem.objects.exists()


def test_a_measure_without_a_better_direction_raises_nothing(qi_staff):
    monthly_results([*STEADY, 300], code="approved-dollars-per-client")

    assert problem_drafts_sync().raised == []


def test_a_problem_raised_by_hand_from_the_chart_covers_its_signal(qi_staff):
    measure = monthly_results([*STEADY, 30])
    problem_raise(
        problem=Problem(
            title="January's drop", owner=qi_staff, due_on=timezone.localdate(), measure=measure, signal_month=DROP
        ),
        by=qi_staff,
    )

    problem_drafts_sync()

    assert drafts() == [(MEASURE, SignalKind.TARGET_MISSED, DROP)]


def test_without_qi_staff_nobody_gets_a_draft_and_it_says_so(director):
    monthly_results([*STEADY, 30])

    outcome = problem_drafts_sync()

    assert outcome.raised == []
    assert outcome.unowned == 2
    assert not Problem.objects.exists()


def test_the_qi_lead_named_in_the_settings_gets_the_drafts(settings, qi_staff, director):
    settings.QIC_QI_LEAD_USERNAME = director.username
    assert signal_owner() == director
    settings.QIC_QI_LEAD_USERNAME = "nobody-by-that-name"
    assert signal_owner() == qi_staff


def test_the_database_refuses_a_second_problem_for_the_same_signal(qi_staff):
    monthly_results([*STEADY, 30])
    problem_drafts_sync()
    twin = Problem.objects.get(signal_kind=SignalKind.TARGET_MISSED)
    twin.pk = None

    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_draft_must_come_from_a_signal(qi_staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        Problem.objects.create(title="Not from a chart", owner=qi_staff, due_on=DROP, status=ProblemStatus.DRAFT)


# --- When the signal goes away -------------------------------------------------------------------------------


def test_a_draft_nobody_took_up_is_withdrawn_when_its_signal_goes_away(qi_staff):
    monthly_results([*STEADY, 30])
    problem_drafts_sync()
    monthly_results([*STEADY, 87])  # the data were corrected: January was fine

    outcome = problem_drafts_sync()

    assert len(outcome.withdrawn) == 2
    assert set(Problem.objects.values_list("status", flat=True)) == {ProblemStatus.WITHDRAWN}
    assert all(problem.closed_at is not None for problem in Problem.objects.all())


def test_a_met_target_withdraws_only_the_target_draft(qi_staff):
    monthly_results([*STEADY, 30])
    problem_drafts_sync()
    monthly_results([*STEADY, 30, 86])  # February meets the target; January is still outside the limits

    problem_drafts_sync()

    assert drafts() == [(MEASURE, SignalKind.SPECIAL_CAUSE, DROP)]
    assert Problem.objects.get(signal_kind=SignalKind.TARGET_MISSED).status == ProblemStatus.WITHDRAWN


def test_a_signal_that_comes_back_raises_a_new_draft(qi_staff):
    monthly_results([*STEADY, 30])
    problem_drafts_sync()
    monthly_results([*STEADY, 87])
    problem_drafts_sync()
    monthly_results([*STEADY, 30])

    assert len(problem_drafts_sync().raised) == 2
    assert Problem.objects.filter(status=ProblemStatus.WITHDRAWN).count() == 2


def test_a_draft_taken_up_is_never_closed_automatically(qi_staff, director):
    monthly_results([*STEADY, 30])
    problem_drafts_sync()
    draft = Problem.objects.get(signal_kind=SignalKind.SPECIAL_CAUSE)
    problem_draft_take_up(problem=draft, by=director)
    monthly_results([*STEADY, 87])

    problem_drafts_sync()

    draft.refresh_from_db()
    assert draft.status == ProblemStatus.OPEN
    assert draft.owner == director
    assert draft.due_on == timezone.localdate() + timedelta(days=DAYS_TO_ACT)


def test_a_dismissed_draft_is_not_raised_again(qi_staff):
    monthly_results([*STEADY, 30])
    problem_drafts_sync()
    problem_draft_dismiss(
        problem=Problem.objects.get(signal_kind=SignalKind.TARGET_MISSED),
        reason="January's file came in late; the figure is known to be incomplete.",
        by=qi_staff,
    )

    assert problem_drafts_sync().raised == []
    assert Problem.objects.get(signal_kind=SignalKind.TARGET_MISSED).status == ProblemStatus.DISMISSED


# --- The hook after a recompute ------------------------------------------------------------------------------


def test_the_recompute_signal_queues_the_sync(qi_staff):
    monthly_results([*STEADY, 30])

    measures_recomputed.send(sender=MeasureComputation, computation_id=1)

    assert len(drafts()) == 2


def test_a_recompute_sends_its_signal_once_its_results_commit(django_capture_on_commit_callbacks):
    from measures.compute.services import measures_recompute

    with (
        mock.patch("dialogues.tasks.sync_problem_drafts.delay") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        computation = measures_recompute(trigger="test")

    assert computation.status == ComputationStatus.SUCCEEDED
    queued.assert_called_once_with(computation.pk)


def test_measures_does_not_import_dialogues():
    from pathlib import Path

    import measures

    root = Path(measures.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "import dialogues" in path.read_text() or "from dialogues" in path.read_text()
    ]
    assert offenders == []


# --- The pure rules ------------------------------------------------------------------------------------------


def test_the_trailing_stretch_starts_where_the_last_run_of_flags_starts():
    assert trailing_start([True, False, True, True]) == 2
    assert trailing_start([True, True]) == 0
    assert trailing_start([True, False]) is None
    assert trailing_start([]) is None


def test_a_target_is_missed_on_the_worse_side_only():
    assert target_missed_start(values=[85, 70, 75], target=80, direction="increase") == 1
    assert target_missed_start(values=[85, 70, 80], target=80, direction="increase") is None
    assert target_missed_start(values=[5, 12], target=10, direction="decrease") == 1
    assert target_missed_start(values=[5, 12], target=10, direction="neutral") is None
    assert target_missed_start(values=[5, 12], target=None, direction="decrease") is None


# --- The board and the problem's page ------------------------------------------------------------------------


@pytest.fixture
def draft(qi_staff):
    monthly_results([*STEADY, 30])
    problem_drafts_sync()
    return Problem.objects.get(signal_kind=SignalKind.SPECIAL_CAUSE)


def test_a_draft_is_written_in_english_and_in_spanish_so_each_reader_gets_their_language(client_for, qi_staff, draft):
    """The owner may read English and hand it to a Spanish speaker: the title and description carry both, with
    the measure's Spanish name and the month written the Spanish way."""
    measure = draft.measure
    assert draft.title.startswith("Chart signal, getting worse: ")
    assert draft.title_es.startswith("Señal en el gráfico, empeora: ")
    assert measure.name_es in draft.title_es
    assert "ene 2026" in draft.title_es
    assert "Último mes: 30.0." in draft.description_es

    spanish = client_for(qi_staff).get(draft.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert escape(draft.title_es) in spanish
    assert escape(draft.title) not in spanish
    assert "Borrador registrado a partir de una señal del gráfico" in spanish  # its history, in Spanish too


def test_the_board_shows_drafts_in_their_own_section(client_for, qi_staff, draft):
    page = client_for(qi_staff).get(BOARD).content.decode()

    assert "Drafts from the charts" in page
    assert draft.title in page
    assert reverse("dialogues:problem_draft_take_up", args=[draft.pk]) in page


def test_taking_up_a_draft_makes_it_an_open_problem_of_whoever_took_it(client_for, director, draft):
    response = client_for(director).post(reverse("dialogues:problem_draft_take_up", args=[draft.pk]))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.owner) == (ProblemStatus.OPEN, director)


def test_taking_up_twice_says_it_was_already_taken_up(client_for, qi_staff, draft):
    url = reverse("dialogues:problem_draft_take_up", args=[draft.pk])
    client = client_for(qi_staff)
    client.post(url)

    page = client.post(url, follow=True).content.decode()

    assert "This draft was already taken up, dismissed or withdrawn." in page


def test_dismissing_needs_a_reason_and_keeps_the_draft(client_for, qi_staff, draft):
    response = client_for(qi_staff).post(reverse("dialogues:problem_draft_dismiss", args=[draft.pk]), {"reason": " "})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ProblemStatus.DRAFT


def test_dismissing_with_a_reason_closes_the_draft(client_for, qi_staff, draft):
    reason = "Known data delay in January."
    response = client_for(qi_staff).post(
        reverse("dialogues:problem_draft_dismiss", args=[draft.pk]), {"reason": reason}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.dismissal_reason) == (ProblemStatus.DISMISSED, reason)
    assert reason in client_for(qi_staff).get(draft.get_absolute_url()).content.decode()


def test_a_draft_cannot_be_escalated_or_resolved_before_it_is_taken_up(client_for, qi_staff, draft):
    client = client_for(qi_staff)
    response = client.post(reverse("dialogues:problem_resolve", args=[draft.pk]), {"resolution": "Fixed"}, follow=True)

    assert "This is a draft: take it up first." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ProblemStatus.DRAFT


@pytest.mark.parametrize("persona", ["consumer", "outsider"])
def test_people_without_a_role_cannot_take_up_or_dismiss_drafts(client_for, request, persona, draft):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(BOARD).status_code == 403
    assert client.post(reverse("dialogues:problem_draft_take_up", args=[draft.pk])).status_code == 403
    assert client.post(reverse("dialogues:problem_draft_dismiss", args=[draft.pk]), {"reason": "x"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == ProblemStatus.DRAFT


def test_visitors_are_asked_to_sign_in_to_take_up_a_draft(client, draft):
    response = client.post(reverse("dialogues:problem_draft_take_up", args=[draft.pk]))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_charts_raise_link_opens_the_draft_already_raised_for_its_signal(client_for, qi_staff, draft):
    link = f"{reverse('dialogues:problem_create')}?measure={MEASURE}&month=2026-01"

    response = client_for(qi_staff).get(link)

    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_the_charts_raise_link_for_a_new_signal_still_opens_the_form(client_for, qi_staff, draft):
    link = f"{reverse('dialogues:problem_create')}?measure={MEASURE}&month=2025-06"

    assert client_for(qi_staff).get(link).status_code == 200


def test_under_making_data_count_the_signal_starts_where_the_concern_points_start(qi_staff):
    measure = monthly_results([*STEADY, 30, 31])  # two months far below: both "concern" points
    measure.spc_rules = "making_data_count"
    measure.save()

    problem_drafts_sync()

    assert drafts() == [(MEASURE, SignalKind.SPECIAL_CAUSE, DROP), (MEASURE, SignalKind.TARGET_MISSED, DROP)]


def test_a_run_on_the_worse_side_is_a_signal_from_the_start_of_the_run(qi_staff):
    # Twelve months around 86, then nine months a little lower, inside the limits: an Anhøj runs signal.
    monthly_results([*STEADY, 84, 84, 85, 84, 84, 85, 84, 84, 84], code=MEASURE)

    problem_drafts_sync()

    special = Problem.objects.filter(signal_kind=SignalKind.SPECIAL_CAUSE).values_list("signal_month", flat=True)
    assert list(special) == [DROP]
    assert not Problem.objects.filter(signal_kind=SignalKind.TARGET_MISSED).exists()  # 84 still meets 80
