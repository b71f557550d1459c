"""The budget frontier: the best objective at every budget, from one model re-solved warm.

Only the budget row's limit changes between points, so the LP is built and loaded into
HiGHS once and each point re-solves from the previous basis.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.errors import ScenarioError
from planner.history import History
from planner.lp import budget_row, build_problem
from planner.optimize import check_scenario, resolve_history
from planner.response import Responses, build_responses
from planner.scenario import Scenario
from planner.solver import HighsSession


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
        raise ScenarioError("a frontier needs a budget to vary; add `budget:` to the scenario")
    check_scenario(scenario)
    current = scenario.budget.amount
    if budgets is None:
        budgets = list(np.linspace(0.0, up_to * current, points))
    responses = build_responses(scenario, resolve_history(scenario, history))
    lp = build_problem(scenario, responses, ordered=_needs_order(scenario, responses))
    session = HighsSession(lp)
    row = budget_row(lp)
    assert row is not None
    records = []
    for amount in sorted(budgets):
        # Each point answers "what is the best a budget of up to this amount can do", even when the
        # scenario itself must spend its budget exactly: spending less is always possible in practice.
        session.set_row_bounds(row, -math.inf, amount)
        status = session.run()
        record: dict[str, float | bool] = {"budget": float(amount), "feasible": status.is_ok}
        if status.is_ok:
            spend = session.spend()
            record.update(objective=session.objective(), spend=float(sum(spend)))
            record.update({f"spend:{c.id}": s for c, s in zip(responses.channels, spend, strict=True)})
            record["dual"] = session.row_dual(row) if not session.is_mip else math.nan
        records.append(record)
    table = pd.DataFrame.from_records(records)
    table = _with_marginals(table)
    return Frontier(scenario, table, _knee(table), current)


def _needs_order(scenario: Scenario, responses: Responses) -> bool:
    """Return whether any curve is not concave, so segments need binaries to fill in order."""
    for channel in responses.channels:
        rates = [s.rates.get(scenario.objective.measure, 0.0) for s in channel.segments]
        if any(b > a + 1e-12 for a, b in itertools.pairwise(rates)):
            return True
    return False


def _with_marginals(table: pd.DataFrame) -> pd.DataFrame:
    """Add the marginal return per unit of budget (dual, else finite difference) and the cost per extra unit."""
    if "objective" not in table:
        return table.assign(marginal=math.nan, cost_per_extra=math.nan)
    difference = table["objective"].diff() / table["budget"].diff()
    marginal = table["dual"].where(table["dual"].notna(), difference) if "dual" in table else difference
    cost = 1.0 / marginal.where(marginal > 1e-12)
    return table.drop(columns=["dual"], errors="ignore").assign(marginal=marginal, cost_per_extra=cost)


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
