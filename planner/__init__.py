"""Promo Planner: provably optimal promotion-budget plans across e-commerce channels.

import planner
scenario = planner.load_scenario("scenarios/tmall_flagship/baseline.yaml")
plan = planner.solve(scenario)
plan.allocation        # DataFrame, one row per channel
plan.to_dict()         # the JSON contract of docs/json-output.md
"""

from __future__ import annotations

from planner.errors import (
    HistoryError,
    InfeasibleError,
    PlannerError,
    Problem,
    ScenarioError,
    SolverError,
    UnboundedError,
)
from planner.history import History, load_history, summarise_history
from planner.io import load_scenario, read_history
from planner.optimize import solve
from planner.plan import Plan
from planner.scenario import Budget, Channel, Objective, Scenario

__all__ = [
    "Budget",
    "Channel",
    "History",
    "HistoryError",
    "InfeasibleError",
    "Objective",
    "Plan",
    "PlannerError",
    "Problem",
    "Scenario",
    "ScenarioError",
    "SolverError",
    "UnboundedError",
    "load_history",
    "load_scenario",
    "read_history",
    "solve",
    "summarise_history",
]
