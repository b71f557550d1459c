"""The scenario: channels, rules and objective, as immutable pydantic models.

A scenario is pure data. Everything that needs the store's history (costs per
conversion taken from history, bounds relative to historical spend) is resolved
later, in `planner.curves.response`, so a scenario can be built, copied and varied in
code without touching any file.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, ValidationError, model_validator

from planner.model.calendar import Calendar, calendar_problems
from planner.model.channels import Channel, CurveSettings, Yields
from planner.model.economics import SolverSettings
from planner.model.errors import Problem
from planner.model.fields import (
    BUILTIN_MEASURES,
    CURRENCY_SYMBOLS,
    MAX_TEXT,
    RESERVED_NAMES,
    Identifier,
    Model,
    NonNegative,
)
from planner.model.i18n import Join, Money, Text
from planner.model.rules import LimitRule, RatioRule, Rule, Selection, ShareRule
from planner.model.validation import excerpt, invalid, problems_of


class Budget(Model):
    """The money to spend over the period."""

    amount: NonNegative
    exactly: bool = Field(False, description="Spend exactly this amount rather than at most this amount.")
    commission_budget: NonNegative | None = Field(
        None,
        description="A separate pot for commissions (affiliate channels, live-session commissions); without it they "
        "count against `amount`.",
    )


class Resource(Model):
    """A limit on another per-unit cost, e.g. planning hours or production budget."""

    limit: NonNegative
    label: str | None = Field(None, max_length=MAX_TEXT)


class HistorySource(Model):
    """Where the store's history is and which dates of it to use."""

    path: str = Field(min_length=1, description="CSV path, relative to the scenario file.")
    start: date | None = Field(None, description="First date to use (inclusive).")
    end: date | None = Field(None, description="Last date to use (inclusive).")
    claims: Literal["warn", "scale_to_store"] = Field(
        "warn",
        description="When the channels claim more than the store's own rows say it sold: warn, or scale "
        "every channel's conversions and revenue down to the store's total before fitting.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> HistorySource:
        if self.start and self.end and self.start > self.end:
            raise invalid(
                "scenario.start_after_end", start_key="start", start=str(self.start), end_key="end", end=str(self.end)
            )
        return self


class Objective(Model):
    """What the plan optimises: maximise one measure or minimise one."""

    maximize: str | None = None
    minimize: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Objective:
        if (self.maximize is None) == (self.minimize is None):
            raise invalid("scenario.exactly_one_objective", maximize="maximize", minimize="minimize")
        return self

    @property
    def measure(self) -> str:
        """Return the measure being optimised."""
        return self.maximize if self.maximize is not None else str(self.minimize)

    @property
    def sense(self) -> Literal["maximize", "minimize"]:
        """Return the direction of optimisation."""
        return "maximize" if self.maximize is not None else "minimize"


def _budget_shorthand(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"amount": value}
    if isinstance(value, str):
        raise invalid("scenario.budget_not_amount", value=excerpt(value))
    return value


OBJECTIVE_SHORTHAND = r"^\s*(maximi[sz]e|minimi[sz]e)\s+(\S+)\s*$"


def _objective_shorthand(value: Any) -> Any:
    if isinstance(value, str):
        match = re.fullmatch(OBJECTIVE_SHORTHAND, value)
        if not match:
            raise invalid(
                "scenario.objective_not_understood",
                value=excerpt(value),
                first="maximize conversions",
                second="minimize spend",
            )
        sense = "maximize" if match.group(1).startswith("max") else "minimize"
        return {sense: match.group(2)}
    return value


class Scenario(Model):
    """One planning question: a store's channels, its rules, and what to optimise."""

    name: str = Field(min_length=1, max_length=MAX_TEXT)
    description: str = Field("", max_length=5000)
    store: str = Field(
        "", max_length=MAX_TEXT, description="Which store this scenario plans for; scenarios are grouped by it."
    )
    currency: str = Field("CNY", pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. CNY or USD.")
    period_weeks: Annotated[float, Field(gt=0, le=5200, allow_inf_nan=False)] | None = Field(
        None, description="Length of the planned period in weeks; default the length of the history window."
    )
    history: HistorySource | None = None
    objective: Annotated[
        Objective,
        BeforeValidator(
            _objective_shorthand,
            json_schema_input_type=Annotated[str, Field(pattern=OBJECTIVE_SHORTHAND)] | Objective,
        ),
    ] = Field(default_factory=lambda: Objective(maximize="conversions"))
    margin: Annotated[float, Field(gt=0, le=1)] | None = Field(
        None, description="Gross margin on revenue, for profit = margin × revenue − spend."
    )
    budget: (
        Annotated[Budget, BeforeValidator(_budget_shorthand, json_schema_input_type=NonNegative | Budget)] | None
    ) = None
    calendar: Calendar | None = Field(
        None, description="Periods to pace the budget over (docs/calendar-design.md); omit to plan one period."
    )
    curves: CurveSettings = Field(default_factory=CurveSettings)
    solver: SolverSettings = Field(
        default_factory=SolverSettings, description="Time limit and gap target of plans with on/off decisions."
    )
    kpis: dict[Identifier, Annotated[str, Field(max_length=MAX_TEXT)]] = Field(
        default_factory=dict, description="Extra KPIs by id, with a display label."
    )
    resources: dict[Identifier, Resource] = Field(default_factory=dict)
    channels: tuple[Channel, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = ()

    # The file the scenario was read from; relative history paths resolve against its folder.
    _source: Path | None = PrivateAttr(None)

    @property
    def source(self) -> Path | None:
        """Return the file this scenario was loaded from, if any (kept by model_copy)."""
        return self._source

    def from_file(self, path: Path) -> Scenario:
        """Return a copy that remembers the file it came from."""
        copy = self.model_copy()
        copy._source = path.resolve()
        return copy

    def resolve_path(self, relative: str) -> Path:
        """Return a path named in the scenario, resolved against the scenario file's folder."""
        path = Path(relative)
        if not path.is_absolute() and self._source is not None:
            path = self._source.parent / path
        return path

    def history_path(self) -> Path | None:
        """Return the history CSV's path, resolved against the scenario's folder."""
        return self.resolve_path(self.history.path) if self.history is not None else None

    @property
    def currency_symbol(self) -> str:
        """Return the symbol shown before amounts, e.g. ¥ or $."""
        return CURRENCY_SYMBOLS.get(self.currency, self.currency + " ")

    @property
    def pays_commission(self) -> bool:
        """Return whether any channel is paid a commission (an affiliate, or live sessions with a commission)."""
        return any(
            c.commission is not None or (c.sessions is not None and c.sessions.commission) for c in self.channels
        )

    def measures(self) -> tuple[str, ...]:
        """Return every measure rules and the objective may name."""
        return BUILTIN_MEASURES + tuple(self.kpis) + tuple(self.resources)

    def channel(self, channel_id: str) -> Channel:
        """Return the channel with this id."""
        for channel in self.channels:
            if channel.id == channel_id:
                return channel
        raise KeyError(channel_id)

    def select(self, selection: Selection) -> tuple[Channel, ...]:
        """Return the channels a selection names, in scenario order."""
        if selection.group is not None:
            return tuple(c for c in self.channels if selection.group in c.groups)
        if selection.channels is not None:
            wanted = set(selection.channels)
            return tuple(c for c in self.channels if c.id in wanted)
        return self.channels

    def vary(self, **changes: Any) -> Scenario:
        """Return a validated copy with some fields changed (model_copy(update=...) does not validate).

        Validated as a file is: its fields, and what they refer to (a rule naming a channel the scenario does not
        have is a ScenarioError here, not later in the solve).
        """
        from planner.model.errors import ScenarioError

        data = {**self.model_dump(warnings=False), **changes}
        try:
            varied = Scenario.model_validate(data)
        except ValidationError as error:
            raise ScenarioError([Problem(text, field) for field, text in problems_of(error)]) from None
        if problems := find_problems(varied):
            raise ScenarioError(problems)
        return varied.from_file(self._source) if self._source is not None else varied

    def with_budget(self, amount: float) -> Scenario:
        """Return a copy of this scenario with another budget amount (same at-most/exactly mode)."""
        kept = self.budget.model_dump() if self.budget else {}
        return self.vary(budget={**kept, "amount": amount})


def find_problems(scenario: Scenario) -> list[Problem]:
    """Return every cross-reference problem in a scenario: unknown ids, groups, measures, duplicates."""
    problems: list[Problem] = []
    measures = scenario.measures()
    channel_ids = [c.id for c in scenario.channels]
    groups = {g for c in scenario.channels for g in c.groups}

    seen: set[str] = set()
    for index, channel in enumerate(scenario.channels):
        where = f"channels -> {index}"
        if channel.id in seen:
            problems.append(Problem(Text("scenario.channel_twice", id=channel.id), f"{where} -> id"))
        seen.add(channel.id)
        for yields, path in _yield_blocks(channel, where):
            for kpi in yields.kpis:
                if kpi not in scenario.kpis:
                    problems.append(Problem(_unknown("noun.kpi", kpi, scenario.kpis, "kpis"), f"{path} -> kpis"))
        for resource in channel.resource_use:
            if resource not in scenario.resources:
                problems.append(
                    Problem(
                        _unknown("noun.resource", resource, scenario.resources, "resources"),
                        f"{where} -> resource_use",
                    )
                )
    for name in [*scenario.kpis, *scenario.resources]:
        if name in RESERVED_NAMES or (name in scenario.kpis and name in scenario.resources):
            section = "kpis" if name in scenario.kpis else "resources"
            problems.append(Problem(Text("scenario.name_taken", name=name), f"{section} -> {name}"))

    rule_names: set[str] = set()
    for index, rule in enumerate(scenario.rules):
        where = f"rules -> {index} ({rule.name})"
        if rule.name in rule_names:
            problems.append(Problem(Text("scenario.rule_twice", name=rule.name), where))
        rule_names.add(rule.name)
        selections: list[tuple[Selection, str]] = [(rule, where)]
        if isinstance(rule, ShareRule):
            selections.append((rule.of, f"{where} -> of"))
        if isinstance(rule, RatioRule):
            selections.append((rule.per, f"{where} -> per"))
        for selection, path in selections:
            problems.extend(_selection_problems(scenario, selection, path, groups, channel_ids))
        if isinstance(rule, LimitRule | ShareRule | RatioRule):
            rule_measures = [rule.measure]
            if isinstance(rule, RatioRule) and rule.per_measure is not None:
                rule_measures.append(rule.per_measure)
            for measure in rule_measures:
                if measure not in measures:
                    problems.append(Problem(_unknown("noun.measure", measure, measures), f"{where} -> measure"))
            if "units" in rule_measures:
                problems.extend(_units_problems(scenario, rule, where))

    problems += _economics_problems(scenario)
    objective = scenario.objective.measure
    if objective not in measures:
        problems.append(Problem(_unknown("noun.measure", objective, measures), "objective"))
    uses_profit = objective == "profit" or any(
        isinstance(r, LimitRule | ShareRule | RatioRule) and "profit" in (r.measure, getattr(r, "per_measure", None))
        for r in scenario.rules
    )
    if uses_profit and scenario.margin is None:
        problems.append(Problem(Text("scenario.profit_needs_margin", example="margin: 0.35"), "margin"))
    if scenario.calendar is None:
        for index, channel in enumerate(scenario.channels):
            if channel.carryover is not None:
                message = Text("calendar.carryover_needs_calendar", key="carryover", calendar="calendar")
                problems.append(Problem(message, f"channels -> {index} ({channel.id}) -> carryover"))
    else:
        for index, limit in enumerate(scenario.calendar.budgets):
            path = f"calendar -> budgets -> {index}"
            problems.extend(_selection_problems(scenario, limit, path, groups, channel_ids))
        for index, actual in enumerate(scenario.calendar.actuals):
            if actual.channel not in channel_ids:
                text = _unknown("noun.channel", actual.channel, channel_ids)
                problems.append(Problem(text, f"calendar -> actuals -> {index} -> channel"))
        for index, on_air in enumerate(scenario.calendar.on_air):
            path = f"calendar -> on_air -> {index}"
            problems.extend(_selection_problems(scenario, on_air, path, groups, channel_ids))
        for index, smooth in enumerate(scenario.calendar.smoothing):
            path = f"calendar -> smoothing -> {index}"
            problems.extend(_selection_problems(scenario, smooth, path, groups, channel_ids))
        for index, event in enumerate(scenario.calendar.events):
            for number, multiplier in enumerate(event.multipliers):
                path = f"calendar -> events -> {index} ({event.name}) -> multipliers -> {number}"
                problems.extend(_selection_problems(scenario, multiplier, path, groups, channel_ids))
        if scenario.history is None:
            problems.extend(_estimates_need_history(scenario))
        budget = scenario.budget
        problems += calendar_problems(
            scenario.calendar,
            budget.amount if budget else None,
            budget.exactly if budget else False,
            scenario.period_weeks,
            scenario.currency_symbol,
        )
    return problems


def _economics_problems(scenario: Scenario) -> list[Problem]:
    """Return problems of the ways channels are paid that need the rest of the scenario (its history, its budget)."""
    problems = []
    pot = scenario.budget.commission_budget if scenario.budget is not None else None
    if pot is not None and not scenario.pays_commission:
        problems.append(Problem(Text("economics.commission_budget_unused"), "budget -> commission_budget"))
    for index, channel in enumerate(scenario.channels):
        where = f"channels -> {index} ({channel.id})"
        if scenario.history is None and channel.commission is not None and channel.commission.max_revenue is None:
            text = Text("economics.commission_needs_capacity", key="max_revenue", history="history")
            problems.append(Problem(text, f"{where} -> commission -> max_revenue"))
        least = _least_if_active(scenario, channel)
        if least is not None and channel.max_spend is not None and least > channel.max_spend:
            text = Text(
                "economics.threshold_above_cap",
                threshold="min_if_active",
                least=Money(least, scenario.currency_symbol),
                cap="max_spend",
                most=Money(channel.max_spend, scenario.currency_symbol),
            )
            problems.append(Problem(text, f"{where} -> min_if_active"))
        if scenario.history is None and channel.sessions is not None and channel.sessions.from_history:
            text = Text("estimates.needs_history", what="from_history: true", key="history: path")
            problems.append(Problem(text, f"{where} -> sessions -> from_history"))
    return problems


def _least_if_active(scenario: Scenario, channel: Channel) -> float | None:
    """Return the least a channel with min_if_active spends when it runs at all (its shortest period's threshold)."""
    threshold = channel.min_if_active
    if threshold is None:
        return None
    if threshold.per == "period":
        return threshold.amount
    if scenario.calendar is not None:
        return threshold.amount * min(period.days for period in scenario.calendar.resolved_periods())
    return threshold.amount * 7 * scenario.period_weeks if scenario.period_weeks is not None else None


def _estimates_need_history(scenario: Scenario) -> list[Problem]:
    """Return a problem for each estimate (carry-over, event efficiency) in a scenario without a history."""
    problems = []
    for index, channel in enumerate(scenario.channels):
        if channel.carryover == "estimate":
            message = Text("estimates.needs_history", what="carryover: estimate", key="history: path")
            problems.append(Problem(message, f"channels -> {index} ({channel.id}) -> carryover"))
    assert scenario.calendar is not None
    for index, event in enumerate(scenario.calendar.events):
        if event.history:
            message = Text("estimates.event_needs_history", event=event.name, key="history: path")
            problems.append(Problem(message, f"calendar -> events -> {index} ({event.name}) -> history"))
    return problems


def _yield_blocks(channel: Channel, where: str) -> list[tuple[Yields, str]]:
    blocks: list[tuple[Yields, str]] = [(channel, where)]
    blocks += [(t, f"{where} -> tranches -> {i}") for i, t in enumerate(channel.tranches)]
    return blocks


def _selection_problems(
    scenario: Scenario, selection: Selection, where: str, groups: set[str], channel_ids: list[str]
) -> list[Problem]:
    problems = []
    if selection.group is not None and selection.group not in groups:
        problems.append(Problem(_unknown("noun.group", selection.group, sorted(groups)), f"{where} -> group"))
    for channel_id in selection.channels or ():
        if channel_id not in channel_ids:
            problems.append(Problem(_unknown("noun.channel", channel_id, channel_ids), f"{where} -> channels"))
    return problems


def _units_problems(scenario: Scenario, rule: LimitRule | ShareRule | RatioRule, where: str) -> list[Problem]:
    """Return a problem when a units measure counts channels that are not bought in units."""
    selections: list[Selection] = []
    if rule.measure == "units":
        selections.append(rule)
        if isinstance(rule, ShareRule):
            selections.append(rule.of)
    if isinstance(rule, RatioRule) and (rule.per_measure or rule.measure) == "units":
        selections.append(rule.per)
    not_in_units = sorted({c.id for s in selections for c in scenario.select(s) if c.units is None})
    if not not_in_units:
        return []
    key = "scenario.units_not_bought.one" if len(not_in_units) == 1 else "scenario.units_not_bought.many"
    return [Problem(Text(key, channels=Join(not_in_units)), f"{where} -> measure")]


def _unknown(what: str, name: str, known: Any, section: str = "") -> Text:
    """Return 'unknown X 'name'; did you mean 'y'?' with the known names listed (and where to declare it)."""
    from difflib import get_close_matches

    known_names = [str(k) for k in known]
    close = get_close_matches(name, known_names, n=1, cutoff=0.6)
    more: Text | str = ""
    if close:
        more = Text("scenario.unknown.close", name=close[0])
    elif known_names:
        more = Text("scenario.unknown.known", names=Join(known_names))
    hint = Text("scenario.unknown.declare", section=section) if section else ""
    return Text("scenario.unknown", what=Text(what), name=name, more=more, hint=hint)
