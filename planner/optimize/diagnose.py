"""When no plan exists: the smallest set of named rules in conflict, and the cheapest single change that fixes it.

The conflict set is an irreducible infeasible subset found by deletion filtering: drop each
rule in turn and keep it dropped if the rest still conflict. Each rule of the set is then
relaxed alone as little as possible: for a limit on an amount (budget, floor, cap, KPI target)
by an elastic LP that optimises the rule's own quantity over the other rules; for a limit that
multiplies a measure (share, ratio, target CPA or ROAS) by bisection on the limit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from planner.model.channels import Channel
from planner.model.formatting import format_money
from planner.model.scenario import Scenario
from planner.optimize.lp import LinearProgram, row_terms
from planner.optimize.solver import HighsSession, SolverStatus

BISECTION_STEPS = 40


@dataclass(frozen=True)
class Element:
    """One thing a user can relax: a rule's row, or a channel's floor or cap."""

    kind: Literal["row", "floor", "cap"]
    key: str  # row name for rows, channel index (as text) for floors and caps
    label: str  # in the user's words


@dataclass(frozen=True)
class Fix:
    """The least change to one rule that makes the scenario feasible again (all else unchanged)."""

    target: Literal["budget", "rule", "floor", "cap", "resource"]
    name: str  # rule name, channel id, or "budget"
    sense: str
    current: float
    needed: float
    text: str
    text_zh: str
    step: float = 1.0  # the rounding a person would write this limit in (¥1, 0.1 percentage point, 0.01)
    field: str = ""  # where the relaxed rule is in the scenario, e.g. "rules -> 2 (live share)"

    @property
    def relative_change(self) -> float:
        """Return the size of the change relative to the current limit."""
        return abs(self.needed - self.current) / max(abs(self.current), 1e-9)


@dataclass(frozen=True)
class Conflict:
    """Why a scenario has no plan: the rules in conflict and the fixes, cheapest first."""

    rules: tuple[str, ...]
    fixes: tuple[Fix, ...]
    fields: tuple[str, ...] = ()  # where each rule of the conflict is in the scenario


def diagnose_conflict(scenario: Scenario, lp: LinearProgram) -> Conflict:
    """Return the irreducible set of conflicting rules of an infeasible LP and single-rule fixes."""
    session = HighsSession(lp)
    session.minimise({})
    elements = _elements(lp)
    saved = {e: _bounds(session, e) for e in elements}
    conflict = []
    for element in elements:
        _relax(session, element)
        if session.is_feasible():
            _restore(session, element, saved[element])
            conflict.append(element)
    for element in elements:
        _restore(session, element, saved[element])
    fixes = [
        replace(fix, field=field_of(scenario, lp, e))
        for e in conflict
        if (fix := _fix(scenario, lp, session, e, saved[e])) is not None
    ]
    fixes.sort(key=lambda f: f.relative_change)
    return Conflict(tuple(e.label for e in conflict), tuple(fixes), tuple(field_of(scenario, lp, e) for e in conflict))


def field_of(scenario: Scenario, lp: LinearProgram, element: Element) -> str:
    """Return the field path of what an element relaxes, as scenario errors name fields."""
    if element.kind in ("floor", "cap"):
        index = int(element.key)
        return f"channels -> {index} ({scenario.channels[index].id})"
    info = lp.rows[element.key]
    if info.kind == "budget":
        return "budget"
    if info.kind == "resource":
        name = next((n for n, r in scenario.resources.items() if (r.label or n) == info.rule), info.rule)
        return f"resources -> {name}"
    index = next((i for i, rule in enumerate(scenario.rules) if rule.name == info.rule), 0)
    return f"rules -> {index} ({info.rule})"


def _elements(lp: LinearProgram) -> list[Element]:
    elements = []
    for name, info in lp.rows.items():
        words = {">=": "at least", "<=": "at most", "==": "exactly"}[info.sense]
        label = "budget" if info.kind == "budget" else f"{info.rule} ({words})"
        elements.append(Element("row", name, label))
    for i, channel in enumerate(lp.responses.channels):
        if channel.lower.value > 0:
            elements.append(Element("floor", str(i), f"{channel.label} floor: {channel.lower.reason}"))
        if math.isfinite(channel.upper.value) and channel.lower.reason != channel.upper.reason:
            elements.append(Element("cap", str(i), f"{channel.label} cap: {channel.upper.reason}"))
    return elements


def _bounds(session: HighsSession, element: Element) -> tuple[float, float]:
    if element.kind == "row":
        return session.row_bounds(element.key)
    return session.spend_bounds(int(element.key))


def _relax(session: HighsSession, element: Element) -> None:
    if element.kind == "row":
        session.set_row_bounds(element.key, -math.inf, math.inf)
    else:
        low, up = session.spend_bounds(int(element.key))
        session.set_spend_bounds(
            int(element.key), 0.0 if element.kind == "floor" else low, math.inf if element.kind == "cap" else up
        )


def _restore(session: HighsSession, element: Element, bounds: tuple[float, float]) -> None:
    if element.kind == "row":
        session.set_row_bounds(element.key, *bounds)
    else:
        session.set_spend_bounds(int(element.key), *bounds)


def _fix(
    scenario: Scenario, lp: LinearProgram, session: HighsSession, element: Element, bounds: tuple[float, float]
) -> Fix | None:
    symbol = scenario.currency_symbol
    if element.kind in ("floor", "cap"):
        channel_index = int(element.key)
        channel = lp.responses.channels[channel_index]
        low, up = bounds
        _relax(session, element)
        # The nearest feasible floor is the most the channel can get with its floor dropped; the nearest cap, the least.
        sign = -1.0 if element.kind == "floor" else 1.0
        session.minimise({(channel_index, -1): sign})
        status = session.run()
        needed = sign * session.objective() if status.is_ok else math.nan  # read before any change resets it
        _restore(session, element, bounds)
        if not status.is_ok:
            return None
        current = low if element.kind == "floor" else up
        verb, verb_zh = ("lower", "降至") if element.kind == "floor" else ("raise", "升至")
        what = "floor" if element.kind == "floor" else "cap"
        what_zh = "下限" if element.kind == "floor" else "上限"
        text = f"{verb} the {what} of {channel.label} from {format_money(current, symbol)} to {format_money(needed, symbol)}"
        text_zh = (
            f"将{channel.label}的{what_zh}从 {format_money(current, symbol)} {verb_zh} {format_money(needed, symbol)}"
        )
        return Fix(element.kind, channel.id, ">=" if element.kind == "floor" else "<=", current, needed, text, text_zh)
    info = lp.rows[element.key]
    if info.limit_multiplies:
        found = _bisect_limit(session, lp, element.key)
    else:
        found = _elastic_limit(session, lp, element.key, bounds)
    if found is None:
        return None
    needed = found
    target: Literal["budget", "rule", "resource"] = (
        "budget" if info.kind == "budget" else "resource" if info.kind == "resource" else "rule"
    )
    current = info.limit
    show = _shower(info.kind, info.measure, symbol)
    direction, direction_zh = ("raise", "提高到") if needed > current else ("lower", "降低到")
    if target == "budget":
        text = f"{direction} the budget by {format_money(abs(needed - current), symbol)} (to {format_money(needed, symbol)})"
        text_zh = f"预算{'增加' if needed > current else '减少'} {format_money(abs(needed - current), symbol)}（至 {format_money(needed, symbol)}）"
    else:
        text = f"{direction} '{info.rule}' from {show(current)} to {show(needed)}"
        text_zh = f"将「{info.rule}」从 {show(current)} {direction_zh} {show(needed)}"
    return Fix(target, info.rule, info.sense, current, needed, text, text_zh, _step(info.kind, info.measure, needed))


def _elastic_limit(session: HighsSession, lp: LinearProgram, name: str, bounds: tuple[float, float]) -> float | None:
    """Return the nearest feasible value of a row's limit: its quantity optimised with the row dropped."""
    info = lp.rows[name]
    terms = row_terms(lp, name)
    session.set_row_bounds(name, -math.inf, math.inf)
    try:
        # The row is `quantity (sense) limit`, so a floor can fall to the most the quantity can reach, a cap
        # can rise to the least it must be.
        sign = -1.0 if info.sense == ">=" else 1.0
        if info.sense == "==":
            sign = -1.0 if _reach(session, terms, -1.0) < info.limit else 1.0
        value = _reach(session, terms, sign)
    finally:
        session.set_row_bounds(name, *bounds)
    return value if math.isfinite(value) else None


