"""The scenario: channels, rules and objective, as immutable pydantic models.

A scenario is pure data. Everything that needs the store's history (costs per
conversion taken from history, bounds relative to historical spend) is resolved
later, in `planner.curves.response`, so a scenario can be built, copied and varied in
code without touching any file.
"""

from __future__ import annotations

import math
import re
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from planner.model.errors import Problem

# Measures every scenario has; KPIs and resources add their own names.
BUILTIN_MEASURES = ("spend", "units", "conversions", "revenue", "profit")
# KPI and resource ids may not reuse these: they name built-in measures or columns of the plan.
RESERVED_NAMES = frozenset(
    {*BUILTIN_MEASURES, "cpa", "roas", "share", "label", "channel", "groups", "historical_spend", "change_vs_history"}
    | {"lower_bound", "upper_bound", "at_bound", "bound_reason", "reduced_cost", "yield_source", "marginal_cpa"}
)
CURRENCY_SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}

IDENTIFIER = r"^[A-Za-z_][A-Za-z0-9_]*$"
# Money and counts are ordinary from 0.01 to 1e12 (IDR and VND budgets reach 1e11); beyond 1e15 the LP's
# arithmetic loses the cents, so larger numbers are refused when the scenario is validated.
MAX_MAGNITUDE = 1e15
# A cost per conversion (or per unit) below this makes one unit of money buy more than 1e6 conversions:
# a typo (a missing zero, or a value in the wrong unit), and a rate the LP cannot scale.
MIN_COST = 1e-6
# Names and labels are shown in tables and messages; a longer one is a paste gone wrong.
MAX_TEXT = 200


def _percent_to_fraction(value: Any) -> Any:
    """Accept shares written as `15%` as well as `0.15`."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100.0
        except ValueError:
            raise ValueError(f"{value!r} is not a percentage; write e.g. 15% or 0.15") from None
    return value


_Fraction = Annotated[float, Field(ge=0, le=1)]
_Percent = Annotated[str, Field(pattern=r"^\s*\d+(\.\d+)?\s*%\s*$")]
Share = Annotated[
    float,
    Field(ge=0, le=1),
    BeforeValidator(_percent_to_fraction, json_schema_input_type=_Fraction | _Percent),
]
NonNegative = Annotated[float, Field(ge=0, le=MAX_MAGNITUDE, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, le=MAX_MAGNITUDE, allow_inf_nan=False)]
Cost = Annotated[float, Field(ge=MIN_COST, le=MAX_MAGNITUDE, allow_inf_nan=False)]
Limit = Annotated[float, Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE, allow_inf_nan=False)]
Identifier = Annotated[str, Field(pattern=IDENTIFIER, max_length=64)]
# Group tags may be in any script (联盟, live): letters, digits and _ of any language.
GroupTag = Annotated[str, Field(pattern=r"^[^\W\d]\w*$", max_length=64)]
Finite = Annotated[float, Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE, allow_inf_nan=False)]


class Model(BaseModel):
    """Base for every scenario model: immutable, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Yields(Model):
    """What one unit of spend (or one unit bought) returns."""

    cost_per_conversion: Cost | None = Field(None, description="Spend per conversion. Omit to take it from history.")
    revenue_per_conversion: NonNegative | None = Field(
        None, description="Average order value. Omit to take it from history (or give roas)."
    )
    roas: NonNegative | None = Field(
        None, description="Revenue per unit of spend; an alternative to revenue_per_conversion."
    )
    kpis: dict[Identifier, Finite] = Field(
        default_factory=dict,
        description="Extra KPIs per unit of spend (per unit bought, for channels bought in units); may be negative.",
    )

    @model_validator(mode="after")
    def _one_revenue_yield(self) -> Yields:
        if self.revenue_per_conversion is not None and self.roas is not None:
            raise ValueError("give revenue_per_conversion or roas, not both")
        return self


