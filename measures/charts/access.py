"""Access charts: the distribution of waits by service line or program, and the access funnel.

Waits are drawn from summary statistics, never from the individual waits, so a figure holds only what the
results already hold. Suppressed groups and stages are not drawn; the figure says they are suppressed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from measures.suppression import GroupCounts, is_small, suppress_groups

from ._common import (
    BLACK,
    BLUE,
    GREY,
    GRID,
    PURPLE,
    SKY_BLUE,
    SMALL_FONT_SIZE,
    TEXT,
    WHITE,
    base_layout,
    count,
    finite,
    hidden_text,
    interval_text,
    legend_name,
    n_text,
    number,
    people,
    row_reason,
    suppressed_label,
    wrapped,
)

#: A group's label is wrapped at this many characters beside its box ("Non-psychiatry" once lost its end).
LABEL_WIDTH = 18

# --- waits -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitSummary:
    """The waits of one service line or program.

    ``n`` waits measured, ``median``, ``mean`` and ``p90`` (90th percentile, linear type 7) are what
    :func:`measures.compute.aggregate.wait_results` stores. ``q1``, ``q3`` and the whisker ends
    ``lower_fence``/``upper_fence`` are optional: with ``q1`` and ``q3`` the group is drawn as a box;
    without them as its median, mean and 90th percentile marks only.
    """

    label: str
    n: float
    median: float | None
    mean: float | None = None
    p90: float | None = None
    q1: float | None = None
    q3: float | None = None
    lower_fence: float | None = None
    upper_fence: float | None = None
    suppressed: bool = False
    reason: str = ""

    @classmethod
    def from_result(cls, row: Mapping, label: str) -> WaitSummary:
        """From a wait result dict (``value`` is the median; ``details`` holds mean, p90 and, if computed,
        q1, q3, lower_fence, upper_fence)."""
        details = row.get("details") or {}
        return cls(
            label=label,
            n=people(row) or 0,
            median=finite(row.get("value")),
            mean=finite(details.get("mean")),
            p90=finite(details.get("p90")),
            q1=finite(details.get("q1")),
            q3=finite(details.get("q3")),
            lower_fence=finite(details.get("lower_fence")),
            upper_fence=finite(details.get("upper_fence")),
            suppressed=bool(row.get("suppressed")),
            reason=row_reason(row),
        )

    def hidden(self, *, public: bool) -> bool:
        return public and (self.suppressed or is_small(round(self.n)))


def wait_distribution_figure(
    groups: Sequence[WaitSummary],
    *,
    title: str = "",
    y_title: str,
    x_title: str | None = None,
    standard: float | None = None,
    standard_label: str | None = None,
    decimals: int = 1,
    public: bool = True,
) -> go.Figure:
    """Waits per service line or program, one row each: a box where quartiles are known, and always the
    median (circle), the mean (open diamond) and the 90th percentile (triangle).

    Horizontal, so that every label has room beside its box, wrapped, on a phone as on a desktop; the days
    run along the x axis (``y_title`` names them, ``x_title`` the groups). Inputs: ``groups``
    (:class:`WaitSummary`, top to bottom); ``standard`` the wait the standard allows (10 business days),
    drawn as a vertical dash-dot line (a shape named ``standard``) with a legend entry named
    ``standard_label``. Returns a figure with the traces "Quartiles" (a precomputed box, only if a group has
    q1 and q3), "Median", "Mean", "90th percentile" and the standard's entry; a suppressed group keeps its
    row, empty, with "Suppressed" written in it (annotations).
    """
    labels = [group.label for group in groups]
    shown = [group for group in groups if not group.hidden(public=public)]
    fmt = {"decimals": decimals}

    def hover(group: WaitSummary) -> str:
        parts = [
            (_("Median") + f" {number(group.median, **fmt)}"),
            (_("Mean") + f" {number(group.mean, **fmt)}"),
            (_("90th percentile") + f" {number(group.p90, **fmt)}"),
        ]
        if group.q1 is not None and group.q3 is not None:
            parts.insert(1, (_("quartiles") + f" {interval_text(group.q1, group.q3, **fmt)}"))
        text = f"{group.label} {n_text(group.n)}<br>{'; '.join(parts)}"
        return (f"{text}<br>" + _("hidden publicly")) if group.suppressed or is_small(round(group.n)) else text

    figure = go.Figure()
    boxes = [group for group in shown if group.q1 is not None and group.q3 is not None and group.median is not None]
    if boxes:
        box = {
            "y": [g.label for g in boxes],
            "orientation": "h",
            "q1": [g.q1 for g in boxes],
            "median": [g.median for g in boxes],
            "q3": [g.q3 for g in boxes],
        }
        if all(g.lower_fence is not None and g.upper_fence is not None for g in boxes):
            box.update(lowerfence=[g.lower_fence for g in boxes], upperfence=[g.upper_fence for g in boxes])
        figure.add_trace(
            go.Box(
                **box,
                name=_("Quartiles"),
                fillcolor=SKY_BLUE,
                line={"color": BLACK, "width": 1.5},
                hovertext=[hover(g) for g in boxes],
                hoverinfo="text",
            )
        )
    marks = (
        (_("Median"), "median", {"symbol": "circle", "size": 10, "color": BLUE}),
        (_("Mean"), "mean", {"symbol": "diamond-open", "size": 11, "color": BLACK, "line": {"width": 2}}),
        (_("90th percentile"), "p90", {"symbol": "triangle-right", "size": 12, "color": BLUE}),
    )
    for name, field, marker in marks:
        # Every slot is listed (None where hidden), so each group keeps its place on the axis.
        values = [None if group.hidden(public=public) else getattr(group, field) for group in groups]
        figure.add_trace(
            go.Scatter(
                x=values,
                y=labels,
                name=name,
                mode="markers",
                marker=marker,
                hovertext=[None if v is None else hover(g) for g, v in zip(groups, values, strict=True)],
                hoverinfo="text",
            )
        )
    shapes = []
    if standard is not None:
        line = {"color": PURPLE, "width": 2, "dash": "dashdot"}
        # A line across every row whatever their number (a trace between the first and last row's centres
        # would be a dot with one row); the trace with no points gives it its legend entry.
        shapes.append(
            {"type": "line", "name": "standard", "xref": "x", "yref": "paper", "x0": standard, "x1": standard}
            | {"y0": 0, "y1": 1, "line": line}
        )
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                name=legend_name(standard_label or _("Standard: %(value)s") % {"value": number(standard, **fmt)}),
                mode="lines",
                line=line,
                hoverinfo="skip",
            )
        )
    notes = [
        _slot_note(group.label, group.reason, public=public, across=True)
        for group in groups
        if group.hidden(public=public)
    ]
    figure.update_layout(
        **base_layout(
            title=title,
            x_title=y_title,
            y_title=x_title,
            xaxis={"rangemode": "tozero"},
            yaxis={
                "categoryorder": "array",
                "categoryarray": labels,
                "tickvals": labels,
                "ticktext": [wrapped(label, LABEL_WIDTH) for label in labels],
                "autorange": "reversed",
                "showgrid": False,
            },
            height=180 + 64 * len(labels),
        ),
        shapes=shapes,
        annotations=notes,
        hovermode="closest",
        boxmode="overlay",
    )
    return figure


def _slot_note(label: str, reason: str, *, public: bool, across: bool = False) -> dict:
    """ "Suppressed" in an empty slot: up the bar's column, or (``across``) along the row of a horizontal chart."""
    where = (
        {"x": 0, "xref": "paper", "xanchor": "left", "y": label, "yref": "y", "textangle": 0}
        if across
        else {"x": label, "xref": "x", "y": 0, "yref": "paper", "yanchor": "bottom", "textangle": -90}
    )
    return where | {
        "text": suppressed_label(),
        "hovertext": hidden_text(reason, public=public),
        "showarrow": False,
        "font": {"color": TEXT, "size": SMALL_FONT_SIZE},
    }


