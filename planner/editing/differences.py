"""What differs between two scenarios, in words: "直通车: cost per conversion ¥30 → ¥35", not field paths.

Each difference names the input as a person reads it (the channel's label, the rule's name, the field in
the catalogue's words) and carries both values as renderable messages (money with the currency, shares as
percents), so the app and any report show it in the reader's language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from planner.insight.explain import measure_name
from planner.model.catalogue import CATALOGUE
from planner.model.fields import MONEY_MEASURES
from planner.model.i18n import Join, Money, Number, Ratio, Share, Text, render
from planner.model.scenario import Scenario

MISSING = "—"
MONEY_FIELDS = frozenset({"cost_per_conversion", "revenue_per_conversion", "min_spend", "max_spend"})


@dataclass(frozen=True)
class Difference:
    """One input that differs: what it is, and its value in the first and in the second scenario."""

    what: Text
    first: Any  # a Text, a number wrapper or the user's own text; "—" where the scenario lacks it
    second: Any


measure_text = measure_name  # a measure named as everywhere else


def _field(name: str, **args: Any) -> Text | str:
    key = f"app.field.{name}"
    return Text(key, **args) if key in CATALOGUE else name


def _plain(value: Any) -> Any:
    """Return a value the app can show: yes/no for flags, lists joined, nested settings as compact text."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return Text("app.diff.yes" if value else "app.diff.no")
    if isinstance(value, (int, float)):
        return Number(value)
    if isinstance(value, (list, tuple)):
        return Join(_plain(item) for item in value) if value else MISSING
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return str(value)


def _objective(scenario: Scenario) -> Text:
    return Text(
        "app.diff.objective",
        sense=Text(f"app.sense.{scenario.objective.sense}"),
        measure=measure_text(scenario, scenario.objective.measure),
    )


def _scenario_fields(first: Scenario, second: Scenario) -> list[Difference]:
    out: list[Difference] = []
    for name in ("name", "description", "store", "currency"):
        a, b = getattr(first, name), getattr(second, name)
        if a != b:
            out.append(Difference(Text(f"app.field.{name}"), a or MISSING, b or MISSING))
    if first.period_weeks != second.period_weeks:
        out.append(Difference(Text("app.field.period_weeks"), _plain(first.period_weeks), _plain(second.period_weeks)))
    if first.margin != second.margin:
        shown = [Share(m) if m is not None else MISSING for m in (first.margin, second.margin)]
        out.append(Difference(Text("app.field.margin"), *shown))
    if _objective(first) != _objective(second):
        out.append(Difference(Text("app.field.objective"), _objective(first), _objective(second)))
    a_budget, b_budget = first.budget, second.budget
    if (a_budget and a_budget.amount) != (b_budget and b_budget.amount):
        amounts = [
            Money(b.amount, s.currency_symbol) if b else MISSING for b, s in ((a_budget, first), (b_budget, second))
        ]
        out.append(Difference(Text("app.field.budget"), *amounts))
    if bool(a_budget and a_budget.exactly) != bool(b_budget and b_budget.exactly):
        out.append(
            Difference(
                Text("app.field.budget.exactly"),
                _plain(bool(a_budget and a_budget.exactly)),
                _plain(bool(b_budget and b_budget.exactly)),
            )
        )
    a_history = first.history.model_dump(mode="json") if first.history else {}
    b_history = second.history.model_dump(mode="json") if second.history else {}
    for name in ("path", "start", "end"):
        if a_history.get(name) != b_history.get(name):
            out.append(
                Difference(Text(f"app.field.history.{name}"), _plain(a_history.get(name)), _plain(b_history.get(name)))
            )
    if a_history.get("claims", "warn") != b_history.get("claims", "warn"):
        claims = [Text(f"store.claims_mode.{h.get('claims', 'warn')}") for h in (a_history, b_history)]
        out.append(Difference(Text("app.field.history.claims"), *claims))
    for kpi in sorted(first.kpis.keys() | second.kpis.keys()):
        if first.kpis.get(kpi) != second.kpis.get(kpi):
            label = first.kpis.get(kpi) or second.kpis.get(kpi) or kpi
            both = kpi in first.kpis and kpi in second.kpis
            kpi_values: list[Text | str] = [
                (s.kpis[kpi] or kpi) if both else (Text("app.diff.only_in") if kpi in s.kpis else MISSING)
                for s in (first, second)
            ]
            out.append(Difference(Text("app.field.kpis", kpi=label), *kpi_values))
    for name in sorted(first.resources.keys() | second.resources.keys()):
        a_res, b_res = first.resources.get(name), second.resources.get(name)
        if a_res != b_res:
            limits = [Number(r.limit) if r else MISSING for r in (a_res, b_res)]
            out.append(Difference(Text("app.field.resources", resource=name), *limits))
    pots = [(b.commission_budget if b else None, s.currency_symbol) for b, s in ((a_budget, first), (b_budget, second))]
    if pots[0][0] != pots[1][0]:
        shown_pots = [Money(pot, symbol) if pot is not None else MISSING for pot, symbol in pots]
        out.append(Difference(Text("app.field.budget.commission_budget"), *shown_pots))
    if first.curves != second.curves:
        settings = [_plain(s.curves.model_dump(mode="json", exclude_defaults=True)) for s in (first, second)]
        out.append(Difference(Text("app.field.curves"), *settings))
    if first.solver != second.solver:
        solvers = [
            Text("app.diff.solver", seconds=Number(s.solver.time_limit), gap=Share(s.solver.gap))
            for s in (first, second)
        ]
        out.append(Difference(Text("app.field.solver"), *solvers))
    return out


