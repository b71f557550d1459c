"""A calendar's rules in a conflict: which rows move together, what they ask, how far they must move.

A calendar's LP has rows where a one-period LP has bounds (a channel's floor and cap over the calendar,
kind `channel_total`), and one entry of `calendar.budgets`, `smoothing` or `on_air` is several rows (one
per period, or per channel): they are relaxed together as one element (kind "rows"), and the least change
of the entry's written value is found by bisection on it (every row's limit scaled alike, so per-day and
share limits keep their meaning). The diagnosis (planner.optimize.diagnose) does the rest as for one period.
"""

from __future__ import annotations

import math

from planner.curves.segments import Responses
from planner.model.calendar import OnAir, PeriodBudget, Smoothing
from planner.model.i18n import Join, Money, Number, Share, Text
from planner.model.rules import Selection
from planner.model.scenario import Scenario
from planner.optimize.calendar import CalendarLayout
from planner.optimize.calendar_rows import CHANNEL_TOTAL, ON_AIR_LINK
from planner.optimize.conflict_rules import Element, RuleShape, describe, describe_bound
from planner.optimize.fixes import Edit, Shown, shown_as
from planner.optimize.lp import LinearProgram, build_problem
from planner.optimize.reach import moving_coefficients, search_limit
from planner.optimize.solver import HighsSession

_SENSE = {"at_least": ">=", "at_most": "<=", "exactly": "==", "max_change": "<=", "periods": ">="}


def lp_of(scenario: Scenario, responses: Responses) -> LinearProgram:
    """Return the LP of a scenario from its whole responses: the period copies' LP when it has a calendar."""
    if scenario.calendar is None:
        return build_problem(scenario, responses)
    layout = CalendarLayout.of(scenario, responses)
    return layout.build(scenario, layout.spread(responses), frozenset())


def calendar_elements(lp: LinearProgram) -> list[Element]:
    """Return what a user can relax in a calendar's LP: its rows, the rows of one calendar entry as one."""
    elements: list[Element] = []
    entries: dict[tuple[str | int, ...], list[str]] = {}
    for name, info in lp.rows.items():
        if info.kind == ON_AIR_LINK:  # part of its on-air rule, not a rule of its own
            continue
        if info.source:
            if info.source not in entries:
                entries[info.source] = []
                elements.append(Element("rows", ""))  # filled in below, in the order of first appearance
            entries[info.source].append(name)
            continue
        elements.append(Element("row", name))
    names = iter(entries.values())
    return [Element("rows", ",".join(next(names))) if e.kind == "rows" else e for e in elements]


def describe_element(scenario: Scenario, lp: LinearProgram, element: Element) -> RuleShape:
    """Return how an element of a conflict is described and edited, a calendar's rows included."""
    if element.kind == "rows":
        return _describe_entry(scenario, lp, element.key.split(","))
    if element.kind == "row" and lp.totals is not None and lp.rows[element.key].kind == CHANNEL_TOTAL:
        info = lp.rows[element.key]
        index = next(i for i, c in enumerate(scenario.channels) if c.id == info.rule)
        kind = {">=": "floor", "<=": "cap", "==": "lock"}[info.sense]
        return describe_bound(scenario, lp.totals.channels[index], index, kind)
    return describe(scenario, lp, element)


def _entry(scenario: Scenario, source: tuple[str | int, ...]) -> PeriodBudget | Smoothing | OnAir:
    assert scenario.calendar is not None
    entries: tuple[PeriodBudget | Smoothing | OnAir, ...] = getattr(scenario.calendar, str(source[1]))
    return entries[int(source[2])]


def written_limit(scenario: Scenario, source: tuple[str | int, ...]) -> float:
    """Return the value of a calendar entry's limit as written (a share as a fraction)."""
    return float(getattr(_entry(scenario, source), str(source[3])))


def _channels(scenario: Scenario, selection: Selection) -> Text | Join | str:
    if selection.group is not None:
        return selection.group
    if selection.channels is not None:
        return Join(c.label or c.id for c in scenario.select(selection))
    return Text("calendar.conflict.all_channels")


