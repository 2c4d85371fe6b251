"""The chart builders (measures.charts): what each figure shows, and that a public figure never holds a
suppressed number. No database: plain dicts and dataclasses in, Plotly figures out."""

import datetime
import json
import math
import re

import numpy as np
import plotly.io as pio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from measures import stats
from measures.charts import (
    Comparison,
    FunnelStage,
    MeasureSpec,
    WaitBin,
    WaitSummary,
    bar_by_group_figure,
    comparisons_from_results,
    control_chart_figure,
    control_chart_series,
    describe_bars,
    describe_control_chart,
    describe_forest,
    describe_funnel,
    describe_heatmap,
    describe_waits,
    figure_json,
    forest_figure,
    funnel_figure,
    heatmap_figure,
    wait_distribution_figure,
    wait_histogram_figure,
)
from measures.charts._common import GREEN, LIGHT_GREY, VERMILLION
from measures.spc import control_chart
from measures.suppression import GroupCounts, suppress_groups

MONTHS = [datetime.date(2024 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 25)]

# --- helpers -----------------------------------------------------------------------------------------------------

DATA_KEYS = {"x", "y", "z", "text", "hovertext", "customdata", "q1", "median", "q3", "lowerfence", "upperfence"}
DATA_KEYS |= {"mean", "array", "arrayminus", "name", "ticktext"}


def trace(figure, name):
    matches = [t for t in figure.data if t.name == name]
    assert len(matches) == 1, f"expected one trace named {name!r}, found {[t.name for t in figure.data]}"
    return matches[0]


def names(figure):
    return [t.name for t in figure.data]


def limits(figure):
    """The upper and lower control limits: two step traces under one legend entry, "Control limits"."""
    upper, lower = [t for t in figure.data if t.name == "Control limits"]
    return upper, lower


def shapes(figure, name):
    return [s for s in figure.layout.shapes if s.name == name]


def notes(figure):
    return [a.text for a in figure.layout.annotations]


def without_breaks(xs, ys):
    """The points of a line, without the ``None`` entries that break it between phases."""
    return [y for x, y in zip(xs, ys, strict=True) if x is not None]


def as_plotted(values):
    return [None if not math.isfinite(v) else pytest.approx(v) for v in values]


def data_leaves(figure):
    """Every value a reader could get at: trace data, hover and text, annotations and tick labels."""
    found = []

    def walk(node, key=None):
        if isinstance(node, dict):
            for child_key, child in node.items():
                walk(child, child_key)
        elif isinstance(node, list):
            for child in node:
                walk(child, key)
        elif key in DATA_KEYS and node is not None:
            found.append(node)

    document = json.loads(figure_json(figure))
    walk(document["data"])
    walk(document["layout"].get("annotations", []))
    for axis in ("xaxis", "yaxis"):
        walk(document["layout"].get(axis, {}))
    return found


def texts(figure):
    return [leaf for leaf in data_leaves(figure) if isinstance(leaf, str)]


def numbers(figure):
    return [leaf for leaf in data_leaves(figure) if isinstance(leaf, int | float) and not isinstance(leaf, bool)]


SMALL_N = re.compile(r"n=(\d+)\)")


def assert_no_small_count(figure):
    shown = [int(n) for text in texts(figure) for n in SMALL_N.findall(text.replace(",", ""))]
    assert [n for n in shown if 1 <= n <= 10] == []


def assert_absent(figure, *, values=(), text=()):
    """None of ``values`` is a number in the figure's data, and none of ``text`` is in any of its strings."""
    for value in values:
        assert not any(math.isclose(n, value, rel_tol=1e-9) for n in numbers(figure)), value
    strings = "\n".join(texts(figure))
    for fragment in text:
        assert fragment not in strings, fragment
        if any(mark in fragment for mark in ".="):  # a formatted number: not even in the styling
            assert fragment not in figure_json(figure), fragment


def result(group, numerator, denominator, *, measure="timely", suppressed=False, reason="", period=MONTHS[0]):
    value = 100 * numerator / denominator if denominator else None
    return {
        "measure": measure,
        "period_type": "month",
        "period_start": period,
        "stratum": "race_ethnicity",
        "group": group,
        "numerator": numerator,
        "denominator": denominator,
        "value": value,
        "lower": None if value is None else value - 4,
        "upper": None if value is None else value + 4,
        "details": {},
        "suppressed": suppressed,
        "suppression_reason": reason,
    }


GROUPS = [("white", "White"), ("black", "Black"), ("asian", "Asian"), ("latino", "Latino")]

