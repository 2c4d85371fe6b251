"""Equity charts: the forest plot against the reference group, and bars by group (the heat map is in
:mod:`measures.charts.heatmap`).

Every builder takes ``public``: in a public figure a suppressed group shows the word "Suppressed" in place
of its numbers, and no number that rests on it (its value, interval, count, or a gap computed from a hidden
reference) reaches the figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from ._common import (
    BLACK,
    BLUE,
    GREY,
    PURPLE,
    SMALL_FONT_SIZE,
    TEXT,
    base_layout,
    finite,
    hidden,
    hidden_text,
    interval_text,
    legend_name,
    n_text,
    number,
    people,
    row_reason,
    suppressed_label,
)

# --- forest plot -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One group against the reference: its label, the ratio or difference with its interval (``None`` or NaN
    where undefined, as :mod:`measures.stats` returns for zero counts), and whether it is suppressed."""

    group: str
    estimate: float | None
    lower: float | None = None
    upper: float | None = None
    suppressed: bool = False
    reason: str = ""


def comparisons_from_results(
    rows: Sequence[Mapping], *, groups: Sequence[tuple[str, str]], reference: str, public: bool = True
) -> list[Comparison]:
    """Each group of one measure, period and stratum against the reference group, ready for :func:`forest_figure`.

    ``rows`` are stored result dicts; the ratio and its interval are the ones the recompute stored in
    ``details["vs_reference"]["ratio"]`` (:mod:`measures.compute.comparisons`), so nothing is computed
    here. ``groups`` are the ``(code, label)`` pairs to show, in order (the reference is skipped). A
    group is suppressed when it is hidden, and every group is when the reference is, because a ratio
    with a shown group's value would give the reference away; in a public view a suppressed comparison
    carries no numbers at all. Groups without a result are left out.
    """
    by_group = {row["group"]: row for row in rows}
    ref_row = by_group.get(reference)
    if ref_row is None:
        raise ValueError(f"There is no result for the reference group {reference!r}.")
    ref_hidden = bool(ref_row.get("suppressed")) or hidden(ref_row, public=True)
    comparisons = []
    for code, label in groups:
        row = by_group.get(code)
        if code == reference or row is None:
            continue
        flagged = ref_hidden or bool(row.get("suppressed")) or hidden(row, public=True)
        reason = row_reason(row) or (row_reason(ref_row) if ref_hidden else "")
        ratio = ((row.get("details") or {}).get("vs_reference") or {}).get("ratio")
        if (flagged and public) or not ratio:
            comparisons.append(Comparison(label, None, suppressed=flagged, reason=reason if flagged else ""))
            continue
        comparisons.append(Comparison(label, *ratio, suppressed=flagged, reason=reason if flagged else ""))
    return comparisons


