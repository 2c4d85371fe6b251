"""Every relation a reader can use between the figures of a release (see :mod:`.release` for the list)."""

from collections import defaultdict

from .release import (
    ALL,
    CLOSURE_REASONS,
    CLOSURE_STRATUM,
    DISCHARGE_FAMILIES,
    EQ,
    EVERYONE,
    FOLLOW_UP_VARIANTS,
    FUH_IN_FOLLOW_UP,
    FUNNEL_STEPS,
    GROUPS_TO_TOTAL,
    LE,
    MONTHS_TO_QUARTER,
    NESTED_GROUPS,
    NESTED_STRATA,
    NUMERATOR_IN_DENOMINATOR,
    POPULATIONS_TO_EVERYONE,
    QUARTERS_TO_YEAR,
    READMISSION,
    SHARED_DENOMINATORS,
    STANDARDS,
    STANDARDS_IN_REQUESTS,
    UNRECORDED,
    Cell,
    Release,
    period_parts,
)

PEOPLE = "service-use"
PERIOD_KINDS = {"quarter": MONTHS_TO_QUARTER, "fiscal_year": QUARTERS_TO_YEAR}


def relations_add(release: Release) -> None:
    """Write every relation between the variables of ``release`` (and the unknowns they name)."""
    keys = list(release.keys)
    _totals(release, keys)
    _populations(release, keys)
    unknown_periods = _periods(release)
    _unknown_periods(release, unknown_periods)
    _within_cells(release)
    _across_measures(release)
    _hedis_fuh_within_follow_up(release)
    _nested(release)


def _sum_relation(release: Release, parts: list[int], whole: int, *, family: str, kind: str, slack_key) -> None:
    """parts add up to whole; rows without a group become a hidden "not recorded" part; distinct
    clients that fall in two groups make it an inequality both ways."""
    values = release.values
    slack = values[whole] - sum(values[part] for part in parts)
    if abs(slack) < 1e-9:
        release.relate([*((p, 1.0) for p in parts), (whole, -1.0)], EQ, kind)
    elif slack > 0:
        pseudo = release.variable(slack_key, slack)
        release.add_cell(
            Cell(
                slack_key[:2] + slack_key[3:], {"n": pseudo}, True, "unrecorded", float("inf"), True, None, "unrecorded"
            )
        )
        release.relate([*((p, 1.0) for p in parts), (pseudo, 1.0), (whole, -1.0)], EQ, kind)
    else:  # only counts of distinct clients can add up to more than their total
        release.relate([(whole, 1.0), *((p, -1.0) for p in parts)], LE, kind)
        for part in parts:
            release.relate([(part, 1.0), (whole, -1.0)], LE, kind)


def _totals(release: Release, keys: list[tuple]) -> None:
    tables: dict[tuple, list[int]] = defaultdict(list)
    strata: dict[tuple, set] = defaultdict(set)
    starts: dict[tuple, set] = defaultdict(set)
    for key in keys:
        population, family, name, period_type, start, stratum, group = key
        starts[population, family, name, period_type].add(start)
        if stratum in (ALL, CLOSURE_STRATUM) or group == UNRECORDED:
            continue
        strata[population, family, name, period_type].add(stratum)
        tables[population, family, name, period_type, start, stratum].append(release.keys[key])
    # A period in which a stratum shows no group at all (every row of the month lacks it: one discharge of a
    # client whose language is not recorded) is a table too: its total is all "not recorded". Left out, the
    # quarter's "not recorded" part would have no months to add up from, and the release would contradict
    # itself (the audit's programme is infeasible) though every figure in it is true.
    for line, line_strata in strata.items():
        for start in starts[line]:
            for stratum in line_strata:
                tables.setdefault((*line, start, stratum), [])
    for (population, family, name, period_type, start, stratum), parts in tables.items():
        whole_key = _total_key(population, family, name, period_type, start)
        whole = release.keys.get(whole_key)
        if whole is None:
            continue
        slack_key = (population, family, name, period_type, start, stratum, UNRECORDED)
        _sum_relation(release, parts, whole, family=family, kind=GROUPS_TO_TOTAL, slack_key=slack_key)