def describe_waits(groups: Sequence[WaitSummary], *, measure_label: str, decimals: int = 1, public: bool = True) -> str:
    """A plain-text summary: each group's median, 90th percentile and n, or "suppressed"."""
    parts = []
    for group in groups:
        if group.hidden(public=public):
            parts.append(f"{group.label} " + _("suppressed"))
            continue
        parts.append(
            _("%(group)s median %(median)s, 90th percentile %(p90)s %(n)s")
            % {
                "group": group.label,
                "median": number(group.median, decimals=decimals),
                "p90": number(group.p90, decimals=decimals),
                "n": n_text(group.n),
            }
        )
    return f"{measure_label}: {'; '.join(parts)}."


# --- histogram -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitBin:
    """One bar of a histogram: its label ("0–5 days") and how many waits fell in it."""

    label: str
    count: int


def _hidden_bins(bins: Sequence[WaitBin], public: bool) -> dict[str, str]:
    if not public:
        return {}
    # The bins add up to the n shown beside the chart, so one hidden bin could be worked out by subtraction:
    # the same complementary rule as every table.
    decision = suppress_groups(
        [GroupCounts(str(index), b.count, b.count) for index, b in enumerate(bins)], proportion=False
    )
    return {bins[int(key)].label: str(reason) for key, reason in decision.hidden.items()}