def forest_figure(
    comparisons: Sequence[Comparison],
    *,
    reference_label: str,
    x_title: str,
    title: str = "",
    log_x: bool = True,
    decimals: int = 2,
    public: bool = True,
) -> go.Figure:
    """Ratios (``log_x=True``, a line at 1) or differences (``log_x=False``, a line at 0) with their intervals.

    Inputs: ``comparisons`` top to bottom; ``reference_label`` names the group they are compared with.
    Returns a figure with the trace "Compared with <reference>" (squares with horizontal interval bars), a
    text trace "Suppressed" placed on the no-difference line for suppressed groups (which get no point), and
    the no-difference line as a shape named ``no_difference``. A ratio of 0 cannot sit on a log axis: it is
    written out as text instead (trace "Not on a log scale"). Internally suppressed groups are drawn and
    ringed as hidden publicly.
    """
    null = 1.0 if log_x else 0.0
    fmt = {"decimals": decimals}
    labels = [c.group for c in comparisons]
    xs, minus, plus, hovers = [], [], [], []
    off_scale, masked, ringed = [], [], []
    for comparison in comparisons:
        estimate = finite(comparison.estimate)
        lower, upper = finite(comparison.lower), finite(comparison.upper)
        if comparison.suppressed and public:
            xs.append(None)
            minus.append(None)
            plus.append(None)
            hovers.append(None)
            masked.append(comparison)
            continue
        interval = interval_text(lower, upper, **fmt) or _("interval not defined")
        hover = f"{comparison.group}: {number(estimate, **fmt)} ({interval})"
        if comparison.suppressed:
            hover += "<br>" + _("hidden publicly")
            ringed.append((estimate, comparison.group))
        if estimate is None or (log_x and estimate <= 0):
            off_scale.append((comparison.group, number(estimate, **fmt)))
            estimate = None
        xs.append(estimate)
        minus.append(None if estimate is None or lower is None or (log_x and lower <= 0) else estimate - lower)
        plus.append(None if estimate is None or upper is None else upper - estimate)
        hovers.append(hover)
    name = _("Compared with %(reference)s") % {"reference": reference_label}
    figure = go.Figure(
        go.Scatter(
            x=xs,
            y=labels,
            name=name,
            mode="markers",
            marker={"symbol": "square", "size": 11, "color": BLUE},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": plus,
                "arrayminus": minus,
                "color": BLUE,
                "thickness": 2,
                "width": 6,
            },
            hovertext=hovers,
            hoverinfo="text",
        )
    )
    if masked:
        figure.add_trace(
            go.Scatter(
                x=[null] * len(masked),
                y=[c.group for c in masked],
                text=[suppressed_label()] * len(masked),
                hovertext=[f"{c.group}: {hidden_text(c.reason, public=public)}" for c in masked],
                hoverinfo="text",
                mode="text",
                textposition="middle right",
                textfont={"color": TEXT},
                name=suppressed_label(),
            )
        )
    if off_scale:
        figure.add_trace(
            go.Scatter(
                x=[null] * len(off_scale),
                y=[group for group, _text in off_scale],
                text=[text for _group, text in off_scale],
                mode="text",
                textposition="middle left",
                name=_("Not on a log scale"),
                hoverinfo="text",
            )
        )
    if ringed:
        figure.add_trace(
            go.Scatter(
                x=[x for x, _g in ringed],
                y=[g for _x, g in ringed],
                name=_("Hidden publicly"),
                mode="markers",
                marker={"symbol": "square-open", "size": 19, "color": GREY, "line": {"width": 2}},
                hoverinfo="skip",
            )
        )
    figure.update_layout(
        **base_layout(
            title=title,
            x_title=x_title,
            y_title=None,
            xaxis={"type": "log" if log_x else "linear"},
            yaxis={"categoryorder": "array", "categoryarray": labels, "autorange": "reversed", "showgrid": False},
            height=200 + 44 * len(labels),
        ),
        shapes=[
            {
                "type": "line",
                "name": "no_difference",
                "xref": "x",
                "yref": "paper",
                "x0": null,
                "x1": null,
                "y0": 0,
                "y1": 1,
                "line": {"color": GREY, "width": 1.5, "dash": "dash"},
            }
        ],
        annotations=[
            {
                "xref": "paper",
                "yref": "paper",
                "x": 1,
                "y": 1,
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "text": _("Reference: %(reference)s") % {"reference": reference_label},
                "font": {"size": SMALL_FONT_SIZE, "color": TEXT},
            }
        ],
        hovermode="closest",
        showlegend=False,
    )
    return figure


def describe_forest(
    comparisons: Sequence[Comparison],
    *,
    reference_label: str,
    measure_label: str,
    decimals: int = 2,
    public: bool = True,
) -> str:
    """A plain-text summary of the forest plot: each group's estimate and interval, or "suppressed"."""
    parts = []
    for c in comparisons:
        if c.suppressed and public:
            parts.append(f"{c.group} " + _("suppressed"))
            continue
        lower, upper = finite(c.lower), finite(c.upper)
        text = f"{c.group} {number(c.estimate, decimals=decimals)}"
        if interval := interval_text(lower, upper, decimals=decimals):
            text += f" ({interval})"
        parts.append(text)
    lead = _("%(measure)s compared with %(reference)s") % {"measure": measure_label, "reference": reference_label}
    return f"{lead}: {'; '.join(parts)}."


# --- bars by group ---------------------------------------------------------------------------------------------


@dataclass
class _Bar:
    label: str
    value: float | None
    lower: float | None
    upper: float | None
    n: float | None
    reference: bool
    hidden: bool
    flagged: bool
    reason: str


def _bars(rows, groups, reference, public) -> list[_Bar]:
    by_group = {row["group"]: row for row in rows}
    bars = []
    for code, label in groups:
        row = by_group.get(code)
        if row is None:
            bars.append(_Bar(label, None, None, None, None, code == reference, False, False, ""))
            continue
        leave_out = hidden(row, public=public)
        bars.append(
            _Bar(
                label,
                None if leave_out else finite(row.get("value")),
                None if leave_out else finite(row.get("lower")),
                None if leave_out else finite(row.get("upper")),
                None if leave_out else people(row),
                code == reference,
                leave_out,
                bool(row.get("suppressed")),
                row_reason(row),
            )
        )
    return bars


