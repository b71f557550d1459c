"""Say, in the scenario's own terms, why the solver could not give a usable answer."""

from __future__ import annotations

import math
import statistics
from typing import Any

from planner.model.errors import Problem, ScenarioError, SolverError
from planner.model.i18n import Money, Number, Text
from planner.model.scenario import Scenario
from planner.optimize.solver import Solution, SolverStatus

# Orders of magnitude between the smallest and largest number of a scenario beyond which a failed
# solve is blamed on the spread of numbers rather than on time: HiGHS works to about 1e-7 relative.
TROUBLING_SPAN = 12
SETTINGS = frozenset({"curves", "seed", "solver"})  # fitting and solver settings: not numbers the plan is made of


def scenario_numbers(scenario: Scenario) -> list[tuple[str, float]]:
    """Return every nonzero number in a scenario with its location (`channels -> 0 (id) -> units -> cost`)."""
    found: list[tuple[str, float]] = []
    _collect(scenario.model_dump(warnings=False), "", found, scenario)
    return found


def _collect(node: Any, where: str, found: list[tuple[str, float]], scenario: Scenario) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in SETTINGS:
                _collect(value, f"{where} -> {key}" if where else str(key), found, scenario)
    elif isinstance(node, list | tuple):
        for index, value in enumerate(node):
            label = f"{where} -> {index}"
            if where == "channels":
                label += f" ({scenario.channels[index].id})"
            _collect(value, label, found, scenario)
    elif isinstance(node, int | float) and not isinstance(node, bool) and node and math.isfinite(node):
        found.append((where, float(node)))


def magnitude_span(numbers: list[tuple[str, float]]) -> float:
    """Return how many orders of magnitude the numbers span."""
    if not numbers:
        return 0.0
    logs = [math.log10(abs(value)) for _, value in numbers]
    return max(logs) - min(logs)


def most_extreme(numbers: list[tuple[str, float]]) -> tuple[str, float]:
    """Return the number furthest (in orders of magnitude) from the scenario's typical number."""
    typical = statistics.median(math.log10(abs(value)) for _, value in numbers)
    return max(numbers, key=lambda item: abs(math.log10(abs(item[1])) - typical))


def solver_error(scenario: Scenario, solution: Solution) -> SolverError:
    """Return the error for a solve without a usable answer, pointing at an extreme number when there is one."""
    numbers = scenario_numbers(scenario)
    span = magnitude_span(numbers)
    if span >= TROUBLING_SPAN:
        where, value = most_extreme(numbers)
        smallest = min(numbers, key=lambda item: abs(item[1]))
        largest = max(numbers, key=lambda item: abs(item[1]))
        message = Text(
            "solver.span",
            span=Number(round(span)),
            smallest=Number(smallest[1]),
            smallest_at=smallest[0],
            largest=Number(largest[1]),
            largest_at=largest[0],
            where=where,
            value=Number(value),
        )
        return SolverError([Problem(message, field=where)])
    status = Text(f"solver.status.{solution.status.value}")
    if solution.status is SolverStatus.TIME_LIMIT:
        if solution.detail:
            return SolverError(Text("solver.time_limit_detail", detail=solution.detail))
        return SolverError(Text("solver.time_limit"))
    if solution.detail:
        return SolverError(Text("solver.stopped_detail", status=status, detail=solution.detail))
    return SolverError(Text("solver.stopped", status=status))


# A conversion cheaper than this fraction of the budget makes every other channel's yield vanish
# below the solver's precision (1e-9 relative), so the plan would be noise: rejected instead.
SMALLEST_COST_SHARE = 1e-13  # at most ten trillion conversions for the budget


def check_numbers(scenario: Scenario) -> None:
    """Raise ScenarioError for a cost per conversion too small to plan with, next to the budget."""
    reference = _reference_money(scenario)
    if reference is None:
        return
    smallest = reference * SMALLEST_COST_SHARE
    symbol = scenario.currency_symbol
    budgeted = scenario.budget is not None and scenario.budget.amount > 0
    amount = Text("numbers.budget" if budgeted else "numbers.spend_bound", amount=Money(reference, symbol))
    problems = []
    for where, value in _costs_per_conversion(scenario):
        if abs(value) < smallest:
            message = Text(
                "numbers.too_small",
                value=Money(value, symbol),
                reference=amount,
                conversions=Number(reference / value),
                smallest=Money(smallest, symbol),
            )
            problems.append(Problem(message, field=where))
    if problems:
        raise ScenarioError(problems)


def _costs_per_conversion(scenario: Scenario) -> list[tuple[str, float]]:
    """Return every cost per conversion written (channels' and their tranches') where scenario_numbers puts it.

    Read from the two places the model has one, not by walking the whole dumped scenario: a solve checks them
    every time, and that walk cost a quarter of a 2,000-channel solve.
    """
    found = []
    for index, channel in enumerate(scenario.channels):
        where = f"channels -> {index} ({channel.id})"
        if channel.cost_per_conversion:
            found.append((f"{where} -> cost_per_conversion", float(channel.cost_per_conversion)))
        found.extend(
            (f"{where} -> tranches -> {k} -> cost_per_conversion", float(tranche.cost_per_conversion))
            for k, tranche in enumerate(channel.tranches)
            if tranche.cost_per_conversion
        )
    return found


def _reference_money(scenario: Scenario) -> float | None:
    """Return the budget, else the largest spend bound written in the scenario, else None."""
    if scenario.budget is not None and scenario.budget.amount > 0:
        return scenario.budget.amount
    bounds = [b for c in scenario.channels for b in (c.min_spend, c.max_spend) if b]
    return max(bounds) if bounds else None