def _reach(session: HighsSession, terms: dict[tuple[int, int], float], sign: float) -> float:
    session.minimise({key: sign * c for key, c in terms.items()})
    status = session.run()
    if status is SolverStatus.UNBOUNDED or not status.is_ok:
        return math.inf if status is SolverStatus.UNBOUNDED else math.nan
    return sign * session.objective()


def _bisect_limit(session: HighsSession, lp: LinearProgram, name: str) -> float | None:
    """Return the nearest feasible value of a limit that multiplies a measure (row: quantity − limit × measure)."""
    info = lp.rows[name]
    row = row_terms(lp, name)
    multiplied = {(i, k): c for i, k, c in info.limit_multiplies}
    numerator = {
        key: row.get(key, 0.0) + info.limit * multiplied.get(key, 0.0) for key in row.keys() | multiplied.keys()
    }

    def feasible(limit: float) -> bool:
        for (i, k), value in numerator.items():
            session.set_coefficient(name, i, k, value - limit * multiplied.get((i, k), 0.0))
        return session.is_feasible()

    session.minimise({})
    relax_down = info.sense == ">="
    try:
        if relax_down:
            good, bad = 0.0, info.limit
            if not feasible(good):
                return None
        else:
            bad, good = info.limit, max(info.limit, 1e-6) * 2
            for _ in range(60):
                if feasible(good):
                    break
                bad, good = good, good * 2
            else:
                return None
        for _ in range(BISECTION_STEPS):
            middle = (good + bad) / 2
            if feasible(middle):
                good = middle
            else:
                bad = middle
        return good
    finally:
        feasible(info.limit)


