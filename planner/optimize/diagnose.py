"""When no plan exists: the smallest set of rules in conflict, and for each the least change that fixes it alone.

The conflict set is an irreducible infeasible subset found by deletion filtering: drop each
rule in turn and keep it dropped if the rest still conflict. Each rule of the set is then
relaxed alone as little as possible: for a limit on an amount (budget, floor, cap, KPI target)
by an LP that optimises the rule's own quantity over the other rules; for a limit that
multiplies a measure (share, ratio, target CPA or ROAS) by bisection on the limit. The limit
found is rounded to what its label shows, written into a copy of the scenario, and that copy is
solved again: a fix is offered only once it is known to work.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from planner.curves.segments import ChannelResponse, Responses
from planner.model.channels import Channel
from planner.model.errors import PlannerError
from planner.model.i18n import Join, Money, Text
from planner.model.rules import Bounds
from planner.model.scenario import Scenario
from planner.optimize.fixes import Edit, Fix, Shown, apply_edits, next_written, shown_as, written_value
from planner.optimize.fixes import apply_fix as apply_fix  # where callers have always found it
from planner.optimize.lp import LinearProgram, RowInfo, build_problem, row_terms
from planner.optimize.solver import HighsSession, SolverStatus

BISECTION_STEPS = 40
MOST_CHANGES = 4  # a combined fix makes at most this many changes
ROUNDING_TRIES = 3  # written values tried beyond the exact limit before a fix is given up as not verifiable
ResponsesOf = Callable[[Scenario], Responses]  # the pipeline's way from a scenario to its responses


@dataclass(frozen=True)
class Element:
    """One thing a user can relax: a rule's row, or a channel's floor, cap or lock."""

    kind: Literal["row", "floor", "cap", "lock"]
    key: str  # row name for rows, channel index (as text) for the others


@dataclass(frozen=True)
class Part:
    """One rule of a conflict as a user reads it: what it asks, why it cannot, and its own fix."""

    element: Element
    label: str  # a short English name ("new customers target (at least)"), kept for logs and old callers
    item: Text  # what it asks, for a list: "'new customers target' (at least 18,000)"
    reason: Text  # one sentence: what it asks against what the other rules allow
    field: str  # where it is written in the scenario, e.g. "rules -> 2 (new customers target) -> at_least"
    reach: float | None  # the nearest limit the other rules allow (None when there is none)
    fix: Fix | None  # the least change of this rule alone that makes a plan possible, verified


@dataclass(frozen=True)
class Conflict:
    """Why a scenario has no plan: the rules in conflict and the fixes, cheapest first."""

    parts: tuple[Part, ...]
    fixes: tuple[Fix, ...]

    @property
    def rules(self) -> tuple[str, ...]:
        """Return the short English name of each rule in the conflict."""
        return tuple(part.label for part in self.parts)

    @property
    def fields(self) -> tuple[str, ...]:
        """Return where each rule of the conflict is in the scenario."""
        return tuple(part.field for part in self.parts)


def diagnose_conflict(
    scenario: Scenario, lp: LinearProgram, responses_of: ResponsesOf, *, combine: bool = True
) -> Conflict:
    """Return the irreducible set of conflicting rules of an infeasible LP, each with its verified fix."""
    session = HighsSession(lp)
    session.minimise({})
    elements = _elements(scenario, lp)
    saved = {e: _bounds(session, e) for e in elements}
    # A rule whose relaxation alone makes a plan possible is in every conflicting set; the others are in some.
    # Those are tried first, so as few as possible are kept: the conflict names what can be fixed.
    # Floors above the budget are found by plain sums first: exact, whatever the size of the numbers.
    conflict = floors_over_budget(scenario, lp)
    sums = bool(conflict)
    if not conflict:
        alone = set()
        for element in elements:
            _relax(session, element)
            if session.is_feasible():
                alone.add(element)
            _restore(session, element, saved[element])
        kept = []
        for element in [e for e in elements if e not in alone]:
            _relax(session, element)
            if session.is_feasible():
                _restore(session, element, saved[element])
                kept.append(element)
        for element in elements:
            _restore(session, element, saved[element])
        conflict = [e for e in elements if e in alone or e in kept]
    described = [_part(scenario, lp, session, e, saved[e], responses_of) for e in conflict]
    parts = [part for part, _, _ in described]
    if combine:
        # A rule that is one of several too tight (other floors or caps conflict with the budget as well)
        # cannot fix it alone: dropped, together with the smallest change that then suffices, it can. One
        # whose dropping changes nothing stands in no one's way under the other rules: it is not named.
        singles = [p.fix for p in parts if p.fix is not None]
        kept = []
        for part, (_, shape, _) in zip(parts, described, strict=True):
            if part.fix is None:
                together, idle = _together_fix(scenario, shape, [] if sums else singles, responses_of)
                if idle and singles and not sums:
                    continue
                part = replace(part, fix=together)
            kept.append(part)
        parts = kept
    fixes: list[Fix] = []
    for part in parts:
        if part.fix is not None and part.fix not in fixes:  # one combined fix may serve several rules
            fixes.append(part.fix)
    fixes.sort(key=lambda f: (f.relative_change, f.text))
    if not fixes:
        # No rule fixes it alone (a limit that comes from the data, or one whose every rounding falls short):
        # relax every rule that can be edited at once.
        editable = [(shape, *found) for _, shape, found in described if found is not None and shape.editable]
        together = _verified_fix(scenario, editable, responses_of) if len(editable) > 1 else None
        fixes = [together] if together is not None else []
    return Conflict(tuple(parts), tuple(fixes))


def _together_fix(
    scenario: Scenario, shape: _Shape, singles: list[Fix], responses_of: ResponsesOf
) -> tuple[Fix | None, bool]:
    """Return a fix that drops one rule, then makes the smallest changes still needed; and whether dropping is idle.

    After the drop, the cheapest fix of what still conflicts is added, or (when nothing fixes it alone) another
    rule is dropped, until a plan is possible. Dropping is idle when the first change after it is one that is
    enough already without it: the rule does not stand in the way under the other rules.
    """
    budget = scenario.budget
    if shape.target == "budget" and budget is not None:
        # The budget is set aside while the other rules are fixed, then put back at what they need.
        labels, edits, names = [], [Edit(("budget",), None)], [shape.name]
    elif shape.drop is None:
        return None, False
    else:
        labels, edits, names = [shape.drop[0]], list(shape.drop[1]), [shape.name]
    for step in range(MOST_CHANGES):
        try:
            current = apply_edits(scenario, edits)
            lp = build_problem(current, responses_of(current))
        except PlannerError:
            return None, False
        if is_feasible(current, responses_of):
            break
        inner = diagnose_conflict(current, lp, responses_of, combine=False)
        if inner.fixes:
            fix = inner.fixes[0]
            if step == 0 and any(fix.edits == single.edits for single in singles):
                return None, True
            labels += steps_of(fix)
            edits += fix.edits
            names.append(fix.name)
            continue
        shapes = [_describe(current, lp, part.element) for part in inner.parts]
        dropped = next((s for s in shapes if s.drop is not None), None)
        if dropped is None or dropped.drop is None:
            return None, False
        labels.append(dropped.drop[0])
        edits += dropped.drop[1]
        names.append(dropped.name)
    if shape.target == "budget" and budget is not None:
        spend = _spend_range(apply_edits(scenario, edits), responses_of)
        if spend is None or not labels:
            return None, False
        least, most = spend
        up = budget.amount < least
        value = written_value(least if up else min(budget.amount, most), "money", up)
        edits = [*edits[1:]]
        if value != budget.amount:
            labels.insert(0, shape.fix_label(value, up))
            edits.append(Edit(("budget", "amount"), value))
    if len(labels) == 1:
        fix = Fix("drop", shape.name, shape.sense, shape.current, math.nan, math.nan, labels[0], tuple(edits))
    else:
        label = Text("fix.together", fixes=Join(labels))
        fix = Fix("together", " + ".join(names), "", math.nan, math.nan, math.nan, label, tuple(edits), shape.field)
    return (fix if is_feasible(apply_fix(scenario, fix), responses_of) else None), False


def _spend_range(scenario: Scenario, responses_of: ResponsesOf) -> tuple[float, float] | None:
    """Return the least and the most total spend a scenario's rules allow (None when they cannot hold at all)."""
    try:
        lp = build_problem(scenario, responses_of(scenario))
    except PlannerError:
        return None
    session = HighsSession(lp)
    least = _optimum(session, {(i, -1): 1.0 for i in range(len(lp.spend))})
    most = _optimum(session, {(i, -1): -1.0 for i in range(len(lp.spend))})
    return None if least is None else (least, math.inf if most is None else most)


