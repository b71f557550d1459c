"""Each rule of a conflict as a user reads and edits it: what it asks, why it cannot, how it is changed.

A rule's row, a channel's floor, cap or lock are described here in the catalogue's words, with the exact
edits of the scenario that relax them (or drop them altogether), so the diagnosis can write fixes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from planner.curves.segments import ChannelResponse
from planner.model.channels import Channel
from planner.model.fields import MONEY_MEASURES
from planner.model.i18n import Money, Text
from planner.model.rules import Bounds
from planner.model.scenario import Scenario
from planner.optimize.fixes import Edit, Shown, shown_as
from planner.optimize.lp import LinearProgram, RowInfo


@dataclass(frozen=True)
class Element:
    """One thing a user can relax: a rule's row, or a channel's floor, cap or lock."""

    kind: Literal["row", "rows", "floor", "cap", "lock"]
    # Row name for a row; the names joined by "," for the rows of one calendar entry (relaxed together);
    # channel index (as text) for the others.
    key: str


@dataclass(frozen=True)
class RuleShape:
    """How one rule of a conflict is described and edited."""

    label: str  # a short English name, for logs and `InfeasibleError.conflicting_rules`
    item: Text  # what it asks, as an item of a list
    field: str  # where it is written in the scenario
    shown: Shown  # how its limit is shown (and so rounded)
    current: float  # its limit as written
    sense: str
    target: Literal["budget", "rule", "floor", "cap", "lock", "resource"]
    name: str  # rule name, channel id or "budget"
    edit: Callable[[float], tuple[Edit, ...]]  # the edits writing a new limit
    fix_label: Callable[[float, bool], Text]  # the label of a fix writing a new limit (raised or not)
    reason_of: Callable[[float | None, bool], Text]  # its sentence, given the nearest limit the others allow
    editable: bool = True  # False for a cap that comes from the data (where tranches or a curve end)
    drop: tuple[Text, tuple[Edit, ...]] | None = None  # how to drop the rule altogether, when it can be


def describe(scenario: Scenario, lp: LinearProgram, element: Element) -> RuleShape:
    """Return how one element of a conflict is described and edited."""
    return (_describe_row if element.kind == "row" else _describe_channel)(scenario, lp, element)


def _describe_row(scenario: Scenario, lp: LinearProgram, element: Element) -> RuleShape:
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

        # A re-plan's periods run are spent already: part of what the other rules need is that spend.
        spent = sum(c.lower.value for c in lp.responses.channels if c.lower.kind == "actual")

        def budget_reason(reach: float | None, above: bool) -> Text:
            if reach is None:
                return Text("conflict.part", item=item)
            if above and spent > 0:
                money = {"budget": Money(current, symbol), "reach": Money(reach, symbol), "spent": Money(spent, symbol)}
                return Text("conflict.reach.budget_spent", **money)
            key = "conflict.reach.budget" if above else "conflict.reach.budget_exactly"
            return Text(key, budget=Money(current, symbol), reach=Money(reach, symbol))

        def budget_label(value: float, up: bool) -> Text:
            change = Money(abs(value - current), symbol)
            key = "fix.budget.raise" if up else "fix.budget.lower"
            return Text(key, current=Money(current, symbol), value=Money(value, symbol), change=change)

        return RuleShape(
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
    called: Text | str = info.rule  # what the rule is called in sentences
    if info.kind == "resource":
        name = next((n for n, r in scenario.resources.items() if (r.label or n) == info.rule), info.rule)
        path: tuple[str | int, ...] = ("resources", name, "limit")
        field = f"resources -> {name} -> limit"
        target: Literal["rule", "resource"] = "resource"
    elif info.kind == "commission_budget":  # a pot of its own: fixed like a resource's limit
        path, field, target = ("budget", "commission_budget"), "budget -> commission_budget", "resource"
        called = Text("table.commission_budget_rule")
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
    item = Text(item_key, rule=called, limit=show(current))

    def rule_reason(reach: float | None, above: bool) -> Text:
        if reach is None or info.kind == "max_channels":  # a count of on/off decisions has no amount to reach
            return Text("conflict.part", item=item)
        if info.kind in ("max_cpa", "min_roas"):
            key = f"conflict.reach.{info.kind}"
        elif info.sense == "==":
            key = "conflict.reach.exactly_low" if above else "conflict.reach.exactly_high"
        else:
            key = "conflict.reach.at_least" if info.sense == ">=" else "conflict.reach.at_most"
        return Text(key, rule=called, limit=show(current), reach=show(reach))

    def rule_label(value: float, up: bool) -> Text:
        return Text("fix.rule.raise" if up else "fix.rule.lower", rule=called, current=show(current), value=show(value))

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
    return RuleShape(
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
    if info.kind in ("budget", "commission_budget", "max_cpa") or (
        info.kind == "limit" and info.measure in MONEY_MEASURES
    ):
        return "money"
    return "number"


def _describe_channel(scenario: Scenario, lp: LinearProgram, element: Element) -> RuleShape:
    index = int(element.key)
    return describe_bound(scenario, lp.responses.channels[index], index, element.kind)


def describe_bound(scenario: Scenario, response: ChannelResponse, index: int, kind: str) -> RuleShape:
    """Return how a channel's floor, cap or lock is described and edited (`kind`: floor, cap or lock)."""
    channel = scenario.channels[index]
    symbol = scenario.currency_symbol
    name = response.label
    where = f"channels -> {index} ({channel.id})"

    def money(value: float) -> Money:
        return Money(value, symbol)

    if kind == "lock":
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
        return RuleShape(
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
    floor = kind == "floor"
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
    return RuleShape(
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
