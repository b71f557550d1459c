"""The pipeline, top to bottom: check → history → responses → build → solve → plan."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from planner.curves.response import build_responses, refine_responses, tables_gap, tables_settled
from planner.curves.segments import Responses
from planner.data.csv_tables import history_from_dataframe
from planner.data.history import History, load_history, summarise_history
from planner.data.inputs import load_curve_tables
from planner.data.store import beyond_store_warnings
from planner.model.errors import ScenarioError
from planner.model.plan import Plan
from planner.model.runtime import no_garbage_collection
from planner.model.scenario import Scenario, find_problems
from planner.optimize.assemble import assemble_plan
from planner.optimize.calendar import CalendarLayout, fitted
from planner.optimize.calendar_plan import assemble_calendar_plan
from planner.optimize.calendar_rows import PERIOD_KINDS, period_limits
from planner.optimize.diagnose import diagnose_conflict
from planner.optimize.feasibility import infeasible_error, unbounded_error
from planner.optimize.lp import (
    LinearProgram,
    RowInfo,
    budget_row,
    build_problem,
    in_order_among_equals,
    rising_channels,
    segments_out_of_order,
    spend_ceiling,
)
from planner.optimize.numerics import check_numbers, solver_error
from planner.optimize.solver import HighsSession, Solution, SolverStatus, paced, run_highs
from planner.optimize.water_fill import budget_alone_start


def check_scenario(scenario: Scenario) -> None:
    """Raise ScenarioError if the scenario refers to unknown channels, groups or measures."""
    a_scenario(scenario)
    problems = find_problems(scenario)
    if problems:
        raise ScenarioError(problems)


def a_scenario(scenario: object) -> None:
    """Raise TypeError, saying what to pass, when code hands the planner something that is not a Scenario."""
    if not isinstance(scenario, Scenario):
        raise TypeError(
            f"expected a planner.Scenario, not {type(scenario).__name__}: planner.load_scenario(path) reads one "
            "from a file, planner.Scenario.model_validate(data) makes one from a dict"
        )


def checked_history(history: History | pd.DataFrame | None) -> History | pd.DataFrame | None:
    """Return a history given in code as the planner reads it: a frame checked as its CSV would be (a TypeError
    if it is not a frame), once; a History or None as it is.

    An entry point calls this first, so that the steps after it (the history's summary, its rows for actuals, the
    review's several solves) are handed a checked frame and do not check it again.
    """
    return history if history is None or isinstance(history, History) else history_from_dataframe(history)


def resolve_history(scenario: Scenario, history: History | pd.DataFrame | None) -> History | None:
    """Return the history to plan from: the one given, or the one the scenario points to."""
    history = checked_history(history)
    if isinstance(history, History):
        return history
    if history is not None:
        frame = history
        window = scenario.history
        known = {name for c in scenario.channels for name in (c.history_name, c.label, c.id) if name}
        start, end = (window.start, window.end) if window else (None, None)
        return summarise_history(frame, start, end, known, claims=window.claims if window else "warn")
    return load_history(scenario)


REFINEMENTS = 4  # at most this many re-solves on breakpoints added around the plan
CONVERGED = 1e-9  # stop refining once a re-solve improves the objective by less than this (relative)


Build = Callable[[Scenario, Responses, frozenset[int]], LinearProgram]


def solve_in_order(
    scenario: Scenario,
    responses: Responses,
    ordered: frozenset[int] = frozenset(),
    time_limit: float | None = None,
    build: Build = build_problem,
    start: Sequence[float] | None = None,
) -> tuple[LinearProgram, Solution]:
    """Return the LP and its solution, with ordering binaries wherever segments would otherwise fill out of order.

    `start` (each channel's spend in the last round's plan) is where the first solve starts.
    """
    lp = build(scenario, responses, ordered)
    solution = _in_order(lp, run_highs(lp, time_limit, start))
    # A segment used before the one before it is full means an increasing-returns stretch the LP cannot
    # represent. Add ordering binaries for those channels (and any whose yield rises) and solve exactly,
    # until every channel fills its segments in order.
    while solution.status.is_ok and (offenders := segments_out_of_order(lp, solution.segment_spend)):
        ordered = lp.ordered | rising_channels(lp) | frozenset(offenders)
        if ordered == lp.ordered:
            # Already ordered by binaries: what is left is within the solver's tolerance (segments of
            # a width near the rounding of large amounts), and solving again would change nothing.
            break
        lp = build(scenario, responses, ordered)
        solution = _in_order(lp, run_highs(lp, time_limit))
    return lp, solution


def tables_certified(lp: LinearProgram, solution: Solution) -> bool:
    """Return whether the plan is provably within CONVERGED of the best plan on the whole curve tables.

    `tables_gap` bounds what the left-out table rows could add, by the solve's prices; it holds where the
    channels' segments meet no priced row but their own links (a rule on conversions, say, that binds, would
    price them too), and for a maximised objective.
    """
    if lp.sense != "maximize" or lp.periods != 1:
        return False
    priced = [name for name in lp.rows if abs(solution.row_duals.get(name, 0.0)) > 1e-12]
    if priced:
        segments = {v.name for pieces in lp.segments for v in pieces}
        if any(v.name in segments for name in priced for v in lp.constraints[name]):
            return False
    gap = tables_gap(lp.responses, solution.marginals, lp.objective_measure)
    return gap <= CONVERGED * max(1.0, abs(solution.objective))


def _in_order(lp: LinearProgram, solution: Solution) -> Solution:
    """Return the solution with alike segments filled in order (the same plan; see in_order_among_equals)."""
    if not solution.status.is_ok:
        return solution
    return replace(solution, segment_spend=in_order_among_equals(lp, solution.segment_spend))


def optimize(
    scenario: Scenario,
    history: History | pd.DataFrame | None = None,
    *,
    budget: float | None = None,
    time_limit: float | None = None,
) -> Plan:
    """Return the plan that best meets the scenario's objective under all its rules (not yet explained)."""
    with no_garbage_collection():  # the pipeline allocates many short-lived objects; collect once at the end
        return _solve(scenario, history, budget, time_limit)


