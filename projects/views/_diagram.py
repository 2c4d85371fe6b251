"""The project's driver tree as the boxes of :mod:`projects.diagram`."""

from django.utils.translation import ngettext

from projects.diagram import Node
from projects.selectors.projects import aim_statement


def _idea_node(idea) -> Node:
    count = len(idea.cycles)
    note = ngettext("%(count)d PDSA cycle", "%(count)d PDSA cycles", count) % {"count": count} if count else ""
    return Node(3, idea.display_text, note=note)


def diagram_root(project, tree) -> Node:
    primaries = []
    for primary in tree:
        children = [
            Node(2, secondary.driver.display_text, children=[_idea_node(idea) for idea in secondary.ideas])
            for secondary in primary.children
        ]
        children += [_idea_node(idea) for idea in primary.ideas]
        primaries.append(Node(1, primary.driver.display_text, children=children))
    return Node(0, aim_statement(project), children=primaries)