# Asian: 7 of 9 (77.78 %) is a small count; Latino is hidden so that Asian cannot be worked out from the total.
EQUITY_ROWS = [
    result("white", 240, 300),
    result("black", 126, 180),
    result("asian", 7, 9, suppressed=True, reason="small_count"),
    result("latino", 66, 120, suppressed=True, reason="complementary"),
]
HIDDEN_VALUES = (700 / 9, 55.0)
HIDDEN_TEXT = ("77.8", "55.0", "n=9", "n=120", "51.0", "59.0", "73.8", "81.8")


# --- control charts ----------------------------------------------------------------------------------------------


def p_chart(numerators=None, denominators=None, **options):
    numerators = numerators or [80, 97, 71, 88, 79, 105, 76, 79, 85, 80, 78, 83]
    denominators = denominators or [100, 120, 90, 110, 100, 130, 95, 100, 105, 100, 98, 102]
    return control_chart("p", numerators, denominators, multiply=100, **options), denominators


def test_a_p_chart_shows_the_data_the_centre_line_and_step_limits_from_the_result():
    chart, n = p_chart()
    periods = MONTHS[:12]
    figure = control_chart_figure(periods, chart, title="Offered within 10 days", y_title="Percent", n=n, suffix=" %")

    assert names(figure) == ["Control limits", "Control limits", "Centre line", "Percent"]
    upper, lower = limits(figure)
    assert (upper.showlegend, lower.showlegend) == (True, False)  # one legend entry for the two
    assert figure.layout.template == pio.templates["none"]
    assert figure.layout.title.text == "Offered within 10 days"
    assert figure.layout.yaxis.title.text == "Percent"
    assert figure.layout.xaxis.title.text == "Period"
    data = trace(figure, "Percent")
    assert list(data.x) == periods
    assert list(data.y) == as_plotted(chart.values)
    assert data.mode == "lines+markers"
    assert list(upper.y) == as_plotted(chart.ucl)
    assert list(lower.y) == as_plotted(chart.lcl)
    assert upper.line.shape == "hvh"
    assert list(trace(figure, "Centre line").y) == as_plotted(chart.centre)
    assert trace(figure, "Centre line").line.dash == "solid"
    assert data.hovertext[1] == "Feb 2024: 80.8 % (n=120)"


def test_p_chart_limits_step_with_each_denominator():
    chart, _n = p_chart()
    upper = limits(control_chart_figure(MONTHS[:12], chart, title="", y_title="%"))[0].y

    assert len(set(upper)) > 1
    assert upper[5] < upper[2]  # 130 cases give narrower limits than 90


def test_a_point_outside_the_limits_gets_its_own_symbol_and_colour():
    values = [10, 11, 9, 10, 12, 10, 9, 11, 10, 30, 10, 11]
    chart = control_chart("i", values)
    figure = control_chart_figure(MONTHS[:12], chart, title="", y_title="Days")

    signal = trace(figure, "Outside the control limits")
    assert list(signal.x) == [MONTHS[9]]
    assert list(signal.y) == [30]
    data = trace(figure, "Days")
    assert signal.marker.symbol != data.marker.symbol
    assert signal.marker.color != data.marker.color


@pytest.mark.parametrize(
    ("improvement", "name", "colour"),
    [
        ("increase", "Outside the control limits: better", GREEN),
        ("decrease", "Outside the control limits: worse", VERMILLION),
    ],
)
def test_a_point_outside_the_limits_says_better_or_worse_with_the_colours_of_better_and_worse(
    improvement, name, colour
):
    chart = control_chart("i", [10, 11, 9, 10, 12, 10, 9, 11, 10, 30, 10, 11])
    figure = control_chart_figure(MONTHS[:12], chart, y_title="Days", improvement=improvement)

    assert list(trace(figure, name).x) == [MONTHS[9]]
    assert trace(figure, name).marker.color == colour


def test_a_runs_signal_dashes_the_centre_line():
    shifted = control_chart("i", [10, 11, 10, 9, 11, 10, 14, 15, 14, 15, 16, 15, 14, 15, 16, 14])
    steady = control_chart("i", [10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 9, 11])
    assert shifted.any_runs_signal
    assert not steady.any_runs_signal

    signalled = control_chart_figure(MONTHS[:16], shifted, title="", y_title="Days")
    plain = control_chart_figure(MONTHS[:12], steady, title="", y_title="Days")

    assert "Centre line" not in names(signalled)
    assert trace(signalled, "Centre line: unusual run").line.dash == "dash"
    assert "Centre line: unusual run" not in names(plain)
    assert trace(plain, "Centre line").line.dash == "solid"


