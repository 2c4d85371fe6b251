"""Disclosure control over the whole release: each leak class, the protection rule, and an intruder.

The intruder here is written without the package's relations: it takes the published figures of a
small county as equations over the county's own people (each combination of group, population and
month is an unknown count) and asks a linear programme (SciPy's HiGHS) how small and how large each
hidden count can be. Whatever the package hides, no hidden count of 1 to 10 may be narrowed to fewer
than six values.
"""

from collections import defaultdict
from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from measures.compute.publication import release_protect_rows
from measures.disclosure.audit import PROTECTION_WIDTH, protected, release_audit
from measures.disclosure.release import release_build
from measures.suppression import GroupCounts, suppress_groups

WAITS = "days-to-first-offer"  # a count: numerator and denominator are both the number of waits
TIMELY = "routine-non-psychiatry-offered-10-days"  # a percentage: met (x) of judged (n)
JAN, FEB, MAR, Q1 = date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1), date(2025, 1, 1)


def result(period_type, start, stratum, group, x, n) -> dict:
    return {
        "period_type": period_type,
        "period_start": start,
        "stratum": stratum,
        "group": group,
        "numerator": float(x),
        "denominator": float(n),
        "details": {},
        "suppressed": False,
        "reason": "",
    }


def suppressed_by_table(rows: list[tuple[str, str, dict]], *, proportion: bool) -> list[tuple[str, str, dict]]:
    """Each table suppressed on its own, as the recompute does before the release is protected."""
    tables = defaultdict(list)
    for population, code, row in rows:
        tables[population, code, row["period_type"], row["period_start"], row["stratum"]].append(row)
    for (_population, _code, _type, _start, stratum), table in tables.items():
        decision = suppress_groups(
            [GroupCounts(row["group"] or "all", int(row["numerator"]), int(row["denominator"])) for row in table],
            proportion=proportion,
            total_shown=stratum != "all",
        )
        for row in table:
            reason = decision.hidden.get(row["group"] or "all", "")
            row.update(suppressed=bool(reason), reason=str(reason))
    return rows


def failing(release) -> list:
    return release_audit(release).failures


# --- The protection rule --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lower", "upper", "verdict"),
    [(8, 8, False), (2, 5, False), (0, 4, False), (0, 5, True), (3, 8, True), (0, 339, True)],
)
def test_a_hidden_count_is_protected_when_six_values_or_more_stay_possible(lower, upper, verdict):
    assert protected(4, lower, upper) is verdict


# --- Populations against everyone (the leak reported: 339 − 331 = 8) -----------------------------------------

AGE_GROUPS = {"0_5": (12, 20), "6_17": (84, 90), "18_20": (34, 40), "21_64": (201, 230), "65_plus": (8, 20)}


def populations_release() -> list[tuple[str, str, dict]]:
    rows = []
    female = sum(f for f, _m in AGE_GROUPS.values())
    male = sum(m for _f, m in AGE_GROUPS.values())
    rows += [("", WAITS, result("quarter", Q1, "all", "", female + male, female + male))]
    rows += [("", WAITS, result("quarter", Q1, "gender", "female", female, female))]
    rows += [("", WAITS, result("quarter", Q1, "gender", "male", male, male))]
    for age, (f, m) in AGE_GROUPS.items():
        rows.append(("", WAITS, result("quarter", Q1, "age_group", age, f + m, f + m)))
        population = f"age_group:{age}"
        rows.append((population, WAITS, result("quarter", Q1, "all", "", f + m, f + m)))
        rows.append((population, WAITS, result("quarter", Q1, "gender", "female", f, f)))
        rows.append((population, WAITS, result("quarter", Q1, "gender", "male", m, m)))
    return suppressed_by_table(rows, proportion=False)


def test_a_population_hidden_on_its_own_table_comes_back_by_subtraction_from_everyone():
    release = release_build(populations_release())

    leaks = failing(release)

    assert any(form.value == 8 and form.lower == form.upper == 8 for form in leaks), "339 − 331 = 8, exactly"


def test_protecting_the_release_hides_another_population_and_leaves_no_count_narrower_than_six_values():
    rows = populations_release()

    audit = release_protect_rows(rows)

    assert audit["passed"]
    assert audit["hidden_secondary"] > 1, "beyond the 65+ men hidden on their own table"
    hidden_women = [p for p, _code, row in rows if row["group"] == "female" and p and row["suppressed"]]
    assert len(hidden_women) >= 2, "the 65+ women are not the only population of women hidden"
    assert all(row["reason"] for _p, _c, row in rows if row["suppressed"])
    # The everyone figures, the largest and most read, stay shown.
    assert not any(row["suppressed"] for population, _c, row in rows if not population)