class Tranche(Yields):
    """A stretch of a channel's spend with its own yield: the first N at one rate, the next at another."""

    up_to: Positive | None = Field(
        None,
        description="Cumulative spend (units, on unit channels) where this tranche ends; omit on the last.",
    )


class Units(Model):
    """How a channel is bought when it is bought in units (ads, live sessions)."""

    name: str = Field(
        "unit", min_length=1, max_length=MAX_TEXT, description="What one unit is called, e.g. 'live session'."
    )
    cost: Cost = Field(description="Cost of one unit.")
    max: NonNegative | None = Field(None, description="Most units that can be bought.")
    min: NonNegative | None = Field(None, description="Fewest units that must be bought.")
    whole: bool = Field(False, description="Buy whole units only (solved exactly as a MILP).")


ResponseKind = Literal["fitted", "constant", "tranches", "imported"]


class ImportedCurve(Model):
    """A spend → conversions table exported by a marketing-mix model (CSV with columns spend, conversions)."""

    path: str = Field(min_length=1, description="CSV path, relative to the scenario file.")
    per: Literal["week", "period"] = Field(
        "week", description="Whether the table's spend and conversions are per week or for the whole period."
    )


class CurveSettings(Model):
    """How response curves are fitted from history and turned into LP segments."""

    segments: int = Field(16, ge=1, le=200, description="Linear pieces per curve; more is closer, slower.")
    max_extrapolation: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = Field(
        1.5, description="Cap weekly spend at this multiple of the highest weekly spend seen in history."
    )
    forms: tuple[Literal["power", "log", "hill"], ...] = Field(("power", "log", "hill"), min_length=1)
    min_weeks: int = Field(
        8, ge=3, le=10_000, description="Fewer weeks with spend than this fall back to a constant CPA."
    )
    cautious: bool = Field(False, description="Plan on the pessimistic (P10) curves instead of the central fit.")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="Seed of the bootstrap behind P10/P50/P90 and cautious plans.")


