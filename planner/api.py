"""The public pipeline, composed at the top: check → load → build → solve → assign → explain.

The one place that calls both the optimiser and the explainer; `planner.solve` is this `solve`.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from planner.data.history import History
from planner.insight.explain import explain_plan
from planner.model.plan import Plan
from planner.model.scenario import Scenario
from planner.optimize.pipeline import optimize


def solve(
    scenario: Scenario,
    history: History | pd.DataFrame | None = None,
    *,
    budget: float | None = None,
    time_limit: float | None = None,
) -> Plan:
    """Return the plan that best meets the scenario's objective under all its rules, with why."""
    plan = optimize(scenario, history, budget=budget, time_limit=time_limit)
    return replace(plan, explanation=explain_plan(plan))
