"""Chart builders for the dashboards: plain data in, ``plotly.graph_objects.Figure`` out.

Pure functions (no ORM, no request): the views fetch stored results, pass them here, and hand
``figure_json(figure)`` to the template through ``json_script``. Every builder has a ``describe_…``
twin that says the same in plain text for screen readers, and a ``public`` flag (on by default): a
public figure never holds a suppressed number, nor a count of 1–10, anywhere in its JSON.
"""

import plotly.graph_objects as go

from ._common import PALETTE, hidden_text, month_text, public_hidden_text, reason_text
from .access import (
    FunnelStage,
    WaitBin,
    WaitSummary,
    describe_funnel,
    describe_waits,
    funnel_figure,
    wait_distribution_figure,
    wait_histogram_figure,
)
from .control import ControlChartSeries, control_chart_figure, control_chart_series, describe_control_chart
from .equity import (
    Comparison,
    bar_by_group_figure,
    comparisons_from_results,
    describe_bars,
    describe_forest,
    forest_figure,
)
from .heatmap import MeasureSpec, describe_heatmap, heatmap_breakpoint, heatmap_figure, heatmap_list


def figure_json(figure: go.Figure) -> str:
    """The figure as Plotly JSON, for ``{{ figure|json_script:"…" }}`` and ``Plotly.newPlot``."""
    return figure.to_json()


__all__ = [
    "PALETTE",
    "Comparison",
    "ControlChartSeries",
    "FunnelStage",
    "MeasureSpec",
    "WaitBin",
    "WaitSummary",
    "bar_by_group_figure",
    "comparisons_from_results",
    "control_chart_figure",
    "control_chart_series",
    "describe_bars",
    "describe_control_chart",
    "describe_forest",
    "describe_funnel",
    "describe_heatmap",
    "describe_waits",
    "figure_json",
    "forest_figure",
    "funnel_figure",
    "heatmap_breakpoint",
    "heatmap_figure",
    "heatmap_list",
    "hidden_text",
    "month_text",
    "public_hidden_text",
    "reason_text",
    "wait_distribution_figure",
    "wait_histogram_figure",
]
