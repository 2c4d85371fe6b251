"""Reads of the framework, shaped for the pages and the export. Each runs a fixed number of queries."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, QuerySet

from aims.models import Aim, BerwickLevel, FrameworkDefinition, ItemKind, Level, MatrixItem, RedesignRule
from aims.tagging import tagged_kinds


@dataclass
class ItemNode:
    """A top-level item with its sub-items, in source order."""

    item: MatrixItem
    children: list[MatrixItem] = field(default_factory=list)


@dataclass
class TaggedCount:
    key: str
    label: str
    count: int


@dataclass
class GridCell:
    aim: Aim
    level: Level
    nodes: list[ItemNode]
    tagged: list[TaggedCount]

    @property
    def item_count(self) -> int:
        """Top-level bullets, as the source counts them."""
        return len(self.nodes)

    @property
    def work_count(self) -> int:
        """Everything tagged to this cell: measures, CQI cells, PDSA cycles..."""
        return sum(tag.count for tag in self.tagged)


@dataclass
class GridRow:
    aim: Aim
    cells: list[GridCell]


@dataclass
class FrameworkGrid:
    levels: list[Level]
    rows: list[GridRow]
    kinds: list[TaggedCount]  # one per registered kind, with the total across the grid

    @property
    def item_count(self) -> int:
        return sum(cell.item_count for row in self.rows for cell in row.cells)


def _nest(items) -> list[ItemNode]:
    nodes: dict[int, ItemNode] = {}
    ordered: list[ItemNode] = []
    for item in items:
        if item.parent_id is None:
            nodes[item.pk] = ItemNode(item=item)
            ordered.append(nodes[item.pk])
        elif item.parent_id in nodes:
            nodes[item.parent_id].children.append(item)
    return ordered


def framework_grid(*, kind: str | None = None, level_slug: str | None = None) -> FrameworkGrid:
    """The aims × levels grid: every cell with its items and the work tagged to it.

    ``kind`` (need/strategy) and ``level_slug`` narrow the items shown; the cells stay, so the
    grid keeps its shape. Queries: aims, levels, items, and one per registered tagged kind.
    """
    aims = list(Aim.objects.all())
    levels = list(Level.objects.all())
    items = MatrixItem.objects.for_display()
    if kind:
        items = items.filter(kind=kind)
    if level_slug:
        items = items.filter(level__slug=level_slug)
        levels = [level for level in levels if level.slug == level_slug]

    by_cell: dict[tuple[int, int], list[MatrixItem]] = {}
    for item in items:
        by_cell.setdefault((item.aim_id, item.level_id), []).append(item)

    kind_counts = [(tagged_kind, tagged_kind.cell_counts()) for tagged_kind in tagged_kinds()]
    rows = []
    for aim in aims:
        cells = []
        for level in levels:
            key = (aim.pk, level.pk)
            tagged = [
                TaggedCount(key=tk.key, label=str(tk.label), count=counts.get(key, 0)) for tk, counts in kind_counts
            ]
            cells.append(GridCell(aim=aim, level=level, nodes=_nest(by_cell.get(key, [])), tagged=tagged))
        rows.append(GridRow(aim=aim, cells=cells))
    totals = [TaggedCount(key=tk.key, label=str(tk.label), count=sum(counts.values())) for tk, counts in kind_counts]
    return FrameworkGrid(levels=levels, rows=rows, kinds=totals)


def aim_get(*, slug: str) -> Aim:
    return Aim.objects.get(slug=slug)


def level_get(*, slug: str) -> Level:
    return Level.objects.prefetch_related("berwick_levels").get(slug=slug)


def _sections(items, *, groups, group_of) -> list[tuple]:
    """``items`` split into one section per group (in the groups' order), each nested."""
    by_group: dict[int, list[MatrixItem]] = {}
    for item in items:
        by_group.setdefault(group_of(item), []).append(item)
    return [(group, _nest(by_group.get(group.pk, []))) for group in groups]


def aim_sections(*, aim: Aim) -> list[tuple[Level, list[ItemNode]]]:
    """An aim's items, level by level."""
    items = MatrixItem.objects.for_display().filter(aim=aim)
    return _sections(items, groups=Level.objects.all(), group_of=lambda item: item.level_id)


def level_sections(*, level: Level) -> list[tuple[Aim, list[ItemNode]]]:
    """A level's items, aim by aim."""
    items = MatrixItem.objects.for_display().filter(level=level)
    return _sections(items, groups=Aim.objects.all(), group_of=lambda item: item.aim_id)


def matrix_item_get(*, code: str) -> MatrixItem:
    return MatrixItem.objects.select_related("aim", "level", "parent").get(code=code)


@dataclass
class TaggedObjects:
    key: str
    label: str
    objects: list


def matrix_item_tagged_objects(*, item: MatrixItem) -> list[TaggedObjects]:
    return [TaggedObjects(key=tk.key, label=str(tk.label), objects=tk.objects_for_item(item)) for tk in tagged_kinds()]


def matrix_item_children(*, item: MatrixItem) -> list[MatrixItem]:
    return list(item.children.order_by("order"))


def matrix_item_history(*, item: MatrixItem, limit: int = 20) -> list:
    return list(item.history.select_related("history_user").order_by("-history_date")[:limit])


def matrix_item_siblings(*, item: MatrixItem) -> tuple[MatrixItem | None, MatrixItem | None]:
    """The previous and next top-level item in source order, for page-to-page reading."""
    top = item.parent or item
    ordered = list(MatrixItem.objects.top_level().in_source_order().only("code", "text", "text_es"))
    codes = [candidate.code for candidate in ordered]
    position = codes.index(top.code)
    previous = ordered[position - 1] if position > 0 else None
    following = ordered[position + 1] if position + 1 < len(ordered) else None
    return previous, following


def _search_terms(query: str) -> list[str]:
    return [term for term in query.split() if term][:10]


def matrix_items_search(
    *,
    query: str = "",
    kind: str = "",
    aim_slug: str = "",
    level_slug: str = "",
) -> QuerySet[MatrixItem]:
    """Items matching every word of ``query`` (in English or Spanish), filtered by kind, aim, level.

    On PostgreSQL the words are also matched by full-text search with stemming in both languages
    (so "disparity" finds "disparities" and "cultural" finds "culturally"); everywhere, each word
    matches as a case-insensitive substring of the English or Spanish text or of the item's code.
    """
    items = MatrixItem.objects.for_display()
    if kind in ItemKind.values:
        items = items.filter(kind=kind)
    if aim_slug:
        items = items.filter(aim__slug=aim_slug)
    if level_slug:
        items = items.filter(level__slug=level_slug)
    terms = _search_terms(query)
    if not terms:
        return items

    substring_match = Q()
    for term in terms:
        substring_match &= Q(text__icontains=term) | Q(text_es__icontains=term) | Q(code__iexact=term)
    if connection.vendor != "postgresql":
        return items.filter(substring_match)

    from django.contrib.postgres.search import SearchQuery, SearchVector

    text = " ".join(terms)
    english = SearchVector("text", config="english")
    spanish = SearchVector("text_es", config="spanish")
    return items.annotate(english_vector=english, spanish_vector=spanish).filter(
        substring_match
        | Q(english_vector=SearchQuery(text, config="english", search_type="plain"))
        | Q(spanish_vector=SearchQuery(text, config="spanish", search_type="plain"))
    )


def framework_definitions() -> list[FrameworkDefinition]:
    return list(FrameworkDefinition.objects.all())


def redesign_rules() -> list[RedesignRule]:
    return list(RedesignRule.objects.all())


def berwick_levels() -> list[BerwickLevel]:
    return list(BerwickLevel.objects.prefetch_related("care_levels"))


def matrix_export_rows() -> list[list[str]]:
    """One row per item, parents before their sub-items, for the CSV export (bilingual always)."""
    header = ["code", "aim", "level", "heading", "kind", "parent_code", "order", "text", "text_es"]
    rows = [header]
    for item in MatrixItem.objects.for_display():
        rows.append(
            [
                item.code,
                item.aim.name,
                item.level.name,
                item.level.get_heading_display(),
                item.kind,
                item.parent.code if item.parent else "",
                str(item.order),
                item.text,
                item.text_es,
            ]
        )
    return rows
