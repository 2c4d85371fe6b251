"""What a control chart draws beside its points: the labels above the plot (a frozen baseline, the phases, notes
such as a PDSA cycle starting), the baseline's bracket, and the vertical lines of phases and notes.

Above the plot rather than in it, a note never covers a point, and it can never widen the time axis (Plotly
widens an automatic range to fit an annotation: a long note once stretched a chart two years past its data).
"""

from __future__ import annotations

from ._common import BLACK, GREY, SMALL_FONT_SIZE, TEXT, plain, wrapped

#: The labels above the plot (the baseline, phases, notes such as a PDSA cycle) are cut at this many characters,
#: on a desktop and on a phone; the whole text is in the hover and, for notes, on the page. They are placed
#: knowing about how wide the plot is (px) and a character of their text.
LABEL_WIDTH, NARROW_LABEL_WIDTH = 30, 22
LABEL_ROOM, NARROW_LABEL_ROOM, CHAR_PX = 900, 280, 7
#: Rows of labels above the plot at most, and the height of a row (px).
MAX_LABEL_ROWS, LABEL_ROW = 3, 18


def top_margin(rows: int) -> int:
    return 24 + LABEL_ROW * rows if rows else 32


def top_labels(entries, x_range: list | None, *, width: int, room: int) -> tuple[list[dict], int]:
    """The labels above the plot, one line each, on as few rows as keep them from running into each other.

    ``entries`` are ``(x, text, hover)``; a label is cut at ``width`` characters (its hover has the whole text)
    and runs right from its line, or left where it would run past the end of the plot;
    ``room`` is the plot's width in pixels. Returns the annotations and the number of rows they take.
    Above the plot rather than in it, a note never covers a point, and it can never widen the time axis.
    """
    taken: list[list[tuple[float, float]]] = []
    labels = []
    for x, text, hover in entries:
        short = text if len(text) <= width else text[: width - 1].rstrip() + "…"
        where = _fraction(x, x_range)
        span = (len(short) * CHAR_PX + 8) / room
        anchor = "left" if where + span <= 1 else "right"
        interval = (where, where + span) if anchor == "left" else (where - span, where)
        row = next(
            (i for i, used in enumerate(taken) if all(interval[1] < a or interval[0] > b for a, b in used)),
            len(taken),
        )
        row = min(row, MAX_LABEL_ROWS - 1)
        if row == len(taken):
            taken.append([])
        taken[row].append(interval)
        label = note(x, plain(short), y=1, anchor=anchor) | {"yshift": 2 + LABEL_ROW * row}
        labels.append(label | ({"hovertext": wrapped(hover, 60)} if hover else {}))
    return labels, len(taken)


def _fraction(x, x_range: list | None) -> float:
    """Where ``x`` falls along the time axis, from 0 (left) to 1 (right)."""
    if not x_range:
        return 0.0
    return (x - x_range[0]) / (x_range[1] - x_range[0])


def bracket(x0, x1) -> dict:
    """The frozen baseline: a line along the top of the plot over its months."""
    return {
        "type": "line",
        "name": "baseline",
        "xref": "x",
        "yref": "paper",
        "x0": x0,
        "x1": x1,
        "y0": 1,
        "y1": 1,
        "line": {"color": BLACK, "width": 3},
    }


def vertical(x, name: str, *, dash: str, width: float) -> dict:
    return {
        "type": "line",
        "name": name,
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": GREY, "width": width, "dash": dash},
    }


def note(x, text: str, *, y: float, anchor: str, angle: float = 0) -> dict:
    return {
        "x": x,
        "y": y,
        "xref": "x",
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "xanchor": anchor,
        "yanchor": "bottom" if y >= 1 else "middle" if angle == 0 else "bottom",
        "textangle": angle,
        "align": "left" if anchor != "right" else "right",
        "font": {"size": SMALL_FONT_SIZE, "color": TEXT},
    }
