"""Is the gap closing? Each group's ratio to the reference group month by month, one panel per group.

Small multiples on a shared time axis (one row per group, so a phone shows them one under another): the
month's ratio as a point with its 95 % interval, the fitted trend as a line, and a dashed line at 1 (no
gap). A month hidden to protect privacy is a grey band with no point in a public figure; a county staff
figure draws it and rings it as hidden publicly. :func:`describe_gap_trend` answers the question in one
paragraph, for the sentence above the chart and for screen readers; :func:`gap_trend_panel` bundles the
figure, the answer and the table of figures for a template.

Pure: a :class:`measures.gap_trend.StratumGaps` in, a figure or text out (see :mod:`measures.gap_trend`
for the statistics and why nothing hidden reaches a public figure).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from plotly.subplots import make_subplots

from measures.gap_trend import (
    CROSSED,
    NARROWING,
    NO_CLEAR_CHANGE,
    TOO_FEW,
    WIDENING,
    GroupGap,
    StratumGaps,
    month_index,
)

from ._common import (
    BLACK,
    BLUE,
    GREY,
    LIGHT_GREY,
    SMALL_FONT_SIZE,
    axis,
    base_layout,
    interval_text,
    legend_name,
    month_text,
    number,
    public_hidden_text,
    wrapped,
)

#: The order the answer lists the verdicts in: movement first, then no change, then too few months.
VERDICT_ORDER = (NARROWING, WIDENING, CROSSED, NO_CLEAR_CHANGE, TOO_FEW)
#: Ratio ticks on the log axis (1 is always among them).
TICKS = (0.1, 0.2, 0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 10)
PANEL_HEIGHT = 190
#: Room below the plots for the x axis and the legend, which wraps on a phone.
BOTTOM_MARGIN = 150
HALF_MONTH = datetime.timedelta(days=14)


def verdict_text(verdict: str) -> str:
    """The verdict in a few words, for a panel's title and the table."""
    return {
        NARROWING: _("gap narrowing"),
        WIDENING: _("gap widening"),
        CROSSED: _("moved to the other side of the reference"),
        NO_CLEAR_CHANGE: _("no clear change"),
        TOO_FEW: _("too few months to tell"),
    }[verdict]


def _month(period) -> str:
    return month_text(period) if isinstance(period, datetime.date) else str(period)


def _ratio(value: float | None) -> str:
    return number(value, decimals=2)


def _axis_range(gap: GroupGap) -> tuple[list[float], list[float]]:
    """The log axis range (as log10) and its ticks: every interval shown, and 1, with a little room."""
    values = [1.0]
    for point in gap.points:
        if point.usable:
            values += [point.lower, point.upper]
    if gap.trend.slope is not None:
        values += [gap.trend.start_ratio, gap.trend.end_ratio]
    low, high = max(min(values) / 1.15, 0.05), min(max(values) * 1.15, 20.0)
    # At most about six ticks to a panel: 15 of them once ran into each other on a 190 px panel. 1 stays.
    spacing = (math.log10(high) - math.log10(low)) / 6
    ticks = [1.0]
    for tick in sorted((t for t in TICKS if low <= t <= high and t != 1), key=lambda t: abs(math.log10(t))):
        if all(abs(math.log10(tick) - math.log10(kept)) >= spacing for kept in ticks):
            ticks.append(tick)
    return [math.log10(low), math.log10(high)], sorted(ticks)