class Channel(Yields):
    """One place to spend the budget."""

    id: Identifier = Field(description="Short stable id: letters, digits and underscores.")
    label: str | None = Field(
        None, min_length=1, max_length=MAX_TEXT, description="Display name in any script, e.g. 直通车."
    )
    groups: tuple[GroupTag, ...] = Field(
        (), description="Tags that rules select channels by, e.g. paid, alibaba, 直播."
    )
    history_name: str | None = Field(
        None,
        min_length=1,
        max_length=MAX_TEXT,
        description="The channel's name in the history CSV when it differs from id and label.",
    )
    units: Units | None = None
    tranches: tuple[Tranche, ...] = Field((), description="User-given diminishing returns, in spend order.")
    response: ResponseKind | None = Field(
        None,
        description="How spend turns into conversions. Default: tranches if given, imported if curve is "
        "given, constant if cost_per_conversion is given, else fitted from history.",
    )
    curve: ImportedCurve | None = None
    resource_use: dict[Identifier, NonNegative] = Field(
        default_factory=dict, description="Resources used per unit of spend (per unit bought, for unit channels)."
    )
    min_spend: NonNegative | None = None
    max_spend: NonNegative | None = None
    min_vs_history: NonNegative | None = Field(None, description="Floor as a multiple of historical spend, e.g. 0.7.")
    max_vs_history: NonNegative | None = Field(None, description="Cap as a multiple of historical spend, e.g. 1.5.")
    locked: bool = Field(False, description="Keep spend at its historical level (or at min_spend = max_spend).")
    excluded: bool = Field(False, description="Spend nothing on this channel.")

    @property
    def response_kind(self) -> ResponseKind:
        """Return how this channel's spend turns into conversions, resolving the default."""
        if self.response is not None:
            return self.response
        if self.tranches:
            return "tranches"
        if self.curve is not None:
            return "imported"
        if self.cost_per_conversion is not None:
            return "constant"
        return "fitted"

    @property
    def display_name(self) -> str:
        """Return the label when there is one, else the id."""
        return self.label or self.id

    @model_validator(mode="after")
    def _consistent(self) -> Channel:
        if self.min_spend is not None and self.max_spend is not None and self.min_spend > self.max_spend:
            raise ValueError(f"min_spend {self.min_spend:g} is above max_spend {self.max_spend:g}")
        if (
            self.min_vs_history is not None
            and self.max_vs_history is not None
            and self.min_vs_history > self.max_vs_history
        ):
            raise ValueError(f"min_vs_history {self.min_vs_history:g} is above max_vs_history {self.max_vs_history:g}")
        if self.locked and self.excluded:
            raise ValueError("a channel cannot be both locked and excluded")
        if self.tranches:
            if self.cost_per_conversion is not None:
                raise ValueError("give cost_per_conversion on each tranche, not on the channel as well")
            ends = [t.up_to for t in self.tranches]
            if any(end is None for end in ends[:-1]):
                raise ValueError("every tranche but the last needs up_to")
            bounded = [end for end in ends if end is not None]
            if any(b <= a for a, b in pairwise(bounded)):
                raise ValueError("tranche up_to values must increase")
            # A tranche may yield only KPIs or revenue (a reach plan); one that yields nothing is a mistake.
            barren = [
                str(i)
                for i, t in enumerate(self.tranches)
                if t.cost_per_conversion is None and not (t.kpis or self.kpis) and t.roas is None and self.roas is None
            ]
            if barren:
                raise ValueError(f"tranche {', '.join(barren)} yields nothing: give cost_per_conversion, kpis or roas")
        kind = self.response_kind
        if kind == "tranches" and not self.tranches:
            raise ValueError("response: tranches needs a tranches list")
        if kind != "tranches" and self.tranches:
            raise ValueError(f"response: {kind} cannot be combined with tranches")
        if kind == "imported" and self.curve is None:
            raise ValueError("response: imported needs curve: {path: ...}")
        if kind != "imported" and self.curve is not None:
            raise ValueError(f"response: {kind} cannot be combined with an imported curve")
        if kind in ("fitted", "imported") and self.cost_per_conversion is not None:
            raise ValueError(f"cost_per_conversion is not used by a {kind} curve; remove it or use response: constant")
        if self.units and self.units.min is not None and self.units.max is not None and self.units.min > self.units.max:
            raise ValueError(f"units.min {self.units.min:g} is above units.max {self.units.max:g}")
        return self


class Budget(Model):
    """The money to spend over the period."""

    amount: NonNegative
    exactly: bool = Field(False, description="Spend exactly this amount rather than at most this amount.")


class Resource(Model):
    """A limit on another per-unit cost, e.g. planning hours or production budget."""

    limit: NonNegative
    label: str | None = Field(None, max_length=MAX_TEXT)


class HistorySource(Model):
    """Where the store's history is and which dates of it to use."""

    path: str = Field(min_length=1, description="CSV path, relative to the scenario file.")
    start: date | None = Field(None, description="First date to use (inclusive).")
    end: date | None = Field(None, description="Last date to use (inclusive).")

    @model_validator(mode="after")
    def _ordered(self) -> HistorySource:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self


class Objective(Model):
    """What the plan optimises: maximise one measure or minimise one."""

    maximize: str | None = None
    minimize: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Objective:
        if (self.maximize is None) == (self.minimize is None):
            raise ValueError("give exactly one of maximize or minimize")
        return self

    @property
    def measure(self) -> str:
        """Return the measure being optimised."""
        return self.maximize if self.maximize is not None else str(self.minimize)

    @property
    def sense(self) -> Literal["maximize", "minimize"]:
        """Return the direction of optimisation."""
        return "maximize" if self.maximize is not None else "minimize"