def test_phases_are_separated_and_no_line_joins_them():
    values = [10, 11, 9, 10, 12, 10, 20, 21, 19, 20, 22, 20]
    chart = control_chart("i", values, parts=(6,))
    figure = control_chart_figure(MONTHS[:12], chart, title="", y_title="Days", phase_labels=["New triage"])

    (separator,) = shapes(figure, "phase")
    assert MONTHS[5] < separator.x0 < MONTHS[6]
    assert "New triage" in notes(figure)
    centre = trace(figure, "Centre line")
    assert None in centre.x  # the break between the phases
    assert without_breaks(centre.x, centre.y) == as_plotted(chart.centre)
    assert len(set(without_breaks(centre.x, centre.y))) == 2
    data = trace(figure, "Days")
    assert data.x.index(None) == 6


def test_a_frozen_baseline_is_shaded_and_labelled():
    chart, _n = p_chart(freeze=6)
    figure = control_chart_figure(MONTHS[:12], chart, title="", y_title="%")

    (baseline,) = shapes(figure, "baseline")
    assert (baseline.x0, baseline.x1) == (MONTHS[0], MONTHS[5])
    assert "Baseline: limits fixed" in notes(figure)
    assert shapes(control_chart_figure(MONTHS[:12], p_chart()[0], title="", y_title="%"), "baseline") == []


def test_annotations_are_vertical_markers_with_their_text():
    chart, _n = p_chart()
    figure = control_chart_figure(
        MONTHS[:12], chart, title="", y_title="%", annotations=[(MONTHS[3], "PDSA 1: same-day triage")]
    )

    (marker,) = shapes(figure, "annotation")
    assert marker.x0 == marker.x1 == MONTHS[3]
    assert "PDSA 1: same-day triage" in notes(figure)


def test_a_target_is_a_labelled_line_across_the_chart():
    chart, _n = p_chart()
    target = trace(
        control_chart_figure(MONTHS[:12], chart, title="", y_title="%", target=85, suffix=" %"), "Target: 85.0 %"
    )

    assert list(target.y) == [85, 85]
    assert list(target.x) == [MONTHS[0], MONTHS[11]]


def test_a_run_chart_has_a_median_line_and_no_limits():
    chart = control_chart("run", [5, 6, 5, 7, 6, 5, 6, 7, 5, 6])
    figure = control_chart_figure(MONTHS[:10], chart, title="", y_title="Days")

    assert names(figure) == ["Centre line", "Days"]


def test_excluded_points_are_marked():
    chart = control_chart("i", [10, 11, 9, 10, 40, 10, 9, 11, 10, 11], exclude=[5])
    figure = control_chart_figure(MONTHS[:10], chart, title="", y_title="Days")

    assert list(trace(figure, "Left out of the limits").x) == [MONTHS[4]]


def series_rows(hidden_month=5):
    rows = []
    for index, (x, n) in enumerate(zip([80, 82, 79, 81, 78, 7, 80, 79, 82, 81, 80, 84], [100] * 12, strict=True)):
        small = index == hidden_month
        rows.append(
            result(
                "",
                x,
                9 if small else n,
                period=MONTHS[index],
                suppressed=small,
                reason="small_count" if small else "",
            )
        )
    return rows


def test_a_public_control_chart_leaves_a_suppressed_month_out_and_says_so():
    series = control_chart_series(series_rows())
    chart = control_chart("p", series.numerators, series.denominators, multiply=100)
    figure = control_chart_figure(
        series.periods, chart, title="", y_title="%", suppressed=series.suppressed, n=series.denominators
    )

    assert series.suppressed[5]
    assert math.isnan(series.numerators[5])
    assert trace(figure, "%").y[5] is None
    assert limits(figure)[0].y[5] is None
    assert {"x": MONTHS[5].isoformat(), "text": "Suppressed"}.items() <= json.loads(figure_json(figure))["layout"][
        "annotations"
    ][0].items()
    assert_absent(figure, values=(700 / 9, 7, 9), text=("77.8", "n=9"))
    assert_no_small_count(figure)


def test_a_public_control_chart_refuses_a_suppressed_month_charted_with_its_value():
    rows = series_rows()
    chart = control_chart("p", [r["numerator"] for r in rows], [r["denominator"] for r in rows], multiply=100)

    with pytest.raises(ValueError, match="missing"):
        control_chart_figure(MONTHS[:12], chart, title="", y_title="%", suppressed=[r["suppressed"] for r in rows])


