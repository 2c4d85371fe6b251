"""The equity heat map: measures × groups, each cell coloured by its gap to the reference group, and the same
cells as a list for phones and as text for screen readers.

In a public figure a suppressed group shows the word "Suppressed" in place of its numbers, and no number that
rests on it (its value, its count, or a gap computed from a hidden reference) reaches the figure.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from ._common import (
    BETTER_TINT,
    BLACK,
    GREEN,
    GREY,
    LIGHT_GREY,
    SMALL_FONT_SIZE,
    TEXT,
    VERMILLION,
    WHITE,
    WORSE_TINT,
    base_layout,
    finite,
    hidden,
    hidden_text,
    n_text,
    number,
    people,
    plain,
    row_reason,
    suppressed_label,
    wrapped,
)

DIRECTIONS = ("increase", "decrease", "neutral")

# Worse (vermillion) to white (no gap) to better (bluish green): the two ends stay apart under every common
# colour-vision deficiency, each is mid-dark so that the cell text can take black or white and keep 4.5:1, and
# every cell also says its gap in words. The same colours mean worse and better on every chart (PALETTE).
DIVERGING = [[0.0, VERMILLION], [0.25, WORSE_TINT], [0.5, WHITE], [0.75, BETTER_TINT], [1.0, GREEN]]
#: A gap within ±0.5 % reads as "about the same".
SAME = 0.005
#: The narrowest screen (Bootstrap breakpoint) the heat map is drawn on, by the number of groups, and the room
#: its cells have there (px, the page's width less the measures' labels); below it phones and small tablets get
#: the list (:func:`heatmap_list`). A character of the cell text is about CHAR_WIDTH px wide, and no line is
#: made narrower than the longest word a cell says ("Suppressed", "Referencia").
BREAKPOINTS = ((6, "md"), (8, "lg"), (None, "xl"))
CELL_ROOM = {"md": 480, "lg": 720, "xl": 900}
CHAR_WIDTH, MIN_LINE = 7, 10
#: Height of one line of cell text (px).
LINE_HEIGHT = 16
NBSP = "\u00a0"


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
    # A no-break space, so that a wrapped cell never puts the "%" on a line of its own.
    text = number(100 * gap, decimals=0, suffix=f"{NBSP}%")
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
    lines: list[str] = field(default_factory=list)
    hover: str = ""
    z: float | None = None
    hidden_publicly: bool = False

    @property
    def text(self) -> str:
        """The cell's words on one line, as the summary and the phone list say them."""
        return ", ".join(self.lines)

    def drawn(self, width: int) -> str:
        """The cell's words as drawn: each line wrapped to ``width`` characters."""
        return "<br>".join(wrapped(line, width) for line in self.lines)


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
            where = plain(f"{measure.label} — {label}")
            if row is None or (not hidden(row, public=public) and finite(row.get("value")) is None):
                line.append(_Cell("missing", [_("No data")], (f"{where}: " + _("No data"))))
                continue
            if hidden(row, public=public):
                why = hidden_text(row_reason(row), public=public)
                line.append(_Cell("suppressed", [suppressed_label()], f"{where}: {why}"))
                continue
            value = finite(row["value"])
            value_text = number(value, **fmt)
            hover = f"{where}: {value_text} {n_text(people(row))}"
            flag = bool(row.get("suppressed"))
            if code == ref_code:
                cell = _Cell("reference", [value_text, _("Reference")], f"{hover}<br>" + _("Reference group"), 0.0)
            elif ref_value is None or ref_value == 0:
                why = _("No gap: the reference group is suppressed") if ref_row is not None else _("No reference")
                cell = _Cell("value", [value_text, _("no gap")], f"{hover}<br>{why}")
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
                    "reference": plain(ref_label),
                    "value": number(ref_value, **fmt),
                }
                cell = _Cell("value", [value_text, gap_text], f"{hover}<br>{compared}", z)
            if flag:
                cell.lines.append(_("hidden publicly"))
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


def heatmap_breakpoint(groups: int) -> str:
    """The Bootstrap breakpoint ("md", "lg", "xl") from which a heat map of ``groups`` columns is drawn: below it,
    its cells would be too narrow to read, and the page shows :func:`heatmap_list` instead."""
    return next(name for most, name in BREAKPOINTS if most is None or groups <= most)


