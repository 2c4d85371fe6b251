"""Equity charts: the measures × groups heat map, the forest plot against the reference group, and bars by group.

Every builder takes ``public``: in a public figure a suppressed group shows the word "Suppressed" in place
of its numbers, and no number that rests on it (its value, interval, count, or a gap computed from a hidden
reference) reaches the figure.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from ._common import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    LIGHT_GREY,
    ORANGE,
    SMALL_FONT_SIZE,
    SUPPRESSED_PATTERN,
    TEXT,
    VERMILLION,
    WHITE,
    base_layout,
    finite,
    hidden,
    hidden_text,
    interval_text,
    n_text,
    number,
    people,
    row_reason,
    suppressed_label,
)

DIRECTIONS = ("increase", "decrease", "neutral")

# Orange (worse) to white (no gap) to blue (better): both ends stay distinct under every common colour-vision
# deficiency, and each is mid-dark, so the cell text can take black or white and keep 4.5:1.
DIVERGING = [[0.0, VERMILLION], [0.25, "#EBA77A"], [0.5, WHITE], [0.75, "#7FB6D9"], [1.0, BLUE]]
#: A gap within ±0.5 % reads as "about the same".
SAME = 0.005


@dataclass(frozen=True)
class MeasureSpec:
    """A measure as a chart needs it: ``code`` (the results' ``measure``), its label, its direction of
    improvement ("increase", "decrease", "neutral"), the unit ``suffix`` and ``decimals`` of its values, and
    optionally its own reference group (``None``: the figure's)."""

    code: str
    label: str
    direction: str = "increase"
    suffix: str = ""
    decimals: int = 1
    reference: str | None = None

    def __post_init__(self):
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}; got {self.direction!r}.")


def _signed_percent(gap: float) -> str:
    text = number(100 * gap, decimals=0, suffix=" %")
    return text.replace("-", "−") if gap < 0 else f"+{text}"


def _judgement(gap: float, direction: str) -> str:
    if direction == "neutral":
        return ""
    if abs(gap) < SAME:
        return _("about the same")
    better = (gap > 0) == (direction == "increase")
    return _("better") if better else _("worse")


# --- heat map --------------------------------------------------------------------------------------------------


@dataclass
class _Cell:
    kind: str  # "value", "reference", "suppressed", "missing"
    text: str = ""
    hover: str = ""
    z: float | None = None
    hidden_publicly: bool = False


def _heatmap_cells(rows, measures, groups, reference, public, zmax) -> list[list[_Cell]]:
    by_key = {(row["measure"], row["group"]): row for row in rows}
    table = []
    for measure in measures:
        fmt = {"decimals": measure.decimals, "suffix": measure.suffix}
        ref_code = measure.reference if measure.reference is not None else reference
        ref_row = by_key.get((measure.code, ref_code))
        ref_value = None if ref_row is None or hidden(ref_row, public=public) else finite(ref_row.get("value"))
        ref_label = dict(groups).get(ref_code, ref_code)
        line = []
        for code, label in groups:
            row = by_key.get((measure.code, code))
            where = f"{measure.label} — {label}"
            if row is None or (not hidden(row, public=public) and finite(row.get("value")) is None):
                line.append(_Cell("missing", _("No data"), (f"{where}: " + _("No data"))))
                continue
            if hidden(row, public=public):
                why = hidden_text(row_reason(row), public=public)
                line.append(_Cell("suppressed", suppressed_label(), f"{where}: {why}"))
                continue
            value = finite(row["value"])
            value_text = number(value, **fmt)
            hover = f"{where}: {value_text} {n_text(people(row))}"
            flag = bool(row.get("suppressed"))
            if code == ref_code:
                reference_hover = f"{hover}<br>" + _("Reference group")
                cell = _Cell("reference", (f"{value_text}<br>" + _("Reference")), reference_hover, 0.0)
            elif ref_value is None or ref_value == 0:
                why = _("No gap: the reference group is suppressed") if ref_row is not None else _("No reference")
                cell = _Cell("value", (f"{value_text}<br>" + _("no gap")), f"{hover}<br>{why}")
            else:
                gap = value / ref_value - 1
                judgement = _judgement(gap, measure.direction)
                if abs(gap) < SAME and judgement:
                    gap_text = judgement
                else:
                    gap_text = " ".join(part for part in (_signed_percent(gap), judgement) if part)
                sign = {"increase": 1, "decrease": -1}.get(measure.direction)
                z = None if sign is None else max(-zmax, min(zmax, 100 * sign * gap))
                compared = _("%(gap)s compared with %(reference)s (%(value)s)") % {
                    "gap": gap_text,
                    "reference": ref_label,
                    "value": number(ref_value, **fmt),
                }
                cell = _Cell("value", f"{value_text}<br>{gap_text}", f"{hover}<br>{compared}", z)
            if flag:
                cell.text += "<br>" + _("hidden publicly")
                cell.hover += "<br>" + _("hidden publicly")
                cell.hidden_publicly = True
            line.append(cell)
        table.append(line)
    return table


def _colour_at(z: float, zmax: float) -> tuple[float, float, float]:
    """The RGB (0–1) the diverging scale gives ``z``, to choose a readable text colour on it."""
    position = (z + zmax) / (2 * zmax)
    for (left, low), (right, high) in itertools.pairwise(DIVERGING):
        if position <= right:
            share = 0 if right == left else (position - left) / (right - left)
            a = [int(low[i : i + 2], 16) / 255 for i in (1, 3, 5)]
            b = [int(high[i : i + 2], 16) / 255 for i in (1, 3, 5)]
            return tuple(x + share * (y - x) for x, y in zip(a, b, strict=True))
    return (1.0, 1.0, 1.0)


def _text_colour(rgb: tuple[float, float, float]) -> str:
    """Black or white, whichever contrasts more with ``rgb`` (WCAG relative luminance)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
    return BLACK if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else WHITE


def heatmap_figure(
    rows: Sequence[Mapping],
    *,
    measures: Sequence[MeasureSpec],
    groups: Sequence[tuple[str, str]],
    reference: str,
    title: str,
    x_title: str | None = None,
    zmax: float = 50.0,
    public: bool = True,
) -> go.Figure:
    """Measures × groups, each cell coloured by its gap to the reference group.

    Inputs: ``rows`` are result dicts of one period (keys ``measure``, ``group``, ``value``, ``denominator``,
    ``details``, ``suppressed``, ``suppression_reason``); ``measures`` (top to bottom) and ``groups``
    (``(code, label)`` pairs, left to right) choose and order the cells; ``reference`` is the group code the
    gaps are taken against (a :class:`MeasureSpec` may name its own).

    The gap is relative, value ÷ reference − 1, so measures in different units share one scale; it is
    turned round for measures where lower is better, so "worse" is always orange and "better" blue, centred
    on white at 0 and capped at ±``zmax`` %. Neutral measures are not coloured. Every cell also says its
    value and its gap in words ("−8 % worse"). Suppressed cells are hatched grey with the word
    "Suppressed"; when the reference itself is suppressed no gap is shown, since it would reveal it. Reference
    cells are outlined (shapes named ``reference``). Returns a figure with a heat-map trace "Gap to the
    reference group", a text trace "Cell labels" and, when any cell is suppressed, a hatched trace "Suppressed".
    """
    cells = _heatmap_cells(rows, measures, groups, reference, public, zmax)
    xs = list(range(len(groups)))
    ys = list(range(len(measures)))
    figure = go.Figure(
        go.Heatmap(
            x=xs,
            y=ys,
            z=[[cell.z for cell in line] for line in cells],
            zmin=-zmax,
            zmax=zmax,
            zmid=0,
            colorscale=DIVERGING,
            xgap=2,
            ygap=2,
            hovertext=[[cell.hover for cell in line] for line in cells],
            hovertemplate="%{hovertext}<extra></extra>",
            name=_("Gap to the reference group"),
            colorbar={
                "title": {"text": _("Gap to the reference group"), "side": "right"},
                "tickvals": [-zmax, 0, zmax],
                "ticktext": [_("Worse"), _("Same"), _("Better")],
                "outlinewidth": 1,
                "outlinecolor": GREY,
            },
        )
    )
    labels = [(j, i, cell) for i, line in enumerate(cells) for j, cell in enumerate(line)]
    suppressed = [(j, i) for j, i, cell in labels if cell.kind == "suppressed"]
    if suppressed:
        outline_x, outline_y = [], []
        for j, i in suppressed:
            outline_x += [j - 0.5, j + 0.5, j + 0.5, j - 0.5, j - 0.5, None]
            outline_y += [i - 0.5, i - 0.5, i + 0.5, i + 0.5, i - 0.5, None]
        figure.add_trace(
            go.Scatter(
                x=outline_x,
                y=outline_y,
                name=suppressed_label(),
                mode="lines",
                fill="toself",
                fillcolor=LIGHT_GREY,
                fillpattern=SUPPRESSED_PATTERN,
                line={"color": GREY, "width": 1},
                hoverinfo="skip",
            )
        )
    colours = []
    for _j, _i, cell in labels:
        colours.append(TEXT if cell.z is None else _text_colour(_colour_at(cell.z, zmax)))
    figure.add_trace(
        go.Scatter(
            x=[j for j, _i, _cell in labels],
            y=[i for _j, i, _cell in labels],
            text=[cell.text for _j, _i, cell in labels],
            hovertext=[cell.hover for _j, _i, cell in labels],
            hoverinfo="text",
            mode="text",
            textfont={"color": colours, "size": SMALL_FONT_SIZE},
            name=_("Cell labels"),
            showlegend=False,
        )
    )
    shapes = [
        {
            "type": "rect",
            "name": "reference",
            "x0": j - 0.5,
            "x1": j + 0.5,
            "y0": i - 0.5,
            "y1": i + 0.5,
            "line": {"color": BLACK, "width": 3},
        }
        for j, i, cell in labels
        if cell.kind == "reference"
    ]
    ticktext = [(f"<b>{label}</b><br>" + _("(reference)")) if code == reference else label for code, label in groups]
    figure.update_layout(
        **base_layout(
            title=title,
            x_title=x_title,
            y_title=None,
            xaxis={"tickvals": xs, "ticktext": ticktext, "showgrid": False, "range": [-0.5, len(xs) - 0.5]},
            yaxis={
                "tickvals": ys,
                "ticktext": [measure.label for measure in measures],
                "showgrid": False,
                "range": [len(ys) - 0.5, -0.5],
            },
            height=180 + 64 * len(measures),
        ),
        shapes=shapes,
        hovermode="closest",
        # Every cell says what it is in words, and the colour bar reads worse to better: a legend adds nothing.
        showlegend=False,
    )
    return figure


def describe_heatmap(
    rows: Sequence[Mapping],
    *,
    measures: Sequence[MeasureSpec],
    groups: Sequence[tuple[str, str]],
    reference: str,
    public: bool = True,
) -> str:
    """A plain-text summary of the heat map: per measure, each group's value and gap, or "suppressed".

    Same inputs as :func:`heatmap_figure`; returns one sentence per measure.
    """
    cells = _heatmap_cells(rows, measures, groups, reference, public, zmax=math.inf)
    sentences = []
    for measure, line in zip(measures, cells, strict=True):
        parts = []
        for (_code, label), cell in zip(groups, line, strict=True):
            text = _("suppressed") if cell.kind == "suppressed" else cell.text.replace("<br>", ", ")
            parts.append(f"{label} {text}")
        sentences.append(f"{measure.label}: {'; '.join(parts)}.")
    return " ".join(sentences)


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
                "line": {"color": BLACK, "width": 1.5, "dash": "dash"},
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
    title: str,
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
                "color": [ORANGE if bar.reference else BLUE for bar in bars],
                "line": {"color": BLACK, "width": 1},
                "pattern": {"shape": [pattern(bar) for bar in bars], "fgcolor": BLACK, "solidity": 0.25},
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
        figure.add_trace(_level(labels, value, f"{label}: {number(value, **fmt)}", GREEN, "dashdot"))
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
