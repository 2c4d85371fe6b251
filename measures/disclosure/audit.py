"""The audit: what an intruder can work out about each hidden count from everything published together.

For every count of 1 to 10 that a hidden cell stands for (a numerator, a denominator, or the "not
met" count between them), the audit finds the smallest and largest values consistent with every
published figure and every relation of the release (:mod:`.release`), by linear programming (HiGHS,
through SciPy), as τ-ARGUS audits a set of linked tables. Bounds are rounded inwards to whole
numbers, since counts are whole.

**The protection rule.** A hidden count of 1 to 10 is protected when the published figures leave
at least six whole values possible for it (``upper − lower ≥ 5``). The public label of every hidden
cell already says "1 to 10, or more"; the rule is that nothing published narrows a count to fewer
than half of that range, so a reader's best guess of any hidden count is right at most one time in
six. An exactly determined count (the CMS policy's "derived" cell) fails by the widest margin; so
does one narrowed to "between 2 and 5". (Requiring a count to be able to reach 11, as some
frequency-table rules do, would force hiding large cells next to every small group whose own total
is small and hidden, for no gain against a reader who already knows such a group is small.)

Speed: the system splits into independent parts (variables are linked only through hidden ones),
and within a part most counts are shown protected in a few programmes at once: one programme
pushes every unsettled count up, another down, by up to the protection width at the same time;
each count whose two witnesses are far enough apart is protected. Only the rest are bounded
one by one.
"""

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import highspy
import numpy as np
from scipy import sparse
from scipy.sparse import coo_matrix

from .programme import AuditError, Part, Programme
from .release import (
    ALL,
    CLOSURE_STRATUM,
    DISCHARGE_FAMILIES,
    EVERYONE,
    FUNNEL,
    NESTED_STRATA,
    POPULATION_DIMENSIONS,
    STANDARDS,
    WAIT_MEASURES,
    Release,
)

__all__ = ["AuditError", "AuditReport", "FormAudit", "audit_summary", "protected", "release_audit"]

#: Six values possible at least (see the protection rule above).
PROTECTION_WIDTH = 5
_EPS = 1e-6
WITHDRAWN = "withdrawn"


def protected(value: float, lower: float, upper: float) -> bool:
    """The protection rule on an interval already rounded to whole numbers."""
    return upper - lower >= PROTECTION_WIDTH


@dataclass
class FormAudit:
    """One hidden count: its true value and what the published figures allow."""

    terms: tuple
    value: float
    lower: float | None = None  # None: not bounded one by one (at most the true value)
    upper: float | None = None  # when ``exact`` is False, a value shown to be possible, not the largest
    exact: bool = False
    passed: bool = False
    binding: tuple[int, ...] = ()  # relations that hold the failing bound where it is

    @property
    def width(self) -> float | None:
        if self.upper is None:
            return None
        return self.upper - (self.lower if self.lower is not None else self.value)


@dataclass
class AuditReport:
    forms: dict[tuple, FormAudit] = field(default_factory=dict)
    seconds: float = 0.0
    programmes: int = 0

    @property
    def failures(self) -> list[FormAudit]:
        return [form for form in self.forms.values() if not form.passed]

    @property
    def passed(self) -> bool:
        return not self.failures

    def update(self, other: "AuditReport") -> None:
        self.forms.update(other.forms)
        self.seconds += other.seconds
        self.programmes += other.programmes

    def narrowest(self) -> FormAudit | None:
        bounded = [form for form in self.forms.values() if form.width is not None]
        return min(bounded, key=lambda form: (form.width, form.value), default=None)