def floors_over_budget(scenario: Scenario, lp: LinearProgram) -> list[Element]:
    """Return the budget and the fewest largest floors that add up to more than it (none if all fit)."""
    budget = next((name for name, info in lp.rows.items() if info.kind == "budget"), None)
    if budget is None:
        return []
    limit = lp.rows[budget].limit
    channels = lp.responses.channels
    floored = sorted((i for i, c in enumerate(channels) if c.lower.value > 0), key=lambda i: -channels[i].lower.value)
    if sum(channels[i].lower.value for i in floored) <= limit * (1 + 1e-9):
        return []
    chosen: list[int] = []
    for i in floored:
        chosen.append(i)
        if sum(channels[j].lower.value for j in chosen) > limit * (1 + 1e-9):
            break
    kinds = {i: "lock" if scenario.channels[i].locked else "floor" for i in chosen}
    return [Element("row", budget)] + [Element(kinds[i], str(i)) for i in sorted(chosen)]  # type: ignore[arg-type]


def _describe(scenario: Scenario, lp: LinearProgram, element: Element) -> _Shape:
    return (_describe_row if element.kind == "row" else _describe_channel)(scenario, lp, element)


def is_feasible(scenario: Scenario, responses_of: ResponsesOf) -> bool:
    """Return whether some plan keeps every rule of a scenario (its objective aside)."""
    try:
        lp = build_problem(scenario, responses_of(scenario))
    except PlannerError:
        return False
    session = HighsSession(lp)
    session.minimise({})
    return session.run().is_ok