def _solve(
    scenario: Scenario, history: History | pd.DataFrame | None, budget: float | None, time_limit: float | None
) -> Plan:
    inputs = _Inputs.of(scenario, history, budget)
    return inputs.plan(*inputs.optimum(time_limit))


@dataclass
class _Inputs:
    """What a solve starts from: the checked scenario, its history and responses, the calendar's layout."""

    scenario: Scenario
    history: History | None
    whole: Responses  # the scenario's responses (a calendar's over its whole length)
    responses: Responses  # what the LP is built on (a calendar's period copies)
    layout: CalendarLayout | None

    @classmethod
    def of(cls, scenario: Scenario, history: History | pd.DataFrame | None, budget: float | None) -> _Inputs:
        a_scenario(scenario)
        history = checked_history(history)
        # Re-validate, fields and what they refer to: a scenario varied in code with model_copy(update=...) has not
        # been checked (vary() checks as check_scenario does).
        scenario = scenario.with_budget(budget) if budget is not None else scenario.vary()
        check_numbers(scenario)
        known_history = resolve_history(scenario, history)
        # Actuals from the history rows, the refit history (calendar.actuals_from / refit), and events' past weeks
        # and carry-over estimated: the curves are fitted on the history with their effect taken out.
        scenario, estimates = fitted(scenario, history, known_history)
        known_history = estimates.history
        # A channel whose floor is above its cap needs no check of its own: the solver finds no plan, and the
        # diagnosis names the floor and the cap with a fix for each.
        whole = build_responses(scenario, known_history, load_curve_tables(scenario))
        # With a calendar the LP's channels are copies of the scenario's, one per period (optimize/calendar.py).
        calendar = scenario.calendar is not None
        layout = CalendarLayout.of(scenario, whole, estimates, known_history) if calendar else None
        responses = layout.spread(whole) if layout is not None else whole
        return cls(scenario, known_history, whole, responses, layout)

    def responses_of(self, varied: Scenario) -> Responses:
        """Return the responses of a variant of the scenario (the conflict diagnosis tries fixes)."""
        return build_responses(varied, self.history, load_curve_tables(varied))

    @property
    def build(self) -> Build:
        """Return the LP builder: the calendar's, or the one-period one."""
        return self.layout.build if self.layout is not None else build_problem

    def optimum(self, time_limit: float | None) -> tuple[LinearProgram, Responses, Solution]:
        """Return the LP solved last, the (refined) responses it was built on, and its solution."""
        scenario, responses = self.scenario, self.responses
        layout = self.layout
        # Many long tables under the budget alone: the first model already has the table corners around the
        # tables' own optimum, found by water-filling, and is solved from it (optimize/water_fill.py).
        start = budget_alone_start(scenario, responses) if layout is None else None
        if start is not None:
            responses = refine_responses(responses, start)
        lp, solution = solve_in_order(scenario, responses, time_limit=time_limit, build=self.build, start=start)
        for _ in range(REFINEMENTS):
            if not solution.status.is_ok or not any(c.affine for c in responses.channels):
                break
            if layout is None and (tables_settled(responses, solution.spend) or tables_certified(lp, solution)):
                break  # no plan on the whole tables is better (by more than CONVERGED): no further round
            # Breakpoints around the latest plan on the scenario's own chords, not on the last round's: the model
            # keeps its size however many rounds it takes, and the plan solved last is a breakpoint (or on an exact
            # stretch of a table), so a round never does worse than the one before.
            # Channels solved with ordering binaries keep their segments: more segments there mean a slower MILP.
            if layout is not None:
                refined = layout.refine(self.responses, solution.spend, lp.ordered)
            else:
                worth = solution.marginals
                refined = refine_responses(self.responses, solution.spend, lp.ordered, worth, lp.objective_measure)
            if all(a.segments == b.segments for a, b in zip(refined.channels, responses.channels, strict=True)):
                break  # the same model again would give the same plan
            refined_lp, refined_solution = solve_in_order(
                scenario, refined, lp.ordered, time_limit, self.build, solution.spend
            )
            if not refined_solution.status.is_ok:
                break
            sign = 1 if scenario.objective.sense == "maximize" else -1
            gain = (refined_solution.objective - solution.objective) * sign
            responses, lp, solution = refined, refined_lp, refined_solution
            if gain <= CONVERGED * max(1.0, abs(solution.objective)):
                break
            # (A calendar's copies scale their tables per period, and refine until the objective stops.)
        return lp, responses, solution

    def plan(
        self, lp: LinearProgram, responses: Responses, solution: Solution, rows: dict[str, RowInfo] | None = None
    ) -> Plan:
        """Return the Plan of a solution, or raise the error that says why there is none."""
        scenario = self.scenario
        rows = lp.rows if rows is None else rows
        if solution.status is SolverStatus.INFEASIBLE:
            conflict = diagnose_conflict(scenario, lp, self.responses_of)
            raise infeasible_error(scenario, self.whole, conflict)
        if solution.status is SolverStatus.UNBOUNDED:
            raise unbounded_error(scenario, self.whole)
        if not solution.status.is_ok:
            raise solver_error(scenario, solution)
        if self.layout is not None:
            plan = assemble_calendar_plan(scenario, self.layout, responses, rows, solution, lp.ordered)
        else:
            plan = assemble_plan(scenario, responses, rows, solution)
        return with_store_checks(plan, self.history)


