"""Run HiGHS on a built LP and return typed, solver-independent results.

The PuLP model is handed to HiGHS (through highspy) in one batch of arrays, and the
solution is read back as arrays: PuLP's own HiGHS interface adds columns and rows one
call at a time, which at 100k variables costs more than the solve. Duals are converted
here, at the solver boundary, to one convention: the change in the objective per unit
increase of a row's limit (or of a variable's value, for reduced costs), whatever the
sense of the objective.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

import highspy
import numpy as np
import pulp

from planner.model.i18n import Text
from planner.model.runtime import no_garbage_collection
from planner.optimize.lp import LinearProgram, budget_row, integer_variables, money_scale, variables
from planner.optimize.water_fill import water_fill

INFINITY = highspy.kHighsInf
# HiGHS's tolerances are absolute (1e-7 on feasibility, 1e-9 below which a coefficient is dropped), so
# the model is handed over in units where amounts of money, coefficients and costs are of moderate size.
# Inside these ranges nothing is rescaled (every demo scenario solves exactly as written); outside them a
# power of two brings the magnitude back to the middle, which changes no digit of the numbers themselves.
COEFFICIENT_RANGE = (1e-4, 1e4)  # a row's or the objective's largest |coefficient| left as it is
LARGEST_COEFFICIENT = 1e15  # HiGHS refuses larger coefficients (large_matrix_value)
DANTZIG_FROM_COLUMNS = 20_000  # from this many columns, simplex pricing is Dantzig's (see HighsSession)
WATER_FILL_FROM_COLUMNS = 20_000  # from this many, an LP whose only rule is the budget starts at its water-filling
INTERIOR_FROM_COLUMNS = 50_000  # from this many, a one-period LP is first solved by the interior point method
WIDE_COLUMNS_PER_ROW = 10  # both only where columns outnumber rows this many times (see HighsSession)
PRIMAL_SIMPLEX = 4  # HiGHS's simplex_strategy for the primal simplex
TIE = 1e-9  # a nonbasic column or row whose reduced cost is below this (solver units) may move at no cost


class SolverStatus(StrEnum):
    """How a solve ended."""

    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    INFEASIBLE_OR_UNBOUNDED = "infeasible_or_unbounded"
    TIME_LIMIT = "time_limit"
    BEST_FOUND = "best_found"  # a MILP stopped by its time limit with a plan: usable, its gap says how good
    ERROR = "error"

    @property
    def is_ok(self) -> bool:
        """Return whether a usable plan was found: the optimum, or a MILP's best within its time limit."""
        return self is SolverStatus.OPTIMAL or self is SolverStatus.BEST_FOUND


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
    row_duals: dict[str, float]  # d objective / d limit, by internal row name
    spend_reduced_costs: tuple[float, ...]  # d objective / d spend of each channel at its bound
    is_mip: bool = False
    mip_gap: float = 0.0
    detail: Text | str = ""  # why there is no usable answer, when the status alone does not say
    closed: frozenset[int] = frozenset()  # copies a MILP's on/off decisions hold at nothing (beyond a set-up fee)
    decided: bool = False  # the MILP has the user's own whole or on/off decisions (not only segment ordering)
    # d objective / d spend through each channel's segments (the dual of its spend = Σ segments row; NaN without
    # one): where a refined curve needs its breakpoints (refine_responses)
    marginals: tuple[float, ...] = ()


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


def new_highs(time_limit: float | None = None, mip_gap: float = 1e-6) -> highspy.Highs:
    """Return a quiet, single-threaded, deterministic HiGHS instance (its banner never reaches stdout)."""
    global _banner_silenced
    if not _banner_silenced:
        with _stdout_to_devnull():
            highs = highspy.Highs()  # type: ignore[no-untyped-call]
        _banner_silenced = True
    else:
        highs = highspy.Highs()  # type: ignore[no-untyped-call]
    for option, value in (
        ("output_flag", False),
        ("log_to_console", False),
        ("threads", 1),
        ("random_seed", 0),
        ("mip_rel_gap", mip_gap),
    ):
        highs.setOptionValue(option, value)
    if time_limit is not None:
        highs.setOptionValue("time_limit", float(time_limit))
    return highs