def _describe_entry(scenario: Scenario, lp: LinearProgram, names: list[str]) -> RuleShape:
    source = lp.rows[names[0]].source
    area, position, key = str(source[1]), int(source[2]), str(source[3])
    entry = _entry(scenario, source)
    symbol = scenario.currency_symbol
    current = written_limit(scenario, source)
    shown: Shown
    if isinstance(entry, PeriodBudget):
        shown = "share" if entry.share else "money"
        what = _budget_what(scenario, entry)

        def show(value: float) -> object:
            return (
                Text("calendar.conflict.per_day", amount=Money(value, symbol))
                if entry.per_day
                else shown_as(value, shown, symbol)
            )

    elif isinstance(entry, Smoothing):
        shown = "share"
        what = Text("calendar.conflict.smoothing", channels=_channels(scenario, entry))

        def show(value: float) -> object:
            return Text("calendar.conflict.change", share=Share(value))

    else:
        shown = "number"
        minimum = Money(entry.min_spend, symbol)
        amount = Text("calendar.conflict.per_day", amount=minimum) if entry.per_day else minimum
        what = Text("calendar.conflict.on_air", channels=_channels(scenario, entry), amount=amount)

        def show(value: float) -> object:
            return Number(value)

    sense = _SENSE[key]
    words = {">=": "at_least", "<=": "at_most", "==": "exactly"}[sense]
    item = Text(f"calendar.conflict.item.{words}", what=what, limit=show(current))

    def reason(reach: float | None, above: bool) -> Text:
        if reach is None:
            return Text("conflict.part", item=item)
        return Text(
            "calendar.conflict.reach.at_most" if above else "calendar.conflict.reach.at_least",
            what=what,
            limit=show(current),
            reach=show(reach),
        )

    # The fix's sentence quotes what it changes itself: a named entry goes in as its bare name (not 「「name」」).
    quoted = isinstance(what, Text) and what.key == "calendar.conflict.named"
    changed = Text("calendar.conflict.fix_named", name=what.args["name"]) if isinstance(what, Text) and quoted else what

    def label(value: float, up: bool) -> Text:
        key = "calendar.fix.raise" if up else "calendar.fix.lower"
        return Text(key, what=changed, current=show(current), value=show(value))

    def edit(value: float) -> tuple[Edit, ...]:
        return (Edit(source, round(value) if area == "on_air" else value),)

    named = f" ({entry.name})" if entry.name else ""
    return RuleShape(
        drop=(Text("calendar.fix.remove", item=item), _drop(scenario, entry, source)),
        label=f"calendar {area} {position}{named} ({words.replace('_', ' ')})",
        item=item,
        field=f"calendar -> {area} -> {position}{named} -> {key}",
        shown=shown,
        current=current,
        sense=sense,
        target="rule",
        name=entry.name or f"calendar.{area}.{position}",
        edit=edit,
        fix_label=label,
        reason_of=reason,
    )


def _budget_what(scenario: Scenario, entry: PeriodBudget) -> Text:
    if entry.name is not None:
        return Text("calendar.conflict.named", name=entry.name)
    some = entry.group is not None or entry.channels is not None
    if entry.periods is None:
        if some:
            return Text("calendar.conflict.each_period_on", channels=_channels(scenario, entry))
        return Text("calendar.conflict.each_period")
    periods = Join(entry.periods)
    if some:
        return Text("calendar.conflict.periods_on", channels=_channels(scenario, entry), periods=periods)
    return Text("calendar.conflict.periods_budget", periods=periods)


def entry_reach(
    scenario: Scenario, session: HighsSession, lp: LinearProgram, names: list[str]
) -> tuple[float, bool] | None:
    """Return the nearest written value of a calendar entry that the other rules allow, and whether it is higher.

    Every row of the entry has its limit scaled by the same factor t (t = 1: as written), found by bisection:
    a cap (and smoothing's ±s) rises, a floor falls. A count of periods on air is a whole number.
    """
    infos = [lp.rows[name] for name in names]
    source = infos[0].source
    current = written_limit(scenario, source)
    if current == 0:
        return None
    up = all(info.sense == "<=" for info in infos) or source[1] == "smoothing"
    saved = [session.row_bounds(name) for name in names]
    numerators = {  # rows quantity − limit × measure (smoothing): their coefficients move with the limit
        name: moving_coefficients(lp, name) for name, info in zip(names, infos, strict=True) if info.limit_multiplies
    }

    def feasible(t: float) -> bool:
        for name, info in zip(names, infos, strict=True):
            limit = info.limit * t
            if name in numerators:
                numerator, multiplied = numerators[name]
                for (i, k), value in numerator.items():
                    session.set_coefficient(name, i, k, value - limit * multiplied.get((i, k), 0.0))
            else:
                low = limit if info.sense in (">=", "==") else -math.inf
                high = limit if info.sense in ("<=", "==") else math.inf
                session.set_row_bounds(name, low, high)
        return session.is_feasible()

    session.minimise({})
    try:
        found = search_limit(feasible, 1.0, up=up)
    finally:
        feasible(1.0)
        for name, bounds in zip(names, saved, strict=True):
            session.set_row_bounds(name, *bounds)
    if found is None:
        return None
    value = found * current
    if source[1] == "on_air":  # a whole number of periods: the largest the others allow
        value = float(math.floor(value + 1e-6))
    return value, up


def _drop(
    scenario: Scenario, entry: PeriodBudget | Smoothing | OnAir, source: tuple[str | int, ...]
) -> tuple[Edit, ...]:
    """Return the edits that remove a calendar entry's limit: the limit alone when it has others, else the entry."""
    assert scenario.calendar is not None
    if isinstance(entry, PeriodBudget) and len(entry.limits()) > 1:
        return (Edit(source, None),)
    area, position = str(source[1]), int(source[2])
    entries = getattr(scenario.calendar, area)
    kept = [e.model_dump(warnings=False) for i, e in enumerate(entries) if i != position]
    return (Edit(("calendar", area), kept),)
