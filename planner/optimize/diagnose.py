"""When no plan exists: the smallest set of rules in conflict, and for each the least change that fixes it.

The conflict set is an irreducible infeasible subset found by deletion filtering: drop each
rule in turn and keep it dropped if the rest still conflict (floors above the budget are found
by plain sums first). Each rule of the set is then relaxed alone as little as possible: for a
limit on an amount (budget, floor, cap, KPI target) by an LP that optimises the rule's own
quantity over the other rules; for a limit that multiplies a measure (share, ratio, target CPA
or ROAS) by bisection on the limit. The limit found is rounded to what its label shows, written
into a copy of the scenario, and that copy is solved again: a fix is offered only once it is
known to work. A rule that cannot fix the conflict alone gets a combined fix: dropped, then the
cheapest fix of what still conflicts, until a plan is possible."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from planner.curves.segments import Responses
from planner.model.errors import PlannerError
from planner.model.i18n import Join, Text
from planner.model.scenario import Scenario
from planner.optimize.calendar_conflict import calendar_elements, describe_element, entry_reach, lp_of
from planner.optimize.conflict_rules import Element, RuleShape
from planner.optimize.fixes import Edit, Fix, apply_edits, next_written, written_value
from planner.optimize.fixes import apply_fix as apply_fix  # where callers have always found it
from planner.optimize.lp import LinearProgram, budget_row, row_terms
from planner.optimize.reach import moving_coefficients, search_limit
from planner.optimize.solver import HighsSession, SolverStatus

MOST_CHANGES = 4  # a combined fix makes at most this many changes
ROUNDING_TRIES = 3  # written values tried beyond the exact limit before a fix is given up as not verifiable
ResponsesOf = Callable[[Scenario], Responses]  # the pipeline's way from a scenario to its (whole) responses
Saved = tuple[tuple[float, float], ...]  # an element's bounds: one pair per row (or for the channel's spend)


@dataclass(frozen=True)
class Part:
    """One rule of a conflict as a user reads it: what it asks, why it cannot, and its own fix."""

    element: Element
    label: str  # a short English name ("new customers target (at least)"), kept for logs and old callers
    item: Text  # what it asks, for a list: "'new customers target' (at least 18,000)"
    reason: Text  # one sentence: what it asks against what the other rules allow
    field: str  # where it is written in the scenario, e.g. "rules -> 2 (new customers target) -> at_least"
    reach: float | None  # the nearest limit the other rules allow (None when there is none)
    fix: Fix | None  # the least change of this rule that makes a plan possible (alone, or combined), verified


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
    conflict = _conflict_set(session, elements, saved)
    described = [_part(scenario, lp, session, e, saved[e], responses_of) for e in conflict]
    sums = False
    if all(part.fix is None for part, _, _ in described) and (plain := floors_over_budget(scenario, lp)):
        # Where the solver's answers are no help (amounts too far apart for its precision), floors above the
        # budget are still found by plain sums, exact whatever the size of the numbers.
        sums = True
        described = [_part(scenario, lp, session, e, saved[e], responses_of) for e in plain]
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


def _conflict_set(session: HighsSession, elements: list[Element], saved: dict[Element, Saved]) -> list[Element]:
    """Return an irreducible set of conflicting elements, holding every one that fixes the conflict alone.

    A rule whose relaxation alone makes a plan possible is in every conflicting set; the others are in some.
    Those are tried first, so as few of them as possible are kept: the conflict names what can be fixed.
    """
    alone = set()
    for element in elements:
        _relax(session, element)
        if session.is_feasible():
            alone.add(element)
        _restore(session, element, saved[element])
    needed = []
    for element in [e for e in elements if e not in alone]:
        _relax(session, element)
        if session.is_feasible():
            _restore(session, element, saved[element])
            needed.append(element)
    for element in elements:
        _restore(session, element, saved[element])
    return [e for e in elements if e in alone or e in needed]


def _together_fix(
    scenario: Scenario, shape: RuleShape, singles: list[Fix], responses_of: ResponsesOf
) -> tuple[Fix | None, bool]:
    """Return a fix that drops one rule, then makes the smallest changes still needed; and whether dropping is idle.

    After the drop, the cheapest fix of what still conflicts is added, or (when nothing fixes it alone) another
    rule is dropped, until a plan is possible. Dropping is idle when the first change after it is one that is
    enough already without it: the rule does not stand in the way under the other rules. When the cheapest
    first change leads nowhere (an exact budget put back at an amount no written number reaches), the next
    cheapest is tried.
    """
    for choice in range(MOST_CHANGES):
        fix, idle, alternatives = _together_attempt(scenario, shape, singles, responses_of, choice)
        if fix is not None or idle or choice + 1 >= alternatives:
            return fix, idle
    return None, False


def _together_attempt(
    scenario: Scenario, shape: RuleShape, singles: list[Fix], responses_of: ResponsesOf, choice: int
) -> tuple[Fix | None, bool, int]:
    """Return the combined fix whose first change after the drop is the choice-th cheapest; and the choices."""
    alternatives = 1
    budget = scenario.budget
    if shape.target == "budget" and budget is not None:
        # The budget is set aside while the other rules are fixed, then put back at what they need.
        labels, edits, names = [], [Edit(("budget",), None)], [shape.name]
    elif shape.drop is None:
        return None, False, alternatives
    else:
        labels, edits, names = [shape.drop[0]], list(shape.drop[1]), [shape.name]
    for step in range(MOST_CHANGES):
        try:
            current = apply_edits(scenario, edits)
            lp = lp_of(current, responses_of(current))
        except PlannerError:
            return None, False, alternatives
        if is_feasible(current, responses_of):
            break
        inner = diagnose_conflict(current, lp, responses_of, combine=False)
        if inner.fixes:
            if step == 0:
                alternatives = len(inner.fixes)
            fix = inner.fixes[min(choice, len(inner.fixes) - 1) if step == 0 else 0]
            if step == 0 and any(fix.edits == single.edits for single in singles):
                return None, True, alternatives
            labels += steps_of(fix)
            edits += fix.edits
            names.append(fix.name)
            continue
        shapes = [describe_element(current, lp, part.element) for part in inner.parts]
        dropped = next((s for s in shapes if s.drop is not None), None)
        if dropped is None or dropped.drop is None:
            return None, False, alternatives
        labels.append(dropped.drop[0])
        edits += dropped.drop[1]
        names.append(dropped.name)
    if shape.target == "budget" and budget is not None:
        spend = _spend_range(apply_edits(scenario, edits), responses_of)
        if spend is None or not labels:
            return None, False, alternatives
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
    return (fix if is_feasible(apply_fix(scenario, fix), responses_of) else None), False, alternatives


def _spend_range(scenario: Scenario, responses_of: ResponsesOf) -> tuple[float, float] | None:
    """Return the least and the most total spend a scenario's rules allow (None when they cannot hold at all)."""
    try:
        lp = lp_of(scenario, responses_of(scenario))
    except PlannerError:
        return None
    session = HighsSession(lp)
    least = _optimum(session, {(i, -1): 1.0 for i in range(len(lp.spend))})
    most = _optimum(session, {(i, -1): -1.0 for i in range(len(lp.spend))})
    return None if least is None else (least, math.inf if most is None else most)