def _tranches(scenario: Scenario, tranches: list[dict[str, Any]]) -> Join:
    symbol, parts = scenario.currency_symbol, []
    for tranche in tranches:
        cost = tranche.get("cost_per_conversion")
        shown = Money(float(cost), symbol) if cost is not None else MISSING
        up_to = tranche.get("up_to")
        parts.append(
            Text("app.diff.tranche", cost=shown, up_to=Money(float(up_to), symbol))
            if up_to is not None
            else Text("app.diff.tranche_last", cost=shown)
        )
    return Join(parts)


def _units(scenario: Scenario, units: dict[str, Any]) -> Text:
    low, high = units.get("min"), units.get("max")
    return Text(
        "app.diff.units",
        name=str(units.get("name", "")),
        cost=Money(float(units.get("cost", 0.0)), scenario.currency_symbol),
        low=Number(low) if low is not None else MISSING,
        high=Number(high) if high is not None else MISSING,
    )


def _paid(scenario: Scenario, name: str, value: dict[str, Any]) -> Text:
    """Return how a channel is paid (a commission, live sessions, a threshold) in words."""
    symbol = scenario.currency_symbol
    if name == "commission":
        revenue = value.get("max_revenue")
        return Text(
            "app.diff.commission",
            rate=Share(float(value["rate"])),
            fee=Share(float(value.get("service_fee", 0.0))),
            revenue=Money(float(revenue), symbol) if revenue is not None else MISSING,
        )
    if name == "sessions":
        most = value.get("max_per_week") or len(value.get("revenue") or ()) or 7
        return Text(
            "app.diff.sessions",
            fee=Money(float(value["fee"]), symbol),
            commission=Share(float(value.get("commission", 0.0))),
            most=Number(most),
        )
    return Text(f"app.diff.min_if_active.{value.get('per', 'period')}", amount=Money(float(value["amount"]), symbol))


def _channel_value(scenario: Scenario, name: str, value: Any) -> Any:
    if value is None:
        return MISSING
    if value == "estimate":  # carry-over estimated from the history
        return Text("app.cal.diff.estimated")
    if name == "tranches" and isinstance(value, list):
        return _tranches(scenario, value)
    if name == "units" and isinstance(value, dict):
        return _units(scenario, value)
    if name in ("commission", "sessions", "min_if_active") and isinstance(value, dict):
        return _paid(scenario, name, value)
    if name == "curve" and isinstance(value, dict):
        return str(value.get("path", ""))
    if name == "resource_use" and isinstance(value, dict):
        return Join(f"{resource} {render(Number(amount))}" for resource, amount in sorted(value.items()))
    if name in MONEY_FIELDS:
        return Money(float(value), scenario.currency_symbol)
    if name == "roas":
        return Ratio(float(value))
    if name == "response":
        key = f"app.response.{value}"
        return Text(key) if key in CATALOGUE else str(value)
    return _plain(value)