class HighsSession:
    """A PuLP model loaded into HiGHS, solved and re-solved (warm) after changing bounds, costs or coefficients."""

    def __init__(self, lp: LinearProgram, time_limit: float | None = None) -> None:
        with no_garbage_collection():
            self._setup(lp, time_limit)

    def _setup(self, lp: LinearProgram, time_limit: float | None) -> None:
        self.lp = lp
        self.highs = new_highs(time_limit if time_limit is not None else lp.time_limit, lp.mip_gap)
        columns = variables(lp)
        # Columns by the identity of their PuLP variable: a name is a property call away, an id a builtin's.
        self._position = {id(v): j for j, v in enumerate(columns)}
        self._columns = {(i, -1): self._position[id(v)] for i, v in enumerate(lp.spend)}
        self._columns.update(
            {(i, k): self._position[id(v)] for i, seg in enumerate(lp.segments) for k, v in enumerate(seg)}
        )
        self._rows = {id(c): r for r, c in enumerate(lp.all_constraints)}
        # HiGHS minimises; a maximisation is passed negated and its values and duals converted back.
        self._sense_sign = -1.0 if lp.sense == "maximize" else 1.0
        self._objective_sign = self._sense_sign
        # HiGHS sees column j as x_j / column_scale[j], row r divided by row_scale[r] and the objective
        # divided by objective_scale; values and duals are converted back on the way out.
        self.money_scale = money_scale(lp)
        money_columns = len(lp.spend) + sum(len(seg) for seg in lp.segments)
        self._column_scale = np.ones(len(columns))
        self._column_scale[:money_columns] = self.money_scale
        self._row_scale = np.ones(len(lp.all_constraints))
        self._objective_scale = 1.0
        self.refused: Text | str = ""  # why HiGHS cannot be given this model faithfully, if it cannot
        self._base_costs = self._load(columns)
        self._base_objective_scale = self._objective_scale
        loaded = (self.highs.getNumCol(), self.highs.getNumRow())
        if loaded != (len(columns), len(lp.all_constraints)):
            self.refused = Text("solver.refused", loaded=loaded[0], columns=len(columns))
        self.detail = self.refused
        # Presolve off at every size. On planning-sized models it costs ~1 ms and saves nothing (the simplex alone
        # takes 0.1 ms); on calendars it cost more than it saved at any size (365 days × 20 channels × 8 tranches);
        # and on many channels of long curves, many columns of one row each, it is quadratic: 100 channels × 201
        # pieces (20,200 columns) took 19.3 s with it against 0.3–0.55 s without (issue 13).
        self.highs.setOptionValue("presolve", "off")
        rows = max(len(lp.all_constraints), 1)
        wide = len(columns) >= WIDE_COLUMNS_PER_ROW * rows  # many pieces per channel: long curves, not many rules
        if wide and len(columns) >= DANTZIG_FROM_COLUMNS:
            # Many columns in few rows (thousands of channels' curves): the dual simplex's steepest-edge pricing
            # costs more per iteration than it saves in iterations. 1,000 channels × 31 pieces (30,662 columns):
            # 0.35 s with Dantzig pricing against 1.45 s (devex 0.61 s); at 17,000 columns they tie (issue 13).
            self.highs.setOptionValue("simplex_dual_edge_weight_strategy", 0)
        self.is_mip = bool(integer_variables(lp))
        if time_limit is None and not self.is_mip:
            # The scenario's `solver: time_limit` bounds a MILP's search; an LP is solved to its optimum, however
            # many channels (a caller's own time_limit still applies).
            self.highs.setOptionValue("time_limit", math.inf)
        # The simplex makes about one pivot per channel, each pricing every column: quadratic in channels. The
        # interior point method (with crossover to a vertex, for the duals and warm re-solves) grows about
        # linearly: 10,000 channels × 17 chords (170,000 columns) in 4.3 s against 32 s by the dual simplex, and
        # at 30,000 columns they tie. Only the first solve: re-solves start from the optimum's basis (simplex).
        # Both only on wide models: 100,000 columns of 4–5 tranches × 20,006 rows (bench_core) take 2.4 s of CPU by
        # the dual simplex with its own pricing, against 4.5 s by the interior point method and 34 s by Dantzig's.
        self._interior = not self.is_mip and lp.periods == 1 and wide and len(columns) >= INTERIOR_FROM_COLUMNS
        if self._interior:
            self.highs.setOptionValue("solver", "ipm")
        # Where the budget is the only rule, the plan best under it alone is the optimum: the simplex started there
        # only certifies it (and gives the duals). 10,000 channels × 17 chords: 0.83 s and 2,001 iterations, against
        # 6.6 s by the interior point method and 6.2 s by the dual simplex from nothing; 20,000 channels × 4
        # tranches (bench_core, not wide): 0.69 s against 3.95 s. With other rules too, that start cost more than it
        # saved (3,000 channels with a share, a limit and a ratio: about 3× the interior point method's time).
        # Worked out at the first run, unless a start is given before it (a refinement round's own).
        budget_alone = len(lp.all_constraints) == len(lp.link_rows) + 1
        large = len(columns) >= WATER_FILL_FROM_COLUMNS
        self._water_fill = not self.is_mip and lp.periods == 1 and large and budget_alone
        self._fixed_integers: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._rounded = False  # the last run's MILP optimum came from its rounded LP relaxation
        if self.is_mip:
            # The ordering and whole-unit MILPs are small and tight: primal heuristics cost more than they find.
            # On/off decisions (fees, thresholds, counts) are knapsacks where they find good plans early: 13 weeks ×
            # 20 channels to a 0.1% gap in 1.2–1.4 s with them against 13.6 s without (bench_economics, load 1–2).
            # RENS stays off: HiGHS 1.16 crashes in it on coefficients near 1e15 (tests/test_numerics.py), and
            # RINS costs more than it finds here (1.9–2.9 s with it).
            knapsack = bool(lp.active or lp.fees)
            for heuristic in ("feasibility_jump", "rins", "rens", "zi_round", "shifting", "root_reduced_cost"):
                if not knapsack or heuristic in ("rens", "rins"):
                    self.highs.setOptionValue(f"mip_heuristic_run_{heuristic}", False)

    def _at(self, variable: pulp.LpVariable) -> int:
        """Return the column of one of this LP's variables."""
        return self._position[id(variable)]

    def _load(self, columns: list[pulp.LpVariable]) -> np.ndarray:
        count = len(columns)
        scale = self._column_scale
        column_scale = scale.tolist()  # Python floats: indexing an array per coefficient costs more than the product
        position = self._position
        lower = np.array([-INFINITY if v.lowBound is None else v.lowBound for v in columns], dtype=float)
        upper = np.array([INFINITY if v.upBound is None else v.upBound for v in columns], dtype=float)
        costs = np.zeros(count)
        for variable, coefficient in self.lp.problem.objective.items():
            costs[position[id(variable)]] = self._sense_sign * coefficient
        costs = self._scaled_costs(costs)
        self.highs.addVars(count, _scaled_bounds(lower, scale), _scaled_bounds(upper, scale))
        self.highs.changeColsCost(count, np.arange(count, dtype=np.int32), costs)
        starts: list[int] = []
        indices: list[int] = []
        values: list[float] = []
        row_lower: list[float] = []
        row_upper: list[float] = []
        for r, constraint in enumerate(self.lp.all_constraints):
            start = len(indices)
            starts.append(start)
            for variable, coefficient in constraint.items():
                if coefficient:
                    column = position[id(variable)]
                    indices.append(column)
                    values.append(coefficient * column_scale[column])
            row_scale = _row_scale(values[start:])
            self._row_scale[r] = row_scale
            if row_scale != 1.0:
                values[start:] = [v / row_scale for v in values[start:]]
            # Coefficients below HiGHS's small_matrix_value are dropped there, which is harmless next to the
            # row's large ones; one above large_matrix_value makes it refuse the whole model.
            if any(abs(v) > LARGEST_COEFFICIENT for v in values[start:]):
                self.refused = Text("solver.coefficients_span")
            low, up = constraint.getLb(), constraint.getUb()
            row_lower.append(-INFINITY if low is None else low / row_scale)
            row_upper.append(INFINITY if up is None else up / row_scale)
        if starts:
            self.highs.addRows(
                len(starts),
                np.array(row_lower, dtype=float),
                np.array(row_upper, dtype=float),
                len(indices),
                np.array(starts, dtype=np.int32),
                np.array(indices, dtype=np.int32),
                np.array(values, dtype=float),
            )
        if integers := integer_variables(self.lp):
            whole = np.array([self._at(v) for v in integers], dtype=np.int32)
            self.highs.changeColsIntegrality(len(whole), whole, np.array([highspy.HighsVarType.kInteger] * len(whole)))
        return costs

    def _scaled_costs(self, costs: np.ndarray) -> np.ndarray:
        """Return costs per scaled column, divided by an objective scale chosen for them (kept for reading)."""
        costs = costs * self._column_scale
        largest = float(np.max(np.abs(costs))) if len(costs) else 0.0
        self._objective_scale = _power_of_two_outside(largest, COEFFICIENT_RANGE) if largest > 0 else 1.0
        return costs / self._objective_scale if self._objective_scale != 1.0 else costs

    def budget_only_plan(self) -> list[float] | None:
        """Return the best plan under the budget row alone, or None where there is no such row to share.

        Water-filling (optimize/water_fill.py) on the LP's own pieces: each channel at its floor, then the pieces
        that buy most per unit of budget first, within each channel's cap, until the budget is spent or no piece
        adds anything. On concave pieces that is the optimum of the budget row by itself; other rules may cut it
        back, and HiGHS starts from it either way.
        """
        lp = self.lp
        name = budget_row(lp)
        if name is None or lp.sense != "maximize" or lp.periods != 1 or self.is_mip:
            return None
        row = lp.constraints[name]
        weights = {v.name: c for v, c in row.items()}
        limit = row.getUb()
        if limit is None or any(weights.get(v.name) != 1 for v in lp.spend):
            return None  # a budget row of another shape (weighted, or not over every channel): no shortcut
        objective = {v.name: c for v, c in lp.problem.objective.items()}
        owner: list[int] = []
        widths: list[float] = []
        rates: list[float] = []
        for i, (variable, pieces) in enumerate(zip(lp.spend, lp.segments, strict=True)):
            own = objective.get(variable.name, 0.0)  # what spend itself adds (−1 a unit in a profit)
            for piece in pieces or [variable]:  # a channel of one segment is its spend variable
                owner.append(i)
                widths.append(math.inf if piece is variable or piece.upBound is None else piece.upBound)
                rates.append(own + (objective.get(piece.name, 0.0) if piece is not variable else 0.0))
        floors = np.array([v.lowBound or 0.0 for v in lp.spend], dtype=float)
        caps = np.array([math.inf if v.upBound is None else v.upBound for v in lp.spend], dtype=float)
        spend = water_fill(floors, caps, np.array(owner), np.array(widths), np.array(rates), limit)
        return None if spend is None else list(spend)

    def start_from(self, spend: Sequence[float]) -> None:
        """Start the next solve of an LP from a plan of each channel's spend (segments filled in order).

        A refined model (breakpoints added around the last plan) solved from that plan takes a fraction of a
        cold solve: 10,000 channels, 296,594 columns, 0.9 s and 2,062 simplex iterations against 9 s cold
        (HiGHS builds its starting basis from the values). A MILP ignores it: its start is a search's business.
        """
        if self.is_mip or len(spend) != len(self.lp.spend):
            return
        self._water_fill = False
        values = np.zeros(self.highs.getNumCol())
        for i, amount in enumerate(spend):
            values[self._columns[(i, -1)]] = amount
            left = amount
            for k, variable in enumerate(self.lp.segments[i]):
                width = variable.upBound if variable.upBound is not None else math.inf
                filled = min(max(left, 0.0), width)
                values[self._columns[(i, k)]] = filled
                left -= filled
        start = highspy.HighsSolution()
        start.col_value = values / self._column_scale
        start.value_valid = True
        self.highs.setSolution(start)
        # From a start, the simplex's own pricing: Dantzig's took 2.95 s against 0.27 s from the water-filling plan
        # of 10,000 channels, and 24 s on a refined model; and the interior point method would not use the start.
        self.highs.setOptionValue("simplex_dual_edge_weight_strategy", -1)
        if self._interior:
            self._interior = False
            self.highs.setOptionValue("solver", "choose")

    # -- what to change between solves -------------------------------------------------------

    def column(self, channel: int, segment: int = -1) -> int:
        """Return the HiGHS column of a channel's spend (segment -1) or of one of its segments."""
        return self._columns[(channel, segment)]

    def row(self, name: str) -> int:
        """Return the HiGHS row of a named LP row."""
        return self._rows[id(self.lp.constraints[name])]

    def set_row_bounds(self, name: str, lower: float, upper: float) -> None:
        """Set a row's lower and upper bound (±inf to drop it)."""
        index = self.row(name)
        scale = self._row_scale[index]
        self.highs.changeRowBounds(index, _finite(lower / scale), _finite(upper / scale))

    def row_bounds(self, name: str) -> tuple[float, float]:
        """Return a row's current lower and upper bound."""
        model = self.highs.getLp()
        index = self.row(name)
        scale = float(self._row_scale[index])
        return _unscaled(float(model.row_lower_[index]), scale), _unscaled(float(model.row_upper_[index]), scale)

    def set_spend_bounds(self, channel: int, lower: float, upper: float) -> None:
        """Set a channel's spend floor and cap."""
        index = self.column(channel)
        scale = self._column_scale[index]
        self.highs.changeColBounds(index, _finite(lower / scale), _finite(upper / scale))

    def spend_bounds(self, channel: int) -> tuple[float, float]:
        """Return a channel's current spend floor and cap."""
        model = self.highs.getLp()
        index = self.column(channel)
        scale = float(self._column_scale[index])
        return _unscaled(float(model.col_lower_[index]), scale), _unscaled(float(model.col_upper_[index]), scale)

    def set_coefficient(self, name: str, channel: int, segment: int, value: float) -> None:
        """Set one coefficient of a row."""
        row, column = self.row(name), self.column(channel, segment)
        self.highs.changeCoeff(row, column, value * self._column_scale[column] / self._row_scale[row])

    def minimise(self, costs: dict[tuple[int, int], float]) -> None:
        """Replace the objective with minimising Σ cost × column ({} for a pure feasibility check)."""
        values = np.zeros(len(self._base_costs))
        for key, cost in costs.items():
            values[self._columns[key]] = cost
        values = self._scaled_costs(values)
        self.highs.changeColsCost(len(values), np.arange(len(values), dtype=np.int32), values)
        self._objective_sign = 1.0

    def restore_objective(self) -> None:
        """Put the scenario's own objective back."""
        count = len(self._base_costs)
        self.highs.changeColsCost(count, np.arange(count, dtype=np.int32), self._base_costs)
        self._objective_sign = self._sense_sign
        self._objective_scale = self._base_objective_scale

    def restore_integers(self) -> None:
        """Make the integers fixed for a MILP's duals whole variables again, with their own bounds."""
        self._rounded = False
        if self._fixed_integers is None:
            return
        whole, lower, upper = self._fixed_integers
        self.highs.changeColsIntegrality(len(whole), whole, np.array([highspy.HighsVarType.kInteger] * len(whole)))
        self.highs.changeColsBounds(len(whole), whole, lower, upper)
        self._fixed_integers = None

    # -- even pacing: the second solve ------------------------------------------------------------

    def _optimal_face(self) -> tuple[np.ndarray, np.ndarray, highspy.HighsLp] | None:
        """Return the columns and rows that must stay where they are for the objective to stay optimal.

        By complementary slackness, a feasible point is optimal exactly when every column with a reduced
        cost stays at its bound and every row with a dual stays at its limit (the optimal face). None when
        nothing else may move either: when no column or inequality row at one of its bounds has a zero
        reduced cost, the optimum is dual non-degenerate and unique. (Basic columns at a bound count as
        open too: that only runs the second solve when it was not needed.) Also returns the model read.
        """
        result = self.highs.getSolution()
        if not result.dual_valid:
            return None
        model = self.highs.getLp()
        col_dual, row_dual = np.abs(np.asarray(result.col_dual)), np.abs(np.asarray(result.row_dual))
        col_open = _at_a_bound(np.asarray(result.col_value), model.col_lower_, model.col_upper_)
        row_open = _at_a_bound(np.asarray(result.row_value), model.row_lower_, model.row_upper_)
        if not ((col_open & (col_dual <= TIE)).any() or (row_open & (row_dual <= TIE)).any()):
            return None
        held_columns = np.flatnonzero(col_dual > TIE).astype(np.int32)
        return held_columns, np.flatnonzero(row_dual > TIE).astype(np.int32), model

    def may_tie(self) -> bool:
        """Return whether the last optimum may not be the only one: some nonbasic column or row costs nothing."""
        return self._optimal_face() is not None

    def pace_evenly(self, targets: dict[int, float]) -> tuple[tuple[float, ...], tuple[tuple[float, ...], ...]] | None:
        """Return spend and segment spend of the optimum nearest the targets (Σ |spend − target|), or None.

        A lexicographic second solve on the optimal face: columns with a reduced cost are held at their
        value and rows with a dual at their limit, so every point left has the objective of the first
        solve exactly (no tolerance traded for evenness), and the distance of each targeted channel's spend
        from its target is minimised (an auxiliary d ≥ |x − target| per channel). None when the optimum is
        unique (nothing can move) or already on target; bounds, costs and the basis are put back after, so
        re-solves stay warm.
        """
        spend = self.spend()
        scale = self.money_scale
        if all(abs(spend[i] - t) <= 1e-9 * max(scale, abs(t)) for i, t in targets.items()):
            return None
        face = self._optimal_face()
        if face is None:
            return None
        held_columns, held_rows, model = face
        basis = self.highs.getBasis()
        result = self.highs.getSolution()
        rows, columns = self.highs.getNumRow(), self.highs.getNumCol()
        column_bounds = np.asarray(model.col_lower_)[held_columns], np.asarray(model.col_upper_)[held_columns]
        row_bounds = np.asarray(model.row_lower_)[held_rows], np.asarray(model.row_upper_)[held_rows]
        at = np.asarray(result.col_value)[held_columns]
        self.highs.changeColsBounds(len(held_columns), held_columns, at, at)
        active = np.asarray(result.row_value)[held_rows]
        self.highs.changeRowsBounds(len(held_rows), held_rows, active, active)  # type: ignore[attr-defined]
        count = len(targets)
        channels = list(targets)
        # d_i ≥ x_i − t_i and d_i ≥ t_i − x_i, in the solver's units of money.
        self.highs.addVars(count, np.zeros(count), np.full(count, INFINITY))
        spend_columns = np.array([self.column(i) for i in channels], dtype=np.int32)
        deviation = np.arange(columns, columns + count, dtype=np.int32)
        even = np.array([targets[i] for i in channels]) / self._column_scale[spend_columns]
        starts = np.arange(0, 2 * count, 2, dtype=np.int32)
        indices = np.empty(2 * count, dtype=np.int32)
        indices[0::2], indices[1::2] = spend_columns, deviation
        unbounded = np.full(count, INFINITY)
        self.highs.addRows(count, -unbounded, even, 2 * count, starts, indices, np.tile([1.0, -1.0], count))
        self.highs.addRows(count, even, unbounded, 2 * count, starts, indices, np.tile([1.0, 1.0], count))
        every = np.arange(columns + count, dtype=np.int32)
        self.highs.changeColsCost(len(every), every, np.concatenate([np.zeros(columns), np.ones(count)]))
        # The last basis stays primal feasible (the deviations become basic): primal simplex goes on from it,
        # where dual simplex starts over (measured on 52 weeks × 20 channels: 0.38 s against 0.95 s).
        _, strategy = self.highs.getOptionValue("simplex_strategy")
        self.highs.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)
        try:
            status = self._run()
            if not status.is_ok:
                return None
            return tuple(self.spend()), self.segment_spend()
        finally:
            self.highs.setOptionValue("simplex_strategy", strategy)
            self.highs.deleteRows(2 * count, np.arange(rows, rows + 2 * count, dtype=np.int32))
            self.highs.deleteCols(count, deviation)
            self.highs.changeColsBounds(len(held_columns), held_columns, *column_bounds)
            self.highs.changeRowsBounds(len(held_rows), held_rows, *row_bounds)  # type: ignore[attr-defined]
            self.highs.changeColsCost(columns, np.arange(columns, dtype=np.int32), self._base_costs)
            self.highs.setBasis(basis)

    # -- solving and reading ---------------------------------------------------------------------

    def run(self) -> SolverStatus:
        """Solve; tell infeasible from unbounded when presolve could not; an optimum without values is an error."""
        if self.refused:
            return SolverStatus.ERROR
        self.restore_integers()
        status = self._relaxation_rounds() if self._rounds_on_air() else None
        if status is None:
            self.restore_integers()
            status = self._run()
        if status.is_ok:
            result = self.highs.getSolution()
            expected = self.highs.getNumCol()
            if expected and (not result.value_valid or len(result.col_value) != expected):
                self.detail = Text("solver.no_values", status=self.highs.getModelStatus().name)
                return SolverStatus.ERROR
        return status

    def _rounds_on_air(self) -> bool:
        """Return whether the only integers are on-air binaries (whose LP relaxation may round to an optimum)."""
        lp = self.lp
        return bool(lp.on_air) and not (lp.order_binaries or lp.unit_counts or lp.active or lp.fees)

    def _relaxation_rounds(self) -> SolverStatus | None:
        """Solve the LP relaxation and round it: the MILP's optimum when rounding loses nothing, else None.

        On-air binaries are relaxed; then each is set to 1 where its period spends the minimum anyway, and
        the LP is solved with them fixed. That plan is feasible for the MILP and no better than its optimum,
        which is no better than the relaxation's: equal objectives make it optimal (usual on calendars
        where a channel on air in most periods spends there anyway). An infeasible relaxation is an
        infeasible MILP. The integers are left fixed, as after `_fix_binaries` (duals of the fixed LP).
        """
        whole = np.array([self._at(v) for v in integer_variables(self.lp)], dtype=np.int32)
        model = self.highs.getLp()
        lower, upper = np.asarray(model.col_lower_)[whole], np.asarray(model.col_upper_)[whole]
        self._fixed_integers = (whole, lower, upper)
        continuous = np.array([highspy.HighsVarType.kContinuous] * len(whole))
        self.highs.changeColsIntegrality(len(whole), whole, continuous)
        status = self._run()
        if status is SolverStatus.INFEASIBLE:
            return status
        if not status.is_ok:
            return None
        relaxed = float(self.highs.getInfo().objective_function_value)
        result = self.highs.getSolution()
        values, activity = np.asarray(result.col_value), np.asarray(result.row_value)
        rounded = np.zeros(len(whole))
        for k, (name, minimum) in enumerate(self.lp.on_air_links):
            row = self.row(name)
            spend = activity[row] * self._row_scale[row] + minimum * values[whole[k]]
            rounded[k] = 1.0 if spend >= minimum - 1e-9 * max(1.0, minimum) * self.money_scale else 0.0
        self.highs.changeColsBounds(len(whole), whole, rounded, rounded)
        status = self._run()
        objective = float(self.highs.getInfo().objective_function_value)
        if status.is_ok and objective <= relaxed + 1e-9 * max(1.0, abs(relaxed)):
            self._rounded = True
            return status
        return None

    def _run(self) -> SolverStatus:
        if self._water_fill and (plan := self.budget_only_plan()) is not None:
            self.start_from(plan)
        self._water_fill = False
        self.highs.run()
        if self._interior:
            self._interior = False
            self.highs.setOptionValue("solver", "choose")
            if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                self.highs.run()  # whatever the interior point method could not settle, the simplex does
        if self.highs.getModelStatus() == highspy.HighsModelStatus.kUnknown and not self.is_mip:
            self._primal_simplex()
        status = _STATUS.get(self.highs.getModelStatus(), SolverStatus.ERROR)
        if status is SolverStatus.TIME_LIMIT and self.is_mip and self.highs.getInfo().primal_solution_status == 2:
            return SolverStatus.BEST_FOUND  # a feasible plan (kSolutionStatusFeasible), its gap reported
        if status is SolverStatus.INFEASIBLE_OR_UNBOUNDED:
            _, presolve = self.highs.getOptionValue("presolve")
            self.highs.setOptionValue("presolve", "off")
            self.highs.run()
            self.highs.setOptionValue("presolve", presolve)
            status = _STATUS.get(self.highs.getModelStatus(), SolverStatus.ERROR)
            if status is SolverStatus.INFEASIBLE_OR_UNBOUNDED:
                status = SolverStatus.INFEASIBLE
        return status

    def _primal_simplex(self) -> None:
        """Run again by the primal simplex, from the start, where the dual simplex stopped without an answer.

        Coefficients many orders of magnitude apart in one row (a KPI yield of −1e15 beside 0.002) can leave the
        dual simplex with no status it can prove (kUnknown: seen on one machine's floating point and not on
        another's); the primal simplex settles it, and what it returns is checked as any solve's is.
        """
        _, strategy = self.highs.getOptionValue("simplex_strategy")
        self.highs.setOptionValue("simplex_strategy", 4)
        self.highs.clearSolver()  # from the start: where the dual simplex stopped is no better a place
        try:
            self.highs.run()
        finally:
            self.highs.setOptionValue("simplex_strategy", strategy)

    def is_feasible(self) -> bool:
        """Return whether the current rows and bounds admit any plan."""
        return self.run() is not SolverStatus.INFEASIBLE

    def objective(self) -> float:
        """Return the objective at the last solve, in its own sense."""
        scaled = _clean(self._objective_sign * float(self.highs.getInfo().objective_function_value))
        return scaled * self._objective_scale if self._objective_scale != 1.0 else scaled

    def spend(self) -> list[float]:
        """Return each channel's spend at the last solve."""
        values = np.asarray(self.highs.getSolution().col_value)
        columns = np.array([self.column(i) for i in range(len(self.lp.spend))], dtype=np.int64)
        spend: list[float] = (_cleaned(values[columns]) * self._column_scale[columns]).tolist()
        return spend

    def segment_spend(self) -> tuple[tuple[float, ...], ...]:
        """Return each channel's spend per segment at the last solve (without touching the model)."""
        scale = self._column_scale
        values = (_cleaned(np.asarray(self.highs.getSolution().col_value)[: len(scale)]) * scale).tolist()
        # A channel's segment columns are consecutive (see lp.variables), so each is one slice.
        spans = [(self._columns[(i, 0)], len(seg)) if seg else (0, 0) for i, seg in enumerate(self.lp.segments)]
        return tuple(tuple(values[start : start + count]) for start, count in spans)

    def row_dual(self, name: str) -> float:
        """Return a row's dual at the last solve, in our convention (d objective / d limit)."""
        index = self.row(name)
        scaled = _clean(self._objective_sign * float(self.highs.getSolution().row_dual[index]))
        return scaled * self._objective_scale / float(self._row_scale[index])

    def solution(self, status: SolverStatus) -> Solution:
        """Return the last solve's values and duals; a MILP's duals come from its LP with binaries fixed."""
        if not status.is_ok:
            return Solution(status, math.nan, (), (), {}, (), detail=self.detail)
        gap = 0.0
        if self.is_mip and self._fixed_integers is None:
            gap = _clean(float(self.highs.getInfo().mip_gap))  # 3e-13 is the solver's noise, a gap of 0
            self._fix_binaries()
        result = self.highs.getSolution()
        # Noise is cleaned in the solver's units, where its tolerances apply, before converting back.
        values = _cleaned(np.asarray(result.col_value)) * self._column_scale
        column_duals = _cleaned(self._objective_sign * np.asarray(result.col_dual))
        column_duals = column_duals * (self._objective_scale / self._column_scale)
        row_duals = _cleaned(self._objective_sign * np.asarray(result.row_dual))
        row_duals = row_duals * (self._objective_scale / self._row_scale)
        spend_columns = np.array([self.column(i) for i in range(len(self.lp.spend))], dtype=np.int64)
        # A channel's segment columns are consecutive (see lp.variables), so each is one slice.
        segment_values = values.tolist()
        spans = [(self._columns[(i, 0)], len(seg)) if seg else (0, 0) for i, seg in enumerate(self.lp.segments)]
        return Solution(
            status=status,
            objective=self.objective(),
            spend=tuple(values[spend_columns].tolist()),
            segment_spend=tuple(tuple(segment_values[start : start + count]) for start, count in spans),
            row_duals={name: float(row_duals[self.row(name)]) for name in self.lp.rows},
            spend_reduced_costs=tuple(column_duals[spend_columns].tolist()),
            is_mip=self.is_mip,
            mip_gap=gap,
            closed=self._closed(),
            decided=bool(self.lp.unit_counts or self.lp.active or self.lp.fees or self.lp.on_air),
            marginals=self._marginals(row_duals),
        )

    def _marginals(self, row_duals: np.ndarray) -> tuple[float, ...]:
        """Return the dual of every channel's link row (spend = Σ segments) as d objective / d segment spend."""
        rows = self.lp.link_rows
        return tuple(-float(row_duals[rows[i]]) if i in rows else math.nan for i in range(len(self.lp.segments)))

    def _closed(self) -> frozenset[int]:
        """Return the copies held at nothing in the last solve: their on/off binary at 0, or before their start."""
        lp = self.lp
        if not (lp.active or lp.fees):
            return frozenset()
        values = np.asarray(self.highs.getSolution().col_value)
        closed = {i for i, binary in lp.active.items() if values[self._at(binary)] < 0.5}
        count = len(lp.spend) // lp.periods
        for channel, starts in lp.fees.items():
            open_from = self._start(starts, values)
            closed.update(
                i for i in (p * count + channel for p in range(lp.periods)) if open_from is None or i < open_from
            )
        return frozenset(closed)

    def closed(self) -> frozenset[int]:
        """Return the copies the last solve's on/off decisions hold at nothing."""
        return self._closed()

    def start_where_spent(self, segment_spend: tuple[tuple[float, ...], ...]) -> bool:
        """Move each set-up fee to the first period its channel's media spend in; return whether one moved.

        The fee is paid where the channel starts: moving it later keeps every period's media, so the objective
        stays (checked; a per-period rule that the move breaks keeps the fee where it was).
        """
        lp = self.lp
        values = np.asarray(self.highs.getSolution().col_value)
        moves = []
        for starts in lp.fees.values():
            at = self._start(starts, values)
            spent = [i for i, _ in starts if sum(segment_spend[i][1:]) > 1e-9 * self.money_scale]
            first = min(spent, default=None)
            if at is not None and first is not None and first > at:
                columns = {i: self._at(start) for i, start in starts}
                moves.append((columns[at], columns[first]))
                # Before its start a channel is off: on/off binaries opened there close again.
                moves += [(self._at(lp.active[i]), -1) for i, _ in starts if at <= i < first and i in lp.active]
        if not moves:
            return False
        self.highs.run()  # the scenario's own objective, as last solved (even pacing put costs and basis back)
        objective = float(self.highs.getInfo().objective_function_value)
        basis = self.highs.getBasis()
        before = {old: float(values[old]) for old, _ in moves}
        for old, new in moves:
            self.highs.changeColBounds(old, 0.0, 0.0)
            if new >= 0:
                self.highs.changeColBounds(new, 1.0, 1.0)
        self.highs.run()
        same = float(self.highs.getInfo().objective_function_value)
        if self.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal and same <= objective + 1e-9 * max(
            1.0, abs(objective)
        ):
            return True
        for old, new in moves:
            self.highs.changeColBounds(old, before[old], before[old])
            if new >= 0:
                self.highs.changeColBounds(new, 0.0, 0.0)
        self.highs.setBasis(basis)
        self.highs.run()
        return False

    def _start(self, starts: list[tuple[int, pulp.LpVariable]], values: np.ndarray) -> int | None:
        """Return the copy a set-up fee is paid in (the channel starts there), or None if it is not paid."""
        return next((i for i, start in starts if values[self._at(start)] >= 0.5), None)

    def _fix_binaries(self) -> None:
        """Fix each integer at its optimum and re-solve the LP, whose duals are then meaningful.

        A set-up fee the optimum pays for a channel that spends nothing else is a tie (the budget had room):
        it is dropped where the objective stays the same, so no plan pays for a channel it does not run.
        """
        values = np.asarray(self.highs.getSolution().col_value)
        objective = float(self.highs.getInfo().objective_function_value)
        integers = integer_variables(self.lp)
        whole = np.array([self._at(v) for v in integers], dtype=np.int32)
        fixed = np.round(values[whole])
        model = self.highs.getLp()
        lower, upper = np.asarray(model.col_lower_)[whole], np.asarray(model.col_upper_)[whole]
        self._fixed_integers = (whole, lower, upper)
        self.highs.changeColsIntegrality(len(whole), whole, np.array([highspy.HighsVarType.kContinuous] * len(whole)))
        position = {v.name: k for k, v in enumerate(integers)}
        tidier = []
        if idle := self._idle_fees(values):
            dropped = fixed.copy()
            dropped[[position[name] for name in idle]] = 0.0
            tidier.append(self._open_counts(self._earliest(dropped, position), position))
        if self.lp.fees:
            tidier.append(self._open_counts(self._earliest(fixed.copy(), position), position))
        if self.lp.active:
            tidier.append(self._open_counts(fixed.copy(), position))
        # The same optimum, tidier: no fee paid for nothing, a channel started in the first period it can be (its
        # fee there), every on/off decision open that nothing forbids; the first that keeps the objective.
        for candidate in tidier:
            self.highs.changeColsBounds(len(whole), whole, candidate, candidate)
            self.highs.run()
            same = float(self.highs.getInfo().objective_function_value)
            status = self.highs.getModelStatus()
            if status == highspy.HighsModelStatus.kOptimal and same <= objective + 1e-9 * max(1.0, abs(objective)):
                return
        self.highs.changeColsBounds(len(whole), whole, fixed, fixed)
        self.highs.run()

    def _earliest(self, fixed: np.ndarray, position: dict[str, int]) -> np.ndarray:
        """Return the integers with every started channel started in its first period still to plan."""
        for starts in self.lp.fees.values():
            if any(fixed[position[start.name]] >= 0.5 for _, start in starts):
                for k, (_, start) in enumerate(starts):
                    fixed[position[start.name]] = 1.0 if k == 0 else 0.0
        return fixed

    def _open_counts(self, fixed: np.ndarray, position: dict[str, int]) -> np.ndarray:
        """Return the integers with every on/off binary at 0 set to 1 where nothing forbids it.

        A binary at 1 forces nothing when its copy has no threshold, its fee (if any) is paid and the count
        rules it is in have room: the optimum is the same, and the second solve may then even the channel's
        spend over every period instead of the few the solver happened to pick.
        """
        lp = self.lp
        count = len(lp.spend) // lp.periods
        rows = [
            ({v.name for v in lp.constraints[name]}, info.limit)
            for name, info in lp.rows.items()
            if info.kind == "max_channels"
        ]
        on = {name: fixed[k] for name, k in position.items()}
        for i, binary in lp.active.items():
            if on[binary.name] >= 0.5 or lp.responses.channels[i].active_minimum > 0:
                continue
            starts = lp.fees.get(i % count)
            if starts is not None and not any(on[start.name] >= 0.5 for j, start in starts if j <= i):
                continue  # not started by then: no fee paid, nothing may run
            counted = [(members, limit) for members, limit in rows if binary.name in members]
            if all(sum(on[name] for name in members) + 1 <= limit + 1e-9 for members, limit in counted):
                on[binary.name] = 1.0
                fixed[position[binary.name]] = 1.0
        return fixed

    def _idle_fees(self, values: np.ndarray) -> list[str]:
        """Return the binaries to set to 0 of channels whose fee is paid but that spend nothing beyond it."""
        lp, idle = self.lp, []
        count = len(lp.spend) // lp.periods
        for channel, starts in lp.fees.items():
            if self._start(starts, values) is None:
                continue
            copies = [p * count + channel for p in range(lp.periods)]
            media = 0.0
            for i in copies:
                media += values[self._at(lp.spend[i])]
                if lp.responses.channels[i].setup_fee:
                    media -= values[self._at(lp.segments[i][0])]
            if media <= 1e-9 * self.money_scale:
                idle += [start.name for _, start in starts]
                idle += [lp.active[i].name for i in copies if i in lp.active]
        return idle


