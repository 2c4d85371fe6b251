"""One of every figure the dashboards, the measure page and the projects' local charts draw, built from plain
data (no database), for the tests that hold every figure to the same rules: the palette, the layout, the CSP."""

import datetime
import json

from measures.charts import (
    Comparison,
    FunnelStage,
    MeasureSpec,
    WaitBin,
    WaitSummary,
    bar_by_group_figure,
    control_chart_figure,
    figure_json,
    forest_figure,
    funnel_figure,
    heatmap_figure,
    wait_distribution_figure,
    wait_histogram_figure,
)
from measures.charts.gap_trend import gap_trend_figure
from measures.compute.comparisons import PROPORTION
from measures.gap_trend import stratum_gaps
from measures.spc import control_chart

MONTHS = [datetime.date(2024 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 25)]
GROUPS = [("white", "White"), ("black", "Black or African American"), ("asian", "Asian"), ("latino", "Latino")]
LONG_NOTE = "PDSA 3: text every caller the expected wait after the first call, and again a day before the visit"


def result(group, numerator, denominator, *, measure="timely", suppressed=False, period=MONTHS[0], stratum="race"):
    value = 100 * numerator / denominator
    return {
        "measure": measure,
        "period_type": "month",
        "period_start": period,
        "stratum": stratum,
        "group": group,
        "numerator": numerator,
        "denominator": denominator,
        "value": value,
        "lower": value - 4,
        "upper": value + 4,
        "details": {"reference_rule": "largest"} if group == "white" else {},
        "suppressed": suppressed,
        "suppression_reason": "small_count" if suppressed else "",
    }


EQUITY_ROWS = [
    result("white", 240, 300),
    result("black", 126, 180),
    result("asian", 7, 9, suppressed=True),
    result("latino", 100, 120),
    result("white", 240, 300, measure="wait") | {"value": 8.0},
    result("black", 180, 180, measure="wait") | {"value": 10.0},
    result("latino", 120, 120, measure="wait") | {"value": 8.02},
    result("white", 40, 1000, measure="penetration"),
    result("black", 30, 1000, measure="penetration"),
]
MEASURES = [
    MeasureSpec("timely", "Routine requests offered a first appointment within 10 business days", "increase", " %"),
    MeasureSpec("wait", "Median wait", "decrease", " days"),
    MeasureSpec("penetration", "Penetration", "neutral", " %"),
]


def control(*, improvement="increase", public=True, **options):
    """A control chart with every mark: limits, a signal each way, a runs signal, a phase, a frozen baseline, a
    target, a left-out point and a note."""
    values = [50, 52, 49, 51, 50, 53, 48, 51, 50, 52, 90, 51, 50, 10, 52, 55, 56, 57, 56, 58, 57, 59, 58, 57]
    chart = control_chart("i", values, parts=(15,), freeze=6, exclude=(2,))
    return control_chart_figure(
        MONTHS,
        chart,
        y_title="Percent",
        x_title="Month",
        series_name="Everyone",
        annotations=[(MONTHS[20], LONG_NOTE)],
        phase_labels=["New triage rota"],
        target=60,
        improvement=improvement,
        public=public,
        suppressed=[False] * 24,
        **options,
    )


def gap_trend(*, public=True):
    rows = []
    for index, period in enumerate(MONTHS[:12]):
        rows.append(result("female", 200, 400, period=period, stratum="gender") | {"details": {}})
        rows[-1]["details"] = {"reference_rule": "largest"} if index == 11 else {}
        rows.append(result("male", 90 + 5 * index, 300, period=period, stratum="gender") | {"details": {}})
    gaps = stratum_gaps(rows, stratum="gender", kind=PROPORTION, public=public)
    return gap_trend_figure(gaps, labels={"male": "Male"}, reference_label="Female", public=public)


def dashboard_figures(*, public=True) -> dict:
    """Every kind of figure, by a name for test ids."""
    waits = [
        WaitSummary("Non-psychiatry services for children and youth", 120, 8.0, 9.5, 21.0, q1=4, q3=12),
        WaitSummary("Psychiatry", 80, 10.0, 11.0, 25.0),
        WaitSummary("Older adult", 7, 5.0, 5.5, 9.0, suppressed=True, reason="small_count"),
    ]
    timely = [row for row in EQUITY_ROWS if row["measure"] == "timely"]
    comparisons = [Comparison("Black", 1.25, 0.98, 1.60), Comparison("Asian", None, suppressed=True)]
    return {
        "control improving": control(improvement="increase", public=public),
        "control worsening": control(improvement="decrease", public=public),
        "control neutral": control(improvement="neutral", public=public),
        "heat map": heatmap_figure(EQUITY_ROWS, measures=MEASURES, groups=GROUPS, reference="white", public=public),
        "forest": forest_figure(comparisons, reference_label="White", x_title="Ratio", public=public),
        "bars": bar_by_group_figure(
            timely,
            groups=GROUPS,
            y_title="Percent",
            reference="white",
            overall=result("", 466, 609) | {"stratum": "all"},
            comparator=("Statewide", 75.0),
            suffix=" %",
            public=public,
        ),
        "waits": wait_distribution_figure(
            waits, y_title="Business days", standard=10, standard_label="Standard: 10 business days", public=public
        ),
        "histogram": wait_histogram_figure(
            [WaitBin("0–5", 40), WaitBin("6–10", 30), WaitBin("11–15", 4), WaitBin("16+", 20)],
            x_title="Business days",
            public=public,
        ),
        "funnel": funnel_figure(
            [FunnelStage("Requests", 400), FunnelStage("Offered", 350), FunnelStage("Rendered", 8)], public=public
        ),
        "gap trend": gap_trend(public=public),
    }


def as_json(figure) -> dict:
    return json.loads(figure_json(figure))
