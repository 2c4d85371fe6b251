"""The public release written down as one system: its cells, the counts they show, and every relation.

A **cell** is one published figure: a stored result (a measure, a period, a population, a stratum and
group) or one closure reason of the access funnel. What a reader can take from a shown cell are its
counts, here **variables**: a percentage's numerator ``x`` and denominator ``n`` (so also the
"not met" count ``n − x``), a wait's number of waits ``n``, a rate's or a cost's number of clients
``people``. Two cells can show the same variable (both funnel measures show the number of requests;
penetration, dollars per client and dollars per eligible member rest on the same clients; a
population's total *is* everyone's cell for that age group or program): a variable is published as
soon as one shown cell carries it.

The **relations** a reader can use between variables, all linear:

- *groups to their total*: the groups of a stratum add up to the total of their table (a group
  "not recorded" stands for rows without a group, and is never shown);
- *populations to everyone*: the populations of one dimension (each age group, each program) add up
  to everyone's figure for the same stratum and group;
- *months to their quarter*, *quarters to their fiscal year* (July to June);
- *numerator within its denominator* (0 ≤ x ≤ n, so n − x ≥ 0 too);
- *funnel steps*: routine waits to a first offer are among the requests offered, waits to a first
  service among those served; the three timeliness standards judge disjoint sets of requests;
- *follow-up after hospitalization*: follow-up within 30 days and readmission judge the same
  discharges (one denominator), as do the two HEDIS FUH rates; the HEDIS FUH discharges are among
  the county's discharges not readmitted, and those followed up (or not) among the county's;
- *closure reasons*: the reasons add up to the requests that never reached a first service;
- *groups within coarser groups*: a stratum made by putting another's groups together (threshold
  language yes/no from the primary languages) has each group equal to the sum of its finer groups.

Counts of distinct clients (penetration, dollars) are not additive over time or across age groups (a
client served in two months is one client in the quarter; a birthday can move a client between age
groups): there the relations are the inequalities that hold (a month ≤ its quarter ≤ the sum of its
months), or an equation where the figures show it holds exactly.

Where a relation names a figure that is not published (a population's month inside a published
quarter when only the latest months are broken down), that figure is an unknown of the system with
its own relations to the published ones, never a zero.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from measures.suppression import SMALL_CELL_MAX

EVERYONE = ""
ALL = "all"
EQ, LE = "eq", "le"
UNRECORDED = "~not recorded"
CLOSURE_STRATUM = "closure_reason"
POPULATION_DIMENSIONS = ("age_group", "program")

GROUPS_TO_TOTAL = "groups to their total"
POPULATIONS_TO_EVERYONE = "populations to everyone"
MONTHS_TO_QUARTER = "months to their quarter"
QUARTERS_TO_YEAR = "quarters to their fiscal year"
NUMERATOR_IN_DENOMINATOR = "numerator within its denominator"
FUNNEL_STEPS = "funnel steps"
STANDARDS_IN_REQUESTS = "timeliness standards within the requests"
CLOSURE_REASONS = "closure reasons to requests not served"
FUH_IN_FOLLOW_UP = "HEDIS FUH discharges within the county's"
NESTED_GROUPS = "groups within coarser groups"

#: Strata whose groups are unions of another stratum's groups: coarse stratum -> the finer one. Which
#: finer group goes into which coarser one is county data (the code lists), given to ``release_build``.
NESTED_STRATA = {"threshold_language": "language"}

#: Measures whose counts are numbers of distinct clients (not additive over periods or age groups).
PEOPLE_MEASURES = ("penetration-rate", "approved-dollars-per-client", "approved-dollars-per-eligible")
#: Measures whose count is the number of waits measured (numerator and denominator are both it).
WAIT_MEASURES = ("days-to-first-offer", "days-to-first-service")
FUNNEL = ("requests-offered", "requests-first-service")
#: Follow-up after hospitalization by window: the county's measure and its HEDIS FUH variant.
FOLLOW_UP_VARIANTS = {7: ("follow-up-7-days", "hedis-fuh-7-days"), 30: ("follow-up-30-days", "hedis-fuh-30-days")}
READMISSION = "readmission-30-days"
#: Measures whose denominators count the same things, one variable for all: the funnel's requests;
#: the discharges judged at 30 days (``measures.compute.hospital``); the HEDIS FUH discharges.
SHARED_DENOMINATORS = {
    **dict.fromkeys(FUNNEL, "requests"),
    "follow-up-30-days": "discharges-30-days",
    READMISSION: "discharges-30-days",
    "hedis-fuh-7-days": "hedis-fuh-discharges",
    "hedis-fuh-30-days": "hedis-fuh-discharges",
}
#: Counts of discharges are tied to each other by those relations: the audit takes them together.
DISCHARGE_FAMILIES = frozenset(
    (*FOLLOW_UP_VARIANTS[7], *FOLLOW_UP_VARIANTS[30], READMISSION, "discharges-30-days", "hedis-fuh-discharges")
)
STANDARDS = (
    "routine-non-psychiatry-offered-10-days",
    "routine-psychiatry-offered-15-days",
    "urgent-offered-48-96-hours",
)
#: A hidden figure on a headline total costs far more than one on a group: the totals feed every chart.
TOTAL_WEIGHT = 1000.0


@dataclass
class Cell:
    """One published figure and the variables it shows (``x``, ``n`` or ``people`` → variable number)."""

    key: tuple  # (population, measure, period type, period start, stratum, group)
    quantities: dict[str, int]
    hidden: bool
    reason: str
    cost: float
    fixed: bool = False  # its status was settled by an earlier release and cannot change here
    target: dict | None = None  # the stored row or closure-reason entry the decision is written to
    kind: str = "result"  # "result", "closure" or "unrecorded"

    @property
    def primary(self) -> bool:
        return self.hidden and self.reason in ("small_count", "small_complement")


@dataclass(frozen=True)
class Relation:
    """Σ coefficient × variable = 0 (``eq``) or ≤ 0 (``le``)."""

    terms: tuple[tuple[int, float], ...]
    sense: str
    kind: str


@dataclass
class Release:
    keys: dict[tuple, int] = field(default_factory=dict)
    values: list[float | None] = field(default_factory=list)
    holders: list[list[int]] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    tables: set = field(default_factory=set)
    #: Per stratum of ``NESTED_STRATA``: a finer group -> its coarser group (None: not recorded).
    nestings: dict[str, Callable[[str], str | None]] = field(default_factory=dict)

    def variable(self, key: tuple, value: float | None) -> int:
        index = self.keys.get(key)
        if index is None:
            index = self.keys[key] = len(self.values)
            self.values.append(value)
            self.holders.append([])
        return index

    def add_cell(self, cell: Cell) -> None:
        number = len(self.cells)
        self.cells.append(cell)
        for variable in cell.quantities.values():
            self.holders[variable].append(number)
        self.tables.add(cell.key[:5])

    def relate(self, terms: Iterable[tuple[int, float]], sense: str, kind: str) -> None:
        merged: dict[int, float] = defaultdict(float)
        for variable, coefficient in terms:
            merged[variable] += coefficient
        kept = tuple((v, c) for v, c in sorted(merged.items()) if c)
        if kept:
            self.relations.append(Relation(kept, sense, kind))

    def published(self, variable: int) -> bool:
        return any(not self.cells[number].hidden for number in self.holders[variable])

    def forms(self, cell: Cell) -> list[tuple[tuple[tuple[int, float], ...], float]]:
        """The counts a reader might work out from a hidden cell, as (linear form, true value)."""
        out = []
        for variable in cell.quantities.values():
            out.append((((variable, 1.0),), self.values[variable]))
        if "x" in cell.quantities and "n" in cell.quantities:
            x, n = cell.quantities["x"], cell.quantities["n"]
            out.append((((x, -1.0), (n, 1.0)), self.values[n] - self.values[x]))
        return out

    def sensitive_forms(self, only=None) -> dict[tuple, float]:
        """Every count of 1 to 10 that a cell stands for (of the cells ``only`` accepts), once each.

        A hidden cell's are what the audit bounds; a shown cell has none after small-cell suppression,
        and any it has is published outright (the audit then fails it: a stored release was changed).
        """
        forms: dict[tuple, float] = {}
        for cell in self.cells:
            if cell.reason == "withdrawn" or (only is not None and not only(cell)):
                continue
            for terms, value in self.forms(cell):
                if value is not None and 1 <= round(value) <= SMALL_CELL_MAX:
                    forms[terms] = value
        return forms


def _quantities(code: str, row: dict) -> dict[str, tuple[str, float]]:
    """The variables a stored result shows: name → (family of the variable, its value)."""
    if code in PEOPLE_MEASURES:
        return {"people": ("service-use", float(row["details"].get("clients", row["denominator"])))}
    if code in WAIT_MEASURES:
        return {"n": (code, float(row["denominator"]))}
    denominator_family = SHARED_DENOMINATORS.get(code, code)
    return {"x": (code, float(row["numerator"])), "n": (denominator_family, float(row["denominator"]))}


def variable_key(population: str, family: str, name: str, period_type: str, start, stratum: str, group: str):
    """A variable's key; a population's total is everyone's cell for that population's group."""
    if population != EVERYONE and stratum == ALL:
        dimension, _sep, value = population.partition(":")
        return (EVERYONE, family, name, period_type, start, dimension, value)
    return (population, family, name, period_type, start, stratum, group)


def _cost(value: float, population: str, stratum: str) -> float:
    weight = TOTAL_WEIGHT if population == EVERYONE and stratum == ALL else 1.0
    return weight * (abs(value) + 1.0)


def release_build(
    rows: Iterable[tuple[str, str, dict]],
    *,
    fixed_populations: Iterable[str] = (),
    nestings: dict[str, Callable[[str], str | None]] | None = None,
) -> "Release":
    """The release of ``rows``: (population or "", measure code, result dict) triples.

    Result dicts carry ``period_type``, ``period_start``, ``stratum``, ``group``, ``numerator``,
    ``denominator``, ``details`` and ``suppressed`` with its reason (``reason`` or
    ``suppression_reason``). Cells of the populations named in ``fixed_populations`` ("" for
    everyone) keep their status: they were published by an earlier release. ``nestings`` gives, for
    each stratum of ``NESTED_STRATA`` the rows hold, the coarser group of each finer group
    (``measures.compute.strata.strata_nestings``); a release holding such a stratum without it is refused.
    """
    from .relations import relations_add

    release = Release(nestings=dict(nestings or {}))
    fixed = set(fixed_populations)
    for population, code, row in rows:
        start = row["period_start"]
        key = (population, code, row["period_type"], start, row["stratum"], row["group"])
        quantities = {}
        for name, (family, value) in _quantities(code, row).items():
            var_key = variable_key(population, family, name, row["period_type"], start, row["stratum"], row["group"])
            quantities[name] = release.variable(var_key, value)
        reason = row.get("suppression_reason", row.get("reason", "")) or ""
        size = float(row["denominator"]) if code not in PEOPLE_MEASURES else release.values[quantities["people"]]
        release.add_cell(
            Cell(
                key,
                quantities,
                hidden=bool(row["suppressed"]),
                reason=reason,
                cost=_cost(size, population, row["stratum"]),
                fixed=population in fixed,
                target=row,
            )
        )
        if code == "requests-first-service" and row["stratum"] == ALL and population == EVERYONE:
            _closure_cells(release, row, fixed=population in fixed)
    relations_add(release)
    return release


def _closure_cells(release: Release, row: dict, *, fixed: bool) -> None:
    for reason, entry in (row["details"].get("closure_reasons") or {}).items():
        key = (EVERYONE, "closure", "n", row["period_type"], row["period_start"], CLOSURE_STRATUM, reason)
        variable = release.variable(key, float(entry["count"]))
        release.add_cell(
            Cell(
                (EVERYONE, "closure", row["period_type"], row["period_start"], CLOSURE_STRATUM, reason),
                {"n": variable},
                hidden=bool(entry["suppressed"]),
                reason=_closure_reason(entry),
                cost=_cost(entry["count"], EVERYONE, CLOSURE_STRATUM),
                fixed=fixed,
                target=entry,
                kind="closure",
            )
        )


def _closure_reason(entry: dict) -> str:
    if not entry["suppressed"]:
        return ""
    return "small_count" if 1 <= entry["count"] <= SMALL_CELL_MAX else "complementary"


def period_parts(period_type: str, start: date) -> tuple[str, list[date]] | None:
    """The periods one level down that make up a quarter (its months) or a fiscal year (its quarters)."""
    if period_type == "quarter":
        return "month", [date(start.year, start.month + offset, 1) for offset in range(3)]
    if period_type == "fiscal_year":
        return "quarter", [
            date(start.year + (start.month + 3 * offset - 1) // 12, (start.month + 3 * offset - 1) % 12 + 1, 1)
            for offset in range(4)
        ]
    return None