def _shower(kind: str, measure: str, symbol: str) -> Callable[[float], str]:
    if kind == "share":
        return lambda v: f"{v:.1%}"
    if kind in ("ratio", "min_roas"):
        return lambda v: f"{v:,.2f}"
    if kind == "max_cpa":
        return lambda v: format_money(v, symbol)
    if measure in ("spend", "revenue", "profit"):
        return lambda v: format_money(v, symbol)
    return lambda v: f"{v:,.0f}"


def _step(kind: str, measure: str, needed: float) -> float:
    """Return the rounding step of a limit: whole money, 0.1 point of a share, 0.01 of a ratio, 4 digits else."""
    if kind == "share":
        return 0.001
    if kind in ("ratio", "min_roas", "max_cpa"):
        return 0.01
    if kind in ("budget", "resource") or measure in ("spend", "revenue", "profit"):
        return 1.0
    return 10.0 ** (math.floor(math.log10(abs(needed))) - 3) if needed else 1.0


def apply_fix(scenario: Scenario, fix: Fix) -> Scenario:
    """Return the scenario with one fix applied, its new limit rounded as a person would write it, feasibly."""
    rise = fix.needed > fix.current
    quotient = fix.needed / fix.step
    steps = math.ceil(quotient - 1e-9) if rise else math.floor(quotient + 1e-9)
    needed = round(steps * fix.step, 10)
    if fix.target == "budget":
        return scenario.with_budget(max(needed, 0.0))
    if fix.target in ("floor", "cap"):
        key = "min_spend" if fix.target == "floor" else "max_spend"
        channels = tuple(_set_bound(c, key, max(needed, 0.0)) if c.id == fix.name else c for c in scenario.channels)
        return scenario.model_copy(update={"channels": channels})
    if fix.target == "resource":
        resources = {
            name: r.model_copy(update={"limit": max(needed, 0.0)}) if (r.label or name) == fix.name else r
            for name, r in scenario.resources.items()
        }
        return scenario.model_copy(update={"resources": resources})
    rules = []
    for rule in scenario.rules:
        if rule.name == fix.name:
            if rule.kind in ("max_cpa", "min_roas"):
                field = "value"
            else:
                field = {">=": "at_least", "<=": "at_most", "==": "exactly"}[fix.sense]
            rule = rule.model_copy(update={field: max(needed, 0.0) if rule.kind != "limit" else needed})
        rules.append(rule)
    return scenario.model_copy(update={"rules": tuple(rules)})


def _set_bound(channel: Channel, key: str, value: float) -> Channel:
    """Return a channel with an absolute floor or cap replacing whatever produced the old one."""
    update: dict[str, object] = {key: value}
    if key == "min_spend":
        update |= {"min_vs_history": None, "locked": False}
        if channel.units is not None and channel.units.min is not None:
            update["units"] = channel.units.model_copy(update={"min": None})
    else:
        update["max_vs_history"] = None
        if channel.units is not None and channel.units.max is not None:
            update["units"] = channel.units.model_copy(update={"max": None})
    return channel.model_copy(update=update)