class _System:
    """The unknowns of a release, their relations, and the blocks they are audited in."""

    def __init__(self, release: Release):
        self.release = release
        size = len(release.values)
        # A count only withdrawn cells carry is not part of the release: the relations naming it are
        # not the reader's to use (withdrawing a measure's breakdown for a period leaves everyone's).
        absent = {
            variable
            for variable, holders in enumerate(release.holders)
            if holders and all(release.cells[n].reason == WITHDRAWN for n in holders)
        }
        self.unknown = np.array([not release.published(v) and v not in absent for v in range(size)], dtype=bool)
        self.relations_of: dict[int, list[int]] = defaultdict(list)
        for number, relation in enumerate(release.relations):
            if absent and any(variable in absent for variable, _c in relation.terms):
                continue
            for variable, _c in relation.terms:
                if self.unknown[variable]:
                    self.relations_of[variable].append(number)
        self.keys = [None] * size
        for key, variable in release.keys.items():
            self.keys[variable] = key
        self.members: list[dict[tuple, list[int]]] = [defaultdict(list) for _level in BLOCK_LEVELS]
        for variable in np.flatnonzero(self.unknown):
            for level, members in enumerate(self.members):
                members[self.block(int(variable), level)].append(int(variable))
        # A stratum's groups add up to the totals (everyone's, and each population's, which are
        # everyone's age-group and program cells): a block of groups takes the totals' unknowns in.
        populations = self.populations = any(key[0] != EVERYONE for key in release.keys)
        totals = (ALL, *POPULATION_DIMENSIONS) if populations else (ALL,)
        for members in self.members[:2]:
            for label in list(members):
                family, stratum, period = label
                if stratum not in totals:
                    for total in totals:
                        members[label] = members[label] + members.get((family, total, period), [])
                elif stratum == ALL:  # the closure reasons add up to the requests not served
                    members[label] = members[label] + members.get((family, CLOSURE_STRATUM, period), [])
        self._parts: dict[tuple, Part] = {}

    def binding(self, terms: tuple) -> tuple[int, ...]:
        """The relations holding ``terms`` where it is, within its stratum's block for the year."""
        hidden = next(variable for variable, _c in terms if self.unknown[variable])
        audited = _one_by_one(self.part(1, self.block(hidden, 1)), terms, 0.0, AuditReport(), exact=True)
        return audited.binding or _all_relations(self, terms)

    def totals_hidden(self, label: tuple) -> bool:
        """Whether a count that fails in its stratum's block must be audited again with the whole family
        and year: when the block's totals are unknown too (every stratum moves with them), or when the
        block is itself made of totals (everyone's, or the age groups and programs that are each
        population's total, which every stratum of that population adds up to)."""
        family, stratum, period = label
        if stratum == ALL or (self.populations and stratum in POPULATION_DIMENSIONS):
            return True
        return bool(self.members[1].get((family, ALL, period)))

    def block(self, variable: int, level: int) -> tuple:
        return BLOCK_LEVELS[level](self.keys[variable])

    def part(self, level: int, label: tuple) -> Part:
        if (level, label) not in self._parts:
            variables = list(self.members[level][label])
            inside = set(variables)
            # An unknown with no true value (a population's unpublished month) cannot be held: take it in.
            queue = list(variables)
            while queue:
                for number in self.relations_of[queue.pop()]:
                    for other, _c in self.release.relations[number].terms:
                        if self.unknown[other] and other not in inside and self.release.values[other] is None:
                            inside.add(other)
                            variables.append(other)
                            queue.append(other)
            relations = sorted({number for variable in variables for number in self.relations_of[variable]})
            self._parts[level, label] = Part(self.release, variables, relations)
        return self._parts[level, label]

    def whole(self, variable: int) -> Part:
        """The connected system of ``variable``: every unknown linked to it through relations."""
        seen, queue = {variable}, [variable]
        while queue:
            for number in self.relations_of[queue.pop()]:
                for other, _c in self.release.relations[number].terms:
                    if self.unknown[other] and other not in seen:
                        seen.add(other)
                        queue.append(other)
        key = ("whole", min(seen))
        if key not in self._parts:
            variables = sorted(seen)
            relations = sorted({number for v in variables for number in self.relations_of[v]})
            self._parts[key] = Part(self.release, variables, relations)
        return self._parts[key]


def _all_relations(system: "_System", terms: tuple) -> tuple[int, ...]:
    return tuple(sorted({number for variable, _c in terms for number in system.relations_of[variable]}))


#: Counts of requests are tied to each other (the funnel, the standards within the requests, the
#: closure reasons): they are audited together.
REQUEST_FAMILIES = frozenset(("requests", *FUNNEL, *STANDARDS, *WAIT_MEASURES, "closure"))


def _family_block(key: tuple) -> tuple[str, str]:
    # A coarser stratum is audited with the finer one it is the sum of (threshold language with the languages).
    family, stratum = key[1], NESTED_STRATA.get(key[5], key[5])
    if family in REQUEST_FAMILIES:
        return "requests", stratum
    if family in DISCHARGE_FAMILIES:  # tied the same way (shared denominators, HEDIS FUH within follow-up)
        return "discharges", stratum
    return family, stratum


