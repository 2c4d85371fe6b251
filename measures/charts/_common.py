"""What every chart shares: the palette, the layout, number text and the public-view suppression test.

Pure helpers (no ORM, no request). Labels go through ``gettext`` when a figure is built, because a
lazy string cannot be serialised into the figure's JSON.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from measures.suppression import Reason, is_small

# Okabe & Ito (2008), "Color Universal Design": told apart with every common colour-vision deficiency.
# Marks carry a symbol, a dash or a pattern as well, so nothing is said by colour alone.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"

TEXT = "#1A1A1A"
GREY = "#595959"  # 7:1 on white: passes WCAG AA for text as well as for lines
LIGHT_GREY = "#D9D9D9"
GRID = "#E6E6E6"
WHITE = "#FFFFFF"

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
FONT_SIZE = 14
SMALL_FONT_SIZE = 12
TITLE_FONT_SIZE = 18

SUPPRESSED_PATTERN = {"shape": "/", "fgcolor": GREY, "bgcolor": LIGHT_GREY, "solidity": 0.3}


def axis(title: str | None, **extra) -> dict:
    """One axis: titled, with a visible line and light grid, labels never clipped."""
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
        **extra,
    }


def base_layout(*, title: str, x_title: str | None, y_title: str | None, **extra) -> dict:
    """The layout of every figure: ``template="none"`` plus explicit fonts, colours and a legend below.

    ``extra`` keys replace the defaults (``xaxis``/``yaxis`` dicts are merged into the default axes).
    """
    xaxis = axis(x_title) | extra.pop("xaxis", {})
    yaxis = axis(y_title) | extra.pop("yaxis", {})
    return {
        "template": "none",
        "title": {"text": title, "font": {"size": TITLE_FONT_SIZE}, "x": 0, "xanchor": "left"},
        "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT},
        "paper_bgcolor": WHITE,
        "plot_bgcolor": WHITE,
        "margin": {"l": 72, "r": 24, "t": 64, "b": 72},
        "legend": {"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top", "font": {"size": SMALL_FONT_SIZE + 1}},
        "hoverlabel": {"font": {"size": FONT_SIZE, "family": FONT_FAMILY}, "bgcolor": WHITE, "bordercolor": GREY},
        "xaxis": xaxis,
        "yaxis": yaxis,
        **extra,
    }


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