def with_store_checks(plan: Plan, history: History | None) -> Plan:
    """Return the plan with a warning for each measure it predicts more of a week than history makes plausible."""
    if history is None:
        return plan
    predicted = {measure: plan.totals.get(measure, 0.0) for measure in ("conversions", "revenue")}
    symbol = plan.scenario.currency_symbol
    warnings = beyond_store_warnings(predicted, plan.period_weeks, history.weekly, history.store, symbol)
    return replace(plan, warnings=(*plan.warnings, *warnings)) if warnings else plan


def prepare(
    scenario: Scenario, history: History | pd.DataFrame | None = None, *, time_limit: float | None = None
) -> PreparedPlan:
    """Return the scenario's LP built, loaded into HiGHS and solved, ready to re-solve warm for other budgets."""
    with no_garbage_collection():
        inputs = _Inputs.of(scenario, history, None)
        lp, responses, _ = inputs.optimum(time_limit)
        session = HighsSession(lp, time_limit)
        session.run()  # the basis a budget change starts from
    ceiling = spend_ceiling(inputs.scenario, responses)
    return PreparedPlan(inputs, lp, responses, session, time_limit, ceiling)


@dataclass
class PreparedPlan:
    """A scenario's LP kept in HiGHS: `solve(budget=...)` changes the limits that follow the budget and re-solves.

    The re-solve starts from the last optimum's basis (HiGHS's dual simplex after a change of right-hand side),
    and returns the same Plan as `optimize(scenario, budget=...)`, unexplained as that is. Where the kept LP
    cannot answer, the cold path does (and says why there is no plan): no plan at the new budget (its
    diagnosis needs the whole scenario), segments that would need new ordering binaries, a budget above
    the one the ordering binaries were sized for. Fitted curves keep the breakpoints refined around the
    plan at the prepared budget (the refinement adds them where a plan puts its money).
    """

    inputs: _Inputs
    lp: LinearProgram
    responses: Responses
    session: HighsSession
    time_limit: float | None
    ceiling: float  # the ordering binaries' big M: a budget above it is solved cold
    warm: int = 0  # how many solves were answered by the kept LP (the rest went the cold path)

    @property
    def scenario(self) -> Scenario:
        """Return the scenario as prepared (its own budget)."""
        return self.inputs.scenario

    def solve(self, budget: float | None = None) -> Plan:
        """Return the plan at another budget (None: the scenario's own), re-solved warm where the LP allows."""
        with no_garbage_collection():
            return self._solve(budget)

    def _solve(self, budget: float | None) -> Plan:
        original = self.inputs.scenario
        if original.budget is None or budget is None:
            varied, budget = original, original.budget.amount if original.budget is not None else None
        else:
            varied = original.with_budget(budget)
        lp, session = self.lp, self.session
        name = budget_row(lp)
        cold = budget is None or name is None or (bool(lp.ordered) and budget > self.ceiling)
        if cold:
            return optimize(varied, self.inputs.history, time_limit=self.time_limit)
        check_numbers(varied)
        rows = self._set_limits(varied)
        if session.is_mip:
            session.restore_integers()
        status = session.run()
        solution = _in_order(lp, paced(session, session.solution(status)))
        if not status.is_ok or segments_out_of_order(lp, solution.segment_spend):
            return optimize(varied, self.inputs.history, time_limit=self.time_limit)
        self.warm += 1
        return replace(self.inputs, scenario=varied).plan(lp, self.responses, solution, rows)

    def _set_limits(self, varied: Scenario) -> dict[str, RowInfo]:
        """Set the right-hand sides that follow the budget (the budget, shares of it per period); return the rows."""
        rows = dict(self.lp.rows)
        assert varied.budget is not None
        amount = varied.budget.amount
        for name, info in self.lp.rows.items():
            if info.kind == "budget":
                self._set_row(name, info.sense, amount)
                rows[name] = replace(info, limit=amount)
        if self.inputs.layout is not None:
            names = [name for name, info in self.lp.rows.items() if info.kind in PERIOD_KINDS]
            for name, limit in zip(names, period_limits(varied, self.inputs.layout.periods), strict=True):
                self._set_row(name, limit.sense, limit.amount)
                rows[name] = replace(rows[name], limit=limit.amount)
        return rows

    def _set_row(self, name: str, sense: str, amount: float) -> None:
        lower = amount if sense in (">=", "==") else -math.inf
        upper = amount if sense in ("<=", "==") else math.inf
        self.session.set_row_bounds(name, lower, upper)