def _fiscal_year(key: tuple) -> int:
    start = key[4]
    return start.year - (start.month < 7)


def _quarter(key: tuple) -> tuple:
    period_type, start = key[3], key[4]
    if period_type == "fiscal_year":
        return ("fiscal_year", start.year)
    return (start.year, (start.month - 1) // 3)


#: Blocks, smallest first: one family of counts and one stratum, in one quarter (its months and the
#: quarter; a fiscal year alone); then in one fiscal year; then, for everyone's totals only (they are
#: the sum of every stratum's groups), the family in the fiscal year with every stratum and population.
#: Counts outside a block are held at their true values.
BLOCK_LEVELS = (
    lambda key: (*_family_block(key), _quarter(key)),
    lambda key: (*_family_block(key), _fiscal_year(key)),
    lambda key: (_family_block(key)[0], _fiscal_year(key)),
)


def release_audit(
    release: Release, forms: dict[tuple, float] | None = None, *, exact: bool = False, settle: bool = True
) -> AuditReport:
    """Audit ``forms`` (by default every hidden count of 1 to 10) against everything ``release`` publishes.

    Each count is audited in its smallest block, then, if it fails there, in the larger one; a count
    that fails there fails. With ``settle`` False, a count not shown protected in a batch is reported
    as failing without being bounded one by one (faster, for the protection's rounds). With
    ``exact`` every count is bounded one by one (both ends) within its whole connected system
    instead: slower, and it gives each count's exact interval.
    """
    started = time.perf_counter()
    forms = release.sensitive_forms() if forms is None else forms
    report = AuditReport()
    system = _System(release)
    pending: dict[tuple, list[tuple]] = defaultdict(list)
    for terms in forms:
        hidden = [variable for variable, _c in terms if system.unknown[variable]]
        if not hidden:  # every term published: the count is shown outright
            report.forms[terms] = FormAudit(terms, forms[terms], forms[terms], forms[terms], exact=True)
        elif exact:
            report.forms[terms] = _one_by_one(system.whole(hidden[0]), terms, forms[terms], report, exact=True)
        else:
            pending[system.block(hidden[0], 0)].append(terms)
    last = len(BLOCK_LEVELS) - 1
    for level in range(last + 1):
        unsettled: dict[tuple, list[tuple]] = defaultdict(list)
        for label, block_forms in pending.items():
            part = system.part(level, label)
            for terms in _batch(part, block_forms, forms, report):
                if level < last and (level + 1 < last or system.totals_hidden(label)):  # a larger block
                    hidden = next(variable for variable, _c in terms if system.unknown[variable])
                    unsettled[system.block(hidden, level + 1)].append(terms)
                elif settle:
                    report.forms[terms] = _one_by_one(part, terms, forms[terms], report, exact=False)
                else:
                    report.forms[terms] = FormAudit(terms, forms[terms], passed=False)
        pending = unsettled
    report.seconds = time.perf_counter() - started
    return report


def _push(part: Part, remaining: list[tuple], forms: dict, sign: float, rng) -> np.ndarray:
    """One programme moving every count in ``remaining`` by up to the protection width (up for ``sign`` 1, down for −1)
    at once, weighted at random so that counts competing for the same room take turns. Returns how
    far each moved (negative: it had to move the other way)."""
    size, k = len(part.variables), len(remaining)
    rows, cols, data, values = [], [], [], []
    for row, terms in enumerate(remaining):
        constant = 0.0
        for variable, coefficient in terms:
            if variable in part.column:
                rows.append(row)
                cols.append(part.column[variable])
                data.append(-sign * coefficient)
            else:
                constant += coefficient * part.release.values[variable]
        values.append(forms[terms] - constant)
    # m_k ≤ sign·(f_k(z) − v_k), m_k ≤ width: maximise Σ w_k m_k.
    push = sparse.hstack([coo_matrix((data, (rows, cols)), shape=(k, size)), sparse.identity(k)])
    a_ub = sparse.vstack([sparse.hstack([part.A_ub, sparse.csr_matrix((part.A_ub.shape[0], k))]), push])
    a_eq = sparse.hstack([part.A_eq, sparse.csr_matrix((part.A_eq.shape[0], k))])
    b_ub = np.concatenate([part.b_ub, -sign * np.array(values)])
    lower = np.concatenate([np.zeros(size), np.full(k, -float(PROTECTION_WIDTH))])
    upper = np.concatenate([np.full(size, highspy.kHighsInf), np.full(k, float(PROTECTION_WIDTH))])
    programme = Programme(a_eq, part.b_eq, a_ub, b_ub, lower, upper)
    result = programme.minimise(np.concatenate([np.zeros(size), -rng.uniform(1.0, 2.0, k)]))
    if result.status != "optimal":
        return np.zeros(k)
    return result.x[size:]


def _batch(part: Part, remaining: list[tuple], forms: dict, report: AuditReport, rounds: int = 4) -> list[tuple]:
    """Show most counts protected a few programmes at a time; return those left to bound one by one."""
    rng = np.random.default_rng(0)
    up = dict.fromkeys(remaining, 0.0)
    down = dict.fromkeys(remaining, 0.0)
    for _round in range(rounds):
        if not remaining:
            break
        for sign, reached in ((1.0, up), (-1.0, down)):
            moved = _push(part, remaining, forms, sign, rng)
            report.programmes += 1
            for terms, distance in zip(remaining, moved, strict=True):
                reached[terms] = max(reached[terms], float(distance))
        settled = []
        for terms in remaining:
            value = forms[terms]
            upper = float(np.floor(value + up[terms] + _EPS))
            lower = float(np.ceil(value - down[terms] - _EPS))
            if protected(value, lower, upper):
                report.forms[terms] = FormAudit(terms, value, lower, upper, exact=False, passed=True)
                settled.append(terms)
        if not settled:
            break
        remaining = [terms for terms in remaining if terms not in set(settled)]
    return remaining


def _one_by_one(part: Part, terms: tuple, value: float, report: AuditReport, *, exact: bool) -> FormAudit:
    vector, constant = part.vector(terms)
    programme = part.programme()
    highest = programme.minimise(-vector)
    report.programmes += 1
    upper = float("inf") if highest.status == "unbounded" else float(np.floor(-highest.value + constant + _EPS))
    if not exact and upper >= value + PROTECTION_WIDTH:
        return FormAudit(terms, value, None, upper, exact=False, passed=True)
    lowest = programme.minimise(vector)
    report.programmes += 1
    lower = float(np.ceil(lowest.value + constant - _EPS))
    passed = protected(value, lower, upper)
    binding = () if passed else part.binding(highest) + part.binding(lowest)
    return FormAudit(terms, value, lower, upper, exact=True, passed=passed, binding=binding)


def audit_summary(release: Release, report: AuditReport) -> dict:
    """What the audit found, as stored on a computation and printed by ``manage.py disclosure_audit``."""
    hidden = Counter()
    for cell in release.cells:
        if cell.kind == "unrecorded":
            continue
        hidden["cells"] += 1
        if cell.hidden:
            hidden["primary" if cell.primary else cell.reason if cell.reason == "withdrawn" else "secondary"] += 1
    narrowest = report.narrowest()
    relations = Counter(relation.kind for relation in release.relations)
    return {
        "passed": report.passed,
        "tables": len(release.tables),
        "cells": hidden["cells"],
        "hidden_primary": hidden["primary"],
        "hidden_secondary": hidden["secondary"],
        "withdrawn": hidden["withdrawn"],
        "relations": dict(sorted(relations.items())),
        "counts_audited": len(report.forms),
        "bounded_one_by_one": sum(1 for form in report.forms.values() if form.exact),
        "programmes": report.programmes,
        "narrowest": _form_text(release, narrowest) if narrowest else None,
        "failures": [_form_text(release, form) for form in report.failures[:20]],
        "failure_count": len(report.failures),
        "seconds": round(report.seconds, 3),
    }


def _form_text(release: Release, form: FormAudit) -> dict:
    keys = {index: key for key, index in release.keys.items() if index in {v for v, _c in form.terms}}
    names = []
    for variable, coefficient in form.terms:
        population, family, name, period_type, start, stratum, group = keys[variable]
        where = f"{population or 'everyone'} {family}.{name} {period_type} {start} {stratum}:{group}"
        names.append(("" if coefficient > 0 else "minus ") + where)
    return {
        "count": " ".join(names),
        "value": form.value,
        "lower": form.lower,
        "upper": form.upper,
        "exact": form.exact,
        "passed": form.passed,
    }