def test_an_internal_control_chart_shows_a_suppressed_month_ringed_as_hidden_publicly():
    series = control_chart_series(series_rows(), public=False)
    chart = control_chart("p", series.numerators, series.denominators, multiply=100)
    figure = control_chart_figure(
        series.periods, chart, title="", y_title="%", suppressed=series.suppressed, n=series.denominators, public=False
    )

    assert trace(figure, "%").y[5] == pytest.approx(700 / 9)
    assert list(trace(figure, "Hidden publicly").x) == [MONTHS[5]]
    assert "hidden publicly" in trace(figure, "Hidden publicly").hovertext[0]


def test_a_public_control_chart_never_prints_a_count_of_1_to_10_even_unflagged():
    chart = control_chart("i", [5.0, 6.0, 7.0, 6.0, 5.0])
    figure = control_chart_figure(MONTHS[:5], chart, title="", y_title="Days", n=[40, 40, 8, 40, 40])

    assert trace(figure, "Days").y[2] is None
    assert_no_small_count(figure)


def test_the_control_chart_summary_says_the_latest_value_its_n_and_the_kind_of_variation():
    steady = control_chart("p", [80, 82, 79, 81, 80, 82, 79, 81, 80, 82, 79, 82], [100] * 12, multiply=100)

    text = describe_control_chart(MONTHS[:12], steady, n=[100] * 12, suffix=" %", target=85)

    assert text.startswith("Latest Dec 2024: 82.0 % (n=100). Centre line 80.6 %.")
    assert "No point outside the control limits." in text
    assert "Common-cause variation only." in text
    assert text.endswith("Target 85.0 %.")


def test_the_control_chart_summary_names_the_points_outside_the_limits():
    chart = control_chart("i", [10, 11, 10, 9, 11, 10, 9, 11, 10, 11, 10, 30], freeze=11)

    text = describe_control_chart(MONTHS[:12], chart, suffix=" days")

    assert text.startswith("Latest Dec 2024: 30.0 days.")
    assert "1 point outside the control limits: Dec 2024." in text
    assert "Special-cause variation." in text


def test_the_control_chart_summary_says_when_the_process_has_likely_shifted():
    chart = control_chart("i", [10, 11, 10, 9, 11, 10, 14, 15, 14, 15, 16, 15, 14, 15, 16, 14])

    text = describe_control_chart(MONTHS[:16], chart)

    assert "An unusual run or too few crossings of the centre line: the process has likely shifted." in text
    assert text.endswith("Special-cause variation.")


def test_the_public_summary_says_the_latest_month_is_suppressed_without_its_number():
    rows = series_rows(hidden_month=11)
    series = control_chart_series(rows)
    chart = control_chart("p", series.numerators, series.denominators, multiply=100)

    text = describe_control_chart(series.periods, chart, suppressed=series.suppressed, n=series.denominators)

    assert "Dec 2024 is suppressed." in text
    assert text.startswith("Latest Nov 2024: 80.0 (n=100).")
    assert "n=9" not in text


# --- heat map ----------------------------------------------------------------------------------------------------

MEASURES = [
    MeasureSpec("timely", "Offered within 10 days", "increase", " %"),
    MeasureSpec("wait", "Median wait", "decrease", " days"),
    MeasureSpec("penetration", "Penetration", "neutral", " %"),
]
WAIT_ROWS = [
    result("white", 300, 300, measure="wait") | {"value": 8.0},
    result("black", 180, 180, measure="wait") | {"value": 10.0},
    result("asian", 50, 50, measure="wait") | {"value": 6.0},
]
PENETRATION_ROWS = [result("white", 40, 1000, measure="penetration"), result("black", 30, 1000, measure="penetration")]


def heatmap(rows=None, **options):
    rows = EQUITY_ROWS + WAIT_ROWS + PENETRATION_ROWS if rows is None else rows
    return heatmap_figure(rows, measures=MEASURES, groups=GROUPS, reference="white", title="Equity", **options)


def cell(figure, measure, group):
    heat = trace(figure, "Gap to the reference group")
    i = [m.code for m in MEASURES].index(measure)
    j = [code for code, _label in GROUPS].index(group)
    labels = trace(figure, "Cell labels")
    position = next(k for k, (x, y) in enumerate(zip(labels.x, labels.y, strict=True)) if (x, y) == (j, i))
    return heat.z[i][j], labels.text[position]


