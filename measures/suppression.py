"""Small-cell suppression: which cells of a table of groups must not be shown (MEASURES.md section 4).

The rule (CMS cell-size suppression policy; CalHHS Data De-identification Guidelines):

1. Primary: a count of 1 to 10 is not shown. Zero is shown: a non-event identifies nobody. For a
   proportion, the count that did *not* have the event (denominator − numerator) counts too,
   because 95 % of 100 tells the reader that 5 people did not.
2. Everything derived from a suppressed count is suppressed with it: the rate or percentage, its
   interval, and the group's ratio or difference against the reference group. Callers do this by
   treating a suppressed group as wholly hidden.
3. Complementary: when the table shows a total, the hidden cells add up to the total minus what is
   shown. So one hidden cell alone is not enough (it could be recovered by subtraction), and the
   hidden cells must add up to 0 or to more than 10 in every column. More cells are hidden,
   smallest first, until both hold; if no cell is left to hide, the total is hidden too.

Pure functions: no database, no Django.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

SMALL_CELL_MAX = 10


class Reason(StrEnum):
    SMALL_COUNT = "small_count"
    SMALL_COMPLEMENT = "small_complement"
    COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class GroupCounts:
    """One row of a table: a group's numerator and denominator (for a plain count, both the same)."""

    key: str
    numerator: int
    denominator: int

    def __post_init__(self):
        if self.numerator < 0 or self.denominator < 0:
            raise ValueError("Counts cannot be negative.")
        if self.numerator > self.denominator:
            raise ValueError("The numerator cannot exceed the denominator.")

    @property
    def columns(self) -> tuple[int, int, int]:
        """The counts a reader can see or derive: events, non-events and the group size."""
        return (self.numerator, self.denominator - self.numerator, self.denominator)


@dataclass(frozen=True)
class Suppression:
    hidden: dict[str, Reason] = field(default_factory=dict)
    total_hidden: bool = False

    def is_hidden(self, key: str) -> bool:
        return key in self.hidden


def is_small(count: int, *, limit: int = SMALL_CELL_MAX) -> bool:
    return 1 <= count <= limit


def suppress_groups(
    groups: Sequence[GroupCounts], *, total_shown: bool = True, limit: int = SMALL_CELL_MAX, proportion: bool = True
) -> Suppression:
    """Decide which groups of one table are hidden, and whether its total must be hidden too.

    ``proportion`` says whether the numerator and its complement are shown or derivable (a
    percentage or rate); for a table of plain counts pass ``False`` and equal numerator and
    denominator.
    """
    keys = [group.key for group in groups]
    if len(set(keys)) != len(keys):
        raise ValueError("Group keys must be unique.")
    hidden: dict[str, Reason] = {}
    for group in groups:
        if is_small(group.denominator, limit=limit) or (proportion and is_small(group.numerator, limit=limit)):
            hidden[group.key] = Reason.SMALL_COUNT
        elif proportion and is_small(group.denominator - group.numerator, limit=limit):
            hidden[group.key] = Reason.SMALL_COMPLEMENT
    if not hidden or not total_shown:
        return Suppression(hidden=hidden)

    columns = range(3 if proportion else 1)
    by_key = {group.key: group for group in groups}

    def recoverable() -> bool:
        if len(hidden) == 1:
            return True
        return any(is_small(sum(by_key[key].columns[c] for key in hidden), limit=limit) for c in columns)

    # Smallest first keeps the information lost to a minimum; the key breaks ties reproducibly.
    candidates = sorted((g for g in groups if g.key not in hidden), key=lambda g: (g.denominator, g.key))
    while recoverable():
        if not candidates:
            return Suppression(hidden=hidden, total_hidden=True)
        hidden[candidates.pop(0).key] = Reason.COMPLEMENTARY
    return Suppression(hidden=hidden)
