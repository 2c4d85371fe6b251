"""Secondary suppression over the linked tables: hide as little as possible until the audit passes.

Each table has already been suppressed on its own (:mod:`measures.suppression`: counts of 1 to 10,
and complementary cells within the table). What is left are leaks *across* tables, which this module
closes in two steps:

1. **No hidden count alone in a relation.** A relation in which a hidden count of 1 to 10 is the
   only unknown gives it away by subtraction (a month against its quarter, a population against
   everyone). For each one, the cheapest shown figure of that relation is hidden too.
2. **Audit, then hide where the audit says.** The audit (:mod:`.audit`) bounds every hidden count;
   for each one still too narrow, the relations that hold its bound where it is (the programme's
   binding constraints) name the figures that could widen it, and the cheapest of them is hidden.
   Hiding more never narrows a range, so only the counts that failed are audited again.

"Cheapest" is the cost of the figures a reader loses: a cell's size (hiding a group of 12 loses
less than a group of 300), a thousand times more for everyone's totals (the headline figures and
the control charts), and only figures that are not zero in the count being protected (an empty
cell widens nothing). A figure shown by an earlier release (everyone's results, when the population
breakdown is protected afterwards) is never hidden later: a reader may have kept it.
"""

from collections import defaultdict

from measures.suppression import SMALL_CELL_MAX

from .audit import WITHDRAWN, AuditReport, _System, release_audit
from .release import EQ, Release

SECONDARY = "secondary"
MAX_ROUNDS = 60


def release_protect(release: Release, *, only=None, withdraw=None) -> AuditReport:
    """Hide secondary cells in ``release`` (in place) until its audit passes, and return the audit.

    ``only`` (a test on cells) limits the audit to the hidden counts of some cells: those a new part
    of the release can affect, when the rest passed the audit of an earlier release. With
    ``withdraw`` (a cell's table key), a count still failing after step 1 withdraws every new cell
    sharing its key instead of hiding one figure at a time: quicker, for a release added to an
    earlier one (everyone's figures stay as they were published; the breakdown is what gives way).
    """
    _respect_earlier(release)
    relations_of = _relations_of(release)
    _alone(release, relations_of)
    # Each round audits quickly (a count not shown protected in a batch counts as failing), hides one
    # more figure for each failing count, and audits only those again; what is left at the end is
    # bounded one by one, which decides.
    report = release_audit(release, release.sensitive_forms(only), settle=False)
    if withdraw is not None and report.failures:
        _withdraw(release, report, withdraw)
        still = release.sensitive_forms(only)
        report.forms = {terms: form for terms, form in report.forms.items() if terms in still}
        report.update(release_audit(release, {f.terms: f.value for f in report.failures if f.terms in still}))
        return report
    for _round in range(MAX_ROUNDS):
        failures = report.failures
        if not failures:
            break
        system = _System(release)
        chosen: set[int] = set()
        for failure in failures:
            helper = _helper(release, system, failure.terms, chosen)
            if helper is not None:
                chosen.add(helper)
        if not chosen:
            break
        for variable in sorted(chosen):
            _hide(release, variable)
        report.update(release_audit(release, {form.terms: form.value for form in failures}, settle=False))
    if report.failures:
        report.update(release_audit(release, {form.terms: form.value for form in report.failures}))
    return report


def _withdraw(release: Release, report: AuditReport, key) -> None:
    """Withdraw every new cell of each table a failing count belongs to (its measure and period, all
    populations): none of them is shown, so what a reader can still say of them comes from the earlier
    release alone, and they are no longer counts of this one (they are not audited again)."""
    failing = {variable for form in report.failures for variable, _c in form.terms}
    tables = {key(release.cells[n]) for v in failing for n in release.holders[v]}
    for cell in release.cells:
        if not cell.fixed and cell.kind == "result" and key(cell) in tables:
            cell.hidden, cell.reason = True, WITHDRAWN


def _relations_of(release: Release) -> dict[int, list[int]]:
    out = defaultdict(list)
    for number, relation in enumerate(release.relations):
        for variable, _coefficient in relation.terms:
            out[variable].append(number)
    return out


def _respect_earlier(release: Release) -> None:
    """A count an earlier release hid stays hidden: every new cell that shows it is hidden too."""
    for holders in release.holders:
        fixed = [release.cells[number] for number in holders if release.cells[number].fixed]
        if fixed and all(cell.hidden for cell in fixed):
            for number in holders:
                cell = release.cells[number]
                if not cell.hidden:
                    cell.hidden, cell.reason = True, SECONDARY


def hideable_cost(release: Release, variable: int) -> float | None:
    """What hiding a published count costs (every shown cell showing it), or None if it cannot be hidden."""
    cost = 0.0
    for number in release.holders[variable]:
        cell = release.cells[number]
        if cell.hidden:
            continue
        if cell.fixed:
            return None
        cost += cell.cost
    return cost if cost else None


def _cheapest(release: Release, relation_numbers, exclude=()) -> int | None:
    best, best_cost = None, None
    for number in relation_numbers:
        for variable, _coefficient in release.relations[number].terms:
            value = release.values[variable]
            if variable in exclude or value is None or value < 1 or not release.published(variable):
                continue
            cost = hideable_cost(release, variable)
            if cost is not None and (best_cost is None or (cost, variable) < (best_cost, best)):
                best, best_cost = variable, cost
    return best


