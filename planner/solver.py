"""Run HiGHS on a built LP and return typed, solver-independent results.

Duals are converted here, at the solver boundary, to one convention: the change in
the objective per unit increase of a row's right-hand side (or of a variable's value,
for reduced costs), whatever the sense of the objective.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

import highspy
import pulp

from planner.lp import LinearProgram


class SolverStatus(StrEnum):
    """How a solve ended."""

    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    INFEASIBLE_OR_UNBOUNDED = "infeasible_or_unbounded"
    TIME_LIMIT = "time_limit"
    ERROR = "error"

    @property
    def is_ok(self) -> bool:
        """Return whether a usable optimum was found."""
        return self is SolverStatus.OPTIMAL


_STATUS = {
    highspy.HighsModelStatus.kOptimal: SolverStatus.OPTIMAL,
    highspy.HighsModelStatus.kModelEmpty: SolverStatus.OPTIMAL,
    highspy.HighsModelStatus.kInfeasible: SolverStatus.INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: SolverStatus.UNBOUNDED,
    highspy.HighsModelStatus.kUnboundedOrInfeasible: SolverStatus.INFEASIBLE_OR_UNBOUNDED,
    highspy.HighsModelStatus.kTimeLimit: SolverStatus.TIME_LIMIT,
    highspy.HighsModelStatus.kIterationLimit: SolverStatus.TIME_LIMIT,
}


@dataclass(frozen=True)
class Solution:
    """The numbers out of one solve, free of PuLP and HiGHS objects."""

    status: SolverStatus
    objective: float
    spend: tuple[float, ...]
    segment_spend: tuple[tuple[float, ...], ...]
    row_duals: dict[str, float]  # d objective / d right-hand side, by internal row name
    row_activity: dict[str, float]
    spend_reduced_costs: tuple[float, ...]  # d objective / d spend of each channel at its bound
    is_mip: bool = False
    mip_gap: float = 0.0


_banner_silenced = False


@contextlib.contextmanager
def _stdout_to_devnull() -> Iterator[None]:
    """Point the process's stdout at /dev/null: HiGHS writes its banner there from C++."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def silence_highs_banner() -> None:
    """Create the first HiGHS instance with stdout closed, so its once-per-process banner never prints."""
    global _banner_silenced
    if not _banner_silenced:
        with _stdout_to_devnull():
            highspy.Highs()  # type: ignore[no-untyped-call]
        _banner_silenced = True


def highs_solver(time_limit: float | None = None, mip_gap: float = 1e-6) -> pulp.HiGHS:
    """Return PuLP's HiGHS interface configured to stay quiet, single-threaded and deterministic."""
    silence_highs_banner()
    return pulp.HiGHS(msg=False, timeLimit=time_limit, gapRel=mip_gap, threads=1, log_to_console=False, random_seed=0)


def run_highs(lp: LinearProgram, time_limit: float | None = None) -> Solution:
    """Solve the LP (or MILP) with HiGHS and return values and duals in our convention."""
    solver = highs_solver(time_limit)
    lp.problem.solve(solver)
    highs = lp.problem.solverModel
    status = _STATUS.get(highs.getModelStatus(), SolverStatus.ERROR)
    if status is SolverStatus.INFEASIBLE_OR_UNBOUNDED:
        status = _disambiguate(lp)
    is_mip = bool(lp.order_binaries)
    gap = float(highs.getInfo().mip_gap) if is_mip and status.is_ok else 0.0
    if is_mip and status.is_ok:
        return _with_duals_of_fixed_mip(lp, gap)
    return _read_solution(lp, status, is_mip=False, gap=0.0)


def _disambiguate(lp: LinearProgram) -> SolverStatus:
    """Re-solve without presolve, which tells infeasible from unbounded."""
    lp.problem.solve(pulp.HiGHS(msg=False, presolve="off", threads=1, log_to_console=False))
    status = _STATUS.get(lp.problem.solverModel.getModelStatus(), SolverStatus.ERROR)
    return SolverStatus.INFEASIBLE if status is SolverStatus.INFEASIBLE_OR_UNBOUNDED else status


def _with_duals_of_fixed_mip(lp: LinearProgram, gap: float) -> Solution:
    """Fix the binaries at their optimum and re-solve the LP, whose duals are then meaningful."""
    saved = [(b.lowBound, b.upBound, b.cat) for b in lp.order_binaries]
    for binary in lp.order_binaries:
        value = round(binary.varValue or 0.0)
        binary.lowBound = binary.upBound = value
        binary.cat = pulp.LpContinuous
    try:
        lp.problem.solve(highs_solver())
        status = _STATUS.get(lp.problem.solverModel.getModelStatus(), SolverStatus.ERROR)
        return _read_solution(lp, status, is_mip=True, gap=gap)
    finally:
        for binary, (low, up, cat) in zip(lp.order_binaries, saved, strict=True):
            binary.lowBound, binary.upBound, binary.cat = low, up, cat


def _read_solution(lp: LinearProgram, status: SolverStatus, is_mip: bool, gap: float) -> Solution:
    # PuLP hands HiGHS a minimisation (it negates a maximisation), so its duals are of -objective.
    sign = -1.0 if lp.sense == "maximize" else 1.0
    constraints = lp.constraints
    ok = status.is_ok
    return Solution(
        status=status,
        objective=float(pulp.value(lp.problem.objective) or 0.0) if ok else float("nan"),
        spend=tuple(_value(v) for v in lp.spend),
        segment_spend=tuple(tuple(_value(v) for v in seg) for seg in lp.segments),
        row_duals={name: _clean(sign * (constraints[name].pi or 0.0)) for name in lp.rows} if ok else {},
        row_activity={name: _value_of(constraints[name]) for name in lp.rows} if ok else {},
        spend_reduced_costs=tuple(_clean(sign * (v.dj or 0.0)) for v in lp.spend) if ok else (),
        is_mip=is_mip,
        mip_gap=gap,
    )


def _value(variable: pulp.LpVariable) -> float:
    return _clean(float(variable.varValue or 0.0))


def _value_of(constraint: pulp.LpConstraint) -> float:
    """Return a row's left-hand side at the solution (PuLP keeps the constant on the left)."""
    return _clean(float(constraint.value() - constraint.constant))


def _clean(value: float) -> float:
    """Return value with solver noise (|x| < 1e-9) and negative zero removed."""
    return 0.0 if abs(value) < 1e-9 else value