def _channels(first: Scenario, second: Scenario) -> list[Difference]:
    out: list[Difference] = []
    a_channels = {c.id: c for c in first.channels}
    b_channels = {c.id: c for c in second.channels}
    for channel_id in [*a_channels, *(i for i in b_channels if i not in a_channels)]:
        a, b = a_channels.get(channel_id), b_channels.get(channel_id)
        label = (a or b).display_name  # type: ignore[union-attr]
        if a is None or b is None:
            presence = [Text("app.diff.only_in") if c is not None else MISSING for c in (a, b)]
            out.append(Difference(Text("app.diff.whole_channel", channel=label), *presence))
            continue
        a_data = a.model_dump(mode="json", exclude_defaults=True)
        b_data = b.model_dump(mode="json", exclude_defaults=True)
        a_data.pop("id", None), b_data.pop("id", None)
        a_kpis, b_kpis = a_data.pop("kpis", {}), b_data.pop("kpis", {})
        for name in sorted(a_data.keys() | b_data.keys()):
            if a_data.get(name) != b_data.get(name):
                out.append(
                    Difference(
                        Text("app.diff.channel", channel=label, field=_field(name)),
                        _channel_value(first, name, a_data.get(name)),
                        _channel_value(second, name, b_data.get(name)),
                    )
                )
        for kpi in sorted(a_kpis.keys() | b_kpis.keys()):
            if a_kpis.get(kpi) != b_kpis.get(kpi):
                named = first if kpi in first.kpis else second  # the scenario that names this KPI
                field = Text("app.field.kpis_of", kpi=measure_text(named, kpi))
                out.append(
                    Difference(
                        Text("app.diff.channel", channel=label, field=field),
                        _plain(a_kpis.get(kpi)),
                        _plain(b_kpis.get(kpi)),
                    )
                )
    return out


def _rule_value(scenario: Scenario, rule: dict[str, Any], name: str, value: Any) -> Any:
    if value is None:
        return MISSING
    kind, measure = rule.get("kind"), rule.get("measure", "spend")
    if name in ("at_least", "at_most", "exactly"):
        if kind == "share":
            return Share(float(value))
        if kind == "limit" and measure in MONEY_MEASURES:
            return Money(float(value), scenario.currency_symbol)
        return Ratio(float(value)) if kind == "ratio" else Number(float(value))
    if name == "value":
        return Money(float(value), scenario.currency_symbol) if kind == "max_cpa" else Ratio(float(value))
    if name in ("measure", "per_measure"):
        return measure_text(scenario, str(value))
    if name == "kind":
        key = f"app.kind.{value}"
        return Text(key) if key in CATALOGUE else str(value)
    if name in ("of", "per") and isinstance(value, dict):
        return value.get("group") or Join(value.get("channels") or ())
    return _plain(value)


def _rules(first: Scenario, second: Scenario) -> list[Difference]:
    out: list[Difference] = []
    a_rules = {r.name: r.model_dump(mode="json", exclude_defaults=True) for r in first.rules}
    b_rules = {r.name: r.model_dump(mode="json", exclude_defaults=True) for r in second.rules}
    for name in [*a_rules, *(n for n in b_rules if n not in a_rules)]:
        a, b = a_rules.get(name), b_rules.get(name)
        if a is None or b is None:
            presence = [Text("app.diff.only_in") if r is not None else MISSING for r in (a, b)]
            out.append(Difference(Text("app.diff.whole_rule", rule=name), *presence))
            continue
        for field in sorted((a.keys() | b.keys()) - {"name"}):
            if a.get(field) != b.get(field):
                out.append(
                    Difference(
                        Text("app.diff.rule", rule=name, field=_field(field)),
                        _rule_value(first, a, field, a.get(field)),
                        _rule_value(second, b, field, b.get(field)),
                    )
                )
    return out


def input_differences(first: Scenario, second: Scenario) -> list[Difference]:
    """Return every input that differs between two scenarios, in words: scenario-wide, channels, rules, calendar."""
    return [
        *_scenario_fields(first, second),
        *_channels(first, second),
        *_rules(first, second),
        *calendar_differences(first, second),
    ]


# The calendar block: its periods, what happens to money not spent, and each entry of its lists.