def _total_key(population: str, family: str, name: str, period_type: str, start) -> tuple:
    if population == EVERYONE:
        return (EVERYONE, family, name, period_type, start, ALL, "")
    dimension, _sep, value = population.partition(":")
    return (EVERYONE, family, name, period_type, start, dimension, value)


def _populations(release: Release, keys: list[tuple]) -> None:
    sums: dict[tuple, list[int]] = defaultdict(list)
    for key in keys:
        population, family, name, period_type, start, stratum, group = key
        if population == EVERYONE or population.endswith(UNRECORDED) or group == UNRECORDED:
            continue
        dimension = population.partition(":")[0]
        sums[dimension, family, name, period_type, start, stratum, group].append(release.keys[key])
    for (dimension, family, name, period_type, start, stratum, group), parts in sums.items():
        whole = release.keys.get((EVERYONE, family, name, period_type, start, stratum, group))
        if whole is None:
            continue
        slack_key = (f"{dimension}:{UNRECORDED}", family, name, period_type, start, stratum, group)
        _sum_relation(release, parts, whole, family=family, kind=POPULATIONS_TO_EVERYONE, slack_key=slack_key)


def _periods(release: Release) -> set[tuple]:
    """Months to quarters, quarters to fiscal years, along every line (population, variable, group).

    A part that is absent is zero, except a population's period outside what the population release
    covers: that part is an unknown, returned as (population dimension, family, name, period type,
    start) for :func:`_unknown_periods` to relate to the published figures of its period.
    """
    lines: dict[tuple, dict[tuple, int]] = defaultdict(dict)
    covered: dict[tuple, set] = defaultdict(set)
    for key, variable in release.keys.items():
        population, family, name, period_type, start, stratum, group = key
        lines[population, family, name, stratum, group][period_type, start] = variable
        if population != EVERYONE:
            covered[population.partition(":")[0], family, name].add((period_type, start))
    unknown: set[tuple] = set()
    for (population, family, name, stratum, group), periods in list(lines.items()):
        dimension = population.partition(":")[0]
        for (period_type, start), whole in list(periods.items()):
            split = period_parts(period_type, start)
            if split is None:
                continue
            part_type, starts = split
            everyone_line = lines.get((EVERYONE, family, name, ALL, ""), periods)
            if not any((part_type, s) in everyone_line for s in starts):
                continue  # the release does not break this period down (none of its parts is computed)
            parts = []
            for part_start in starts:
                part = periods.get((part_type, part_start))
                if part is None and population != EVERYONE:
                    if (part_type, part_start) in covered[dimension, family, name]:
                        continue  # covered, and absent: zero
                    unknown.add((dimension, family, name, part_type, part_start))
                    part = release.variable((population, family, name, part_type, part_start, stratum, group), None)
                if part is not None:
                    parts.append(part)
            kind = PERIOD_KINDS[period_type]
            if family == PEOPLE:
                release.relate([(whole, 1.0), *((p, -1.0) for p in parts)], LE, kind)
                for part in parts:
                    release.relate([(part, 1.0), (whole, -1.0)], LE, kind)
            else:
                release.relate([*((p, 1.0) for p in parts), (whole, -1.0)], EQ, kind)
    return unknown


