"""The driver diagram's layout: whatever the tree, boxes never overlap, each sits in its column, every
parent is joined to each child, and long texts wrap inside their box. Pure: no database."""

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from projects.diagram import BOX_WIDTH, TOP, WRAP_AT, Node, layout

texts = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), min_size=1, max_size=120)
ideas = st.lists(texts.map(lambda text: Node(3, text)), max_size=3)
secondaries = st.lists(st.builds(lambda text, children: Node(2, text, children=children), texts, ideas), max_size=3)
primaries = st.lists(
    st.builds(lambda text, children, own: Node(1, text, children=children + own), texts, secondaries, ideas), max_size=4
)
trees = st.builds(lambda text, children: Node(0, text, children=children), texts, primaries)


def _count(node: Node) -> int:
    return 1 + sum(_count(child) for child in node.children)


def _links(node: Node) -> int:
    return len(node.children) + sum(_links(child) for child in node.children)


@settings(max_examples=200, deadline=None)
@given(trees)
def test_boxes_never_overlap_and_every_child_is_joined(tree):
    drawn = layout(tree)
    assert len(drawn.boxes) == _count(tree)
    assert len(drawn.links) == _links(tree)
    for box in drawn.boxes:
        assert box.x == drawn.heading_xs[box.column]
        assert box.y >= TOP
        assert box.y + box.height <= drawn.height
        assert box.x + BOX_WIDTH <= drawn.width
        assert all(len(line) <= WRAP_AT for line in box.lines)
    for column in range(4):
        spans = sorted((box.y, box.y + box.height) for box in drawn.boxes if box.column == column)
        for (_top, bottom), (next_top, _bottom) in pairwise(spans):
            assert bottom <= next_top


def test_an_empty_diagram_is_the_aim_alone():
    drawn = layout(Node(0, "Kept first appointments"))
    assert [box.lines for box in drawn.boxes] == [("Kept first appointments",)]
    assert drawn.links == ()


def test_a_parent_sits_level_with_its_children():
    drawn = layout(Node(0, "Aim", children=[Node(1, "A"), Node(1, "B")]))
    aim = next(box for box in drawn.boxes if box.column == 0)
    first, second = (box for box in drawn.boxes if box.column == 1)
    middle = (first.y + second.y + second.height) / 2
    assert abs(aim.y + aim.height / 2 - middle) < 1