def wait_histogram_figure(
    bins: Sequence[WaitBin], *, x_title: str, title: str = "", y_title: str | None = None, public: bool = True
) -> go.Figure:
    """A histogram from binned counts (:class:`WaitBin`, in order). In a public figure bins of 1–10 waits, and
    the complementary bins that would let them be worked out, are left empty and marked "Suppressed".
    Returns a figure with one bar trace "Waits" and the suppression annotations."""
    hidden_bins = _hidden_bins(bins, public)
    labels = [b.label for b in bins]
    counts = [None if b.label in hidden_bins else b.count for b in bins]
    figure = go.Figure(
        go.Bar(
            x=labels,
            y=counts,
            name=_("Waits"),
            marker={"color": BLUE, "line": {"color": BLACK, "width": 1}},
            hovertext=[None if c is None else f"{label}: {count(c)}" for label, c in zip(labels, counts, strict=True)],
            hoverinfo="text",
        )
    )
    figure.update_layout(
        **base_layout(
            title=title,
            x_title=x_title,
            y_title=y_title or _("Number of waits"),
            xaxis={"categoryorder": "array", "categoryarray": labels, "showgrid": False},
        ),
        annotations=[_slot_note(label, reason, public=public) for label, reason in hidden_bins.items()],
        bargap=0.05,
    )
    return figure


# --- funnel ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelStage:
    """One stage of the access funnel: its label ("Requests", "Offered", "Rendered"), its count, and whether
    the count is suppressed."""

    label: str
    count: float
    suppressed: bool = False
    reason: str = ""

    def hidden(self, *, public: bool) -> bool:
        return public and (self.suppressed or is_small(round(self.count)))


def _funnel_texts(stages: Sequence[FunnelStage], public: bool) -> list[str | None]:
    first = stages[0] if stages else None
    base = None if first is None or first.hidden(public=public) or not first.count else first.count
    texts = []
    for index, stage in enumerate(stages):
        if stage.hidden(public=public):
            texts.append(None)
            continue
        text = count(stage.count)
        # A share of a hidden first stage would give that stage away, so shares need it shown.
        if index and base:
            text += " " + _("(%(share)s of %(first)s)") % {
                "share": number(100 * stage.count / base, decimals=0, suffix=" %"),
                "first": first.label.lower(),
            }
        texts.append(text)
    return texts


def funnel_figure(stages: Sequence[FunnelStage], *, title: str = "", public: bool = True) -> go.Figure:
    """The access funnel: requests → offered → rendered (any stages, top to bottom), each with its count and
    its share of the first stage. Returns a figure with one funnel trace "People"; a suppressed stage keeps
    its row, empty, with "Suppressed" written in it (annotations), and no share rests on a hidden stage."""
    texts = _funnel_texts(stages, public)
    labels = [stage.label for stage in stages]
    values = [None if text is None else stage.count for stage, text in zip(stages, texts, strict=True)]
    figure = go.Figure(
        go.Funnel(
            y=labels,
            x=values,
            name=_("People"),
            # The share on a line of its own: on one line, Plotly shrank the text to fit a phone's narrow bars.
            text=[None if text is None else text.replace(" (", "<br>(", 1) for text in texts],
            textinfo="text",
            textposition="inside",
            insidetextfont={"color": WHITE},
            marker={"color": BLUE, "line": {"color": BLACK, "width": 1}},
            connector={"fillcolor": GRID, "line": {"color": GREY, "width": 1}},
            hovertext=[None if t is None else f"{label}: {t}" for label, t in zip(labels, texts, strict=True)],
            hoverinfo="text",
        )
    )
    notes = [
        {
            "x": 0.5,
            "y": stage.label,
            "xref": "paper",
            "yref": "y",
            "text": suppressed_label(),
            "hovertext": hidden_text(stage.reason, public=public),
            "showarrow": False,
            "font": {"color": TEXT, "size": SMALL_FONT_SIZE},
        }
        for stage, text in zip(stages, texts, strict=True)
        if text is None
    ]
    figure.update_layout(
        **base_layout(
            title=title,
            x_title=None,
            y_title=None,
            xaxis={"showgrid": False, "showticklabels": False, "showline": False, "ticks": ""},
            yaxis={
                "categoryorder": "array",
                "categoryarray": labels,
                "tickvals": labels,
                "ticktext": [wrapped(label, LABEL_WIDTH) for label in labels],
                "autorange": "reversed",
                "showgrid": False,
            },
        ),
        annotations=notes,
        showlegend=False,
    )
    return figure


def describe_funnel(stages: Sequence[FunnelStage], *, public: bool = True) -> str:
    """A plain-text summary: each stage's count and share of the first, or "suppressed"."""
    texts = _funnel_texts(stages, public)
    suppressed = _("suppressed")
    parts = [f"{stage.label} {suppressed if text is None else text}" for stage, text in zip(stages, texts, strict=True)]
    return "; ".join(parts) + "."
