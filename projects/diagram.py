"""Where each box and line of a driver diagram goes, for the SVG drawn on the page and downloaded.

Pure: a tree of texts in, coordinates out; the template (``projects/_driver_diagram.html``) draws them,
with Django's escaping, so no markup is built here. Four columns, left to right as IHI draws them:
the aim, primary drivers, secondary drivers, change ideas. A change idea under a primary driver sits in
the ideas column with the secondary column left empty beside it.
"""

import textwrap
from dataclasses import dataclass, field

BOX_WIDTH = 200
COLUMN_GAP = 48
LINE_HEIGHT = 16
PADDING = 8
ROW_GAP = 12
TOP = 40  # room for the column headings
WRAP_AT = 27  # characters per line at 13px in a 200px box
MARGIN = 8
#: Box colours by column (aim, primary, secondary, change idea): light, so dark text keeps a 4.5:1 contrast.
FILLS = ("#e0ecff", "#e6f4ea", "#fff4e0", "#f3e8ff")


@dataclass
class Node:
    """A box to draw: ``column`` 0–3, its text, an optional small ``note`` (PDSA cycles), children."""

    column: int
    text: str
    note: str = ""
    children: list["Node"] = field(default_factory=list)


@dataclass(frozen=True)
class Box:
    column: int
    x: int
    y: float
    width: int
    height: int
    lines: tuple[str, ...]
    note: str

    @property
    def text_x(self) -> int:
        return self.x + PADDING

    @property
    def placed_lines(self) -> list[tuple[str, str]]:
        """Each line of text with its baseline's y, formatted for the SVG."""
        return [(f"{self.y + PADDING + LINE_HEIGHT * (i + 1) - 4:.1f}", line) for i, line in enumerate(self.lines)]

    @property
    def fill(self) -> str:
        return FILLS[self.column]

    @property
    def note_y(self) -> str:
        return f"{self.y + PADDING + LINE_HEIGHT * (len(self.lines) + 1) - 4:.1f}"

    @property
    def top(self) -> str:
        return f"{self.y:.1f}"


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    boxes: tuple[Box, ...]
    links: tuple[str, ...]  # SVG path data, numbers only
    heading_xs: tuple[int, ...]


def _x(column: int) -> int:
    return MARGIN + column * (BOX_WIDTH + COLUMN_GAP)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(textwrap.wrap(text, WRAP_AT, break_long_words=True)) or ("",)


def layout(root: Node) -> Layout:
    """Place ``root`` (the aim, column 0) and its descendants; leaves stack downwards, each parent sits
    at the middle of its children."""
    boxes: list[Box] = []
    links: list[str] = []
    cursor = float(TOP)

    def place(node: Node) -> Box:
        nonlocal cursor
        lines = _lines(node.text)
        height = PADDING * 2 + LINE_HEIGHT * (len(lines) + (1 if node.note else 0))
        start = cursor
        placed = [place(child) for child in node.children]
        if placed:
            top, bottom = placed[0].y, placed[-1].y + placed[-1].height
            y = max(start, (top + bottom) / 2 - height / 2)
            cursor = max(cursor, y + height + ROW_GAP)
        else:
            y = start
            cursor = start + height + ROW_GAP
        box = Box(node.column, _x(node.column), y, BOX_WIDTH, height, lines, node.note)
        for child in placed:
            x1, y1 = box.x + BOX_WIDTH, box.y + box.height / 2
            x2, y2 = child.x, child.y + child.height / 2
            middle = x1 + COLUMN_GAP / 2
            links.append(f"M{x1:.0f} {y1:.1f} H{middle:.0f} V{y2:.1f} H{x2:.0f}")
        boxes.append(box)
        return box

    place(root)
    width = _x(3) + BOX_WIDTH + MARGIN
    height = int(cursor - ROW_GAP + MARGIN) + 1
    return Layout(width, height, tuple(boxes), tuple(links), tuple(_x(column) for column in range(4)))