class Selection(Model):
    """Which channels a rule counts: a group, a list of ids, or (neither) all channels."""

    group: GroupTag | None = None
    channels: tuple[Identifier, ...] | None = None

    @model_validator(mode="after")
    def _not_both(self) -> Selection:
        if self.group is not None and self.channels is not None:
            raise ValueError("select channels by group or by channels, not both")
        return self


class Bounds(Model):
    """The lower and upper limits a rule sets; at least one is required."""

    at_least: Limit | None = None
    at_most: Limit | None = None
    exactly: Limit | None = None

    @model_validator(mode="after")
    def _some_bound(self) -> Bounds:
        given = [b for b in (self.at_least, self.at_most, self.exactly) if b is not None]
        if not given:
            raise ValueError("give at_least, at_most or exactly")
        if self.exactly is not None and len(given) > 1:
            raise ValueError("exactly cannot be combined with at_least or at_most")
        if self.at_least is not None and self.at_most is not None and self.at_least > self.at_most:
            raise ValueError(f"at_least {self.at_least:g} is above at_most {self.at_most:g}")
        if any(not math.isfinite(b) for b in given):
            raise ValueError("limits must be finite numbers")
        return self

    def limits(self) -> list[tuple[Literal[">=", "<=", "=="], float]]:
        """Return each limit as (sense, value)."""
        if self.exactly is not None:
            return [("==", self.exactly)]
        out: list[tuple[Literal[">=", "<=", "=="], float]] = []
        if self.at_least is not None:
            out.append((">=", self.at_least))
        if self.at_most is not None:
            out.append(("<=", self.at_most))
        return out


class LimitRule(Selection, Bounds):
    """A floor or cap on a measure summed over channels, e.g. live spend at least ¥50,000."""

    kind: Literal["limit"]
    name: str = Field(min_length=1, max_length=MAX_TEXT)
    measure: str = "spend"


class ShareRule(Selection, Bounds):
    """A measure of some channels as a share of the same measure over others (default: all)."""

    kind: Literal["share"]
    name: str = Field(min_length=1, max_length=MAX_TEXT)
    measure: str = "spend"
    of: Selection = Field(default_factory=Selection, description="The channels the share is of; default all.")
    at_least: Share | None = None
    at_most: Share | None = None
    exactly: Share | None = None


class RatioRule(Selection, Bounds):
    """A measure of some channels against k times a measure of others, e.g. affiliates ≤ 0.5 × search."""

    kind: Literal["ratio"]
    name: str = Field(min_length=1, max_length=MAX_TEXT)
    measure: str = "spend"
    per: Selection = Field(description="The channels in the denominator.")
    per_measure: str | None = Field(None, description="Measure of the denominator; default the same measure.")
    at_least: NonNegative | None = None
    at_most: NonNegative | None = None
    exactly: NonNegative | None = None


class MaxCPARule(Selection):
    """Average cost per conversion of some channels at most a target."""

    kind: Literal["max_cpa"]
    name: str = Field(min_length=1, max_length=MAX_TEXT)
    value: Cost


class MinROASRule(Selection):
    """Revenue per unit of spend of some channels at least a target."""

    kind: Literal["min_roas"]
    name: str = Field(min_length=1, max_length=MAX_TEXT)
    value: NonNegative


Rule = Annotated[
    LimitRule | ShareRule | RatioRule | MaxCPARule | MinROASRule,
    Field(discriminator="kind"),
]


def _budget_shorthand(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"amount": value}
    if isinstance(value, str):
        raise ValueError(f"{value!r} is not an amount; write the budget as a plain number, e.g. 2200000")
    return value


OBJECTIVE_SHORTHAND = r"^\s*(maximi[sz]e|minimi[sz]e)\s+(\S+)\s*$"


