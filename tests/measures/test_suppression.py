"""Small-cell suppression: primary, derived and complementary, and that nothing hidden can be recovered."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from measures.suppression import GroupCounts, Reason, suppress_groups


def groups(*rows: tuple[str, int, int]) -> list[GroupCounts]:
    return [GroupCounts(key, numerator, denominator) for key, numerator, denominator in rows]


def test_counts_of_one_to_ten_are_hidden_and_zero_is_shown():
    table = groups(("a", 0, 0), ("b", 0, 40), ("c", 30, 60), ("d", 40, 80))

    assert suppress_groups(table).hidden == {}


def test_a_group_with_a_small_count_is_hidden_with_a_complementary_group():
    table = groups(("white", 50, 100), ("native_american", 3, 7), ("asian", 30, 45), ("black", 40, 60))

    result = suppress_groups(table)

    assert result.hidden == {"native_american": Reason.SMALL_COUNT, "asian": Reason.COMPLEMENTARY}
    assert not result.total_hidden


def test_a_percentage_that_reveals_a_few_people_without_the_event_is_hidden():
    table = groups(("a", 95, 100), ("b", 50, 100), ("c", 60, 100))

    assert suppress_groups(table).hidden["a"] == Reason.SMALL_COMPLEMENT


def test_hidden_cells_that_add_up_to_ten_or_less_take_another_cell_with_them():
    # 2 + 3 hidden: total − shown would reveal that the two hidden groups hold 5 people.
    table = groups(("a", 1, 2), ("b", 1, 3), ("c", 20, 40), ("d", 30, 50))

    assert set(suppress_groups(table).hidden) == {"a", "b", "c"}


def test_without_a_total_no_complementary_cell_is_needed():
    table = groups(("a", 3, 7), ("b", 30, 45))

    assert suppress_groups(table, total_shown=False).hidden == {"a": Reason.SMALL_COUNT}


def test_when_nothing_is_left_to_hide_the_total_is_hidden():
    result = suppress_groups(groups(("a", 3, 7)))

    assert result.total_hidden


def test_plain_counts_only_look_at_the_count():
    table = groups(("a", 100, 100), ("b", 12, 12), ("c", 5, 5), ("d", 40, 40))

    assert set(suppress_groups(table, proportion=False).hidden) == {"c", "b"}


@pytest.mark.parametrize(("numerator", "denominator"), [(-1, 5), (6, 5)])
def test_impossible_counts_are_refused(numerator, denominator):
    with pytest.raises(ValueError):  # noqa: PT011 (two different messages)
        GroupCounts("a", numerator, denominator)


group_rows = st.lists(
    st.integers(min_value=0, max_value=60).flatmap(
        lambda denominator: st.tuples(st.integers(min_value=0, max_value=denominator), st.just(denominator))
    ),
    min_size=1,
    max_size=8,
)


@given(rows=group_rows)
def test_nothing_hidden_can_be_recovered_by_subtraction_from_what_is_shown(rows):
    table = [GroupCounts(f"g{index}", numerator, denominator) for index, (numerator, denominator) in enumerate(rows)]

    result = suppress_groups(table)

    shown = [group for group in table if not result.is_hidden(group.key)]
    hidden = [group for group in table if result.is_hidden(group.key)]
    for group in shown:
        assert not any(1 <= count <= 10 for count in group.columns), "no small count is shown"
    if hidden and not result.total_hidden:
        assert len(hidden) >= 2, "a lone hidden cell is the total minus the others"
        for column in range(3):
            # What a reader can work out: the hidden cells' sum, from the total and the shown cells.
            recovered = sum(group.columns[column] for group in table) - sum(g.columns[column] for g in shown)
            assert recovered == 0 or recovered > 10