def cell_width(groups: int) -> int:
    """Characters on one line of a cell, on the narrowest screen the heat map of ``groups`` columns is drawn on."""
    return max(MIN_LINE, CELL_ROOM[heatmap_breakpoint(groups)] // (max(1, groups) * CHAR_WIDTH))


def _key(name: str, colour: str, outline: str, width: float = 1) -> go.Scatter:
    """A legend entry for what the cells' colours and outlines mean (the heat map has no colour bar)."""
    return go.Scatter(
        x=[None],
        y=[None],
        name=name,
        mode="markers",
        marker={"symbol": "square", "size": 16, "color": colour, "line": {"color": outline, "width": width}},
        hoverinfo="skip",
        showlegend=True,
    )


def heatmap_figure(
    rows: Sequence[Mapping],
    *,
    measures: Sequence[MeasureSpec],
    groups: Sequence[tuple[str, str]],
    reference: str,
    title: str = "",
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
    turned round for measures where lower is better, so "worse" is always vermillion and "better" green,
    centred on white at 0 and capped at ±``zmax`` %. Neutral measures are not coloured. Every cell also says
    its value and its gap in words ("−8 % worse"), wrapped to fit its cell. Suppressed cells are light grey
    with the word "Suppressed"; when the reference itself is suppressed no gap is shown, since it would
    reveal it. Reference cells are outlined (shapes named ``reference``). Group labels are wrapped, level,
    above the cells. Returns a figure with a heat-map trace "Gap to the reference group" (no colour bar), a
    text trace "Cell labels", when any cell is suppressed a grey trace "Suppressed", and legend entries
    saying what worse, about the same, better, the reference outline and suppressed look like.
    """
    cells = _heatmap_cells(rows, measures, groups, reference, public, zmax)
    width = cell_width(len(groups))
    drawn = [[cell.drawn(width) for cell in line] for line in cells]
    lines = max((text.count("<br>") + 1 for line in drawn for text in line), default=1)
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
            # A colour bar is drawn with style attributes the CSP blocks; the legend says the same in words.
            showscale=False,
            xgap=2,
            ygap=2,
            hovertext=[[cell.hover for cell in line] for line in cells],
            hovertemplate="%{hovertext}<extra></extra>",
            name=_("Gap to the reference group"),
            showlegend=False,
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
                line={"color": WHITE, "width": 2},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    colours = [TEXT if cell.z is None else _text_colour(_colour_at(cell.z, zmax)) for _j, _i, cell in labels]
    figure.add_trace(
        go.Scatter(
            x=[j for j, _i, _cell in labels],
            y=[i for _j, i, _cell in labels],
            text=[drawn[i][j] for j, i, _cell in labels],
            hovertext=[cell.hover for _j, _i, cell in labels],
            hoverinfo="text",
            mode="text",
            textfont={"color": colours, "size": SMALL_FONT_SIZE},
            name=_("Cell labels"),
            showlegend=False,
        )
    )
    if any(measure.direction != "neutral" for measure in measures):
        figure.add_traces(
            [
                _key(_("Worse than the reference"), VERMILLION, VERMILLION),
                _key(_("About the same"), WHITE, GREY),
                _key(_("Better than the reference"), GREEN, GREEN),
            ]
        )
    figure.add_trace(_key(_("Reference group (outlined)"), WHITE, BLACK, width=3))
    if suppressed:
        figure.add_trace(_key(suppressed_label(), LIGHT_GREY, LIGHT_GREY))
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
    ticktext = [
        wrapped(label, width + 2) + ("<br>" + _("(reference)") if code == reference else "") for code, label in groups
    ]
    figure.update_layout(
        **base_layout(
            title=title,
            x_title=x_title,
            y_title=None,
            xaxis={
                "tickvals": xs,
                "ticktext": ticktext,
                "tickangle": 0,
                "side": "top",
                "showgrid": False,
                "range": [-0.5, len(xs) - 0.5],
            },
            yaxis={
                "tickvals": ys,
                "ticktext": [wrapped(measure.label, 30) for measure in measures],
                "showgrid": False,
                "range": [len(ys) - 0.5, -0.5],
            },
            height=200 + max(56, LINE_HEIGHT * lines + 16) * len(measures),
        ),
        shapes=shapes,
        hovermode="closest",
    )
    return figure


def heatmap_list(
    rows: Sequence[Mapping],
    *,
    measures: Sequence[MeasureSpec],
    groups: Sequence[tuple[str, str]],
    reference: str,
    public: bool = True,
) -> list[dict]:
    """The heat map as a list, for phones, where its cells would be too small to read: exactly the words its
    cells say, nothing more. Same inputs as :func:`heatmap_figure`; returns ``[{"measure": label, "cells":
    [{"group": label, "text": "81.2 %, −8 % worse", "kind": "value" | "reference" | "suppressed" | "missing",
    "judgement": "worse" | "better" | "same" | ""}]}]``, measures and groups in the figure's order."""
    cells = _heatmap_cells(rows, measures, groups, reference, public, zmax=math.inf)
    listed = []
    for measure, line in zip(measures, cells, strict=True):
        entries = []
        for (_code, label), cell in zip(groups, line, strict=True):
            judgement = "" if cell.z is None or cell.kind != "value" else _colour_word(cell.z)
            entries.append({"group": label, "text": cell.text, "kind": cell.kind, "judgement": judgement})
        listed.append({"measure": measure.label, "cells": entries})
    return listed


def _colour_word(z: float) -> str:
    if abs(z) < 100 * SAME:
        return "same"
    return "better" if z > 0 else "worse"


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
            text = _("suppressed") if cell.kind == "suppressed" else cell.text
            parts.append(f"{label} {text}")
        sentences.append(f"{measure.label}: {'; '.join(parts)}.")
    return " ".join(sentences)
