"""What every chart shares: the palette, the layout, number text and the public-view suppression test.

Pure helpers (no ORM, no request). Labels go through ``gettext`` when a figure is built, because a
lazy string cannot be serialised into the figure's JSON.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from measures.suppression import Reason, is_small

# Okabe & Ito (2008), "Color Universal Design": told apart with every common colour-vision deficiency.
# Marks carry a symbol, a dash or a pattern as well, and cells and points say what they are in words, so
# nothing is said by colour alone.
BLACK = "#000000"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"  # Okabe-Ito's bluish green
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"  # Okabe-Ito's reddish purple

TEXT = "#1A1A1A"
GREY = "#595959"  # 7:1 on white: passes WCAG AA for text as well as for lines
LIGHT_GREY = "#D9D9D9"
GRID = "#E6E6E6"
WHITE = "#FFFFFF"
# The heat map's scale half-way between white and its ends.
WORSE_TINT = "#EAAE80"
BETTER_TINT = "#80CEB9"

#: What each colour means: the same on every chart of every dashboard, so a colour learnt on one chart reads
#: the same on the next (orange once meant "worse" on the heat map and "the reference group" on the bars).
#: tests/measures/test_chart_colours.py holds every dashboard figure to it.
PALETTE: dict[str, str] = {
    BLUE: "a measured value: a series, a group's bar or box median, a ratio",
    SKY_BLUE: "the middle half of the values (a box)",
    BLACK: "what the values are read against: the centre line, the mean, a fitted trend, the baseline, "
    "the reference group's outline, outlines of marks",
    GREY: "lines to compare with: control limits, everyone's level, no gap, phase and note markers; "
    "for county staff, the ring round a figure hidden publicly",
    GREEN: "better: than the reference group, or a change beyond chance in the direction of improvement",
    VERMILLION: "worse: than the reference group, or a change beyond chance in the wrong direction",
    PURPLE: "the target, the standard, or a figure to compare with entered by staff",
    LIGHT_GREY: "hidden to protect privacy",
    BETTER_TINT: "a little better than the reference group (heat map)",
    WORSE_TINT: "a little worse than the reference group (heat map)",
    WHITE: "no gap to the reference group (heat map); a change beyond chance on a measure with no better "
    "direction (a hollow diamond); the background",
    TEXT: "text",
    GRID: "grid lines, and the funnel's connectors",
}

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
FONT_SIZE = 14
SMALL_FONT_SIZE = 12
TITLE_FONT_SIZE = 18

DEFAULT_HEIGHT = 450
#: Characters in one line of an axis title on a phone: under a plot squeezed by its labels, and up its side.
NARROW_X_TITLE, NARROW_Y_TITLE = 24, 28
#: Characters in one line of a legend entry: about what a 360 px phone has room for.
LEGEND_WIDTH = 36
#: Below this width (px) static/js/charts.js gives a figure its phone layout, ``layout.meta.narrow``.
NARROW_WIDTH = 576

# What every figure changes on a phone: less room around the plot, and a little smaller type.
PHONE = {
    "margin": {"l": 8, "r": 8},
    "font": {"size": SMALL_FONT_SIZE + 1},
    "legend": {"font": {"size": SMALL_FONT_SIZE}},
}


def axis(title: str | None, **extra) -> dict:
    """One axis: titled, with a visible line and light grid, labels never clipped, and no zoom (a finger on a
    chart scrolls the page)."""
    return {
        "title": {"text": title or "", "font": {"size": FONT_SIZE}},
        "showline": True,
        "linecolor": GREY,
        "linewidth": 1,
        "ticks": "outside",
        "tickcolor": GREY,
        "tickfont": {"size": SMALL_FONT_SIZE + 1},
        "showgrid": True,
        "gridcolor": GRID,
        "zeroline": False,
        "automargin": True,
        "fixedrange": True,
        **extra,
    }


def _merged(base: dict, changes: dict) -> dict:
    """``base`` with ``changes`` merged in, dicts key by key (as static/js/charts.js merges the phone layout)."""
    result = dict(base)
    for key, value in changes.items():
        result[key] = (
            _merged(base[key], value) if isinstance(base.get(key), dict) and isinstance(value, dict) else value
        )
    return result


def base_layout(
    *, x_title: str | None, y_title: str | None, title: str = "", narrow: dict | None = None, **extra
) -> dict:
    """The layout of every figure: ``template="none"`` plus explicit fonts, colours and a legend below.

    No title unless one is given: on the pages the heading above a chart names it, and its container's
    ``aria-label`` gives it an accessible name, so a title in the figure would only repeat them. The legend
    sits at the foot of the figure (``yref="container"``), which pushes the plot up as the legend wraps onto
    more lines, so it never covers the axis or its title. ``narrow`` is what changes on a phone, on top of
    :data:`PHONE`; it travels in ``layout.meta.narrow``. ``extra`` keys replace the defaults (``xaxis`` and
    ``yaxis`` dicts are merged into the default axes).
    """
    xaxis = axis(x_title) | extra.pop("xaxis", {})
    yaxis = axis(y_title) | extra.pop("yaxis", {})
    layout = {
        "template": "none",
        "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT},
        "paper_bgcolor": WHITE,
        "plot_bgcolor": WHITE,
        "margin": {"l": 72, "r": 24, "t": 64 if title else 32, "b": 16},
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
            "font": {"size": SMALL_FONT_SIZE + 1},
        },
        "hoverlabel": {"font": {"size": FONT_SIZE, "family": FONT_FAMILY}, "bgcolor": WHITE, "bordercolor": GREY},
        "dragmode": False,
        # Always a height of its own: Plotly would otherwise take the height of the chart's box, which is
        # empty (0 px) until Plotly draws into it.
        "height": DEFAULT_HEIGHT,
        "xaxis": xaxis,
        "yaxis": yaxis,
        "meta": {"narrow": _merged(_merged(PHONE, _narrow_titles(x_title, y_title)), narrow or {})},
    }
    if title:
        layout["title"] = {"text": title, "font": {"size": TITLE_FONT_SIZE}, "x": 0, "xanchor": "left"}
    return layout | extra


def plain(text: str) -> str:
    """``text`` as Plotly should print it: Plotly reads labels as a little HTML, and a ``<b>`` or ``<i>`` typed
    into a note would become a ``style`` attribute, which the CSP blocks (see qic.core.plotly_css)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _narrow_titles(x_title: str | None, y_title: str | None) -> dict:
    """Axis titles wrapped for a phone, where a long one ("Ratio to the reference group (log scale)") was cut."""
    titles = {}
    for name, title, width in (("xaxis", x_title, NARROW_X_TITLE), ("yaxis", y_title, NARROW_Y_TITLE)):
        if title and len(title) > width:
            titles[name] = {"title": {"text": wrapped(title, width)}}
    return titles