def run_highs(lp: LinearProgram, time_limit: float | None = None, start: Sequence[float] | None = None) -> Solution:
    """Solve the LP (or MILP) with HiGHS and return values and duals in our convention.

    A calendar with pacing rules (`lp.pacing`) gets the optimum nearest to even pacing (`paced`). `start`, each
    channel's spend in a plan of a like model (the last refinement round's), is where an LP's solve starts.
    """
    session = HighsSession(lp, time_limit)
    if start is not None:
        session.start_from(start)
    return paced(session, session.solution(session.run()))


def paced(session: HighsSession, solution: Solution) -> Solution:
    """Return the solution with the spend of the optimum nearest its even pacing, duals of the first solve kept."""
    lp_pacing = session.lp.pacing
    if lp_pacing and solution.status.is_ok and (targets := lp_pacing(solution.spend, solution.closed)):
        evened = session.pace_evenly(targets)
        if evened is not None:
            solution = replace(solution, spend=evened[0], segment_spend=evened[1])
    if session.lp.fees and solution.status.is_ok and session.start_where_spent(solution.segment_spend):
        # A set-up fee is shown in the period its channel first spends in, once even pacing has placed it.
        closed = session.closed()
        evened = session.pace_evenly(lp_pacing(solution.spend, closed)) if lp_pacing else None
        if evened is None:
            evened = tuple(session.spend()), session.segment_spend()
        solution = replace(solution, spend=evened[0], segment_spend=evened[1], closed=closed)
    return solution