# -- the conflict set -------------------------------------------------------------------------


def _elements(scenario: Scenario, lp: LinearProgram) -> list[Element]:
    elements = [Element("row", name) for name in lp.rows]
    for i, channel in enumerate(lp.responses.channels):
        if scenario.channels[i].locked:
            elements.append(Element("lock", str(i)))
            continue
        if channel.lower.value > 0:
            elements.append(Element("floor", str(i)))
        if math.isfinite(channel.upper.value) and channel.lower.reason != channel.upper.reason:
            elements.append(Element("cap", str(i)))
    return elements


def _bounds(session: HighsSession, element: Element) -> tuple[float, float]:
    if element.kind == "row":
        return session.row_bounds(element.key)
    return session.spend_bounds(int(element.key))


def _relax(session: HighsSession, element: Element) -> None:
    if element.kind == "row":
        session.set_row_bounds(element.key, -math.inf, math.inf)
        return
    low, up = session.spend_bounds(int(element.key))
    low = low if element.kind == "cap" else 0.0
    up = up if element.kind == "floor" else math.inf
    session.set_spend_bounds(int(element.key), low, up)


def _restore(session: HighsSession, element: Element, bounds: tuple[float, float]) -> None:
    if element.kind == "row":
        session.set_row_bounds(element.key, *bounds)
    else:
        session.set_spend_bounds(int(element.key), *bounds)


# -- the nearest feasible limit of one rule ---------------------------------------------------


def _reach(
    lp: LinearProgram, session: HighsSession, element: Element, bounds: tuple[float, float]
) -> tuple[float, bool] | None:
    """Return the nearest limit the other rules allow and whether it lies above the current one."""
    if element.kind != "row":
        index = int(element.key)
        low, _up = bounds
        _relax(session, element)
        try:
            most = _optimum(session, {(index, -1): -1.0})
            least = _optimum(session, {(index, -1): 1.0})
        finally:
            _restore(session, element, bounds)
        if element.kind == "floor" or (element.kind == "lock" and most is not None and most < low):
            return (most, False) if most is not None else None
        return (least, True) if least is not None else None
    info = lp.rows[element.key]
    found = _bisect_limit(session, lp, element.key) if info.limit_multiplies else None
    if info.limit_multiplies:
        return (found, found > info.limit) if found is not None else None
    return _elastic_limit(session, lp, element.key, bounds)


def _optimum(session: HighsSession, costs: dict[tuple[int, int], float]) -> float | None:
    """Return the optimum of Σ cost × column (as a quantity: the sign of a maximisation undone)."""
    sign = -1.0 if sum(costs.values()) < 0 else 1.0
    session.minimise(costs)
    status = session.run()
    value = sign * session.objective() if status.is_ok else None  # read before any change resets it
    session.minimise({})
    return value