def _unknown_periods(release: Release, periods: set[tuple]) -> None:
    """A population's figures in a period it does not publish, tied to that period's published margins.

    For each such period the unknowns are the whole cross-table (each population of the dimension by
    each group of each stratum the population release shows); its margins are everyone's figures.
    """
    strata_of: dict[tuple, set] = defaultdict(set)
    groups_of: dict[tuple, dict[str, int]] = defaultdict(dict)
    for key, variable in release.keys.items():
        population, family, name, period_type, start, stratum, group = key
        if population != EVERYONE and stratum != ALL:
            strata_of[population.partition(":")[0], family, name].add(stratum)
        elif population == EVERYONE:
            groups_of[family, name, period_type, start, stratum][group] = variable
    made: set[int] = set()
    for dimension, family, name, period_type, start in sorted(periods, key=str):
        populations = dict(groups_of[family, name, period_type, start, dimension])
        exact = UNRECORDED not in populations and family != PEOPLE
        populations.pop(UNRECORDED, None)
        for stratum in sorted(strata_of[dimension, family, name]):
            # Rows without a group (a language not recorded) are one more group here: each population's
            # share of them is an unknown like its share of any group, and its period lines run through it.
            groups = dict(groups_of[family, name, period_type, start, stratum])
            exact_groups = family != PEOPLE
            cells = {
                (value, group): release.variable(
                    (f"{dimension}:{value}", family, name, period_type, start, stratum, group), None
                )
                for value in populations
                for group in groups
            }
            for value, total in populations.items():
                parts = [cells[value, group] for group in groups]
                _margin(release, parts, total, exact_groups, GROUPS_TO_TOTAL)
            for group, total in groups.items():
                parts = [cells[value, group] for value in populations]
                _margin(release, parts, total, exact, POPULATIONS_TO_EVERYONE)
            made.update(cells.values())
            if name == "x":  # each unknown numerator within its unknown denominator
                for (value, group), x in cells.items():
                    n_key = (f"{dimension}:{value}", family, "n", period_type, start, stratum, group)
                    if n_key in release.keys:
                        release.relate([(x, 1.0), (release.keys[n_key], -1.0)], LE, NUMERATOR_IN_DENOMINATOR)

    # An unknown named by a period relation whose group everyone lacks in that period is zero.
    for key, variable in release.keys.items():
        if release.values[variable] is None and variable not in made and not key[0].endswith(UNRECORDED):
            release.relate([(variable, 1.0)], EQ, POPULATIONS_TO_EVERYONE)


def _margin(release: Release, parts: list[int], total: int, exact: bool, kind: str) -> None:
    if exact:
        release.relate([*((p, 1.0) for p in parts), (total, -1.0)], EQ, kind)
    else:
        for part in parts:
            release.relate([(part, 1.0), (total, -1.0)], LE, kind)


def _within_cells(release: Release) -> None:
    for cell in release.cells:
        if "x" in cell.quantities and "n" in cell.quantities:
            release.relate([(cell.quantities["x"], 1.0), (cell.quantities["n"], -1.0)], LE, NUMERATOR_IN_DENOMINATOR)


def _across_measures(release: Release) -> None:
    """Funnel steps, standards within requests and closure reasons, cell by cell."""
    by_place: dict[tuple, dict[tuple, int]] = defaultdict(dict)
    closures: dict[tuple, list[int]] = defaultdict(list)
    for key, variable in release.keys.items():
        population, family, name, period_type, start, stratum, group = key
        by_place[population, period_type, start, stratum, group][family, name] = variable
        if family == "closure":
            closures[period_type, start].append(variable)
    for (population, period_type, start, stratum, _group), found in by_place.items():
        for waits, step in (
            ("days-to-first-offer", "requests-offered"),
            ("days-to-first-service", "requests-first-service"),
        ):
            if (waits, "n") in found and (step, "x") in found:
                release.relate([(found[waits, "n"], 1.0), (found[step, "x"], -1.0)], LE, FUNNEL_STEPS)
        standards = [found[code, "n"] for code in STANDARDS if (code, "n") in found]
        if standards and ("requests", "n") in found:
            release.relate([*((s, 1.0) for s in standards), (found["requests", "n"], -1.0)], LE, STANDARDS_IN_REQUESTS)
        reasons = closures.get((period_type, start)) if population == EVERYONE and stratum == ALL else None
        if reasons and ("requests", "n") in found and ("requests-first-service", "x") in found:
            release.relate(
                [
                    *((r, 1.0) for r in reasons),
                    (found["requests", "n"], -1.0),
                    (found["requests-first-service", "x"], 1.0),
                ],
                EQ,
                CLOSURE_REASONS,
            )