def _periods_value(scenario: Scenario) -> Any:
    calendar = scenario.calendar
    if calendar is None:
        return MISSING
    periods = calendar.resolved_periods()
    return Text(
        "app.cal.diff.periods", count=Number(len(periods)), start=str(periods[0].start), end=str(periods[-1].end)
    )


def _entry_value(scenario: Scenario, part: str, entry: dict[str, Any] | None) -> Any:
    """Return one entry of a calendar list (a budget, an event, a smoothing or on-air rule) in words."""
    if entry is None:
        return MISSING
    pairs: list[Any] = []
    for name, value in entry.items():
        if name in ("share", "per_day", "name") or value in (None, [], ()):
            continue
        if name == "multipliers":
            shown: Any = Join(_multiplier(m) for m in value)
        elif name in ("at_least", "at_most", "exactly", "min_spend"):
            shown = Share(float(value)) if entry.get("share") else Money(float(value), scenario.currency_symbol)
        elif name == "max_change":
            shown = Share(float(value))
        else:
            shown = _plain(value)
        pairs.append(Text("app.cal.diff.pair", field=Text(f"app.cal.field.{name}"), value=shown))
    if entry.get("per_day"):
        pairs.append(Text("app.cal.field.per_day"))
    return Join(pairs)


def _multiplier(multiplier: dict[str, Any]) -> Text:
    who = multiplier.get("group") or Join(multiplier.get("channels") or ()) or Text("app.cal.diff.all_channels")
    efficiency = multiplier.get("efficiency", 1.0)
    return Text(
        "app.cal.diff.multiplier",
        who=who,
        efficiency=Text("app.cal.diff.estimated") if efficiency == "estimate" else Ratio(float(efficiency)),
        cost=Ratio(float(multiplier.get("cost", 1.0))),
    )


def _actuals_value(scenario: Scenario) -> Any:
    calendar = scenario.calendar
    if calendar is None or not calendar.actuals:
        return MISSING
    spent = sum(actual.spend for actual in calendar.actuals)
    periods = list(dict.fromkeys(actual.period for actual in calendar.actuals))
    return Text("app.cal.diff.actuals", periods=Join(periods), spent=Money(spent, scenario.currency_symbol))


def calendar_differences(first: Scenario, second: Scenario) -> list[Difference]:
    """Return what differs between two scenarios' calendars, in words (nothing when neither has one)."""
    a, b = first.calendar, second.calendar
    if a is None and b is None:
        return []
    out: list[Difference] = []
    if (a and a.resolved_periods()) != (b and b.resolved_periods()):
        out.append(Difference(Text("app.cal.field.calendar"), _periods_value(first), _periods_value(second)))
    if a is None or b is None:
        return out
    if a.unspent != b.unspent:
        values = [Text(f"app.cal.unspent.{c.unspent or 'default'}") for c in (a, b)]
        out.append(Difference(Text("app.cal.field.unspent"), *values))
    if a.credit_beyond_horizon != b.credit_beyond_horizon:
        out.append(
            Difference(
                Text("app.cal.field.credit_beyond_horizon"),
                _plain(a.credit_beyond_horizon),
                _plain(b.credit_beyond_horizon),
            )
        )
    for part in ("budgets", "events", "smoothing", "on_air"):
        a_items = [item.model_dump(mode="json", exclude_defaults=True) for item in getattr(a, part)]
        b_items = [item.model_dump(mode="json", exclude_defaults=True) for item in getattr(b, part)]
        for index in range(max(len(a_items), len(b_items))):
            a_item = a_items[index] if index < len(a_items) else None
            b_item = b_items[index] if index < len(b_items) else None
            if a_item != b_item:
                name = (a_item or b_item or {}).get("name")
                where: dict[str, Any] = {"part": Text(f"app.cal.field.{part}"), "number": index + 1}
                what = (
                    Text("app.cal.diff.entry_named", **where, name=name)
                    if name
                    else Text("app.cal.diff.entry", **where)
                )
                out.append(Difference(what, _entry_value(first, part, a_item), _entry_value(second, part, b_item)))
    if a.actuals != b.actuals:
        out.append(Difference(Text("app.cal.field.actuals"), _actuals_value(first), _actuals_value(second)))
    return out