def test_the_heatmap_colours_gaps_on_a_diverging_scale_centred_on_zero():
    figure = heatmap()
    heat = trace(figure, "Gap to the reference group")

    assert heat.zmid == 0
    assert heat.zmin == -heat.zmax
    assert heat.colorscale[2] == (0.5, "#FFFFFF")
    assert (heat.colorscale[0][1], heat.colorscale[-1][1]) == (VERMILLION, GREEN)
    # No colour bar (Plotly draws it with style attributes the CSP blocks): the legend says it in words.
    assert heat.showscale is False
    assert {"Worse than the reference", "About the same", "Better than the reference"} <= set(names(figure))
    assert list(figure.layout.yaxis.ticktext) == [m.label for m in MEASURES]


def test_worse_is_the_same_colour_whichever_way_a_measure_improves():
    figure = heatmap()

    lower_share, timely_text = cell(figure, "timely", "black")  # 70 % against 80 %: higher is better
    longer_wait, wait_text = cell(figure, "wait", "black")  # 10 days against 8: lower is better
    shorter_wait, shorter_text = cell(figure, "wait", "asian")

    assert lower_share == pytest.approx(-12.5)
    assert longer_wait == pytest.approx(-25.0)
    assert shorter_wait == pytest.approx(25.0)
    assert timely_text == "70.0 %<br>−13\u00a0% worse"
    assert wait_text == "10.0 days<br>+25\u00a0% worse"
    assert shorter_text == "6.0 days<br>−25\u00a0% better"


def test_the_reference_group_is_outlined_and_labelled():
    figure = heatmap()

    assert len(shapes(figure, "reference")) == 3
    # No <b>: Plotly draws it with a style attribute, which the CSP blocks.
    assert figure.layout.xaxis.ticktext[0] == "White<br>(reference)"
    assert cell(figure, "timely", "white") == (0, "80.0 %<br>Reference")


def test_suppressed_cells_are_light_grey_and_say_so_and_their_numbers_are_nowhere():
    figure = heatmap()

    assert cell(figure, "timely", "asian") == (None, "Suppressed")
    assert cell(figure, "timely", "latino") == (None, "Suppressed")
    cells, key = [t for t in figure.data if t.name == "Suppressed"]
    assert (cells.fill, cells.fillcolor) == ("toself", LIGHT_GREY)
    assert cells.fillpattern.shape is None  # a hatch drew the eye to what is not there
    assert key.showlegend
    assert_absent(figure, values=HIDDEN_VALUES, text=HIDDEN_TEXT)
    assert_no_small_count(figure)


def test_no_gap_is_shown_when_the_reference_group_is_suppressed():
    rows = [result("white", 8, 10, suppressed=True, reason="small_count"), result("black", 126, 180)]
    figure = heatmap(rows)

    assert cell(figure, "timely", "white") == (None, "Suppressed")
    z, text = cell(figure, "timely", "black")
    assert z is None
    assert text == "70.0 %<br>no gap"
    assert_absent(figure, values=(80.0,), text=("80.0", "−13", "n=10"))


def test_a_neutral_measure_is_not_coloured_and_a_missing_cell_says_no_data():
    figure = heatmap()

    assert cell(figure, "penetration", "black") == (None, "3.0 %<br>−25\u00a0%")
    assert cell(figure, "penetration", "asian") == (None, "No data")


def test_an_internal_heatmap_shows_suppressed_cells_marked_hidden_publicly():
    figure = heatmap(public=False)

    z, text = cell(figure, "timely", "asian")
    assert z == pytest.approx(100 * (700 / 9 / 80 - 1))
    assert text.endswith("hidden publicly")
    assert "Suppressed" not in names(figure)


def test_the_heatmap_summary_reads_every_cell_and_hides_suppressed_ones():
    text = describe_heatmap(EQUITY_ROWS, measures=MEASURES[:1], groups=GROUPS, reference="white")

    assert text == (
        "Offered within 10 days: White 80.0 %, Reference; Black 70.0 %, −13\u00a0% worse; Asian suppressed; "
        "Latino suppressed."
    )


# --- forest plot -------------------------------------------------------------------------------------------------

COMPARISONS = [
    Comparison("Black", 1.25, 0.98, 1.60),
    Comparison("Asian", 2.1, 0.9, 4.9, suppressed=True, reason="small_count"),
    Comparison("Latino", 0.80, 0.66, 0.97),
]


