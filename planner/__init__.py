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
"""

from __future__ import annotations

from planner.api import review, solve
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

__all__ = [
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
