"""The budget frontier: the best objective at every budget, from one model re-solved warm.

Only the budget row's limit changes between points, so the LP is built and loaded into
HiGHS once and each point re-solves from the previous basis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.curves.events import estimate_from_history
from planner.curves.response import build_responses
from planner.curves.segments import Responses
from planner.data.actuals import resolve_actuals
from planner.data.history import History
from planner.data.inputs import load_curve_tables
from planner.model.errors import ScenarioError
from planner.model.i18n import Text
from planner.model.scenario import Scenario
from planner.optimize.calendar import CalendarLayout
from planner.optimize.lp import LinearProgram, budget_row, rising_channels, segments_out_of_order
from planner.optimize.lp import build_problem as build_one_period
from planner.optimize.pipeline import check_scenario, checked_history, resolve_history
from planner.optimize.solver import HighsSession, SolverStatus


@dataclass(frozen=True)
class Frontier:
    """Best objective by budget, the marginal return along the way, the mix, and the knee."""

    scenario: Scenario
    table: pd.DataFrame  # budget, objective, spend, marginal, cost_per_extra, feasible, one spend column per channel
    knee_budget: float | None
    current_budget: float

    @property
    def measure(self) -> str:
        """Return the objective's measure."""
        return self.scenario.objective.measure


def frontier(
    scenario: Scenario,
    budgets: list[float] | None = None,
    *,
    points: int = 50,
    up_to: float = 2.0,
    history: History | pd.DataFrame | None = None,
) -> Frontier:
    """Return the best objective for each budget from zero to `up_to` × today's (or for the budgets given)."""
    if scenario.budget is None:
        raise ScenarioError(Text("frontier.needs_budget", key="`budget:`"))
    check_scenario(scenario)
    current = scenario.budget.amount
    if budgets is None:
        budgets = list(np.linspace(0.0, up_to * current, points))
    # Actuals from the history and a refit, as for one plan (data/actuals.py); then, as in the pipeline,
    # events and carry-over estimated from history, their effect out of the curves.
    history = checked_history(history)
    resolved = resolve_actuals(scenario, history, resolve_history(scenario, history))
    scenario = resolved.scenario
    estimates = estimate_from_history(scenario, resolved.history)
    responses = build_responses(scenario, estimates.history, load_curve_tables(scenario))
    # A calendar's LP has a copy of every channel per period; each point sums a channel's copies.
    layout = (
        CalendarLayout.of(scenario, responses, estimates, estimates.history) if scenario.calendar is not None else None
    )
    if layout is not None:
        responses = layout.spread(responses)

    def build_problem(scenario: Scenario, responses: Responses, ordered: frozenset[int] = frozenset()) -> LinearProgram:
        if layout is not None:
            return layout.build(scenario, responses, ordered)
        return build_one_period(scenario, responses, ordered=ordered)

    lp = build_problem(scenario, responses)
    lp = build_problem(scenario, responses, ordered=rising_channels(lp))
    records = _sweep(lp, sorted(float(b) for b in budgets))
    if any(r.get("out_of_order") for r in records):
        # A concave channel filled out of order under some rule: rebuild with every channel ordered (exact).
        everything = frozenset(range(len(responses.channels)))
        records = _sweep(build_problem(scenario, responses, ordered=everything), sorted(float(b) for b in budgets))
    table = _frontier_table(records)
    return Frontier(scenario, table, _knee(table), current)


def _sweep(lp: LinearProgram, budgets: list[float]) -> list[dict[str, float | bool]]:
    """Return one record per budget, re-solving one warm model with only the budget limit changed."""
    session = HighsSession(lp)
    row = budget_row(lp)
    assert row is not None
    ids = [c.id for c in lp.responses.channels]
    # Where the budget does not bind, every larger budget has the same optimum: solve that once.
    session.set_row_bounds(row, -math.inf, math.inf)
    free = session.run()
    saturated = _record(session, lp, ids, free, dual=0.0) if free.is_ok else None
    saturation = float(saturated["spend"]) if saturated else math.inf
    # Below the least spend the other rules need, no budget is feasible: find it once.
    session.minimise({(i, -1): 1.0 for i in range(len(ids))})
    least = session.run()
    least_spend = session.objective() if least.is_ok else -math.inf
    session.restore_objective()
    records: list[dict[str, float | bool]] = []
    for amount in budgets:
        if saturated is not None and amount >= saturation - 1e-9 * max(1.0, amount):
            records.append({**saturated, "budget": amount})
            continue
        if amount < least_spend - 1e-6 * max(1.0, least_spend):
            records.append({"budget": amount, "feasible": False})
            continue
        # Each point answers "what is the best a budget of up to this amount can do", even when the
        # scenario itself must spend its budget exactly: spending less is always possible in practice.
        session.set_row_bounds(row, -math.inf, amount)
        status = session.run()
        dual = session.row_dual(row) if status.is_ok and not session.is_mip else math.nan
        records.append({**_record(session, lp, ids, status, dual), "budget": amount})
    return records


def _record(
    session: HighsSession, lp: LinearProgram, ids: list[str], status: SolverStatus, dual: float
) -> dict[str, float | bool]:
    record: dict[str, float | bool] = {"budget": math.nan, "feasible": status.is_ok}
    if not status.is_ok:
        return record
    spend = session.spend()
    record.update(objective=session.objective(), spend=float(sum(spend)), dual=dual)
    for i, s in zip(ids, spend, strict=True):  # a calendar repeats each channel once per period
        key = f"spend:{i}"
        record[key] = float(record[key]) + s if key in record else s
    record["out_of_order"] = bool(segments_out_of_order(lp, session.segment_spend()))
    return record


def _frontier_table(records: list[dict[str, float | bool]]) -> pd.DataFrame:
    """Return the sweep as one frame: budget, feasible, objective, spend, a spend column per channel, the marginal
    return per unit of budget (dual, else finite difference) and the cost per extra unit.

    Built whole from its columns: with a thousand channels, a frame from records gets a block per column and
    every column added to it after that makes pandas warn that it is highly fragmented.
    """
    names = [name for name in dict.fromkeys(key for record in records for key in record) if name != "out_of_order"]
    columns = {name: [record.get(name, math.nan) for record in records] for name in names}
    marginal = np.full(len(records), math.nan)
    if "objective" in columns:
        budget, objective = (np.asarray(columns[name], dtype=float) for name in ("budget", "objective"))
        with np.errstate(divide="ignore", invalid="ignore"):  # equal budgets: inf or nan, as pandas' diff gives
            difference = np.concatenate(([math.nan], np.diff(objective) / np.diff(budget)))
        dual = np.asarray(columns.get("dual", marginal), dtype=float)
        marginal = np.where(np.isnan(dual), difference, dual)
    with np.errstate(divide="ignore"):
        cost = np.where(marginal > 1e-12, 1.0 / marginal, math.nan)
    columns.pop("dual", None)
    return pd.DataFrame({**columns, "marginal": marginal, "cost_per_extra": cost})


def _knee(table: pd.DataFrame) -> float | None:
    """Return the budget where returns fall off most: farthest above the chord from first to last point."""
    feasible = table[table["feasible"]]
    if len(feasible) < 3:
        return None
    x = feasible["budget"].to_numpy(dtype=float)
    y = feasible["objective"].to_numpy(dtype=float)
    if x[-1] == x[0] or y[-1] == y[0]:
        return None
    xn = (x - x[0]) / (x[-1] - x[0])
    yn = (y - y[0]) / (y[-1] - y[0])
    gap = yn - xn
    best = int(np.argmax(gap))
    return float(x[best]) if gap[best] > 1e-6 else None