def wrapped(text: str, width: int) -> str:
    """Plain ``text`` broken into lines of about ``width`` characters (``<br>``): Plotly does not wrap labels."""
    lines, line = [], ""
    # Split on spaces only: a no-break space (between a number and its "%") keeps them on one line.
    for word in re.split(r"[ \t\r\n]+", plain(text).strip()):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def legend_name(text: str) -> str:
    """A trace's name as its legend entry shows it: Plotly does not wrap a legend entry, and on a phone a long
    one ("Standard for routine non-psychiatry requests: 10") ran off the edge."""
    return wrapped(text, LEGEND_WIDTH) if len(text) > LEGEND_WIDTH else text


def month_text(period) -> str:
    """A month as the site writes it (``YEAR_MONTH_FORMAT``, qic/formats): "Jan 2025", in Spanish "ene 2025"."""
    return date_format(period, "YEAR_MONTH_FORMAT")


def finite(value) -> float | None:
    """The value as a float, or ``None`` when it is missing or not finite (NaN from the statistics)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def number(value: float | None, *, decimals: int = 1, suffix: str = "") -> str:
    """A value as the reader's locale writes it, with its unit (``" %"``, ``" days"``); "—" when missing."""
    value = finite(value)
    if value is None:
        return "—"
    return f"{formats.number_format(_rounded(value, decimals), use_l10n=True, force_grouping=True)}{suffix}"


