"""The progress score is worked out from the project, step by step, with the reason for each."""

from datetime import date, timedelta

from django.utils import timezone

from dialogues.models import PdsaCycle, PdsaDecision
from projects.improvement import SUSTAIN_POINTS, improvement_finding
from projects.models import ChangeIdea, ChangeIdeaCycle, Driver, LocalDataPoint, LocalMeasure, ProjectMeasure
from projects.selectors.progress import project_progress

BASELINE = [30, 32, 29, 31, 30, 33, 28, 31]
BETTER = [45, 47, 46, 48, 47, 46, 49, 48, 47, 48]


# --- the chart rules, without a database ------------------------------------------------------------------


def test_fewer_than_ten_points_say_nothing():
    finding = improvement_finding("i", BASELINE, improvement="increase")
    assert (finding.enough, finding.first_signal) == (False, None)


def test_a_flat_series_shows_no_improvement():
    finding = improvement_finding("i", BASELINE + BASELINE, improvement="increase")
    assert finding.enough
    assert finding.first_signal is None


def test_a_rise_after_the_baseline_is_improvement_and_holding_it_is_sustained():
    finding = improvement_finding("i", BASELINE + BETTER, improvement="increase", baseline=len(BASELINE))
    assert finding.baseline == len(BASELINE)
    assert finding.first_signal == len(BASELINE)
    assert finding.rule == "Above UCL"
    assert finding.after == len(BETTER) - 1 >= SUSTAIN_POINTS
    assert finding.sustained


def test_a_rise_is_a_concern_when_lower_is_better():
    assert improvement_finding("i", BASELINE + BETTER, improvement="decrease", baseline=8).first_signal is None


def test_a_fall_is_improvement_when_lower_is_better():
    finding = improvement_finding("i", BETTER + BASELINE, improvement="decrease", baseline=len(BETTER))
    assert finding.first_signal == len(BETTER)


def test_improvement_is_not_sustained_until_enough_points_follow_it():
    finding = improvement_finding("i", BASELINE + BETTER[:4], improvement="increase", baseline=len(BASELINE))
    assert finding.first_signal == len(BASELINE)
    assert not finding.sustained
    assert finding.after == 3


def test_slipping_back_undoes_sustained():
    series = BASELINE + BETTER + [30]
    assert not improvement_finding("i", series, improvement="increase", baseline=len(BASELINE)).sustained


def test_a_proportion_reads_numerators_over_denominators():
    numerators = [20, 22, 19, 21, 20, 23, 21, 20, 35, 37, 38, 36]
    finding = improvement_finding("p", numerators, [50] * 12, improvement="increase", multiply=100, baseline=8)
    assert finding.first_signal == 8


# --- the score of a project -------------------------------------------------------------------------------


def _cycle(project, *, starts_on, decision=""):
    driver = Driver.objects.create(project=project, text="Remember")
    idea = ChangeIdea.objects.create(driver=driver, text="Text reminder")
    cycle = PdsaCycle.objects.create(
        title="Text",
        plan_prediction="More kept",
        starts_on=starts_on,
        study_notes="Rose" if decision else "",
        act_decision=decision,
    )
    ChangeIdeaCycle.objects.create(change_idea=idea, cycle=cycle)
    return cycle


def _outcome(project, values, *, first_week):
    measure = LocalMeasure.objects.create(
        project=project, name="Kept", definition="Desk", kind="count", direction="increase", period="week"
    )
    ProjectMeasure.objects.create(project=project, role="outcome", local_measure=measure)
    LocalDataPoint.objects.bulk_create(
        LocalDataPoint(measure=measure, period_start=first_week + timedelta(weeks=i), numerator=value)
        for i, value in enumerate(values)
    )
    return measure


def test_a_bare_project_scores_zero_and_says_what_its_aim_lacks(make_project):
    progress = project_progress(project=make_project(aim_what="Kept appointments"))
    assert progress.score == 0
    assert progress.steps[0].reason == "The aim statement lacks: for whom, how much, by when."
    assert progress.steps[1].reason == "No PDSA cycle has started from a change idea yet."
    assert progress.steps[3].reason == "No outcome measure in the family of measures yet."


def test_an_aim_scores_one_and_a_cycle_planned_for_later_does_not_count(project):
    _cycle(project, starts_on=timezone.localdate() + timedelta(days=7))
    assert project_progress(project=project).score == 1


def test_a_started_cycle_scores_two_and_an_adopted_change_three(project):
    _cycle(project, starts_on=date(2026, 3, 2), decision=PdsaDecision.ADOPT)
    progress = project_progress(project=project)
    assert progress.score == 3
    assert progress.steps[2].reason == "Adopted after testing: Text."
    assert progress.steps[3].reason == "No outcome measure in the family of measures yet."


def test_improvement_on_the_outcome_chart_scores_four_then_five(project):
    monday = date(2026, 1, 5)
    _cycle(project, starts_on=monday + timedelta(weeks=len(BASELINE)), decision=PdsaDecision.ADOPT)
    measure = _outcome(project, BASELINE + BETTER[:3], first_week=monday)
    progress = project_progress(project=project)
    assert progress.score == 4
    assert progress.steps[3].reason.startswith(
        "Kept shows a special cause in the direction of improvement from the week of"
    )
    assert progress.steps[3].reason.endswith("(two of three points near the upper limit).")
    assert progress.steps[4].reason == "2 points after the signal so far; 6 are needed to call it sustained."
    LocalDataPoint.objects.bulk_create(
        LocalDataPoint(measure=measure, period_start=monday + timedelta(weeks=len(BASELINE) + 3 + i), numerator=value)
        for i, value in enumerate(BETTER[3:])
    )
    assert project_progress(project=project).score == 5


def test_no_improvement_on_the_chart_stops_at_the_adopted_change(project):
    monday = date(2026, 1, 5)
    _cycle(project, starts_on=monday + timedelta(weeks=8), decision=PdsaDecision.ADOPT)
    _outcome(project, BASELINE + BASELINE, first_week=monday)
    progress = project_progress(project=project)
    assert progress.score == 3
    assert progress.steps[3].reason == "No special cause in the direction of improvement on Kept yet (16 points)."


def test_a_registry_outcome_measure_is_read_from_its_monthly_results(project):
    from measures.models import Measure

    measure = Measure.objects.exclude(direction="neutral").first()
    ProjectMeasure.objects.create(project=project, role="outcome", measure=measure)
    progress = project_progress(project=project)
    assert "has 0 data points" in progress.steps[3].reason


def test_the_score_stops_at_the_first_step_not_met(make_project):
    # An adopted change without an aim still scores 0: the steps are climbed in order.
    project = make_project()
    _cycle(project, starts_on=date(2026, 3, 2), decision=PdsaDecision.ADOPT)
    progress = project_progress(project=project)
    assert [step.met for step in progress.steps[:3]] == [False, True, True]
    assert progress.score == 0