def _hide(release: Release, variable: int) -> None:
    for number in release.holders[variable]:
        cell = release.cells[number]
        if not cell.hidden:
            cell.hidden, cell.reason = True, SECONDARY


def _alone(release: Release, relations_of: dict[int, list[int]]) -> None:
    """Step 1: in every equation, each hidden count has company; a count of 1 to 10, enough of it.

    A hidden figure alone among the unknowns of an equation is given away by subtraction, and with it
    whatever it was hidden to protect: the cheapest shown figure of the equation is hidden beside it
    (this goes on until no hidden figure is alone, since a new one may be alone elsewhere). For a
    count of 1 to 10 the unknowns on its side of the equation must also add up to at least 11 in the
    count concerned. The "not met" count of a percentage is checked on the denominators' equation,
    since hiding a cell hides its numerator and denominator together.
    """
    queue = [number for number, cell in enumerate(release.cells) if cell.hidden]
    while queue:
        cell = release.cells[queue.pop()]
        small = {name for name, (terms, value) in _named_forms(release, cell).items() if _is_small(value)}
        for name, variable in cell.quantities.items():
            if release.published(variable) or release.values[variable] is None:
                continue
            checks = [None] + ([name] if name in small else []) + (["n-x"] if name == "n" and "n-x" in small else [])
            for number in relations_of[variable]:
                relation = release.relations[number]
                if relation.sense != EQ:
                    continue
                for check in checks:
                    for hidden in _company(release, relation, variable, check):
                        queue.extend(release.holders[hidden])


def _is_small(value) -> bool:
    return value is not None and 1 <= round(value) <= SMALL_CELL_MAX


def _named_forms(release: Release, cell) -> dict[str, tuple]:
    out = {name: (((variable, 1.0),), release.values[variable]) for name, variable in cell.quantities.items()}
    if "x" in cell.quantities and "n" in cell.quantities:
        x, n = cell.quantities["x"], cell.quantities["n"]
        out["n-x"] = (((x, -1.0), (n, 1.0)), release.values[n] - release.values[x])
    return out


def _amount(release: Release, variable: int, check: str) -> float | None:
    """How much of the count concerned a variable carries (for "n-x", its cell's not-met count)."""
    value = release.values[variable]
    if value is None or check != "n-x":
        return value
    holders = release.holders[variable]
    if len(holders) != 1 or "x" not in release.cells[holders[0]].quantities:
        return None
    return value - release.values[release.cells[holders[0]].quantities["x"]]


def _company(release: Release, relation, variable: int, check: str | None) -> list[int]:
    """Hide the cheapest shown figures of ``relation`` until ``variable`` is not alone among its unknowns
    (``check`` None) or the unknowns on its side add up to 11 or more in ``check``; returns what was hidden."""
    sign = dict(relation.terms)[variable]
    hidden = []
    while True:
        unknown = [(v, c) for v, c in relation.terms if not release.published(v)]
        if check is None:
            if len(unknown) > 1:
                return hidden
        else:
            if any(c * sign < 0 for _v, c in unknown):
                return hidden  # an unknown on the other side: this equation alone bounds nothing
            amounts = [_amount(release, v, check) for v, _c in unknown]
            if len(unknown) > 1 and (None in amounts or sum(amounts) > SMALL_CELL_MAX):
                return hidden
        best, best_cost = None, None
        for other, coefficient in relation.terms:
            amount = _amount(release, other, check or "")
            if check is not None and coefficient * sign < 0:
                continue
            if release.values[other] is None or not amount or amount < 1 or not release.published(other):
                continue
            cost = hideable_cost(release, other)
            if cost is not None and (best_cost is None or (cost, other) < (best_cost, best)):
                best, best_cost = other, cost
        if best is None:
            return hidden
        _hide(release, best)
        hidden.append(best)


def _helper(release: Release, system: _System, terms: tuple, chosen: set[int]) -> int | None:
    """The cheapest shown figure whose hiding can widen a failing count: first among the relations that
    hold its bound, then among all its relations, then one relation further out."""
    shown = [variable for variable, _c in terms if not system.unknown[variable]]
    if len(shown) == len(terms):  # a small count shown outright: the figure itself is hidden
        return min(shown, key=lambda variable: hideable_cost(release, variable) or float("inf"))
    binding = system.binding(terms)
    # A figure another count chose this round is in a relation holding this one: hiding it may well be
    # enough, so this count waits for the next audit rather than take the next cheapest figure (with
    # many counts failing at once, that would reach the totals).
    if any(variable in chosen for number in binding for variable, _c in release.relations[number].terms):
        return None
    helper = _cheapest(release, binding, exclude=chosen)
    if helper is not None or any(variable in chosen for variable, _c in terms):
        return helper
    reached = {variable for variable, _c in terms if system.unknown[variable]}
    for _hop in range(3):
        numbers = sorted({number for variable in reached for number in system.relations_of[variable]})
        helper = _cheapest(release, numbers, exclude=chosen)
        if helper is not None:
            return helper
        reached |= {v for number in numbers for v, _c in release.relations[number].terms if system.unknown[v]}
    return None