def _nested(release: Release) -> None:
    """Each group of a coarser stratum is the sum of the finer groups it is made of (threshold language
    "yes" is the threshold languages' groups added up), in every line both strata are in.

    A reader who knows the county's threshold languages can add the language groups up, so a language
    hidden in its own table must not come back as "yes" minus the other threshold languages. Unknown
    figures (a population's period not published) are related the same way.
    """
    for coarse, fine in NESTED_STRATA.items():
        lines: dict[tuple, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
        for key, variable in release.keys.items():
            population, family, name, period_type, start, stratum, group = key
            if stratum in (coarse, fine) and group != UNRECORDED:
                lines[population, family, name, period_type, start][stratum][group] = variable
        if not any(coarse in line for line in lines.values()):
            continue
        coarse_of = release.nestings.get(coarse)
        if coarse_of is None:
            raise ValueError(f"The release shows {coarse} but not which {fine} groups make up its groups.")
        for terms in _nested_equations(release, lines, coarse, fine, coarse_of):
            release.relate(terms, EQ, NESTED_GROUPS)


def _nested_equations(release: Release, lines: dict, coarse: str, fine: str, coarse_of) -> list[list]:
    """The equations of one nesting; none when the rule does not give the figures' own sums (a language
    marked as threshold after they were computed): a relation is left out rather than written down false."""
    equations = []
    for line in lines.values():
        if coarse not in line or fine not in line:
            continue
        parts: dict[str | None, list[int]] = defaultdict(list)
        for group, variable in line[fine].items():
            parts[coarse_of(group)].append(variable)
        for group, whole in line[coarse].items():
            terms = [*((part, 1.0) for part in parts.get(group, [])), (whole, -1.0)]
            values = [release.values[variable] for variable, _coefficient in terms]
            if None not in values and abs(sum(c * v for (_var, c), v in zip(terms, values, strict=True))) > 1e-9:
                return []
            equations.append(terms)
    return equations


def _hedis_fuh_within_follow_up(release: Release) -> None:
    """Place by place, the HEDIS FUH discharges are among the county's discharges judged at 30 days
    that were not readmitted, and those followed up (and not) among the county's of the same window.

    Both count the same episodes' discharges, with the same age group (the one on the discharge date)
    and follow-up visits; HEDIS FUH only leaves some out (``measures.compute.hospital``).
    """
    by_place: dict[tuple, dict[tuple, int]] = defaultdict(dict)
    for key, variable in release.keys.items():
        population, family, name, period_type, start, stratum, group = key
        if family in DISCHARGE_FAMILIES:
            by_place[population, period_type, start, stratum, group][family, name] = variable
    for found in by_place.values():
        hedis_n = found.get((SHARED_DENOMINATORS["hedis-fuh-7-days"], "n"))
        if hedis_n is None:
            continue
        for county, hedis in FOLLOW_UP_VARIANTS.values():
            county_x = found.get((county, "x"))
            county_n = found.get((SHARED_DENOMINATORS.get(county, county), "n"))
            hedis_x = found.get((hedis, "x"))
            if None in (county_x, county_n, hedis_x):
                continue
            release.relate([(hedis_x, 1.0), (county_x, -1.0)], LE, FUH_IN_FOLLOW_UP)
            release.relate([(hedis_n, 1.0), (hedis_x, -1.0), (county_n, -1.0), (county_x, 1.0)], LE, FUH_IN_FOLLOW_UP)
        judged = found.get((SHARED_DENOMINATORS[READMISSION], "n"))
        if judged is not None:
            readmitted = found.get((READMISSION, "x"))
            not_readmitted = [] if readmitted is None else [(readmitted, 1.0)]
            release.relate([(hedis_n, 1.0), (judged, -1.0), *not_readmitted], LE, FUH_IN_FOLLOW_UP)
