"""The pipeline, top to bottom: check → history → responses → build → solve → plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from planner.curves.response import build_responses, refine_responses
from planner.curves.segments import Responses
from planner.data.actuals import resolve_actuals
from planner.data.history import History, load_history, summarise_history
from planner.data.inputs import load_curve_tables
from planner.data.store import beyond_store_warnings
from planner.model.errors import ScenarioError
from planner.model.plan import Plan
from planner.model.runtime import no_garbage_collection
from planner.model.scenario import Scenario, find_problems
from planner.optimize.assemble import assemble_plan
from planner.optimize.calendar import CalendarLayout
from planner.optimize.calendar_plan import assemble_calendar_plan
from planner.optimize.diagnose import diagnose_conflict
from planner.optimize.feasibility import infeasible_error, unbounded_error
from planner.optimize.lp import LinearProgram, build_problem, rising_channels, segments_out_of_order
from planner.optimize.numerics import check_numbers, solver_error
from planner.optimize.solver import Solution, SolverStatus, run_highs


def check_scenario(scenario: Scenario) -> None:
    """Raise ScenarioError if the scenario refers to unknown channels, groups or measures."""
    problems = find_problems(scenario)
    if problems:
        raise ScenarioError(problems)


def resolve_history(scenario: Scenario, history: History | pd.DataFrame | None) -> History | None:
    """Return the history to plan from: the one given, or the one the scenario points to."""
    if isinstance(history, History):
        return history
    if isinstance(history, pd.DataFrame):
        window = scenario.history
        known = {name for c in scenario.channels for name in (c.history_name, c.label, c.id) if name}
        start, end = (window.start, window.end) if window else (None, None)
        return summarise_history(history, start, end, known, claims=window.claims if window else "warn")
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
) -> tuple[LinearProgram, Solution]:
    """Return the LP and its solution, with ordering binaries wherever segments would otherwise fill out of order."""
    lp = build(scenario, responses, ordered)
    solution = run_highs(lp, time_limit)
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
        solution = run_highs(lp, time_limit)
    return lp, solution


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
    # Re-validate: a scenario varied in code with model_copy(update=...) has not been checked.
    scenario = scenario.with_budget(budget) if budget is not None else scenario.vary()
    check_scenario(scenario)
    check_numbers(scenario)
    known_history = resolve_history(scenario, history)
    # Actuals from the history rows, and the refit history (calendar.actuals_from / refit; data/actuals.py).
    resolved = resolve_actuals(scenario, history, known_history)
    scenario, known_history = resolved.scenario, resolved.history

    def responses_of(varied: Scenario) -> Responses:
        return build_responses(varied, known_history, load_curve_tables(varied))

    # A channel whose floor is above its cap needs no check of its own: the solver finds no plan, and the
    # diagnosis names the floor and the cap with a fix for each.
    responses = responses_of(scenario)
    # With a calendar the LP's channels are copies of the scenario's, one per period (optimize/calendar.py).
    layout = CalendarLayout.of(scenario, responses) if scenario.calendar is not None else None
    build: Build = layout.build if layout is not None else build_problem
    refine = layout.refine if layout is not None else refine_responses
    whole = responses
    responses = layout.spread(responses) if layout is not None else responses
    lp, solution = solve_in_order(scenario, responses, time_limit=time_limit, build=build)
    for _ in range(REFINEMENTS):
        if not solution.status.is_ok or not any(c.affine for c in responses.channels):
            break
        # Channels solved with ordering binaries keep their segments: more segments there mean a slower MILP.
        refined = refine(responses, solution.spend, lp.ordered)
        refined_lp, refined_solution = solve_in_order(scenario, refined, lp.ordered, time_limit, build)
        if not refined_solution.status.is_ok:
            break
        gain = (refined_solution.objective - solution.objective) * (1 if scenario.objective.sense == "maximize" else -1)
        responses, lp, solution = refined, refined_lp, refined_solution
        if gain <= CONVERGED * max(1.0, abs(solution.objective)):
            break
    if solution.status is SolverStatus.INFEASIBLE:
        conflict = diagnose_conflict(scenario, lp, responses_of)
        raise infeasible_error(scenario, whole, conflict)
    if solution.status is SolverStatus.UNBOUNDED:
        raise unbounded_error(scenario, whole)
    if not solution.status.is_ok:
        raise solver_error(scenario, solution)
    if layout is not None:
        plan = assemble_calendar_plan(scenario, layout, responses, lp.rows, solution, lp.ordered)
    else:
        plan = assemble_plan(scenario, responses, lp.rows, solution)
    return with_store_checks(plan, known_history)


def with_store_checks(plan: Plan, history: History | None) -> Plan:
    """Return the plan with a warning for each measure it predicts more of a week than history makes plausible."""
    if history is None:
        return plan
    predicted = {measure: plan.totals.get(measure, 0.0) for measure in ("conversions", "revenue")}
    symbol = plan.scenario.currency_symbol
    warnings = beyond_store_warnings(predicted, plan.period_weeks, history.weekly, history.store, symbol)
    return replace(plan, warnings=(*plan.warnings, *warnings)) if warnings else plan