def _elastic_limit(
    session: HighsSession, lp: LinearProgram, name: str, bounds: tuple[float, float]
) -> tuple[float, bool] | None:
    """Return the nearest feasible value of a row's limit: its quantity optimised with the row dropped."""
    info = lp.rows[name]
    terms = row_terms(lp, name)
    session.set_row_bounds(name, -math.inf, math.inf)
    try:
        # The row is `quantity (sense) limit`: a floor can fall to the most the quantity can reach, a cap
        # rise to the least it must be; an "exactly" goes whichever way its limit lies outside the two.
        most = _reach_quantity(session, terms, -1.0)
        if info.sense == ">=" or (info.sense == "==" and most < info.limit):
            value, above = most, False
        else:
            value, above = _reach_quantity(session, terms, 1.0), True
    finally:
        session.set_row_bounds(name, *bounds)
        session.minimise({})
    return (value, above) if math.isfinite(value) else None


def _reach_quantity(session: HighsSession, terms: dict[tuple[int, int], float], sign: float) -> float:
    session.minimise({key: sign * c for key, c in terms.items()})
    status = session.run()
    if not status.is_ok:
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
    try:
        if info.sense == ">=" or (info.sense == "==" and feasible(0.0)):
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


# -- one part of the conflict: what it asks, what the others allow, its fix --------------------


def _part(
    scenario: Scenario,
    lp: LinearProgram,
    session: HighsSession,
    element: Element,
    bounds: tuple[float, float],
    responses_of: ResponsesOf,
) -> tuple[Part, _Shape, tuple[float, bool] | None]:
    found = _reach(lp, session, element, bounds)
    shape = _describe(scenario, lp, element)
    fix = None
    if found is not None and shape.editable:
        fix = _verified_fix(scenario, [(shape, *found)], responses_of)
    reach, above = found if found is not None else (None, False)
    # The sentence shows the limit as the fix writes it (15,792 new customers at most, not 15,793 rounded).
    shown = written_value(reach, shape.shown, above) if reach is not None else None
    part = Part(element, shape.label, shape.item, shape.reason_of(shown, above), shape.field, reach, fix)
    return part, shape, found


@dataclass(frozen=True)
class _Shape:
    """How one rule of a conflict is described and edited."""

    label: str
    item: Text
    field: str
    shown: Shown
    current: float
    sense: str
    target: Literal["budget", "rule", "floor", "cap", "lock", "resource"]
    name: str
    edit: Callable[[float], tuple[Edit, ...]]
    fix_label: Callable[[float, bool], Text]
    reason_of: Callable[[float | None, bool], Text]
    editable: bool = True
    drop: tuple[Text, tuple[Edit, ...]] | None = None  # how to drop the rule altogether, when it can be


def _verified_fix(
    scenario: Scenario, changes: list[tuple[_Shape, float, bool]], responses_of: ResponsesOf
) -> Fix | None:
    """Return the fix writing each needed limit rounded to what its label shows, once a solve confirms it works.

    When a rounded value falls just short (the solver's limit was on the edge of what rounds to it), the
    next shown value beyond it is tried, so the label still shows exactly what is written.
    """
    values = [written_value(needed, shape.shown, up) for shape, needed, up in changes]
    for _ in range(ROUNDING_TRIES):
        # Noise of the solver below zero is zero: no amount, share or ratio a person writes is negative.
        values = [
            0.0 if v < 0 and shape.shown != "number" else v for v, (shape, _, _) in zip(values, changes, strict=True)
        ]
        fix = _fix_of(changes, values)
        try:
            if is_feasible(apply_fix(scenario, fix), responses_of):
                return fix
        except PlannerError:
            return None  # a value the scenario does not accept (a share above 100%)
        values = [next_written(v, shape.shown, up) for v, (shape, _, up) in zip(values, changes, strict=True)]
    return None


def steps_of(fix: Fix) -> tuple[Text, ...]:
    """Return the labels of the changes a fix makes: its own label, or each change of a combined fix."""
    if fix.target == "together" and fix.label.key == "fix.together":
        return tuple(fix.label.args["fixes"].items)
    return (fix.label,)


def _fix_of(changes: list[tuple[_Shape, float, bool]], values: list[float]) -> Fix:
    if len(changes) == 1:
        (shape, needed, up), value = changes[0], values[0]
        label = shape.fix_label(value, up)
        return Fix(
            shape.target, shape.name, shape.sense, shape.current, needed, value, label, shape.edit(value), shape.field
        )
    labels = [shape.fix_label(value, up) for (shape, _, up), value in zip(changes, values, strict=True)]
    edits = tuple(edit for (shape, _, _), value in zip(changes, values, strict=True) for edit in shape.edit(value))
    name = " + ".join(shape.name for shape, _, _ in changes)
    field = "; ".join(shape.field for shape, _, _ in changes)
    return Fix(
        "together", name, "", math.nan, math.nan, math.nan, Text("fix.together", fixes=Join(labels)), edits, field
    )


