"""Promo Planner: provably optimal promotion-budget plans across e-commerce channels.

import planner
scenario = planner.load_scenario("scenarios/tmall_flagship/baseline.yaml")
plan = planner.solve(scenario)
plan.allocation        # DataFrame, one row per channel
plan.to_dict()         # the JSON contract of docs/json-output.md
plan.periods           # a calendar plan: one row per period × channel (None without a calendar)
planner.periods_wide(plan)  # a calendar plan's spend, channel × period
planner.review(scenario)    # a calendar with actuals: plan against actual, and the rest re-planned
planner.period_totals(plan)  # a calendar plan's totals per period; planner.event_totals(plan) per event
planner.batch("stores/", output="results/")  # many scenarios (or one × a table of what-ifs) into one table

`import planner` itself is cheap: each name is imported from its module on first use, so the command line
(and anything else that needs only part of the library) does not pay for pandas, SciPy, PuLP and HiGHS up front.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, seen by type checkers and editors without importing anything at run time
    from planner.api import review, solve
    from planner.batching import BatchResult, batch
    from planner.data.history import History, load_history, summarise_history
    from planner.data.io import load_scenario, read_history
    from planner.insight.periods import event_totals, period_totals
    from planner.insight.review import Review
    from planner.model.channels import Channel
    from planner.model.errors import (
        HistoryError,
        InfeasibleError,
        PlannerError,
        Problem,
        ScenarioError,
        SolverError,
        UnboundedError,
    )
    from planner.model.plan import Plan, periods_wide
    from planner.model.scenario import Budget, Objective, Scenario
    from planner.optimize.frontier import Frontier, frontier

# Where each public name lives (kept beside the block above: a test checks the two agree).
_SOURCES = {
    "review": "planner.api",
    "solve": "planner.api",
    "BatchResult": "planner.batching",
    "batch": "planner.batching",
    "History": "planner.data.history",
    "load_history": "planner.data.history",
    "summarise_history": "planner.data.history",
    "load_scenario": "planner.data.io",
    "read_history": "planner.data.io",
    "event_totals": "planner.insight.periods",
    "period_totals": "planner.insight.periods",
    "Review": "planner.insight.review",
    "Channel": "planner.model.channels",
    "HistoryError": "planner.model.errors",
    "InfeasibleError": "planner.model.errors",
    "PlannerError": "planner.model.errors",
    "Problem": "planner.model.errors",
    "ScenarioError": "planner.model.errors",
    "SolverError": "planner.model.errors",
    "UnboundedError": "planner.model.errors",
    "Plan": "planner.model.plan",
    "periods_wide": "planner.model.plan",
    "Budget": "planner.model.scenario",
    "Objective": "planner.model.scenario",
    "Scenario": "planner.model.scenario",
    "Frontier": "planner.optimize.frontier",
    "frontier": "planner.optimize.frontier",
}

__all__ = [
    "BatchResult",
    "Budget",
    "Channel",
    "Frontier",
    "History",
    "HistoryError",
    "InfeasibleError",
    "Objective",
    "Plan",
    "PlannerError",
    "Problem",
    "Review",
    "Scenario",
    "ScenarioError",
    "SolverError",
    "UnboundedError",
    "batch",
    "event_totals",
    "frontier",
    "load_history",
    "load_scenario",
    "period_totals",
    "periods_wide",
    "read_history",
    "review",
    "solve",
    "summarise_history",
]


def __getattr__(name: str) -> Any:
    """Return a public name, importing its module the first time it is asked for."""
    module = _SOURCES.get(name)
    if module is None:
        raise AttributeError(f"module 'planner' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    """Return the module's names with the public ones not yet imported."""
    return sorted(set(globals()) | set(__all__))