def test_a_small_count_shown_by_mistake_fails_the_audit_outright():
    rows = populations_release()
    shown_small = next(row for _p, _c, row in rows if row["reason"] == "small_count")
    shown_small.update(suppressed=False, reason="")

    leaks = failing(release_build(rows))

    assert any(form.value == 8 and form.lower == form.upper == 8 for form in leaks)


def test_an_earlier_release_is_never_changed_only_the_new_cells_give_way():
    rows = populations_release()
    everyone = {id(row): row["suppressed"] for population, _c, row in rows if not population}

    audit = release_protect_rows(rows, fixed_populations=[""])

    assert audit["passed"]
    assert {id(row): row["suppressed"] for population, _c, row in rows if not population} == everyone


# --- Months against their quarter ------------------------------------------------------------------------------

MONTHS = {JAN: (5, 50), FEB: (30, 60), MAR: (40, 55)}  # language a, language b


def months_release() -> list[tuple[str, str, dict]]:
    rows = []
    for month, (a, b) in MONTHS.items():
        rows += [
            ("", WAITS, result("month", month, "all", "", a + b, a + b)),
            ("", WAITS, result("month", month, "language", "a", a, a)),
            ("", WAITS, result("month", month, "language", "b", b, b)),
        ]
    a, b = (sum(pair[i] for pair in MONTHS.values()) for i in (0, 1))
    rows += [
        ("", WAITS, result("quarter", Q1, "all", "", a + b, a + b)),
        ("", WAITS, result("quarter", Q1, "language", "a", a, a)),
        ("", WAITS, result("quarter", Q1, "language", "b", b, b)),
    ]
    return suppressed_by_table(rows, proportion=False)


def test_a_month_hidden_in_its_own_table_is_the_quarter_minus_the_other_months():
    leaks = failing(release_build(months_release()))

    assert any(form.value == 5 and form.lower == form.upper == 5 for form in leaks), "75 − 30 − 40 = 5"


def test_protecting_hides_another_month_of_the_same_group_not_the_totals():
    rows = months_release()

    audit = release_protect_rows(rows)

    assert audit["passed"]
    hidden = {(row["period_start"], row["stratum"], row["group"]) for _p, _c, row in rows if row["suppressed"]}
    assert (JAN, "language", "a") in hidden
    assert any(start != JAN and group == "a" for start, _s, group in hidden) or (Q1, "language", "a") in hidden
    assert not any(stratum == "all" for _start, stratum, _group in hidden)


# --- The access funnel's closure reasons against the requests not served --------------------------------------


def funnel_release() -> list[tuple[str, str, dict]]:
    rows = []
    reasons = {JAN: {"open": 3, "declined": 40}, FEB: {"open": 20, "declined": 33}, MAR: {"open": 12, "declined": 41}}
    for month, by_reason in reasons.items():
        unserved = sum(by_reason.values())
        served = result("month", month, "all", "", 200 - unserved, 200)
        hidden = suppress_groups([GroupCounts(r, n, n) for r, n in by_reason.items()], proportion=False)
        served["details"] = {
            "closure_reasons": {r: {"count": n, "suppressed": hidden.is_hidden(r)} for r, n in by_reason.items()}
        }
        rows += [("", "requests-offered", result("month", month, "all", "", 180, 200))]
        rows += [("", "requests-first-service", served)]
    quarter = result("quarter", Q1, "all", "", 600 - 149, 600)
    quarter["details"] = {
        "closure_reasons": {"open": {"count": 35, "suppressed": False}, "declined": {"count": 114, "suppressed": False}}
    }
    rows += [("", "requests-offered", result("quarter", Q1, "all", "", 540, 600))]
    rows += [("", "requests-first-service", quarter)]
    return rows


def test_a_closure_reason_hidden_in_one_month_is_the_quarters_minus_the_other_months():
    rows = funnel_release()
    assert any(f.value == 3 and f.lower == f.upper == 3 for f in failing(release_build(rows))), "35 − 20 − 12 = 3"

    audit = release_protect_rows(rows)

    assert audit["passed"]
    open_hidden = [
        row["period_start"]
        for _p, code, row in rows
        if code == "requests-first-service" and row["details"]["closure_reasons"]["open"]["suppressed"]
    ]
    assert len(open_hidden) >= 2


# --- The intruder -------------------------------------------------------------------------------------------


