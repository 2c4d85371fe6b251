"""How other apps attach their work to matrix items, so the framework can show coverage.

An app whose model serves matrix items gives it a many-to-many field to ``aims.MatrixItem`` and
registers it once, from its ``AppConfig.ready()``::

    register_tagged_kind(key="measures", label=_("measures"), model=Measure, related_name="measures")

The grid then counts, per aim × level cell, how many distinct objects of each kind are tagged to
items in that cell, and each item page lists them. The ``aims`` app never imports the others.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Model

CellCounts = dict[tuple[int, int], int]


@dataclass(frozen=True)
class TaggedKind:
    key: str
    label: str
    model: type[Model]
    related_name: str
    # Overrides the default count (e.g. a kind tagged to whole cells as well as to items).
    cell_counter: Callable[[], CellCounts] | None = None

    def cell_counts(self) -> CellCounts:
        if self.cell_counter is not None:
            return self.cell_counter()
        from aims.models import MatrixItem

        rows = (
            MatrixItem.objects.order_by()
            .values("aim_id", "level_id")
            .annotate(n=Count(self.related_name, distinct=True))
        )
        return {(row["aim_id"], row["level_id"]): row["n"] for row in rows}

    def objects_for_item(self, item) -> list[Model]:
        return list(getattr(item, self.related_name).all())


_registry: dict[str, TaggedKind] = {}


def register_tagged_kind(
    *,
    key: str,
    label: str,
    model: type[Model],
    related_name: str,
    cell_counter: Callable[[], CellCounts] | None = None,
) -> TaggedKind:
    kind = TaggedKind(key=key, label=label, model=model, related_name=related_name, cell_counter=cell_counter)
    _registry[key] = kind
    return kind


def unregister_tagged_kind(key: str) -> None:
    _registry.pop(key, None)


def tagged_kinds() -> list[TaggedKind]:
    return list(_registry.values())