def bar_by_group_figure(
    rows: Sequence[Mapping],
    *,
    groups: Sequence[tuple[str, str]],
    title: str = "",
    y_title: str,
    x_title: str | None = None,
    reference: str | None = None,
    overall: Mapping | None = None,
    comparator: tuple[str, float] | None = None,
    decimals: int = 1,
    suffix: str = "",
    public: bool = True,
) -> go.Figure:
    """One bar per group with its interval as error bars (penetration, no-show rate …).

    Inputs: ``rows`` are the result dicts of one measure, period and stratum; ``groups`` the ``(code,
    label)`` pairs in drawing order; ``reference`` a group code, drawn hatched and labelled; ``overall`` the
    result dict for everyone, drawn as a dashed line "Everyone"; ``comparator`` a ``(label, value)`` the
    user entered (a statewide rate), drawn as a dash-dot line. Returns a figure with the bar trace (named
    ``y_title``), its intervals in ``error_y``, the lines, and, for suppressed groups, an empty slot with the
    word "Suppressed" above it (annotations) and nothing else about them.
    """
    bars = _bars(rows, groups, reference, public)
    fmt = {"decimals": decimals, "suffix": suffix}
    labels = [bar.label for bar in bars]

    def hover(bar: _Bar) -> str | None:
        if bar.value is None:
            return None
        text = f"{bar.label}: {number(bar.value, **fmt)} {n_text(bar.n)}"
        if interval := interval_text(bar.lower, bar.upper, **fmt):
            text += f"<br>{interval}"
        if bar.reference:
            text += "<br>" + _("Reference group")
        if bar.flagged and not public:
            text += "<br>" + _("hidden publicly")
        return text

    def pattern(bar: _Bar) -> str:
        if bar.flagged and not public:
            return "x"
        return "/" if bar.reference else ""

    figure = go.Figure(
        go.Bar(
            x=labels,
            y=[bar.value for bar in bars],
            name=y_title,
            marker={
                # The reference group is a group like the others: the same colour, hatched and labelled.
                "color": BLUE,
                "line": {"color": BLACK, "width": 1},
                # Over the bar's colour, not in place of it: the reference is a figure like the others.
                "pattern": {
                    "shape": [pattern(bar) for bar in bars],
                    "fgcolor": BLACK,
                    "solidity": 0.25,
                    "fillmode": "overlay",
                },
            },
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [None if b.upper is None or b.value is None else b.upper - b.value for b in bars],
                "arrayminus": [None if b.lower is None or b.value is None else b.value - b.lower for b in bars],
                "color": BLACK,
                "thickness": 1.5,
                "width": 6,
            },
            hovertext=[hover(bar) for bar in bars],
            hoverinfo="text",
        )
    )
    if overall is not None and not hidden(overall, public=public) and finite(overall.get("value")) is not None:
        value = finite(overall["value"])
        figure.add_trace(
            _level(labels, value, _("Everyone: %(value)s") % {"value": number(value, **fmt)}, GREY, "dash")
        )
    if comparator is not None:
        label, value = comparator
        figure.add_trace(_level(labels, value, legend_name(f"{label}: {number(value, **fmt)}"), PURPLE, "dashdot"))
    notes = [
        {
            "x": bar.label,
            "y": 0,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "text": suppressed_label(),
            "hovertext": hidden_text(bar.reason, public=public),
            "showarrow": False,
            "textangle": -90,
            "font": {"color": TEXT, "size": SMALL_FONT_SIZE},
        }
        for bar in bars
        if bar.hidden
    ]
    if reference is not None:
        ticktext = [(f"{bar.label}<br>" + _("(reference)")) if bar.reference else bar.label for bar in bars]
        xaxis = {"tickvals": labels, "ticktext": ticktext}
    else:
        xaxis = {}
    figure.update_layout(
        **base_layout(
            title=title,
            x_title=x_title,
            y_title=y_title,
            xaxis={"categoryorder": "array", "categoryarray": labels, "showgrid": False, **xaxis},
            yaxis={"rangemode": "tozero"},
        ),
        annotations=notes,
        hovermode="closest",
        bargap=0.35,
    )
    return figure


def _level(labels: Sequence[str], value: float, name: str, colour: str, dash: str) -> go.Scatter:
    """A horizontal line across every category (drawn from the first to the last category's centre)."""
    return go.Scatter(
        x=[labels[0], labels[-1]] if labels else [],
        y=[value, value],
        name=name,
        mode="lines",
        line={"color": colour, "width": 2, "dash": dash},
        hoverinfo="name",
    )


def describe_bars(
    rows: Sequence[Mapping],
    *,
    groups: Sequence[tuple[str, str]],
    measure_label: str,
    reference: str | None = None,
    decimals: int = 1,
    suffix: str = "",
    public: bool = True,
) -> str:
    """A plain-text summary of the bars: each group's value, interval and n, or "suppressed"."""
    parts = []
    fmt = {"decimals": decimals, "suffix": suffix}
    for bar in _bars(rows, groups, reference, public):
        if bar.hidden:
            parts.append(f"{bar.label} " + _("suppressed"))
            continue
        if bar.value is None:
            parts.append(f"{bar.label} " + _("No data"))
            continue
        text = f"{bar.label} {number(bar.value, **fmt)}"
        if interval := interval_text(bar.lower, bar.upper, **fmt):
            text += f" ({interval})"
        text += f" {n_text(bar.n)}".rstrip()
        if bar.reference:
            text += " " + _("(reference)")
        parts.append(text)
    return f"{measure_label}: {'; '.join(parts)}."