def _row_scale(values: list[float]) -> float:
    """Return 1 for a row of moderate coefficients, else the power of two nearest their geometric middle."""
    magnitudes = [abs(v) for v in values if v]
    if not magnitudes:
        return 1.0
    low, high = COEFFICIENT_RANGE
    smallest, largest = min(magnitudes), max(magnitudes)
    if largest <= high and (smallest >= low or largest >= low):
        return 1.0
    # The geometric middle in log space: smallest × largest can underflow to zero (or overflow).
    return 2.0 ** round((math.log2(smallest) + math.log2(largest)) / 2)


def _power_of_two_outside(magnitude: float, window: tuple[float, float]) -> float:
    """Return 1 for a magnitude inside the window, else the power of two nearest to it."""
    low, high = window
    if low <= magnitude <= high or not (magnitude > 0 and math.isfinite(magnitude)):
        return 1.0
    return 2.0 ** round(math.log2(magnitude))


def _scaled_bounds(bounds: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Return bounds divided by their column's scale; ±infinity stays as it is.

    A bound so large that scaling overflows (beyond 1e308) is no bound at all, and becomes ±infinity.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = bounds / scale
    return np.where(np.isfinite(bounds) & (np.abs(bounds) < INFINITY), scaled, bounds)


def _unscaled(value: float, scale: float) -> float:
    return value * scale if abs(value) < INFINITY else (math.inf if value > 0 else -math.inf)


def _finite(value: float) -> float:
    return value if math.isfinite(value) else (INFINITY if value > 0 else -INFINITY)


def _at_a_bound(values: np.ndarray, lower: list[float], upper: list[float]) -> np.ndarray:
    """Return, per column or row, whether it sits at one of its bounds (and they differ: it could move)."""
    low, up = np.asarray(lower), np.asarray(upper)
    slack = 1e-9 * np.maximum(1.0, np.abs(values))
    at: np.ndarray = (low < up) & ((np.abs(values - low) <= slack) | (np.abs(values - up) <= slack))
    return at


def _cleaned(values: np.ndarray) -> np.ndarray:
    """Return values with solver noise (|x| < 1e-9) set to zero (which also removes negative zeros)."""
    return np.where(np.abs(values) < 1e-9, 0.0, values)


def _clean(value: float) -> float:
    """Return value with solver noise (|x| < 1e-9) and negative zero removed."""
    return 0.0 if abs(value) < 1e-9 else value