def test_the_forest_plot_draws_ratios_with_intervals_and_a_line_at_one_on_a_log_axis():
    figure = forest_figure(COMPARISONS, reference_label="White", x_title="Rate ratio", title="No-shows")

    points = trace(figure, "Compared with White")
    assert list(points.y) == ["Black", "Asian", "Latino"]
    assert list(points.x) == [1.25, None, 0.80]
    assert list(points.error_x.array) == [pytest.approx(0.35), None, pytest.approx(0.17)]
    assert list(points.error_x.arrayminus) == [pytest.approx(0.27), None, pytest.approx(0.14)]
    assert figure.layout.xaxis.type == "log"
    assert figure.layout.xaxis.title.text == "Rate ratio"
    (line,) = shapes(figure, "no_difference")
    assert line.x0 == line.x1 == 1
    assert "Reference: White" in notes(figure)


def test_a_forest_plot_of_differences_has_its_line_at_zero_on_a_linear_axis():
    figure = forest_figure(
        [Comparison("Black", -5.0, -9.0, -1.0)], reference_label="White", x_title="Difference", log_x=False
    )

    assert figure.layout.xaxis.type == "linear"
    assert shapes(figure, "no_difference")[0].x0 == 0


def test_suppressed_groups_are_listed_in_the_forest_plot_without_a_point():
    figure = forest_figure(COMPARISONS, reference_label="White", x_title="Rate ratio")

    label = trace(figure, "Suppressed")
    assert list(label.y) == ["Asian"]
    assert list(label.text) == ["Suppressed"]
    assert list(label.x) == [1]
    assert_absent(figure, values=(2.1, 0.9, 4.9), text=("2.10", "0.90", "4.90"))


def test_a_ratio_of_zero_is_written_out_rather_than_drawn_on_the_log_axis():
    figure = forest_figure([Comparison("Black", 0.0)], reference_label="White", x_title="Rate ratio")

    assert list(trace(figure, "Compared with White").x) == [None]
    assert list(trace(figure, "Not on a log scale").text) == ["0.00"]


def with_comparison(row, ratio):
    return {**row, "details": {"vs_reference": {"reference": "white", "ratio": ratio}}}


def test_comparisons_are_the_ones_the_recompute_stored():
    stored = stats.risk_ratio(126, 180, 240, 300)
    rows = [
        EQUITY_ROWS[0],
        with_comparison(EQUITY_ROWS[1], list(stored)),
        with_comparison(EQUITY_ROWS[2], [1.1, 0.5, 2.4]),
        with_comparison(EQUITY_ROWS[3], [0.79, 0.6, 1.0]),
    ]

    comparisons = comparisons_from_results(rows, groups=GROUPS, reference="white")

    assert [c.group for c in comparisons] == ["Black", "Asian", "Latino"]
    assert comparisons[0] == Comparison("Black", *stored)
    assert comparisons[1] == Comparison("Asian", None, suppressed=True, reason="small_count")
    assert comparisons[2] == Comparison("Latino", None, suppressed=True, reason="complementary")
    internal = comparisons_from_results(rows, groups=GROUPS, reference="white", public=False)
    assert internal[1] == Comparison("Asian", 1.1, 0.5, 2.4, suppressed=True, reason="small_count")


def test_every_comparison_is_suppressed_when_the_reference_group_is():
    rows = [
        result("white", 8, 10, suppressed=True, reason="small_count"),
        with_comparison(result("black", 126, 180), [0.875, 0.6, 1.3]),
    ]

    public = comparisons_from_results(rows, groups=GROUPS[:2], reference="white")
    internal = comparisons_from_results(rows, groups=GROUPS[:2], reference="white", public=False)

    assert public == [Comparison("Black", None, suppressed=True, reason="small_count")]
    assert internal[0].suppressed
    assert internal[0].estimate == pytest.approx(0.875)


def test_the_forest_summary():
    text = describe_forest(COMPARISONS, reference_label="White", measure_label="Rate ratio")

    assert (
        text
        == "Rate ratio compared with White: Black 1.25 (0.98 to 1.60); Asian suppressed; Latino 0.80 (0.66 to 0.97)."
    )


# --- bars by group -----------------------------------------------------------------------------------------------


def test_bars_by_group_carry_their_intervals_and_mark_the_reference():
    overall = result("", 432, 609) | {"stratum": "all"}
    figure = bar_by_group_figure(
        EQUITY_ROWS,
        groups=GROUPS,
        title="Offered within 10 days",
        y_title="Percent",
        reference="white",
        overall=overall,
        comparator=("Statewide", 75.0),
        suffix=" %",
    )

    bars = trace(figure, "Percent")
    assert list(bars.x) == ["White", "Black", "Asian", "Latino"]
    assert list(bars.y) == [80.0, 70.0, None, None]
    assert list(bars.error_y.array) == [4, 4, None, None]
    assert list(bars.error_y.arrayminus) == [4, 4, None, None]
    assert bars.marker.pattern.shape[0] == "/"
    assert figure.layout.xaxis.ticktext[0] == "White<br>(reference)"
    assert "Everyone: 70.9 %" in names(figure)
    assert list(trace(figure, "Statewide: 75.0 %").y) == [75.0, 75.0]
    assert figure.layout.yaxis.title.text == "Percent"