def gap_trend_figure(
    gaps: StratumGaps, *, labels: Mapping[str, str], reference_label: str, public: bool = True
) -> go.Figure | None:
    """The monthly ratio of each group to the reference, with intervals, trends and the no-gap line.

    Inputs: ``gaps`` from :func:`measures.gap_trend.stratum_gaps` (made for the same reader: ``public`` must
    match); ``labels`` maps a group code to its label; ``reference_label`` names the reference. Returns
    ``None`` when there is no group to draw; otherwise a figure with one panel (row) per group and these
    traces, by name: "Ratio to <reference> (95% interval)" (points with error bars, one per panel),
    "Trend (weighted fit)" (lines), "No gap: ratio 1" (a legend entry for the dashed line at 1, drawn as a
    shape named ``no_gap`` in each panel), "Month hidden to protect privacy" (a legend entry for the grey
    bands, shapes named ``hidden_month``; public figures only) and, internally, "Hidden publicly" (rings).
    """
    if not gaps.groups:
        return None
    rows = len(gaps.groups)
    height = 90 + PANEL_HEIGHT * rows + BOTTOM_MARGIN
    titles = [
        wrapped(f"{labels.get(gap.group, gap.group)}: {verdict_text(gap.trend.verdict)}", 36) for gap in gaps.groups
    ]
    figure = make_subplots(
        rows=rows, cols=1, shared_xaxes=True, subplot_titles=titles, vertical_spacing=min(0.3 / rows, 90 / height)
    )
    # The shared look first; each panel's axes are set below (update_layout merges into the subplots' axes).
    figure.update_layout(
        **base_layout(
            title="",
            x_title=None,
            y_title=None,
            height=height,
            margin={"l": 64, "r": 16, "t": 48, "b": BOTTOM_MARGIN},
        ),
        hovermode="closest",
    )
    ratio_name = legend_name(_("Ratio to %(reference)s (95%% interval)") % {"reference": reference_label})
    trend_name = _("Trend (weighted fit)")
    hidden_name = _("Month hidden to protect privacy")
    shapes, any_hidden, any_flagged = [], False, False
    for row, gap in enumerate(gaps.groups, start=1):
        label = labels.get(gap.group, gap.group)
        suffix = "" if row == 1 else str(row)
        first = row == 1
        xs, ys, plus, minus, hovers, ringed = [], [], [], [], [], []
        for point in gap.points:
            xs.append(point.period)
            if not point.usable:
                ys.append(None)
                plus.append(None)
                minus.append(None)
                hovers.append(None)
            else:
                ys.append(point.ratio)
                plus.append(point.upper - point.ratio)
                minus.append(point.ratio - point.lower)
                interval = interval_text(point.lower, point.upper, decimals=2)
                hover = f"{label}, {_month(point.period)}: {_ratio(point.ratio)} ({interval})"
                if point.flagged and not public:
                    hover += "<br>" + _("hidden publicly")
                    ringed.append(point)
                hovers.append(hover)
            if point.hidden and public:
                any_hidden = True
                shapes.append(
                    {
                        "type": "rect",
                        "name": "hidden_month",
                        "xref": f"x{suffix}",
                        "yref": f"y{suffix} domain",
                        "x0": point.period - HALF_MONTH,
                        "x1": point.period + HALF_MONTH,
                        "y0": 0,
                        "y1": 1,
                        "fillcolor": LIGHT_GREY,
                        "opacity": 0.7,
                        "line": {"width": 0},
                        "layer": "below",
                    }
                )
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                name=ratio_name,
                legendgroup="ratio",
                showlegend=first,
                mode="markers",
                marker={"color": BLUE, "size": 9, "symbol": "circle"},
                error_y={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "color": BLUE},
                hovertext=hovers,
                hoverinfo="text",
            ),
            row=row,
            col=1,
        )
        trend = gap.trend
        if trend.slope is not None:
            fitted = [point.period for point in gap.points if trend.first <= month_index(point.period) <= trend.last]
            change = trend.per_year
            hover = _("Trend: the ratio changes ×%(change)s a year (%(interval)s)") % {
                "change": _ratio(change[0]),
                "interval": interval_text(change[1], change[2], decimals=2),
            }
            figure.add_trace(
                go.Scatter(
                    x=fitted,
                    y=[trend.fitted(month_index(period)) for period in fitted],
                    name=trend_name,
                    legendgroup="trend",
                    showlegend=first,
                    mode="lines",
                    line={"color": BLACK, "width": 3},
                    hovertext=[f"{label}: {hover}"] * len(fitted),
                    hoverinfo="text",
                ),
                row=row,
                col=1,
            )
        if ringed:
            figure.add_trace(
                go.Scatter(
                    x=[point.period for point in ringed],
                    y=[point.ratio for point in ringed],
                    name=_("Hidden publicly"),
                    legendgroup="flagged",
                    showlegend=not any_flagged,
                    mode="markers",
                    marker={"symbol": "circle-open", "size": 17, "color": GREY, "line": {"width": 2}},
                    hoverinfo="skip",
                ),
                row=row,
                col=1,
            )
            any_flagged = True
        shapes.append(
            {
                "type": "line",
                "name": "no_gap",
                "xref": f"x{suffix} domain",
                "yref": f"y{suffix}",
                "x0": 0,
                "x1": 1,
                "y0": 1,
                "y1": 1,
                "line": {"color": GREY, "width": 1.5, "dash": "dash"},
                "layer": "below",
            }
        )
        axis_range, ticks = _axis_range(gap)
        figure.update_yaxes(
            axis(_("Ratio"))
            | {"type": "log", "range": axis_range, "tickvals": ticks, "ticktext": [_ratio(t) for t in ticks]},
            row=row,
            col=1,
        )
        figure.update_xaxes(axis(_("Month") if row == rows else None) | {"showgrid": False}, row=row, col=1)
    # Legend entries for what is drawn as shapes (a shape has no legend of its own).
    figure.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            name=_("No gap: ratio 1"),
            mode="lines",
            line={"color": GREY, "width": 1.5, "dash": "dash"},
            hoverinfo="skip",
        ),
        row=rows,
        col=1,
    )
    if any_hidden:
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                name=hidden_name,
                mode="markers",
                marker={"symbol": "square", "size": 14, "color": LIGHT_GREY, "line": {"color": GREY, "width": 1}},
                hovertext=[public_hidden_text()],
                hoverinfo="skip",
            ),
            row=rows,
            col=1,
        )
    figure.update_layout(shapes=shapes)
    figure.update_annotations(x=0, xanchor="left", font={"size": SMALL_FONT_SIZE + 1}, align="left")
    return figure