def floors_over_budget(scenario: Scenario, lp: LinearProgram) -> list[Element]:
    """Return the budget and the fewest largest floors that add up to more than it (none if all fit)."""
    budget = budget_row(lp)
    if budget is None or lp.totals is not None:  # a calendar's floors are rows: the solver's sets name them
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


def is_feasible(scenario: Scenario, responses_of: ResponsesOf) -> bool:
    """Return whether some plan keeps every rule of a scenario (its objective aside)."""
    try:
        lp = lp_of(scenario, responses_of(scenario))
    except PlannerError:
        return False
    session = HighsSession(lp)
    session.minimise({})
    return session.run().is_ok


# -- the conflict set -------------------------------------------------------------------------


def _elements(scenario: Scenario, lp: LinearProgram) -> list[Element]:
    if lp.totals is not None:  # a calendar: channel floors and caps are rows, an entry's rows go together
        return calendar_elements(lp)
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


def _bounds(session: HighsSession, element: Element) -> Saved:
    if element.kind == "row":
        return (session.row_bounds(element.key),)
    if element.kind == "rows":
        return tuple(session.row_bounds(name) for name in element.key.split(","))
    return (session.spend_bounds(int(element.key)),)


def _relax(session: HighsSession, element: Element) -> None:
    if element.kind in ("row", "rows"):
        for name in element.key.split(","):
            session.set_row_bounds(name, -math.inf, math.inf)
        return
    low, up = session.spend_bounds(int(element.key))
    low = low if element.kind == "cap" else 0.0
    up = up if element.kind == "floor" else math.inf
    session.set_spend_bounds(int(element.key), low, up)


def _restore(session: HighsSession, element: Element, bounds: Saved) -> None:
    if element.kind in ("row", "rows"):
        for name, pair in zip(element.key.split(","), bounds, strict=True):
            session.set_row_bounds(name, *pair)
    else:
        session.set_spend_bounds(int(element.key), *bounds[0])


# -- the nearest feasible limit of one rule ---------------------------------------------------


def _reach(
    scenario: Scenario, lp: LinearProgram, session: HighsSession, element: Element, bounds: Saved
) -> tuple[float, bool] | None:
    """Return the nearest limit the other rules allow and whether it lies above the current one."""
    if element.kind == "rows":
        return entry_reach(scenario, session, lp, element.key.split(","))
    if element.kind != "row":
        index = int(element.key)
        low, _up = bounds[0]
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
    return _elastic_limit(session, lp, element.key, bounds[0])


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
    numerator, multiplied = moving_coefficients(lp, name)

    def feasible(limit: float) -> bool:
        for (i, k), value in numerator.items():
            session.set_coefficient(name, i, k, value - limit * multiplied.get((i, k), 0.0))
        return session.is_feasible()

    session.minimise({})
    try:
        up = not (info.sense == ">=" or (info.sense == "==" and feasible(0.0)))
        return search_limit(feasible, info.limit, up=up)
    finally:
        feasible(info.limit)


# -- one part of the conflict: what it asks, what the others allow, its fix --------------------


def _part(
    scenario: Scenario,
    lp: LinearProgram,
    session: HighsSession,
    element: Element,
    bounds: Saved,
    responses_of: ResponsesOf,
) -> tuple[Part, RuleShape, tuple[float, bool] | None]:
    found = _reach(scenario, lp, session, element, bounds)
    shape = describe_element(scenario, lp, element)
    fix = None
    if found is not None and shape.editable:
        fix = _verified_fix(scenario, [(shape, *found)], responses_of)
    reach, above = found if found is not None else (None, False)
    # The sentence shows the limit as the fix writes it (15,792 new customers at most, not 15,793 rounded).
    shown = written_value(reach, shape.shown, above) if reach is not None else None
    part = Part(element, shape.label, shape.item, shape.reason_of(shown, above), shape.field, reach, fix)
    return part, shape, found


def _verified_fix(
    scenario: Scenario, changes: list[tuple[RuleShape, float, bool]], responses_of: ResponsesOf
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


def _fix_of(changes: list[tuple[RuleShape, float, bool]], values: list[float]) -> Fix:
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