def test_suppressed_groups_are_labelled_gaps_among_the_bars():
    figure = bar_by_group_figure(EQUITY_ROWS, groups=GROUPS, title="", y_title="Percent")

    gaps = [(a.x, a.text) for a in figure.layout.annotations]
    assert gaps == [("Asian", "Suppressed"), ("Latino", "Suppressed")]
    # The small group and the one hidden to protect it read the same: neither says which is which.
    assert [a.hovertext for a in figure.layout.annotations] == ["Hidden to protect privacy"] * 2
    assert_absent(figure, values=HIDDEN_VALUES, text=HIDDEN_TEXT)
    assert_no_small_count(figure)


def test_the_bars_summary():
    text = describe_bars(EQUITY_ROWS, groups=GROUPS, measure_label="Offered within 10 days", suffix=" %")

    assert text == (
        "Offered within 10 days: White 80.0 % (76.0 % to 84.0 %) (n=300); Black 70.0 % (66.0 % to 74.0 %) (n=180); "
        "Asian suppressed; Latino suppressed."
    )


# --- waits -------------------------------------------------------------------------------------------------------

WAITS = [
    WaitSummary("Adult", 120, 8.0, 9.5, 21.0, q1=4.0, q3=12.0, lower_fence=0.0, upper_fence=30.0),
    WaitSummary("Child", 40, 10.0, 11.0, 25.0),
    WaitSummary("Older adult", 7, 5.0, 5.5, 9.0, suppressed=True, reason="small_count"),
]


def test_waits_are_boxes_where_quartiles_are_known_with_the_90th_percentile_marked():
    figure = wait_distribution_figure(WAITS, title="Days to first offer", y_title="Business days", standard=10)

    assert names(figure) == ["Quartiles", "Median", "Mean", "90th percentile", "Standard: 10.0"]
    box = trace(figure, "Quartiles")
    # One row per group, so that each label has room beside its box, on a phone too.
    assert box.orientation == "h"
    assert list(box.y) == ["Adult"]
    assert (box.q1, box.median, box.q3) == ((4.0,), (8.0,), (12.0,))
    assert (box.lowerfence, box.upperfence) == ((0.0,), (30.0,))
    p90 = trace(figure, "90th percentile")
    assert list(p90.y) == ["Adult", "Child", "Older adult"]
    assert list(p90.x) == [21.0, 25.0, None]
    assert p90.marker.symbol != trace(figure, "Median").marker.symbol
    assert figure.layout.xaxis.title.text == "Business days"
    (standard,) = shapes(figure, "standard")
    assert (standard.x0, standard.x1, standard.y0, standard.y1) == (10, 10, 0, 1)


def test_the_labels_of_wait_groups_are_wrapped_beside_their_boxes():
    groups = [WaitSummary("Non-psychiatry services for children and youth", 120, 8.0, 9.5, 21.0)]
    figure = wait_distribution_figure(groups, y_title="Business days")

    assert list(figure.layout.yaxis.ticktext) == ["Non-psychiatry<br>services for<br>children and youth"]


def test_a_suppressed_wait_group_is_not_drawn_and_is_noted():
    figure = wait_distribution_figure(WAITS, title="", y_title="Business days")

    assert [(a.y, a.text) for a in figure.layout.annotations] == [("Older adult", "Suppressed")]
    assert_absent(figure, values=(5.0, 5.5, 9.0, 7), text=("5.5", "9.0", "n=7"))
    assert_no_small_count(figure)


def test_a_wait_summary_comes_from_a_stored_wait_result():
    row = result("adult", 120, 120) | {"value": 8.0, "details": {"mean": 9.5, "p90": 21.0}}

    summary = WaitSummary.from_result(row, "Adult")

    assert summary == WaitSummary("Adult", 120, 8.0, 9.5, 21.0)


def test_the_waits_summary():
    text = describe_waits(WAITS, measure_label="Days to first offer")

    assert text == (
        "Days to first offer: Adult median 8.0, 90th percentile 21.0 (n=120); "
        "Child median 10.0, 90th percentile 25.0 (n=40); Older adult suppressed."
    )


