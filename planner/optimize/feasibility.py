"""Checks that explain, in domain words, why no plan exists or why the objective has no limit."""

from __future__ import annotations

import math

from planner.curves.segments import ChannelResponse, Responses
from planner.model.errors import InfeasibleError, Problem, UnboundedError
from planner.model.rules import LimitRule
from planner.model.scenario import Scenario
from planner.optimize.diagnose import Conflict


def check_channel_bounds(scenario: Scenario, responses: Responses) -> None:
    """Raise InfeasibleError for a channel whose own floor is above its own cap."""
    symbol = scenario.currency_symbol
    problems: list[Problem] = []
    conflicting: list[str] = []
    for channel in responses.channels:
        if channel.lower.value > channel.upper.value + 1e-9:
            problems.append(
                Problem(
                    f"its floor ({channel.lower.reason}, {_money(symbol, channel.lower.value)}) is above its cap "
                    f"({channel.upper.reason}, {_money(symbol, channel.upper.value)}); "
                    "lower the one or raise the other",
                    field=f"channel {channel.label}",
                )
            )
            conflicting.append(f"{channel.id} bounds")
    if problems:
        raise InfeasibleError(problems, tuple(conflicting))


def obvious_conflicts(scenario: Scenario, responses: Responses) -> list[Problem]:
    """Return conflicts that simple sums reveal, in domain words (floors above the budget, and so on)."""
    symbol = scenario.currency_symbol
    problems: list[Problem] = []
    channels = responses.channels
    floors = [c for c in channels if c.lower.value > 0]
    floor_total = sum(c.lower.value for c in floors)
    budget = scenario.budget
    if budget is not None and floor_total > budget.amount + 1e-6:
        listed = "; ".join(f"{c.label}: {c.lower.reason}" for c in sorted(floors, key=lambda c: -c.lower.value))
        problems.append(
            Problem(
                f"channel floors add up to {_money(symbol, floor_total)}, more than the budget of "
                f"{_money(symbol, budget.amount)} ({listed}); the budget must rise by at least "
                f"{_money(symbol, floor_total - budget.amount)}, or these floors fall",
                field="budget",
            )
        )
    caps_total = sum(c.upper.value for c in channels)
    if budget is not None and budget.exactly and math.isfinite(caps_total) and caps_total < budget.amount - 1e-6:
        problems.append(
            Problem(
                f"the budget must be spent exactly, but channel caps allow only {_money(symbol, caps_total)} of "
                f"{_money(symbol, budget.amount)}; raise caps, or make the budget 'at most'",
                field="budget",
            )
        )
    for rule in scenario.rules:
        if not (isinstance(rule, LimitRule) and rule.measure == "spend"):
            continue
        selected = {c.id for c in scenario.select(rule)}
        members = [c for c in channels if c.id in selected]
        group_floor = sum(c.lower.value for c in members)
        group_cap = sum(c.upper.value for c in members)
        for sense, value in rule.limits():
            if sense in (">=", "==") and budget is not None and value > budget.amount + 1e-6:
                problems.append(
                    Problem(
                        f"asks for at least {_money(symbol, value)} of spend, more than the whole budget of "
                        f"{_money(symbol, budget.amount)}",
                        field=f"rule {rule.name!r}",
                    )
                )
            if sense in (">=", "==") and value > group_cap + 1e-6:
                problems.append(
                    Problem(
                        f"asks for at least {_money(symbol, value)}, but the caps of its channels allow only "
                        f"{_money(symbol, group_cap)}",
                        field=f"rule {rule.name!r}",
                    )
                )
            if sense in ("<=", "==") and value < group_floor - 1e-6:
                problems.append(
                    Problem(
                        f"allows at most {_money(symbol, value)}, but the floors of its channels add up to "
                        f"{_money(symbol, group_floor)}",
                        field=f"rule {rule.name!r}",
                    )
                )
    return problems


def infeasible_error(scenario: Scenario, responses: Responses, conflict: Conflict) -> InfeasibleError:
    """Return the error for an infeasible scenario: the plain-sum explanation if any, the conflict, the fixes."""
    problems = obvious_conflicts(scenario, responses)
    if not problems:
        listed = "; ".join(conflict.rules) if conflict.rules else "the rules and channel bounds together"
        problems.append(Problem(f"no plan satisfies every rule at once; these conflict: {listed}"))
        problems += [
            Problem(f"in the conflict: {label}", field)
            for label, field in zip(conflict.rules, conflict.fields, strict=True)
        ]
    for position, fix in enumerate(conflict.fixes[:4]):
        lead = "cheapest fix" if position == 0 else "or"
        problems.append(Problem(f"{lead}: {fix.text}", fix.field))
    return InfeasibleError(problems, conflict.rules, conflict.fixes)


def unbounded_error(scenario: Scenario, responses: Responses) -> UnboundedError:
    """Return an error that says which objective grows without limit, and through which channels."""
    objective = scenario.objective
    sign = 1.0 if objective.sense == "maximize" else -1.0
    open_channels = [
        c for c in responses.channels if not math.isfinite(c.upper.value) and _improves(c, objective.measure, sign)
    ]
    names = ", ".join(c.label for c in open_channels) or "some channels"
    cause = "there is no budget" if scenario.budget is None else "the budget does not limit it"
    message = (
        f"'{objective.sense} {objective.measure}' is unbounded: {cause}, and {names} have no cap; "
        "add a budget or a max_spend"
    )
    return UnboundedError([Problem(message, field="objective")])


def _improves(channel: ChannelResponse, measure: str, sign: float) -> bool:
    return sign * channel.segments[-1].rates.get(measure, 0.0) > 0


def _money(symbol: str, amount: float) -> str:
    return f"{symbol}{amount:,.0f}" if math.isfinite(amount) else "no limit"