def _change_text(gap: GroupGap) -> str:
    """ "0.71 → 0.88": the fitted ratio at the first and last month fitted."""
    return f"{_ratio(gap.trend.start_ratio)} → {_ratio(gap.trend.end_ratio)}"


def answer_gap_trend(gaps: StratumGaps, *, labels: Mapping[str, str], reference_label: str) -> str:
    """The plain answer to "is the gap closing?" for every group: the sentence above the chart.

    Groups are listed under their verdict (narrowing, widening, crossed over, no clear change, too few
    months), a moving group with its fitted ratio at the first and last month ("0.71 → 0.88").
    """
    sentences = [_("Is the gap to %(reference)s closing?") % {"reference": reference_label}]
    leads = {
        NARROWING: _("Narrowing for %(groups)s."),
        WIDENING: _("Widening for %(groups)s."),
        CROSSED: _("Moved from one side of the reference to the other for %(groups)s."),
        NO_CLEAR_CHANGE: _("No clear change for %(groups)s."),
        TOO_FEW: _("Too few months to tell for %(groups)s."),
    }
    for verdict in VERDICT_ORDER:
        named = []
        for gap in gaps.groups:
            if gap.trend.verdict != verdict:
                continue
            label = labels.get(gap.group, gap.group)
            named.append(
                f"{label} ({_change_text(gap)})"
                if gap.trend.slope is not None and verdict != NO_CLEAR_CHANGE
                else label
            )
        if named:
            sentences.append(leads[verdict] % {"groups": "; ".join(named)})
    return " ".join(sentences)


def describe_gap_trend(
    gaps: StratumGaps, *, labels: Mapping[str, str], reference_label: str, public: bool = True
) -> str:
    """What the chart shows, panel by panel, for screen readers: each group's verdict, its latest month's
    ratio and interval, and the trend's change per year; months hidden from the public are said to be hidden."""
    parts = [answer_gap_trend(gaps, labels=labels, reference_label=reference_label)]
    for gap in gaps.groups:
        label = labels.get(gap.group, gap.group)
        text = f"{label}: {verdict_text(gap.trend.verdict)}."
        shown = [point for point in gap.points if point.usable]
        if shown:
            latest = shown[-1]
            text += " " + _("Latest ratio %(ratio)s (%(interval)s) in %(month)s.") % {
                "ratio": _ratio(latest.ratio),
                "interval": interval_text(latest.lower, latest.upper, decimals=2),
                "month": _month(latest.period),
            }
        if gap.trend.per_year is not None:
            change, lower, upper = gap.trend.per_year
            text += " " + _("The ratio changes ×%(change)s a year (%(interval)s).") % {
                "change": _ratio(change),
                "interval": interval_text(lower, upper, decimals=2),
            }
        if public and gap.hidden_months:
            text += " " + _("Months hidden to protect privacy: %(count)s.") % {"count": gap.hidden_months}
        parts.append(text)
    return " ".join(parts)


def gap_trend_panel(
    gaps: StratumGaps,
    *,
    labels: Mapping[str, str],
    stratum_label: str,
    reference_label: str,
    public: bool = True,
) -> dict:
    """Everything a template shows for one stratum: the answer, the figure's JSON, its summary and the table.

    Returns ``{"stratum", "stratum_label", "reference_label", "comparable", "answer", "figure_json" (None
    without a group to draw), "summary", "groups": [{"label", "verdict", "verdict_text", "months", "start",
    "end", "per_year"}], "months": [{"period", "cells": [{"point", "shown"}]}] (one cell per group, in
    ``groups``' order), "hidden_months"}`` (months in which some group is hidden from this reader).
    """
    figure = gap_trend_figure(gaps, labels=labels, reference_label=reference_label, public=public)
    months = []
    for index, period in enumerate(gaps.periods):
        cells = [{"point": gap.points[index], "shown": gap.points[index].usable} for gap in gaps.groups]
        months.append({"period": period, "cells": cells})
    return {
        "stratum": gaps.stratum,
        "stratum_label": stratum_label,
        "reference_label": reference_label,
        "comparable": gaps.comparable,
        "answer": answer_gap_trend(gaps, labels=labels, reference_label=reference_label) if gaps.groups else "",
        "figure_json": None if figure is None else figure.to_json(),
        "summary": describe_gap_trend(gaps, labels=labels, reference_label=reference_label, public=public)
        if gaps.groups
        else "",
        "groups": [
            {
                "label": labels.get(gap.group, gap.group),
                "verdict": gap.trend.verdict,
                "verdict_text": verdict_text(gap.trend.verdict),
                "months": gap.trend.months,
                "start": gap.trend.start_ratio,
                "end": gap.trend.end_ratio,
                "per_year": gap.trend.per_year,
            }
            for gap in gaps.groups
        ],
        "months": months,
        "hidden_months": sum(1 for month in months if any(cell["point"].hidden for cell in month["cells"])),
    }