def _describe_row(scenario: Scenario, lp: LinearProgram, element: Element) -> _Shape:
    info = lp.rows[element.key]
    symbol = scenario.currency_symbol
    shown = _shown_of(info)
    current = info.limit

    def show(value: float) -> object:
        return shown_as(value, shown, symbol)

    if info.kind == "budget":
        exactly = info.sense == "=="
        item = Text(
            "conflict.item.budget_exactly" if exactly else "conflict.item.budget", amount=Money(current, symbol)
        )

        def budget_reason(reach: float | None, above: bool) -> Text:
            if reach is None:
                return Text("conflict.part", item=item)
            key = "conflict.reach.budget" if above else "conflict.reach.budget_exactly"
            return Text(key, budget=Money(current, symbol), reach=Money(reach, symbol))

        def budget_label(value: float, up: bool) -> Text:
            change = Money(abs(value - current), symbol)
            key = "fix.budget.raise" if up else "fix.budget.lower"
            return Text(key, current=Money(current, symbol), value=Money(value, symbol), change=change)

        return _Shape(
            label="budget",
            item=item,
            field="budget",
            shown=shown,
            current=current,
            sense=info.sense,
            target="budget",
            name="budget",
            edit=lambda v: (Edit(("budget", "amount"), v),),
            fix_label=budget_label,
            reason_of=budget_reason,
        )
    if info.kind == "resource":
        name = next((n for n, r in scenario.resources.items() if (r.label or n) == info.rule), info.rule)
        path: tuple[str | int, ...] = ("resources", name, "limit")
        field = f"resources -> {name} -> limit"
        target: Literal["rule", "resource"] = "resource"
    else:
        index = next(i for i, rule in enumerate(scenario.rules) if rule.name == info.rule)
        key = (
            "value"
            if info.kind in ("max_cpa", "min_roas")
            else {">=": "at_least", "<=": "at_most", "==": "exactly"}[info.sense]
        )
        path = ("rules", index, key)
        field = f"rules -> {index} ({info.rule}) -> {key}"
        target = "rule"
    words = {">=": "at least", "<=": "at most", "==": "exactly"}[info.sense]
    item_key = {"max_cpa": "conflict.item.max_cpa", "min_roas": "conflict.item.min_roas"}.get(
        info.kind, f"conflict.item.{words.replace(' ', '_')}"
    )
    item = Text(item_key, rule=info.rule, limit=show(current))

    def rule_reason(reach: float | None, above: bool) -> Text:
        if reach is None:
            return Text("conflict.part", item=item)
        if info.kind in ("max_cpa", "min_roas"):
            key = f"conflict.reach.{info.kind}"
        elif info.sense == "==":
            key = "conflict.reach.exactly_low" if above else "conflict.reach.exactly_high"
        else:
            key = "conflict.reach.at_least" if info.sense == ">=" else "conflict.reach.at_most"
        return Text(key, rule=info.rule, limit=show(current), reach=show(reach))

    def rule_label(value: float, up: bool) -> Text:
        return Text(
            "fix.rule.raise" if up else "fix.rule.lower", rule=info.rule, current=show(current), value=show(value)
        )

    drop = None
    if target == "rule":
        rule = scenario.rules[index]
        limits = rule.limits() if isinstance(rule, Bounds) else []
        if len(limits) > 1:
            drop_edits: tuple[Edit, ...] = (Edit(path, None),)
        else:
            rules = [r.model_dump(warnings=False) for i, r in enumerate(scenario.rules) if i != index]
            drop_edits = (Edit(("rules",), rules),)
        drop = (Text("fix.rule.remove", item=item), drop_edits)
    return _Shape(
        label=f"{info.rule} ({words})",
        item=item,
        field=field,
        shown=shown,
        current=current,
        sense=info.sense,
        target=target,
        name=info.rule,
        edit=lambda v: (Edit(path, v),),
        fix_label=rule_label,
        reason_of=rule_reason,
        drop=drop,
    )


def _shown_of(info: RowInfo) -> Shown:
    if info.kind == "share":
        return "share"
    if info.kind in ("ratio", "min_roas"):
        return "ratio"
    if info.kind in ("budget", "max_cpa") or (info.kind == "limit" and info.measure in ("spend", "revenue", "profit")):
        return "money"
    return "number"


