"""An objective's chart: its figures through the year, the line from baseline to target, and the target.

Pure (no ORM, no request): points and numbers in, a ``plotly.graph_objects.Figure`` and a one-sentence
summary out. Labels go through ``gettext`` here because a lazy string cannot go into the figure's JSON.
"""

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from measures.charts._common import BLUE, GREY, PURPLE, base_layout, number


def objective_figure(
    points: Sequence,
    *,
    baseline: float,
    target: float,
    start: date,
    due: date,
    unit: str,
    suffix: str = "",
    compact: bool = False,
    title: str = "",
) -> go.Figure:
    """``points`` are objects with ``on`` (date) and ``value``; ``compact`` is the small chart of the plan's list.
    No title unless a page has no heading for the chart (the objective's page has it as its heading). The
    target is purple, as on every chart (measures.charts.PALETTE)."""
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[start, due],
            y=[float(baseline), float(target)],
            mode="lines",
            name=_("Path from baseline to target"),
            line={"color": GREY, "dash": "dash", "width": 2},
            hovertemplate="%{x|%d %b %Y}: %{y}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[start, due],
            y=[float(target), float(target)],
            mode="lines",
            name=_("Target"),
            line={"color": PURPLE, "dash": "dot", "width": 2},
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[point.on for point in points],
            y=[point.value for point in points],
            mode="lines+markers",
            name=_("Figures"),
            line={"color": BLUE, "width": 3},
            marker={"symbol": "circle", "size": 8},
            hovertemplate="%{x|%b %Y}: %{y}" + suffix + "<extra></extra>",
        )
    )
    layout = base_layout(title=title, x_title=None if compact else _("Date of the figure"), y_title=unit)
    if compact:
        layout |= {
            "height": 180,
            "margin": {"l": 48, "r": 8, "t": 8, "b": 32},
            "showlegend": False,
            "title": {"text": ""},
        }
    figure.update_layout(layout)
    return figure


def objective_summary(*, latest, baseline: float, target: float, due: date, suffix: str, status_label: str) -> str:
    """The chart in one sentence, for screen readers and for anyone the chart does not help."""
    if latest is None:
        return _("No figures yet. Baseline %(baseline)s, target %(target)s by %(due)s.") % {
            "baseline": number(baseline, suffix=suffix),
            "target": number(target, suffix=suffix),
            "due": due.isoformat(),
        }
    return _(
        "Latest figure %(latest)s (%(on)s), from a baseline of %(baseline)s towards a target of %(target)s by "
        "%(due)s: %(status)s."
    ) % {
        "latest": number(latest.value, suffix=suffix),
        "on": latest.on.isoformat(),
        "baseline": number(baseline, suffix=suffix),
        "target": number(target, suffix=suffix),
        "due": due.isoformat(),
        "status": status_label,
    }