def intruder_bounds(people: dict, published: dict[tuple, float], hidden: dict[tuple, float]) -> dict[tuple, tuple]:
    """The smallest and largest value of each hidden figure given the published ones, over the people.

    ``people`` maps each atom (group, month) to its count; a figure is a set of atoms (its key says
    which); the intruder knows every published figure and that counts are not negative.
    """
    atoms = sorted(people)
    column = {atom: index for index, atom in enumerate(atoms)}

    def row_of(figure):
        row = np.zeros(len(atoms))
        for atom in atoms:
            if figure_contains(figure, atom):
                row[column[atom]] = 1
        return row

    # With nothing published (every count small) the intruder knows only that counts are not negative.
    a_eq = np.array([row_of(figure) for figure in published]).reshape(len(published), len(atoms))
    b_eq = np.array(list(published.values()), dtype=float)
    bounds = {}
    for figure in hidden:
        objective = row_of(figure)
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        upper = np.inf if high.status == 3 else -high.fun
        bounds[figure] = (np.ceil(low.fun - 1e-6), np.floor(upper + 1e-6))
    return bounds


def figure_contains(figure: tuple, atom: tuple) -> bool:
    """Figure (period, group) holds atom (month, group): the group matches ('' for everyone) and the
    month is the period or inside the quarter ('Q')."""
    period, group = figure
    month, atom_group = atom
    return (group in ("", atom_group)) and (period in ("Q", month))


counts = st.integers(min_value=0, max_value=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=st.lists(st.lists(counts, min_size=3, max_size=3), min_size=2, max_size=4),
)
@example(table=[[0, 0, 0], [1, 1, 1]])  # every count small: nothing is published
def test_no_hidden_count_of_one_to_ten_can_be_narrowed_by_an_intruder(table):
    months = [JAN, FEB, MAR]
    groups = [f"g{index}" for index in range(len(table))]
    people = {(month, group): table[g][m] for g, group in enumerate(groups) for m, month in enumerate(months)}
    rows, figures = [], {}
    for period, period_type, start in [*((m, "month", m) for m in months), ("Q", "quarter", Q1)]:
        cells = [("", "all")] + [(group, "language") for group in groups]
        for group, stratum in cells:
            value = sum(n for atom, n in people.items() if figure_contains((period, group), atom))
            if value == 0 and group:
                continue  # a group with nobody in the period has no row
            row = result(period_type, start, stratum, group, value, value)
            rows.append(("", WAITS, row))
            figures[id(row)] = ((period, group), value)
    suppressed_by_table(rows, proportion=False)

    audit = release_protect_rows(rows)

    published = {figures[id(row)][0]: figures[id(row)][1] for _p, _c, row in rows if not row["suppressed"]}
    hidden = {figures[id(row)][0]: figures[id(row)][1] for _p, _c, row in rows if row["suppressed"]}
    bounds = intruder_bounds(people, published, hidden)
    for figure, value in hidden.items():
        if 1 <= value <= 10:
            lower, upper = bounds[figure]
            assert upper - lower >= PROTECTION_WIDTH, (figure, value, lower, upper, table)
    assert audit["passed"]


# --- A month whose rows all lack a group ----------------------------------------------------------------------


def test_a_month_in_which_no_row_has_a_group_still_adds_up_to_its_quarter_and_the_release_is_audited():
    """Found on a county of 300 clients: one discharge in April of a client whose language is not recorded, one
    in June of a client whose language is. April has a total and no language table; the quarter's language
    table has its "not recorded" part. The release must still be consistent (the recompute used to stop with
    AuditError, "the published figures contradict the relations of the release"), and small counts hidden."""
    apr, may, jun = date(2024, 4, 1), date(2024, 5, 1), date(2024, 6, 1)
    rows = [
        ("", WAITS, result("month", apr, "all", "", 1, 1)),
        ("", WAITS, result("month", may, "all", "", 0, 0)),
        ("", WAITS, result("month", jun, "all", "", 1, 1)),
        ("", WAITS, result("month", jun, "language", "english", 1, 1)),
        ("", WAITS, result("quarter", apr, "all", "", 2, 2)),
        ("", WAITS, result("quarter", apr, "language", "english", 1, 1)),
    ]
    rows = suppressed_by_table(rows, proportion=False)

    audit = release_protect_rows(rows)

    assert audit["passed"]
    shown = [row for _p, _c, row in rows if not row["suppressed"]]
    assert all(row["denominator"] == 0 or row["denominator"] > 10 for row in shown), "small counts stay hidden"
