"""Reads for the grid, the pages, search and export."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aims import selectors
from aims.models import MatrixItem
from aims.tagging import register_tagged_kind, tagged_kinds, unregister_tagged_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def sub_items_as_tagged_kind():
    """Stand-in for another app's tagged model, alone: an item's sub-items are a real reverse relation."""
    registered = tagged_kinds()
    for kind in registered:
        unregister_tagged_kind(kind.key)
    register_tagged_kind(key="sub_items", label="sub-items", model=MatrixItem, related_name="children")
    yield
    unregister_tagged_kind("sub_items")
    for kind in registered:
        register_tagged_kind(
            key=kind.key,
            label=kind.label,
            model=kind.model,
            related_name=kind.related_name,
            cell_counter=kind.cell_counter,
        )


def _cell(grid, aim_slug, level_slug):
    row = next(row for row in grid.rows if row.aim.slug == aim_slug)
    return next(cell for cell in row.cells if cell.level.slug == level_slug)


def test_the_grid_has_every_aim_at_every_level_with_its_items():
    grid = selectors.framework_grid()
    assert [row.aim.slug for row in grid.rows][:2] == ["efficient", "timely"]
    assert [len(row.cells) for row in grid.rows] == [4] * 6
    assert grid.item_count == 110
    cell = _cell(grid, "timely", "providers")
    assert cell.item_count == 7
    monitor = cell.nodes[1]
    assert monitor.item.code == "TI-PR-02"
    assert [child.code for child in monitor.children] == ["TI-PR-02-a", "TI-PR-02-b", "TI-PR-02-c"]


def test_the_grid_counts_work_tagged_to_each_cell(sub_items_as_tagged_kind):
    grid = selectors.framework_grid()
    assert [(kind.key, kind.count) for kind in grid.kinds] == [("sub_items", 8)]
    assert _cell(grid, "timely", "providers").work_count == 3
    assert _cell(grid, "efficient", "providers").work_count == 2
    assert _cell(grid, "safe", "dmh").work_count == 0


def test_the_grid_runs_a_fixed_number_of_queries(sub_items_as_tagged_kind):
    assert len(tagged_kinds()) == 1
    with CaptureQueriesContext(connection) as queries:
        selectors.framework_grid()
    # aims, levels, items, and one per tagged kind, however many items there are
    assert len(queries) == 4


def test_filtering_the_grid_by_kind_and_level():
    needs = selectors.framework_grid(kind="need")
    assert needs.item_count == 21
    assert _cell(needs, "safe", "providers").item_count == 0
    dmh = selectors.framework_grid(level_slug="dmh")
    assert [level.slug for level in dmh.levels] == ["dmh"]
    assert dmh.item_count == 6 + 4 + 3 + 3 + 7 + 6


def test_search_matches_every_word_in_english_or_spanish():
    codes = set(selectors.matrix_items_search(query="disparities gender").values_list("code", flat=True))
    assert codes == {"EQ-PR-07", "EQ-DM-03", "EQ-LE-04"}
    spanish = set(selectors.matrix_items_search(query="disparidades").values_list("code", flat=True))
    assert {"EF-DM-04", "EQ-PR-07"} <= spanish


def test_search_finds_an_item_by_its_code_and_is_case_insensitive():
    assert list(selectors.matrix_items_search(query="ti-pr-02").values_list("code", flat=True)) == ["TI-PR-02"]
    assert selectors.matrix_items_search(query="LIMITED-ENGLISH").count() >= 2


def test_search_filters_by_kind_aim_and_level():
    results = selectors.matrix_items_search(query="access", kind="need", aim_slug="equity")
    assert results.count() > 0
    assert {(item.kind, item.aim.slug) for item in results} == {("need", "equity")}
    assert not selectors.matrix_items_search(query="access", level_slug="larger-environment", aim_slug="safe").exists()


def test_search_with_no_words_lists_everything_in_source_order():
    codes = list(selectors.matrix_items_search().values_list("code", flat=True))
    assert len(codes) == 118
    assert codes[:3] == ["EF-CF-01", "EF-CF-02", "EF-CF-03"]
    assert codes.index("EF-PR-06-a") == codes.index("EF-PR-06") + 1


def test_word_forms_match_where_the_database_can_stem_them():
    codes = set(selectors.matrix_items_search(query="disparity").values_list("code", flat=True))
    if connection.vendor == "postgresql":
        assert "EF-DM-04" in codes  # "Monitor for disparities ...", by full-text search
    else:
        assert codes == set()  # SQLite matches substrings only, and "disparity" is not in "disparities"


def test_export_rows_hold_every_item_parents_first():
    rows = selectors.matrix_export_rows()
    assert rows[0][:3] == ["code", "aim", "level"]
    assert len(rows) == 1 + 118
    codes = [row[0] for row in rows[1:]]
    assert codes.index("PF-CF-01") < codes.index("PF-CF-01-a")


def test_previous_and_next_items_follow_source_order():
    previous, following = selectors.matrix_item_siblings(item=MatrixItem.objects.get(code="EF-CF-03"))
    assert (previous.code, following.code) == ("EF-CF-02", "EF-PR-01")
    first_previous, _ = selectors.matrix_item_siblings(item=MatrixItem.objects.get(code="EF-CF-01"))
    assert first_previous is None


def test_measures_are_counted_in_the_cells_they_serve():
    grid = selectors.framework_grid()

    measures = next(tag for tag in _cell(grid, "timely", "clients-family").tagged if tag.key == "measures")
    # the three standards and the two steps of the access funnel (TI-CF-01), and days to first service (TI-CF-02)
    assert measures.count == 6
    assert _cell(grid, "safe", "dmh").work_count == 0
