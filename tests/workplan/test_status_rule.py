"""The status rule and the evaluation's rating, on worked examples (pure functions, no database).

The plan year runs from 1 July 2025 to 30 June 2026; the objectives are due on 30 June 2026, so on
31 December 2025 (184 of 364 days) the line from baseline to target is just over half way.
"""

from datetime import date

import pytest

from workplan.status import ObjectiveStatus, Rating, expected_on_line, objective_rating, objective_status

START, DUE = date(2025, 7, 1), date(2026, 6, 30)


def status(latest, on, *, baseline, target, direction, today=date(2026, 1, 15)):
    return objective_status(
        latest=latest,
        latest_on=on,
        baseline=baseline,
        target=target,
        direction=direction,
        start=START,
        due=DUE,
        today=today,
    )


def test_the_line_runs_from_the_baseline_on_1_july_to_the_target_on_the_due_date():
    assert expected_on_line(baseline=60, target=80, start=START, due=DUE, on=START) == 60
    assert expected_on_line(baseline=60, target=80, start=START, due=DUE, on=DUE) == 80
    assert expected_on_line(baseline=60, target=80, start=START, due=DUE, on=date(2025, 12, 31)) == pytest.approx(
        60 + 20 * 183 / 364
    )
    assert expected_on_line(baseline=60, target=80, start=START, due=DUE, on=date(2027, 1, 1)) == 80


class TestHigherIsBetter:
    """Baseline 60 %, target 80 %: on 31 December the line is at about 70.05 %."""

    def test_a_figure_that_reaches_the_target_is_met_even_before_the_due_date(self):
        assert status(80, date(2025, 12, 31), baseline=60, target=80, direction="increase") == ObjectiveStatus.MET

    def test_a_figure_above_the_line_is_on_track(self):
        assert status(71, date(2025, 12, 31), baseline=60, target=80, direction="increase") == ObjectiveStatus.ON_TRACK

    def test_a_figure_below_the_line_is_at_risk(self):
        assert status(69, date(2025, 12, 31), baseline=60, target=80, direction="increase") == ObjectiveStatus.AT_RISK

    def test_the_line_is_read_at_the_date_of_the_figure_not_today(self):
        # 65 % in September (line at about 65.0 %) is on track, though by January the line is higher.
        assert status(65.1, date(2025, 9, 30), baseline=60, target=80, direction="increase") == ObjectiveStatus.ON_TRACK

    def test_after_the_due_date_a_figure_short_of_the_target_is_not_met(self):
        result = status(79.9, date(2026, 6, 30), baseline=60, target=80, direction="increase", today=date(2026, 7, 1))
        assert result == ObjectiveStatus.NOT_MET


class TestLowerIsBetter:
    """No-shows: baseline 20 %, target 10 %: on 31 December the line is at about 14.97 %."""

    def test_at_or_below_the_target_is_met(self):
        assert status(10, date(2025, 12, 31), baseline=20, target=10, direction="decrease") == ObjectiveStatus.MET

    def test_below_the_line_is_on_track(self):
        assert status(14, date(2025, 12, 31), baseline=20, target=10, direction="decrease") == ObjectiveStatus.ON_TRACK

    def test_above_the_line_is_at_risk(self):
        assert status(16, date(2025, 12, 31), baseline=20, target=10, direction="decrease") == ObjectiveStatus.AT_RISK

    def test_after_the_due_date_above_the_target_is_not_met(self):
        result = status(11, date(2026, 6, 30), baseline=20, target=10, direction="decrease", today=date(2026, 8, 1))
        assert result == ObjectiveStatus.NOT_MET


def test_without_figures_an_objective_has_no_status_until_its_due_date_passes():
    assert status(None, None, baseline=60, target=80, direction="increase") == ObjectiveStatus.NO_DATA
    assert (
        status(None, None, baseline=60, target=80, direction="increase", today=date(2026, 7, 1))
        == ObjectiveStatus.NOT_MET
    )


@pytest.mark.parametrize(
    ("latest", "baseline", "target", "direction", "rating"),
    [
        (80, 60, 80, "increase", Rating.MET),
        (85, 60, 80, "increase", Rating.MET),
        (70, 60, 80, "increase", Rating.PARTLY_MET),
        (60, 60, 80, "increase", Rating.NOT_MET),
        (55, 60, 80, "increase", Rating.NOT_MET),
        (10, 20, 10, "decrease", Rating.MET),
        (15, 20, 10, "decrease", Rating.PARTLY_MET),
        (20, 20, 10, "decrease", Rating.NOT_MET),
        (25, 20, 10, "decrease", Rating.NOT_MET),
        (None, 20, 10, "decrease", Rating.NOT_RATED),
    ],
)
def test_the_evaluation_rates_met_partly_met_or_not_met(latest, baseline, target, direction, rating):
    assert objective_rating(latest=latest, baseline=baseline, target=target, direction=direction) == rating
