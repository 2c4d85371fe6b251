"""Every colour on every dashboard figure comes from the documented palette (measures.charts.PALETTE) and means
what the palette says, whichever chart it is on: green is better, vermillion worse, purple the target, blue the
figures themselves. The reference group has no colour of its own (orange once marked it on the bars while
meaning "worse" on the heat map). The heat map's colours stay apart under simulated colour blindness."""

import itertools
import re

import pytest

from measures.charts import PALETTE
from measures.charts._common import (
    BETTER_TINT,
    BLUE,
    GREEN,
    LIGHT_GREY,
    PURPLE,
    VERMILLION,
    WHITE,
    WORSE_TINT,
)
from measures.charts.heatmap import DIVERGING
from tests.measures.chart_examples import as_json, dashboard_figures

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$|^rgba?\(")


def colours_in(node, where="") -> list[tuple[str, str]]:
    """(colour, where it is) for every colour in a figure's JSON: markers, lines, fills, fonts, scales."""
    found = []
    if isinstance(node, dict):
        for key, child in node.items():
            found += colours_in(child, f"{where}.{key}")
    elif isinstance(node, list):
        for child in node:
            found += colours_in(child, where)
    elif isinstance(node, str) and COLOUR.match(node):
        found.append((node, where))
    return found


def trace_colours(figure) -> dict[str, set[str]]:
    """{trace name: the colours its marks are drawn in} (text colours left out)."""
    named: dict[str, set[str]] = {}
    for trace in as_json(figure)["data"]:
        colours = {colour for colour, where in colours_in(trace) if "font" not in where}
        named.setdefault(trace.get("name", ""), set()).update(colours)
    return named


FIGURES = {f"{name}, {reader}": figure for reader in ("public", "internal")
           for name, figure in dashboard_figures(public=reader == "public").items()}  # fmt: skip


@pytest.mark.parametrize("name", FIGURES)
def test_every_colour_of_every_dashboard_figure_is_in_the_documented_palette(name):
    document = as_json(FIGURES[name])
    stray = {(colour.upper(), where) for colour, where in colours_in(document) if colour.upper() not in PALETTE}

    assert stray == set(), f"{name}: colours outside measures.charts.PALETTE"


@pytest.mark.parametrize("name", FIGURES)
def test_green_means_better_vermillion_worse_and_purple_a_target_on_every_figure(name):
    named = trace_colours(FIGURES[name])
    heat_scale = {"Gap to the reference group"}  # the heat map's diverging scale: worse … better

    for trace, colours in named.items():
        if GREEN in colours and trace not in heat_scale:
            assert "better" in trace.lower(), f"{name}: {trace} is green"
        if VERMILLION in colours and trace not in heat_scale:
            assert "worse" in trace.lower(), f"{name}: {trace} is vermillion"
        if PURPLE in colours:
            assert trace.startswith(("Target", "Standard", "Statewide")), f"{name}: {trace} is purple"


def test_the_figures_are_blue_whoever_they_belong_to_the_reference_group_included():
    figures = dashboard_figures()
    bars = as_json(figures["bars"])["data"][0]

    assert bars["marker"]["color"] == BLUE  # one colour for every bar: the reference is hatched and labelled
    assert bars["marker"]["pattern"]["shape"][0] == "/"
    assert trace_colours(figures["control improving"])["Everyone"] == {BLUE}
    assert BLUE in trace_colours(figures["forest"])["Compared with White"]
    assert trace_colours(figures["waits"])["Median"] == {BLUE}


def test_a_signal_is_green_for_the_better_vermillion_for_the_worse_and_hollow_with_no_direction():
    figures = dashboard_figures()

    improving = trace_colours(figures["control improving"])
    assert GREEN in improving["Outside the control limits: better"]
    assert VERMILLION in improving["Outside the control limits: worse"]
    assert WHITE in trace_colours(figures["control neutral"])["Outside the control limits"]


def test_targets_and_standards_are_purple_and_hidden_cells_light_grey():
    figures = dashboard_figures()

    assert trace_colours(figures["control improving"])["Target: 60.0"] == {PURPLE}
    assert trace_colours(figures["bars"])["Statewide: 75.0 %"] == {PURPLE}
    standard = [shape for shape in as_json(figures["waits"])["layout"]["shapes"] if shape["name"] == "standard"]
    assert [shape["line"]["color"] for shape in standard] == [PURPLE]
    assert LIGHT_GREY in trace_colours(figures["heat map"])["Suppressed"]


def test_the_heat_map_runs_from_vermillion_for_worse_through_white_to_green_for_better():
    assert [colour for _position, colour in DIVERGING] == [VERMILLION, WORSE_TINT, WHITE, BETTER_TINT, GREEN]
    assert all(colour in PALETTE for _position, colour in DIVERGING)


# --- colour blindness -------------------------------------------------------------------------------------------

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color vision
# deficiency", severity 1.0, applied to linear RGB.
DEFICIENCIES = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
#: Two colours this far apart in CIELAB (ΔE*ab, 1976) are told apart at a glance.
APART = 20


def _linear(colour: str) -> list[float]:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, c)) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen_with(colour: str, deficiency: str) -> tuple[float, float, float]:
    matrix = DEFICIENCIES[deficiency]
    rgb = _linear(colour)
    return _lab([sum(matrix[i][j] * rgb[j] for j in range(3)) for i in range(3)])


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
@pytest.mark.parametrize(
    ("first", "second"),
    [*itertools.combinations([VERMILLION, WHITE, GREEN], 2), (WORSE_TINT, BETTER_TINT), (VERMILLION, BLUE)],
)
def test_worse_and_better_stay_apart_under_every_common_colour_vision_deficiency(first, second, deficiency):
    seen = zip(seen_with(first, deficiency), seen_with(second, deficiency), strict=True)
    distance = sum((a - b) ** 2 for a, b in seen) ** 0.5

    assert distance >= APART, f"{first} and {second} look alike with {deficiency} (ΔE {distance:.0f})"
