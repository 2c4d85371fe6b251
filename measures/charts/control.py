"""Control and run charts drawn from a :class:`measures.spc.ControlChartResult`, and their text summary.

The look follows qicharts2: the data as a line with points, the centre line solid (dashed when the Anhøj
rules signal an unusual run or too few crossings), the limits as steps that change half-way between
points, a break between phases, and points outside the limits marked.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from measures.spc import ControlChartResult
from measures.suppression import is_small

from ._common import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    PURPLE,
    VERMILLION,
    WHITE,
    base_layout,
    finite,
    hidden,
    legend_name,
    n_text,
    no_verdict_hidden_text,
    number,
    public_hidden_text,
    suppressed_label,
)
from ._notes import (
    LABEL_ROOM,
    LABEL_WIDTH,
    NARROW_LABEL_ROOM,
    NARROW_LABEL_WIDTH,
    bracket,
    note,
    top_labels,
    top_margin,
    vertical,
)


@dataclass(frozen=True)
class ControlChartSeries:
    """One result series laid out for :func:`measures.spc.control_chart` and :func:`control_chart_figure`.

    Every tuple has one entry per period. Hidden periods carry NaN numerators, denominators and values, so
    the chart treats them as missing and no centre line or limit rests on them.
    """

    periods: tuple
    numerators: tuple[float, ...]
    denominators: tuple[float, ...]
    values: tuple[float, ...]
    suppressed: tuple[bool, ...]


def control_chart_series(rows: Sequence[Mapping], *, public: bool = True) -> ControlChartSeries:
    """Lay out the result dicts of one measure, stratum and group (any order) for charting.

    ``rows`` have the keys of a stored result (``period_start``, ``numerator``, ``denominator``, ``value``,
    ``suppressed``, ``details``). In a public view a suppressed period becomes missing (NaN); internally
    it keeps its numbers and stays flagged, so the figure can mark it. Returns a :class:`ControlChartSeries`
    sorted by period: pass ``numerators``/``denominators`` to P and U charts, ``values`` to I and run charts.
    """
    ordered = sorted(rows, key=lambda row: row["period_start"])
    periods, numerators, denominators, values, flags = [], [], [], [], []
    for row in ordered:
        leave_out = hidden(row, public=public)
        periods.append(row["period_start"])
        numerators.append(math.nan if leave_out else float(row["numerator"]))
        denominators.append(math.nan if leave_out else float(row["denominator"]))
        value = finite(row.get("value"))
        values.append(math.nan if leave_out or value is None else value)
        flags.append(bool(row.get("suppressed")) or leave_out)
    return ControlChartSeries(tuple(periods), tuple(numerators), tuple(denominators), tuple(values), tuple(flags))


def _period_label(period) -> str:
    if isinstance(period, datetime.date):
        return date_format(period, "YEAR_MONTH_FORMAT")
    return str(period)


def _midpoint(a, b):
    return a + (b - a) / 2


@dataclass
class _Points:
    """What may be drawn for each point: its label, its count text and whether it is shown."""

    labels: list[str]
    n: list[float | None]
    shown: np.ndarray
    flagged: np.ndarray
    hidden: np.ndarray


def _points(periods, chart, *, suppressed, n, public, period_labels) -> _Points:
    size = len(chart.values)
    if len(periods) != size:
        raise ValueError("periods must have one entry per charted point.")
    flagged = np.zeros(size, dtype=bool) if not len(suppressed) else np.asarray(suppressed, dtype=bool)
    if flagged.shape != (size,):
        raise ValueError("suppressed must have one entry per charted point.")
    counts = [None] * size if n is None else [finite(value) for value in n]
    if len(counts) != size:
        raise ValueError("n must have one entry per charted point.")
    small = np.array([value is not None and is_small(round(value)) for value in counts], dtype=bool)
    values = np.asarray(chart.values, dtype=float)
    if public and np.isfinite(values[flagged]).any():
        # The centre line and limits would still rest on the hidden numbers: chart them as missing instead.
        raise ValueError("A public chart needs its suppressed periods charted as missing (NaN values).")
    hidden_points = (flagged | small) & public
    shown = np.isfinite(values) & ~hidden_points
    labels = list(period_labels) if period_labels is not None else [_period_label(p) for p in periods]
    counts = [c if s else None for c, s in zip(counts, shown, strict=True)]
    return _Points(labels, counts, shown, flagged | small, hidden_points)


def _broken(periods, chart: ControlChartResult, column: np.ndarray, keep: np.ndarray) -> tuple[list, list]:
    """x and y for one line, with a gap (``None``) between phases so that no line joins two phases."""
    xs, ys = [], []
    for index, period in enumerate(periods):
        if index and chart.phase[index] != chart.phase[index - 1]:
            xs.append(None)
            ys.append(None)
        xs.append(period)
        ys.append(finite(column[index]) if keep[index] else None)
    return xs, ys


def _frozen_spans(chart: ControlChartResult) -> list[tuple[int, int]]:
    """(first, last) baseline point of each phase whose limits were fixed before its last points."""
    spans = []
    usable = np.isfinite(chart.values) & ~chart.excluded
    for phase in chart.phases:
        window = slice(phase.start, phase.stop)
        base = np.flatnonzero(chart.baseline[window]) + phase.start
        later = np.flatnonzero(usable[window]) + phase.start
        if base.size and later.size and later.max() > base.max():
            spans.append((int(base.min()), int(base.max())))
    return spans


def _x_range(periods: list) -> list | None:
    """The time axis from half a step before the first point to half a step after the last.

    Fixed rather than left to Plotly, which widens an automatic range to fit every annotation: a long PDSA
    note near the end once stretched the axis two years past the data.
    """
    if not periods or not all(isinstance(p, datetime.date) for p in periods):
        return None
    half = (periods[-1] - periods[0]) / (2 * (len(periods) - 1)) if len(periods) > 1 else datetime.timedelta(days=15)
    return [periods[0] - half, periods[-1] + half]


def _limit_traces(periods, chart: ControlChartResult, shown: np.ndarray) -> list[go.Scatter]:
    """The upper and lower limits as steps, under one legend entry: they mean the same thing."""
    traces = []
    for first, column in ((True, chart.ucl), (False, chart.lcl)):
        xs, ys = _broken(periods, chart, column, shown)
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                name=_("Control limits"),
                legendgroup="limits",
                showlegend=first,
                mode="lines",
                line={"color": GREY, "width": 1.5, "shape": "hvh"},
                hoverinfo="skip",
            )
        )
    return traces


def _signal_marks(chart: ControlChartResult, improvement: str, signals: bool) -> list[tuple[str, np.ndarray, str]]:
    """Points outside the limits by what they mean: (legend name, which points, colour). Better and worse
    where the measure has a direction of improvement, else one kind."""
    outside = np.asarray(chart.sigma_signal, dtype=bool) & signals
    if improvement not in ("increase", "decrease"):
        # Neither better nor worse: a hollow diamond, in no colour that means either.
        return [(_("Outside the control limits"), outside, WHITE)]
    with np.errstate(invalid="ignore"):
        above = np.asarray(chart.values, dtype=float) > np.asarray(chart.centre, dtype=float)
    better = above if improvement == "increase" else ~above
    return [
        (_("Outside the control limits: better"), outside & better, GREEN),
        (_("Outside the control limits: worse"), outside & ~better, VERMILLION),
    ]


def control_chart_figure(
    periods: Sequence,
    chart: ControlChartResult,
    *,
    y_title: str,
    title: str = "",
    x_title: str | None = None,
    series_name: str | None = None,
    annotations: Sequence[tuple[object, str]] = (),
    target: float | None = None,
    suppressed: Sequence[bool] = (),
    n: Sequence[float] | None = None,
    phase_labels: Sequence[str] = (),
    period_labels: Sequence[str] | None = None,
    decimals: int = 1,
    suffix: str = "",
    public: bool = True,
    signals: bool = True,
    improvement: str = "neutral",
) -> go.Figure:
    """A run or control chart as a Plotly figure.

    Inputs: ``periods`` (dates, one per point of ``chart``, in order); ``chart`` from
    :func:`measures.spc.control_chart`; ``annotations`` as ``(period, text)`` pairs (a PDSA cycle starting),
    each drawn as a dotted vertical line with its text (wrapped, at most three lines, all of it on hover);
    ``target`` on the chart's scale; ``suppressed`` (one flag per point) and ``n`` (the denominator of each
    point, shown on hover); ``phase_labels`` (the recorded reason of each phase after the first, shown at its
    separator); ``decimals``/``suffix`` for the value text; ``improvement`` ("increase", "decrease" or
    "neutral"), which colours a point outside the limits as better or worse. ``title`` is empty unless the
    page has no heading for the chart. In a public figure suppressed periods must be charted as missing (see
    :func:`control_chart_series`; a finite value there raises ``ValueError``), and a point resting on 1–10
    is not drawn either; internally suppressed points are drawn and ringed as hidden publicly.
    ``signals=False`` (a public chart with hidden months, which gets no verdict: see :mod:`measures.monthly`)
    draws the centre line solid and marks no point outside the limits.

    Returns a figure with these traces, by name: the series (``series_name``, lines and markers), "Control
    limits" (two step traces, upper then lower, one legend entry; absent from run charts), "Centre line"
    (solid) and/or "Centre line: unusual run" (dashed, phases with a runs signal), the points outside the
    limits ("Outside the control limits: better" and "…: worse", or "Outside the control limits" for a
    measure with no direction), "Left out of the limits" (crosses), "Target", and internally "Hidden
    publicly". Phases are separated by vertical lines (shapes named ``phase``), a frozen baseline is a
    bracket along the top (``baseline``), and annotations are shapes named ``annotation`` with their text.
    The time axis spans the data only; ``layout.meta.narrow`` is the phone layout.
    """
    points = _points(periods, chart, suppressed=suppressed, n=n, public=public, period_labels=period_labels)
    periods = list(periods)
    series_name = series_name or y_title
    fmt = {"decimals": decimals, "suffix": suffix}

    def value_text(index: int, value: float) -> str:
        return f"{points.labels[index]}: {number(value, **fmt)} {n_text(points.n[index])}".rstrip()

    figure = go.Figure()
    if np.isfinite(chart.ucl).any():
        figure.add_traces(_limit_traces(periods, chart, points.shown))

    signalled = np.array([signals and chart.phases[p].runs_signal for p in chart.phase], dtype=bool)
    for name, keep, dash in (
        (_("Centre line"), ~signalled, "solid"),
        (_("Centre line: unusual run"), signalled, "dash"),
    ):
        if keep.any():
            xs, ys = _broken(periods, chart, chart.centre, keep)
            figure.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    name=name,
                    mode="lines",
                    line={"color": BLACK, "width": 2, "dash": dash},
                    hovertext=[None if y is None else f"{name}: {number(y, **fmt)}" for y in ys],
                    hoverinfo="text",
                )
            )

    if target is not None:
        figure.add_trace(
            go.Scatter(
                x=[periods[0], periods[-1]],
                y=[target, target],
                name=legend_name(_("Target: %(value)s") % {"value": number(target, decimals=decimals, suffix=suffix)}),
                mode="lines",
                line={"color": PURPLE, "width": 2, "dash": "dashdot"},
                hoverinfo="name",
            )
        )

    xs, ys = _broken(periods, chart, chart.values, points.shown)
    texts, position = [], 0
    for x, y in zip(xs, ys, strict=True):
        if x is None:
            texts.append(None)
            continue
        texts.append(None if y is None else value_text(position, y))
        position += 1
    figure.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            name=legend_name(series_name),
            mode="lines+markers",
            line={"color": BLUE, "width": 2},
            marker={"color": BLUE, "size": 8, "symbol": "circle"},
            connectgaps=False,
            hovertext=texts,
            hoverinfo="text",
        )
    )

    def marks(name: str, where: np.ndarray, marker: dict, extra: str = "") -> None:
        where = where & points.shown if public else where & np.isfinite(chart.values)
        index = np.flatnonzero(where)
        if not index.size:
            return
        figure.add_trace(
            go.Scatter(
                x=[periods[i] for i in index],
                y=[finite(chart.values[i]) for i in index],
                name=name,
                mode="markers",
                marker=marker,
                hovertext=[f"{value_text(i, chart.values[i])}{extra}" for i in index],
                hoverinfo="text",
            )
        )

    for name, where, colour in _signal_marks(chart, improvement, signals):
        marks(
            name,
            where,
            {"color": colour, "size": 13, "symbol": "diamond", "line": {"color": BLACK, "width": 1.5}},
            (" — " + _("outside the control limits")),
        )
    marks(
        _("Left out of the limits"),
        np.asarray(chart.excluded, dtype=bool),
        {"color": BLACK, "size": 11, "symbol": "x-thin", "line": {"color": BLACK, "width": 2}},
        (" — " + _("left out of the centre line and limits")),
    )
    if not public:
        marks(
            _("Hidden publicly"),
            points.flagged,
            {"color": GREY, "size": 17, "symbol": "square-open", "line": {"width": 2}},
            (" — " + _("hidden publicly")),
        )

    x_range = _x_range(periods)
    shapes = [bracket(periods[first], periods[last]) for first, last in _frozen_spans(chart)]
    for phase in chart.phases[1:]:
        shapes.append(
            vertical(_midpoint(periods[phase.start - 1], periods[phase.start]), "phase", dash="solid", width=2)
        )
    for period, _text in annotations:
        shapes.append(vertical(period, "annotation", dash="dot", width=1.5))

    tops = [(periods[first], _("Baseline: limits fixed"), "") for first, _last in _frozen_spans(chart)]
    for number_, phase in enumerate(chart.phases[1:], start=1):
        label = phase_labels[number_ - 1] if number_ - 1 < len(phase_labels) else ""
        at = _midpoint(periods[phase.start - 1], periods[phase.start])
        tops.append((at, label or _("Phase %(number)s") % {"number": number_ + 1}, label))
    tops += [(period, text, text) for period, text in annotations]
    hidden_notes = []
    if public:
        hidden_notes = [
            note(periods[index], suppressed_label(), y=0.02, anchor="center", angle=-90)
            | {"hovertext": public_hidden_text()}
            for index in np.flatnonzero(points.hidden)
        ]
    labels, rows = top_labels(tops, x_range, width=LABEL_WIDTH, room=LABEL_ROOM)
    narrow_labels, narrow_rows = top_labels(tops, x_range, width=NARROW_LABEL_WIDTH, room=NARROW_LABEL_ROOM)

    x_axis = {"range": x_range} if x_range else {}
    layout = base_layout(
        title=title,
        x_title=x_title if x_title is not None else _("Period"),
        y_title=y_title,
        xaxis=x_axis,
        height=460,
        narrow={"height": 520, "annotations": narrow_labels + hidden_notes, "margin": {"t": top_margin(narrow_rows)}},
    )
    if not title:
        layout["margin"]["t"] = top_margin(rows)
    figure.update_layout(**layout, shapes=shapes, annotations=labels + hidden_notes, hovermode="closest")
    return figure


def describe_control_chart(
    periods: Sequence,
    chart: ControlChartResult,
    *,
    suppressed: Sequence[bool] = (),
    n: Sequence[float] | None = None,
    target: float | None = None,
    period_labels: Sequence[str] | None = None,
    decimals: int = 1,
    suffix: str = "",
    public: bool = True,
    signals: bool = True,
) -> str:
    """A plain-text summary of a control chart for screen readers, from the same inputs as the figure.

    Says the latest shown point with its n, the centre line of the latest phase, the points outside the
    limits, whether the runs analysis signals, and the target. With ``signals=False`` (a public chart with
    hidden months) it names no signal and says instead that there is no verdict, and why. Returns one
    paragraph (a string).
    """
    points = _points(periods, chart, suppressed=suppressed, n=n, public=public, period_labels=period_labels)
    fmt = {"decimals": decimals, "suffix": suffix}
    sentences = []
    shown = np.flatnonzero(points.shown)
    if shown.size:
        last = int(shown[-1])
        sentences.append(
            _("Latest %(period)s: %(value)s.")
            % {
                "period": points.labels[last],
                "value": f"{number(chart.values[last], **fmt)} {n_text(points.n[last])}".rstrip(),
            }
        )
    if points.hidden[-1]:
        sentences.append(_("%(period)s is suppressed.") % {"period": points.labels[-1]})
    last_phase = chart.phases[-1]
    centre = finite(chart.centre[last_phase.start])
    if centre is not None:
        sentences.append(_("Centre line %(value)s.") % {"value": number(centre, **fmt)})
    if len(chart.phases) > 1:
        sentences.append(
            ngettext("%(count)d phase.", "%(count)d phases.", len(chart.phases)) % {"count": len(chart.phases)}
        )
    if not signals:
        sentences.append(no_verdict_hidden_text() + ".")
        sentences.append(_("The centre line and limits rest on the months shown only."))
        if target is not None:
            sentences.append(_("Target %(value)s.") % {"value": number(target, **fmt)})
        return " ".join(" ".join(sentence.split()) for sentence in sentences)
    outside = [i for i in np.flatnonzero(np.asarray(chart.sigma_signal, dtype=bool)) if points.shown[i]]
    if np.isfinite(chart.ucl).any():
        if outside:
            sentences.append(
                ngettext(
                    "%(count)d point outside the control limits: %(periods)s.",
                    "%(count)d points outside the control limits: %(periods)s.",
                    len(outside),
                )
                % {"count": len(outside), "periods": ", ".join(points.labels[i] for i in outside)}
            )
        else:
            sentences.append(_("No point outside the control limits."))
    if last_phase.runs_signal:
        sentences.append(_("An unusual run or too few crossings of the centre line: the process has likely shifted."))
    if not outside and not chart.any_runs_signal:
        sentences.append(_("Common-cause variation only."))
    else:
        sentences.append(_("Special-cause variation."))
    if target is not None:
        sentences.append(_("Target %(value)s.") % {"value": number(target, **fmt)})
    return " ".join(" ".join(sentence.split()) for sentence in sentences)