def test_a_public_histogram_hides_small_bins_and_the_bin_that_would_give_them_away():
    bins = [WaitBin("0–5", 40), WaitBin("6–10", 30), WaitBin("11–15", 4), WaitBin("16+", 20)]

    figure = wait_histogram_figure(bins, title="", x_title="Business days")

    assert list(trace(figure, "Waits").y) == [40, 30, None, None]
    assert [(a.x, a.text) for a in figure.layout.annotations] == [("11–15", "Suppressed"), ("16+", "Suppressed")]
    assert list(trace(wait_histogram_figure(bins, title="", x_title="", public=False), "Waits").y) == [40, 30, 4, 20]


# --- funnel ------------------------------------------------------------------------------------------------------


def test_the_funnel_shows_each_stage_with_its_count_and_share_of_requests():
    stages = [FunnelStage("Requests", 1200), FunnelStage("Offered", 1000), FunnelStage("Rendered", 900)]

    figure = funnel_figure(stages, title="Access")

    funnel = trace(figure, "People")
    assert list(funnel.y) == ["Requests", "Offered", "Rendered"]
    assert list(funnel.x) == [1200, 1000, 900]
    # The share on a line of its own, so that a phone's narrow bars need not shrink the text.
    assert list(funnel.text) == ["1,200", "1,000<br>(83 % of requests)", "900<br>(75 % of requests)"]
    assert (
        describe_funnel(stages) == "Requests 1,200; Offered 1,000 (83 % of requests); Rendered 900 (75 % of requests)."
    )


def test_a_suppressed_stage_is_marked_and_no_share_rests_on_a_hidden_first_stage():
    stages = [FunnelStage("Requests", 9, suppressed=True, reason="small_count"), FunnelStage("Offered", 0)]

    figure = funnel_figure(stages, title="Access")

    assert list(trace(figure, "People").x) == [None, 0]
    assert list(trace(figure, "People").text) == [None, "0"]
    assert notes(figure) == ["Suppressed"]
    assert_absent(figure, values=(9,), text=("9",))
    assert describe_funnel(stages) == "Requests suppressed; Offered 0."


# --- every figure ------------------------------------------------------------------------------------------------


def every_public_figure():
    series = control_chart_series(series_rows())
    chart = control_chart("p", series.numerators, series.denominators, multiply=100)
    return [
        control_chart_figure(
            series.periods, chart, title="", y_title="%", suppressed=series.suppressed, n=series.denominators
        ),
        heatmap(),
        forest_figure(COMPARISONS, reference_label="White", x_title="Rate ratio"),
        bar_by_group_figure(EQUITY_ROWS, groups=GROUPS, title="", y_title="%"),
        wait_distribution_figure(WAITS, title="", y_title="Days"),
        wait_histogram_figure([WaitBin("0–5", 40), WaitBin("6+", 3)], title="", x_title="Days"),
        funnel_figure([FunnelStage("Requests", 300), FunnelStage("Rendered", 6)], title=""),
    ]


@pytest.mark.parametrize("index", range(7))
def test_every_public_figure_is_plain_json_with_an_explicit_layout_and_no_count_of_1_to_10(index):
    figure = every_public_figure()[index]

    document = json.loads(figure_json(figure))
    assert figure_json(figure) == figure.to_json()
    assert figure.layout.template == pio.templates["none"]
    assert document["layout"]["font"]["size"] >= 12
    assert document["layout"]["plot_bgcolor"] == "#FFFFFF"
    assert_no_small_count(figure)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 60)), min_size=2, max_size=6))
def test_a_public_bar_chart_never_shows_a_hidden_group_or_a_count_of_1_to_10(counts):
    tables = [(min(x, n), n) for x, n in counts]
    decision = suppress_groups([GroupCounts(f"g{i}", x, n) for i, (x, n) in enumerate(tables)])
    rows = [
        result(f"g{i}", x, n, suppressed=decision.is_hidden(f"g{i}"), reason=decision.hidden.get(f"g{i}", ""))
        for i, (x, n) in enumerate(tables)
    ]
    groups = [(f"g{i}", f"Group {chr(65 + i)}") for i in range(len(rows))]

    figure = bar_by_group_figure(rows, groups=groups, title="", y_title="%")

    shown = dict(zip(trace(figure, "%").x, trace(figure, "%").y, strict=True))
    for row, (_code, label) in zip(rows, groups, strict=True):
        if row["suppressed"]:
            assert shown[label] is None
            assert f"{label}:" not in "".join(texts(figure))
    assert_no_small_count(figure)
    assert all(np.isfinite(v) for v in numbers(figure))
