"""Say, in a few plain sentences, why no plan exists or why the objective has no limit."""

from __future__ import annotations

import math

from planner.curves.segments import ChannelResponse, Responses
from planner.model.catalogue import CATALOGUE
from planner.model.errors import InfeasibleError, Problem, UnboundedError
from planner.model.i18n import Join, Money, Text
from planner.model.scenario import Scenario
from planner.optimize.diagnose import Conflict, Part


def infeasible_error(scenario: Scenario, responses: Responses, conflict: Conflict) -> InfeasibleError:
    """Return the error for an infeasible scenario: a plain summary, one problem per rule in conflict, the fixes."""
    problems = [Problem(_problem_text(part), part.field) for part in conflict.parts]
    if not problems:
        problems = [Problem(Text("conflict.unknown"))]
    summary = conflict_summary(scenario, responses, conflict)
    return InfeasibleError(problems, conflict.rules, conflict.fixes, summary=summary)


def conflict_summary(scenario: Scenario, responses: Responses, conflict: Conflict) -> tuple[Text, ...]:
    """Return two or three sentences: what cannot hold together, why, and the smallest change that helps."""
    parts = conflict.parts
    if not parts:
        return (Text("conflict.unknown"),)
    sentences = [_what_conflicts(scenario, responses, parts)]
    if len(parts) == 1 and parts[0].reach is not None:
        sentences = [parts[0].reason]  # one rule against everything else: its own sentence says it all
    elif sentences[0].key == "conflict.these":
        focal = next((p for p in parts if p.reach is not None and _is_rule(scenario, p)), None)
        focal = focal or next((p for p in parts if p.reach is not None), None)
        if focal is not None:
            sentences.append(focal.reason)
    fixes = conflict.fixes
    if fixes and fixes[0].target in ("drop", "together"):
        sentences.append(Text("conflict.together", fix=fixes[0].label))
    elif fixes:
        sentences.append(Text("conflict.smallest", fix=fixes[0].label))
    else:
        sentences.append(Text("conflict.no_fix"))
    return tuple(sentences)


def _what_conflicts(scenario: Scenario, responses: Responses, parts: tuple[Part, ...]) -> Text:
    symbol = scenario.currency_symbol
    channel_parts = [p for p in parts if p.element.kind != "row"]
    rows = [p for p in parts if p.element.kind == "row"]
    channels = {p.element.key for p in channel_parts}
    if not rows and len(channels) == 1 and {p.element.kind for p in parts} == {"floor", "cap"}:
        channel = responses.channels[int(channels.pop())]
        return Text(
            "conflict.floor_above_cap",
            channel=channel.label,
            floor=Money(channel.lower.value, symbol),
            floor_reason=channel.lower.reason,
            cap=Money(channel.upper.value, symbol),
            cap_reason=channel.upper.reason,
        )
    budget = scenario.budget
    only_budget = len(rows) == 1 and rows[0].label == "budget" and budget is not None and not budget.exactly
    if only_budget and channel_parts and all(p.element.kind in ("floor", "lock") for p in channel_parts):
        assert budget is not None
        floored = [responses.channels[int(p.element.key)] for p in channel_parts]
        if sum(c.lower.value for c in floored) <= budget.amount:
            return Text("conflict.these", items=Join(p.item for p in parts))
        if len(floored) == 1 and channel_parts[0].element.kind == "lock":
            return Text(
                "conflict.locked_over_budget",
                channel=floored[0].label,
                amount=Money(floored[0].lower.value, symbol),
                budget=Money(budget.amount, symbol),
            )
        if len(floored) == 1:
            return Text(
                "conflict.floor_over_budget",
                channel=floored[0].label,
                floor=Money(floored[0].lower.value, symbol),
                budget=Money(budget.amount, symbol),
            )
        return Text(
            "conflict.floors_over_budget",
            channels=Join(c.label for c in floored),
            total=Money(sum(c.lower.value for c in floored), symbol),
            budget=Money(budget.amount, symbol),
        )
    return Text("conflict.these", items=Join(p.item for p in parts))


def _is_rule(scenario: Scenario, part: Part) -> bool:
    """Return whether a part is a named rule (not the budget, a resource or a channel's bound)."""
    return part.element.kind == "row" and part.field.startswith("rules")


def _problem_text(part: Part) -> Text:
    if part.fix is not None and part.fix.target in ("drop", "together"):
        return Text("conflict.problem.together", reason=part.reason, fix=part.fix.label)
    if part.fix is not None:
        return Text("conflict.problem.fix", reason=part.reason, fix=part.fix.label)
    if part.reason.key == "conflict.reach.from_data":
        return part.reason
    return Text("conflict.problem.not_alone", reason=part.reason)


def unbounded_error(scenario: Scenario, responses: Responses) -> UnboundedError:
    """Return an error that says which objective grows without limit, and through which channels."""
    objective = scenario.objective
    sign = 1.0 if objective.sense == "maximize" else -1.0
    open_channels = [
        c for c in responses.channels if not math.isfinite(c.upper.value) and _improves(c, objective.measure, sign)
    ]
    names = Join(c.label for c in open_channels) if open_channels else Text("unbounded.some_channels")
    cause = Text("unbounded.no_budget" if scenario.budget is None else "unbounded.budget_not_limiting")
    what = Text(f"unbounded.{objective.sense}", measure=measure_words(scenario, objective.measure))
    message = Text("unbounded", objective=what, cause=cause, channels=names, field="max_spend")
    return UnboundedError([Problem(message, field="objective")])


def measure_words(scenario: Scenario, measure: str) -> Text | str:
    """Return what a measure is called in sentences: a built-in's words, a KPI's label, else its name."""
    if f"measure.{measure}" in CATALOGUE:
        return Text(f"measure.{measure}")
    return scenario.kpis.get(measure) or measure


def _improves(channel: ChannelResponse, measure: str, sign: float) -> bool:
    return sign * channel.segments[-1].rates.get(measure, 0.0) > 0