def _rounded(value: float, decimals: int) -> Decimal:
    # Django's number_format cuts a float's digits off rather than rounding them; round half up, like floatformat.
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def count(value: float) -> str:
    """A count as a whole number with the locale's grouping."""
    return formats.number_format(_rounded(float(value), 0), use_l10n=True, force_grouping=True)


def suppressed_label() -> str:
    """The label of every hidden cell in a public view, whatever the reason it is hidden."""
    return _("Suppressed")


def public_hidden_text() -> str:
    """The hover text of every hidden cell in a public view.

    One text for every reason: saying that one cell rests on a small count and its neighbour is hidden only
    to protect it would tell a reader which of the two is the small one.
    """
    return _("Hidden to protect privacy")


def no_verdict_hidden_text() -> str:
    """Why a public monthly series has no verdict (see :mod:`measures.monthly`)."""
    return _("No verdict: some months are hidden to protect privacy")


def reason_text(reason: str) -> str:
    """Why a value is hidden publicly, for county staff only (internal views). Public views say
    :func:`public_hidden_text` for every reason. A reason code this version does not know gets a plain
    "Hidden publicly"."""
    if reason in (Reason.SMALL_COUNT, Reason.SMALL_COMPLEMENT):
        return _("Hidden: fewer than 11 people")
    if reason == Reason.COMPLEMENTARY:
        return _("Hidden, so that a small group cannot be worked out")
    if reason == "secondary":  # across tables (measures.disclosure)
        return _("Hidden so that a small count elsewhere cannot be worked out")
    if reason == "withdrawn":  # the breakdown of this measure and period (measures.disclosure)
        return _("Hidden: this breakdown is withheld for the period so that no small count can be worked out")
    return _("Hidden publicly")


def hidden_text(reason: str, *, public: bool) -> str:
    """The hover text of a hidden cell: the same for every cell in a public view, the reason internally."""
    return public_hidden_text() if public else reason_text(reason)


def row_reason(row: Mapping) -> str:
    """The suppression reason of a result dict (stored rows say ``suppression_reason``, fresh ones ``reason``)."""
    return row.get("suppression_reason") or row.get("reason") or ""


def people(row: Mapping) -> float | None:
    """How many people a result rests on: the clients for dollar and penetration results, else the denominator."""
    clients = (row.get("details") or {}).get("clients")
    return finite(clients if clients is not None else row.get("denominator"))


def hidden(row: Mapping, *, public: bool) -> bool:
    """Whether a public figure must leave this result out.

    The stored ``suppressed`` flag decides; as a second guard a result resting on 1–10 people is left out
    even when it is not flagged, so a public figure can never print such a count.
    """
    if not public:
        return False
    n = people(row)
    return bool(row.get("suppressed")) or (n is not None and is_small(round(n)))


def n_text(n: float | None) -> str:
    """The count as "(n=340)" for hover and summaries; empty when there is no count."""
    if finite(n) is None:
        return ""
    return _("(n=%(n)s)") % {"n": count(n)}


def interval_text(lower: float | None, upper: float | None, *, decimals: int = 1, suffix: str = "") -> str:
    """An interval as "80.1 % to 84.0 %", or empty when either limit is missing."""
    if finite(lower) is None or finite(upper) is None:
        return ""
    return _("%(lower)s to %(upper)s") % {
        "lower": number(lower, decimals=decimals, suffix=suffix),
        "upper": number(upper, decimals=decimals, suffix=suffix),
    }
