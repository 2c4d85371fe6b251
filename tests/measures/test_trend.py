"""The verdict on a monthly series: common cause, or a special cause that improves or worsens."""

from datetime import date

import pytest

from measures.compute.trend import (
    COMMON_CAUSE,
    IMPROVING,
    MAKING_DATA_COUNT,
    SPECIAL_CAUSE,
    TOO_FEW,
    WORSENING,
    chart_layout,
    series_trend,
)

STEADY = [50, 52, 49, 51, 50, 48, 52, 51, 49, 50, 51, 49]
SHIFTED_UP = [50, 52, 49, 51, 50, 48, 58, 59, 60, 61, 60, 62, 61, 60]


def test_fewer_than_ten_months_give_no_verdict():
    assert series_trend("i", STEADY[:9], improvement="increase").verdict == TOO_FEW


def test_a_steady_series_is_common_cause_variation():
    assert series_trend("i", STEADY, improvement="increase").verdict == COMMON_CAUSE


@pytest.mark.parametrize(
    ("improvement", "verdict"), [("increase", IMPROVING), ("decrease", WORSENING), ("neutral", SPECIAL_CAUSE)]
)
def test_a_shift_is_judged_by_the_direction_of_improvement(improvement, verdict):
    trend = series_trend("i", SHIFTED_UP, improvement=improvement)

    assert trend.verdict == verdict
    assert trend.chart.runs_signal == (True,), "eight points in a row above the median"


@pytest.mark.parametrize(("improvement", "verdict"), [("increase", IMPROVING), ("decrease", WORSENING)])
def test_making_data_count_reads_the_last_points_icon(improvement, verdict):
    trend = series_trend("i", SHIFTED_UP, rules=MAKING_DATA_COUNT, improvement=improvement)

    assert trend.verdict == verdict
    assert trend.chart.mdc.variation.startswith("special_cause")


def test_making_data_count_adds_the_assurance_icon_from_the_target():
    steady_high = [90, 91, 89, 90, 92, 91, 90, 89, 91, 90, 90, 91]

    trend = series_trend("i", steady_high, rules=MAKING_DATA_COUNT, improvement="increase", target=80)

    assert trend.verdict == COMMON_CAUSE
    assert trend.assurance == "consistent_pass"


def test_p_charts_take_numerators_and_denominators():
    numerators = [80, 82, 79, 81, 80, 78, 82, 81, 79, 80, 40, 81]
    denominators = [100] * 12

    trend = series_trend("p", numerators, denominators, improvement="increase", multiply=100)

    assert trend.verdict == WORSENING, "one month far below the lower limit"
    assert trend.chart.sigma_signal[10]


MONTHS = [date(2025, month, 1) for month in range(1, 13)]


def test_a_note_that_starts_a_phase_breaks_the_series_before_its_month():
    notes = [(date(2025, 7, 1), "New intake process", True), (date(2025, 3, 1), "PDSA 1 starts", False)]

    layout = chart_layout(MONTHS, notes, baseline=None)

    assert layout.parts == (6,), "July is the 7th point: a new phase after the 6th"
    assert layout.phase_labels == ("New intake process",)
    assert layout.annotations == ((date(2025, 3, 1), "PDSA 1 starts"),)


def test_a_phase_cannot_start_at_the_first_month_and_notes_off_the_chart_are_left_out():
    notes = [(date(2025, 1, 1), "From the start", True), (date(2024, 6, 1), "Before the data", True)]

    layout = chart_layout(MONTHS, notes, baseline=None)

    assert layout.parts == ()
    assert layout.annotations == ((date(2025, 1, 1), "From the start"),)


def test_the_baseline_is_frozen_only_when_every_phase_is_longer_than_it():
    assert chart_layout(MONTHS, [], baseline=6).freeze == 6
    short_phase = [(date(2025, 10, 1), "Change", True)]
    assert chart_layout(MONTHS, short_phase, baseline=6).freeze is None, "the last phase has 3 months"
    assert chart_layout(MONTHS, short_phase, baseline=3).freeze is None
    assert chart_layout(MONTHS, short_phase, baseline=2).freeze == 2


def test_phases_and_a_frozen_baseline_reach_the_control_chart():
    values = [50, 52, 49, 51, 50, 48, 60, 61, 59, 62, 60, 61]
    layout = chart_layout(MONTHS, [(date(2025, 7, 1), "Change", True)], baseline=4)

    trend = series_trend("i", values, improvement="increase", parts=layout.parts, freeze=layout.freeze)

    assert trend.chart.parts == (6,)
    assert trend.chart.centre[0] == pytest.approx(sum(values[:4]) / 4)
    assert trend.chart.centre[-1] == pytest.approx(sum(values[6:10]) / 4)


def test_a_missing_last_month_is_on_no_side_the_run_is_read_from_the_last_month_with_a_value():
    shifted_then_missing = [*SHIFTED_UP, float("nan")]

    trend = series_trend("i", shifted_then_missing, improvement="increase")

    assert trend.verdict == IMPROVING, "the run above the median goes on; a missing month does not turn it"
