"""The public pipeline, composed at the top: check → load → build → solve → assign → explain.

The one place that calls both the optimiser and the explainer; `planner.solve` is this `solve`.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from planner.data.history import History
from planner.insight.explain import explain_plan
from planner.insight.review import DEFAULT_THRESHOLD, Review, review_plan
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


def review(
    scenario: Scenario,
    history: History | pd.DataFrame | None = None,
    *,
    planned: Plan | pd.DataFrame | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Review:
    """Return the review (复盘) of a calendar with actuals: plan against actual per period run, and the re-plan.

    `planned`: the plan made before (a Plan or a saved plan's periods table); without it, the scenario
    without its actuals is planned again. A curve is flagged when its prediction at the actual spend is off
    by more than `threshold` (0.25: ±25%).
    """
    result = review_plan(scenario, history, planned=planned, threshold=threshold)
    return replace(result, plan=replace(result.plan, explanation=explain_plan(result.plan)))
