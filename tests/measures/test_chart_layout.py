"""How every figure is laid out, on a desktop and on a phone (``layout.meta.narrow``, applied by
static/js/charts.js below 576 px), and what keeps it within the strict CSP. No database."""

import datetime
import re

import pytest

from measures.charts import control_chart_figure, heatmap_figure, heatmap_list, month_text
from measures.charts._common import LEGEND_WIDTH, base_layout, wrapped
from measures.charts._notes import LABEL_WIDTH, NARROW_LABEL_WIDTH
from measures.charts.heatmap import CELL_ROOM, CHAR_WIDTH, MIN_LINE, heatmap_breakpoint
from measures.spc import control_chart
from tests.measures.chart_examples import EQUITY_ROWS, GROUPS, LONG_NOTE, MEASURES, MONTHS, as_json, dashboard_figures

FIGURES = dashboard_figures()
# Plotly reads labels as a little HTML and draws <b>, <i>, <em>, <sup>, <sub>, <s>, <u>, <a> and <span style> with
# a style attribute, which style-src 'self' blocks. <br> is drawn as a new line, with no style.
# (<extra> in a hover template is Plotly's own, not drawn.)
STYLED = re.compile(r"<(?!br>|extra>)[a-z]+[ >]", re.IGNORECASE)


def strings_in(node) -> list[str]:
    if isinstance(node, dict):
        return [text for child in node.values() for text in strings_in(child)]
    if isinstance(node, list):
        return [text for child in node for text in strings_in(child)]
    return [node] if isinstance(node, str) else []


def lines(text: str) -> list[str]:
    return text.split("<br>")


@pytest.mark.parametrize("name", FIGURES)
def test_no_figure_holds_markup_that_plotly_would_draw_with_a_style_attribute(name):
    document = as_json(FIGURES[name])

    assert [text for text in strings_in(document) if STYLED.search(text)] == []


@pytest.mark.parametrize("name", [name for name in FIGURES if name != "gap trend"])
def test_no_figure_repeats_the_heading_above_it_in_a_title_of_its_own(name):
    layout = as_json(FIGURES[name])["layout"]

    assert not layout.get("title", {}).get("text")


def test_a_figure_still_takes_a_title_where_a_page_has_no_heading_for_it():
    layout = base_layout(title="Offered within 10 days", x_title=None, y_title=None)

    assert layout["title"]["text"] == "Offered within 10 days"
    assert layout["margin"]["t"] > base_layout(x_title=None, y_title=None)["margin"]["t"]


@pytest.mark.parametrize("name", FIGURES)
def test_every_figure_has_a_height_no_zoom_and_its_legend_at_its_foot(name):
    layout = as_json(FIGURES[name])["layout"]

    assert layout["height"] > 0  # Plotly would otherwise take the height of an empty box
    assert layout["dragmode"] is False
    axes = [value for key, value in layout.items() if re.fullmatch(r"[xy]axis\d*", key)]
    assert axes
    assert all(axis["fixedrange"] for axis in axes)
    # Below the plot whatever its height: a legend that wraps on a phone pushes the plot up, never over the axis.
    assert (layout["legend"]["yref"], layout["legend"]["y"], layout["legend"]["yanchor"]) == ("container", 0, "bottom")
    assert layout["meta"]["narrow"]["margin"]["l"] < layout["margin"]["l"]


@pytest.mark.parametrize("name", FIGURES)
def test_no_legend_entry_is_wider_than_a_phone(name):
    names = [
        trace.get("name") or "" for trace in as_json(FIGURES[name])["data"] if trace.get("showlegend") is not False
    ]

    assert all(len(line) <= LEGEND_WIDTH + 12 for name_ in names for line in lines(name_)), names


def test_a_long_axis_title_is_wrapped_on_a_phone():
    layout = base_layout(x_title="Ratio to the reference group (log scale)", y_title="Business days to the first offer")

    assert layout["xaxis"]["title"]["text"] == "Ratio to the reference group (log scale)"
    assert layout["meta"]["narrow"]["xaxis"]["title"]["text"] == "Ratio to the reference<br>group (log scale)"
    assert "<br>" in layout["meta"]["narrow"]["yaxis"]["title"]["text"]


# --- control charts ---------------------------------------------------------------------------------------------


def test_a_long_note_near_the_end_leaves_the_time_axis_on_the_data():
    chart = control_chart("i", [10, 11, 9, 10, 12, 10, 9, 11, 10, 12, 11, 10])

    figure = control_chart_figure(MONTHS[:12], chart, y_title="Days", annotations=[(MONTHS[11], LONG_NOTE)])

    start, end = figure.layout.xaxis.range
    assert start < MONTHS[0] < MONTHS[11] < end
    assert end - MONTHS[11] <= datetime.timedelta(days=16)  # half a month of room, not two years
    assert MONTHS[0] - start <= datetime.timedelta(days=16)


