"""The verdict on a monthly series: common cause, or a special cause that improves or worsens."""

import pytest

from measures.compute.trend import (
    COMMON_CAUSE,
    IMPROVING,
    MAKING_DATA_COUNT,
    SPECIAL_CAUSE,
    TOO_FEW,
    WORSENING,
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
