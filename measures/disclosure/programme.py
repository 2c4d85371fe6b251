"""The linear programmes of the audit: one part of the release's system, solved by HiGHS."""

import os
import sys
from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse
from scipy.sparse import coo_matrix

from .release import EQ, Release


def _first_solver_made_quietly() -> None:
    """HiGHS (1.8 and later) prints its copyright banner on the process's standard output, from C++, the
    first time a solver is made, whatever ``output_flag`` says; it would land in the middle of ``make run``'s
    and the worker's logs. The first solver is made here, once, with file descriptor 1 pointed at /dev/null;
    every later one is silent (``output_flag`` off). A forked worker inherits the made-once state."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        quiet = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(quiet, 1)
            highspy.Highs()
        finally:
            os.close(quiet)
    finally:
        os.dup2(saved, 1)
        os.close(saved)


_first_solver_made_quietly()


class AuditError(Exception):
    """The release's figures contradict its own relations: a fault in how the release was written down."""


class Part:
    """Part of the system: its unknowns and the relations that bind them; every other count is a constant.

    Counts outside the part that are not published are held at their true values. That only narrows
    what a reader could work out, so a count shown protected within a part is protected in the
    release; a count that fails within its part is bounded again within its whole connected system.
    """

    def __init__(self, release: Release, variables: list[int], relations: list[int]):
        self.release = release
        self.variables = variables
        self.column = {variable: index for index, variable in enumerate(variables)}
        eq_rows, ub_rows = [], []
        for number in relations:
            (eq_rows if release.relations[number].sense == EQ else ub_rows).append(number)
        self.eq_relations, self.ub_relations = eq_rows, ub_rows
        self.A_eq, self.b_eq = self._matrix(eq_rows)
        self.A_ub, self.b_ub = self._matrix(ub_rows)
        self._programme: Programme | None = None

    def _matrix(self, numbers: list[int]):
        rows, cols, data, rhs = [], [], [], np.zeros(len(numbers))
        values, column = self.release.values, self.column
        for row, number in enumerate(numbers):
            for variable, coefficient in self.release.relations[number].terms:
                if variable in column:
                    rows.append(row)
                    cols.append(column[variable])
                    data.append(coefficient)
                else:
                    rhs[row] -= coefficient * values[variable]
        return coo_matrix((data, (rows, cols)), shape=(len(numbers), len(self.variables))).tocsr(), rhs

    def vector(self, terms) -> tuple[np.ndarray, float]:
        """A form as coefficients on this part's unknowns and a constant (its other terms)."""
        vector, constant = np.zeros(len(self.variables)), 0.0
        for variable, coefficient in terms:
            if variable in self.column:
                vector[self.column[variable]] += coefficient
            else:
                constant += coefficient * self.release.values[variable]
        return vector, constant

    def programme(self) -> "Programme":
        """This part's linear programme, kept so that bounding one count after another starts warm."""
        if self._programme is None:
            self._programme = Programme(self.A_eq, self.b_eq, self.A_ub, self.b_ub, [0.0] * len(self.variables))
        return self._programme

    def binding(self, result: "Result") -> tuple[int, ...]:
        """The relations whose duals are not zero at ``result``: those holding its bound where it is."""
        if result.duals is None:
            return ()
        numbers = self.eq_relations + self.ub_relations
        return tuple(numbers[i] for i in np.flatnonzero(np.abs(result.duals) > 1e-9))


@dataclass(frozen=True)
class Result:
    status: str  # "optimal" or "unbounded"
    value: float | None
    x: np.ndarray | None
    duals: np.ndarray | None


class Programme:
    """min c·z subject to A_eq z = b_eq, A_ub z ≤ b_ub and the columns' bounds, solved by HiGHS.

    The model is passed once; each new objective is solved from the last basis (warm start).
    """

    def __init__(self, a_eq, b_eq, a_ub, b_ub, lower, upper=None):
        matrix = sparse.vstack([a_eq, a_ub]).tocsc()
        self.columns = matrix.shape[1]
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.columns, matrix.shape[0]
        lp.col_cost_ = np.zeros(self.columns)
        lp.col_lower_ = np.asarray(lower, dtype=float)
        lp.col_upper_ = np.full(self.columns, highspy.kHighsInf) if upper is None else np.asarray(upper, dtype=float)
        lp.row_lower_ = np.concatenate([b_eq, np.full(len(b_ub), -highspy.kHighsInf)])
        lp.row_upper_ = np.concatenate([b_eq, b_ub])
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = self.columns, matrix.shape[0]
        lp.a_matrix_.start_ = matrix.indptr
        lp.a_matrix_.index_ = matrix.indices
        lp.a_matrix_.value_ = matrix.data
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.passModel(lp)
        self.indices = np.arange(self.columns, dtype=np.int32)

    def minimise(self, cost: np.ndarray) -> Result:
        self.highs.changeColsCost(self.columns, self.indices, np.asarray(cost, dtype=float))
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            solution = self.highs.getSolution()
            value = self.highs.getInfo().objective_function_value
            return Result("optimal", value, np.array(solution.col_value), np.array(solution.row_dual))
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return Result("unbounded", None, None, None)
        if status == highspy.HighsModelStatus.kInfeasible:
            raise AuditError("the published figures contradict the relations of the release")
        raise AuditError(f"the linear programme stopped without an answer ({status})")