def test_notes_sit_above_the_plot_on_one_line_each_with_the_whole_text_on_hover():
    chart = control_chart("i", [10, 11, 9, 10, 12, 10, 9, 11, 10, 12, 11, 10])
    notes = [(MONTHS[10], LONG_NOTE), (MONTHS[11], "PDSA 4: reminder calls")]

    figure = control_chart_figure(MONTHS[:12], chart, y_title="Days", annotations=notes)

    first, second = figure.layout.annotations
    assert (first.y, first.yref, first.yanchor) == (1, "paper", "bottom")  # above the plot: no point covered
    assert len(first.text) <= LABEL_WIDTH
    assert first.text.endswith("…")
    assert first.hovertext == wrapped(LONG_NOTE, 60)
    assert first.xanchor == "right"  # near the end it runs back over the plot rather than off the figure
    assert first.yshift != second.yshift  # two notes a month apart go on two rows rather than over each other
    assert figure.layout.margin.t >= 24 + 2 * 18
    narrow = figure.layout.meta["narrow"]
    assert all(len(note["text"]) <= NARROW_LABEL_WIDTH for note in narrow["annotations"])
    assert narrow["margin"]["t"] >= figure.layout.margin.t - 18


def test_markup_typed_into_a_note_is_printed_not_drawn():
    chart = control_chart("i", [10, 11, 9, 10, 12, 10])

    figure = control_chart_figure(MONTHS[:6], chart, y_title="Days", annotations=[(MONTHS[2], "<b>Rota</b> & calls")])

    (note,) = figure.layout.annotations
    assert note.text == "&lt;b&gt;Rota&lt;/b&gt; &amp; calls"


def test_the_two_control_limits_share_one_legend_entry():
    figure = FIGURES["control improving"]

    entries = [(trace.name, trace.showlegend) for trace in figure.data if trace.legendgroup == "limits"]

    assert entries == [("Control limits", True), ("Control limits", False)]


# --- the heat map -----------------------------------------------------------------------------------------------


def heat(rows=EQUITY_ROWS, groups=GROUPS, **options):
    return heatmap_figure(rows, measures=MEASURES, groups=groups, reference="white", **options)


def test_the_heat_maps_group_labels_are_level_wrapped_and_above_the_cells():
    axis = heat().layout.xaxis

    assert (axis.tickangle, axis.side) == (0, "top")
    assert axis.ticktext[1] == "Black or African<br>American"
    assert axis.ticktext[0] == "White<br>(reference)"


@pytest.mark.parametrize("count", [4, 8, 12])
def test_every_line_of_a_heat_map_cell_fits_its_cell(count):
    groups = [("white", "White"), *[(f"g{i}", f"Group {i}") for i in range(count - 1)]]
    # Each group 13 % worse on one measure, and about the same (8.02 days against 8) on another.
    near = [EQUITY_ROWS[1], next(row for row in EQUITY_ROWS if row["value"] == 8.02)]
    rows = [*EQUITY_ROWS, *[row | {"group": f"g{i}"} for i in range(count - 1) for row in near]]
    figure = heat(rows, groups)

    width = max(MIN_LINE, CELL_ROOM[heatmap_breakpoint(count)] // (count * CHAR_WIDTH))
    (cells,) = [trace for trace in figure.data if trace.name == "Cell labels"]
    assert all(len(line) <= width for text in cells.text for line in lines(text)), width
    assert any("about" in text for text in cells.text)  # "about the same", once too wide for its cell


def test_a_heat_map_of_many_groups_is_drawn_only_on_wider_screens():
    assert [heatmap_breakpoint(count) for count in (3, 6, 7, 8, 9, 12)] == ["md", "md", "lg", "lg", "xl", "xl"]


def test_on_a_phone_the_heat_map_is_a_list_saying_exactly_what_its_cells_say():
    figure = heat()
    (cells,) = [trace for trace in figure.data if trace.name == "Cell labels"]
    drawn = {
        (x, y): " ".join(text.replace("<br>", " ").split())
        for x, y, text in zip(cells.x, cells.y, cells.text, strict=True)
    }

    listed = heatmap_list(EQUITY_ROWS, measures=MEASURES, groups=GROUPS, reference="white")

    assert [line["measure"] for line in listed] == [measure.label for measure in MEASURES]
    for y, line in enumerate(listed):
        for x, entry in enumerate(line["cells"]):
            assert " ".join(entry["text"].replace(",", "").split()) == drawn[(x, y)].replace(",", "")
    timely = {entry["group"]: entry for entry in listed[0]["cells"]}
    assert timely["Asian"] == {"group": "Asian", "text": "Suppressed", "kind": "suppressed", "judgement": ""}
    assert timely["Black or African American"]["judgement"] == "worse"
    assert timely["White"]["kind"] == "reference"
    assert "77.8" not in str(listed)  # the suppressed group's 7 of 9


def test_a_month_is_abbreviated_as_the_axes_write_it():
    assert month_text(datetime.date(2025, 8, 1)) == "Aug 2025"