def _objective_shorthand(value: Any) -> Any:
    if isinstance(value, str):
        match = re.fullmatch(OBJECTIVE_SHORTHAND, value)
        if not match:
            raise ValueError(
                f"{value!r} is not an objective; write e.g. 'maximize conversions' or 'minimize spend' "
                "(one measure name, no spaces)"
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
    curves: CurveSettings = Field(default_factory=CurveSettings)
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
        """Return a validated copy with some fields changed (model_copy(update=...) does not validate)."""
        from planner.model.errors import ScenarioError

        data = {**self.model_dump(warnings=False), **changes}
        try:
            varied = Scenario.model_validate(data)
        except ValidationError as error:
            problems = [
                Problem(str(e["msg"]).removeprefix("Value error, "), " -> ".join(map(str, e["loc"])))
                for e in error.errors()
            ]
            raise ScenarioError(problems) from None
        return varied.from_file(self._source) if self._source is not None else varied

    def with_budget(self, amount: float) -> Scenario:
        """Return a copy of this scenario with another budget amount (same at-most/exactly mode)."""
        exactly = self.budget.exactly if self.budget else False
        return self.vary(budget={"amount": amount, "exactly": exactly})


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
            problems.append(Problem(f"channel id {channel.id!r} is used twice", f"{where} -> id"))
        seen.add(channel.id)
        for yields, path in _yield_blocks(channel, where):
            for kpi in yields.kpis:
                if kpi not in scenario.kpis:
                    problems.append(
                        Problem(_unknown("KPI", kpi, scenario.kpis, "declare it under kpis"), f"{path} -> kpis")
                    )
        for resource in channel.resource_use:
            if resource not in scenario.resources:
                problems.append(
                    Problem(
                        _unknown("resource", resource, scenario.resources, "declare it under resources"),
                        f"{where} -> resource_use",
                    )
                )
    for name in [*scenario.kpis, *scenario.resources]:
        if name in RESERVED_NAMES or (name in scenario.kpis and name in scenario.resources):
            section = "kpis" if name in scenario.kpis else "resources"
            message = f"{name!r} is taken by a built-in measure, a plan column or another KPI/resource; rename it"
            problems.append(Problem(message, f"{section} -> {name}"))

    rule_names: set[str] = set()
    for index, rule in enumerate(scenario.rules):
        where = f"rules -> {index} ({rule.name})"
        if rule.name in rule_names:
            problems.append(Problem(f"rule name {rule.name!r} is used twice; names must be unique", where))
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
                    problems.append(Problem(_unknown("measure", measure, measures), f"{where} -> measure"))
            if "units" in rule_measures:
                problems.extend(_units_problems(scenario, rule, where))

    objective = scenario.objective.measure
    if objective not in measures:
        problems.append(Problem(_unknown("measure", objective, measures), "objective"))
    uses_profit = objective == "profit" or any(
        isinstance(r, LimitRule | ShareRule | RatioRule) and "profit" in (r.measure, getattr(r, "per_measure", None))
        for r in scenario.rules
    )
    if uses_profit and scenario.margin is None:
        problems.append(Problem("profit needs the store's gross margin: add e.g. `margin: 0.35`", "margin"))
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
        problems.append(Problem(_unknown("group", selection.group, sorted(groups)), f"{where} -> group"))
    for channel_id in selection.channels or ():
        if channel_id not in channel_ids:
            problems.append(Problem(_unknown("channel", channel_id, channel_ids), f"{where} -> channels"))
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
    verb = "is" if len(not_in_units) == 1 else "are"
    return [Problem(f"counts units, but {', '.join(not_in_units)} {verb} not bought in units", f"{where} -> measure")]


def _unknown(what: str, name: str, known: Any, hint: str = "") -> str:
    """Return 'unknown X 'name'; did you mean 'y'?' with the known names listed."""
    from difflib import get_close_matches

    known_names = [str(k) for k in known]
    message = f"unknown {what} {name!r}"
    close = get_close_matches(name, known_names, n=1, cutoff=0.6)
    if close:
        message += f"; did you mean {close[0]!r}?"
    elif known_names:
        message += f" (known: {', '.join(known_names)})"
    if hint:
        message += f"; {hint}"
    return message