def _describe_channel(scenario: Scenario, lp: LinearProgram, element: Element) -> _Shape:
    index = int(element.key)
    response = lp.responses.channels[index]
    channel = scenario.channels[index]
    symbol = scenario.currency_symbol
    name = response.label
    where = f"channels -> {index} ({channel.id})"

    def money(value: float) -> Money:
        return Money(value, symbol)

    if element.kind == "lock":
        current = response.lower.value
        item = Text("conflict.item.locked", channel=name, amount=money(current))

        def lock_reason(reach: float | None, above: bool) -> Text:
            if reach is None:
                return Text("conflict.part", item=item)
            key = "conflict.reach.locked_low" if above else "conflict.reach.locked_high"
            return Text(key, channel=name, amount=money(current), reach=money(reach))

        unlock = tuple(
            Edit(("channels", index, key), value)
            for key, value in (("locked", False), ("min_spend", None), ("max_spend", None))
        )
        return _Shape(
            label=f"{name} locked",
            item=item,
            field=f"{where} -> locked",
            shown="money",
            current=current,
            sense="==",
            target="lock",
            name=channel.id,
            edit=lambda v: (Edit(("channels", index, "min_spend"), v), Edit(("channels", index, "max_spend"), v)),
            fix_label=lambda v, up: Text("fix.lock", channel=name, current=money(current), value=money(v)),
            reason_of=lock_reason,
            drop=(Text("fix.unlock", channel=name), unlock),
        )
    floor = element.kind == "floor"
    bound = response.lower if floor else response.upper
    source = _bound_source(channel, response, bound.value, floor)
    item = Text("conflict.item.floor" if floor else "conflict.item.cap", channel=name, reason=bound.reason)

    def bound_reason(reach: float | None, above: bool) -> Text:
        if reach is None:
            return Text("conflict.part", item=item)
        key = "conflict.reach.floor" if floor else "conflict.reach.cap"
        reason = Text(key, channel=name, amount=money(bound.value), reason=bound.reason, reach=money(reach))
        return reason if source is not None else Text("conflict.reach.from_data", reason=reason)

    def edits(value: float) -> tuple[Edit, ...]:
        # The new absolute bound replaces whatever produced the old one, so it is the one that holds.
        ends = ("min_spend", "min_vs_history", "min") if floor else ("max_spend", "max_vs_history", "max")
        written = None if math.isnan(value) else value  # nan: drop the bound altogether
        changes = [Edit(("channels", index, ends[0]), written), Edit(("channels", index, ends[1]), None)]
        if channel.units is not None:
            changes.append(Edit(("channels", index, "units", ends[2]), None))
        return tuple(changes)

    def bound_label(value: float, up: bool) -> Text:
        return Text("fix.floor" if floor else "fix.cap", channel=name, current=money(bound.value), value=money(value))

    drop_label = Text("fix.floor.remove" if floor else "fix.cap.remove", channel=name, reason=bound.reason)
    return _Shape(
        label=f"{name} {'floor' if floor else 'cap'}: {bound.reason}",
        item=item,
        field=" -> ".join(filter(None, (where, source or _data_field(channel)))),
        shown="money",
        current=bound.value,
        sense=">=" if floor else "<=",
        target="floor" if floor else "cap",
        name=channel.id,
        edit=edits,
        fix_label=bound_label,
        reason_of=bound_reason,
        editable=source is not None,
        drop=(drop_label, edits(math.nan)) if source is not None else None,
    )


def _data_field(channel: Channel) -> str:
    """Return the field a cap from the data comes from: its tranches, its imported curve, or its history."""
    return "tranches" if channel.tranches else "curve" if channel.curve is not None else ""


def _bound_source(channel: Channel, response: ChannelResponse, value: float, floor: bool) -> str | None:
    """Return the field that sets a channel's floor or cap, or None for a cap that comes from its data."""

    def same(candidate: float | None) -> bool:
        return candidate is not None and math.isclose(candidate, value, rel_tol=1e-9, abs_tol=1e-9)

    absolute = channel.min_spend if floor else channel.max_spend
    units = channel.units.min if floor and channel.units else channel.units.max if channel.units else None
    relative = channel.min_vs_history if floor else channel.max_vs_history
    history = response.historical_spend
    if same(absolute):
        return "min_spend" if floor else "max_spend"
    if units is not None and response.unit_cost and same(units * response.unit_cost):
        return "units -> min" if floor else "units -> max"
    if relative is not None and history is not None and same(relative * history):
        return "min_vs_history" if floor else "max_vs_history"
    return "min_spend" if floor else None
