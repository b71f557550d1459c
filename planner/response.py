"""Scenario + history statistics → each channel's response: piecewise-linear yields and spend bounds.

A channel's response is a list of segments in spend order; each segment says how much
of every measure one unit of currency buys there. A constant cost per conversion is a
single open-ended segment; user tranches are several. Bounds are resolved to money.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from planner.errors import HistoryError, Problem, ScenarioError
from planner.history import History
from planner.scenario import (
    LimitRule,
    MaxCPARule,
    MinROASRule,
    RatioRule,
    Scenario,
    ShareRule,
)

# Measures whose yields come from the cost per conversion.
CONVERSION_MEASURES = frozenset({"conversions", "revenue", "profit"})


@dataclass(frozen=True)
class Segment:
    """A stretch of spend (`width`, possibly infinite) and what one unit of spend buys in it."""

    width: float
    rates: dict[str, float]


@dataclass(frozen=True)
class Bound:
    """A spend bound in money, with the reason in words."""

    value: float
    reason: str


@dataclass(frozen=True)
class ChannelResponse:
    """Everything the LP needs to know about one channel."""

    id: str
    label: str
    groups: tuple[str, ...]
    segments: tuple[Segment, ...]
    lower: Bound
    upper: Bound
    historical_spend: float | None
    unit_cost: float | None
    unit_name: str | None
    yield_source: str  # "history", "given" or "tranches"

    def rate(self, measure: str, segment: int = 0) -> float:
        """Return what one unit of spend buys of a measure in a segment."""
        return self.segments[segment].rates.get(measure, 0.0)

    def evaluate(self, spend: float) -> dict[str, float]:
        """Return every measure at a spend level, filling segments in order."""
        totals: dict[str, float] = {}
        remaining = spend
        for segment in self.segments:
            used = min(remaining, segment.width)
            for measure, rate in segment.rates.items():
                totals[measure] = totals.get(measure, 0.0) + rate * used
            remaining -= used
            if remaining <= 0:
                break
        return totals


@dataclass(frozen=True)
class Responses:
    """The responses of all channels of a scenario, with the period they cover."""

    channels: tuple[ChannelResponse, ...]
    period_weeks: float | None
    measures: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())

    def by_id(self) -> dict[str, ChannelResponse]:
        """Return the responses keyed by channel id."""
        return {c.id: c for c in self.channels}


def measures_used(scenario: Scenario) -> set[str]:
    """Return the measures the objective and the rules depend on."""
    used = {scenario.objective.measure, "spend"}
    for rule in scenario.rules:
        if isinstance(rule, LimitRule | ShareRule):
            used.add(rule.measure)
        elif isinstance(rule, RatioRule):
            used.update({rule.measure, rule.per_measure or rule.measure})
        elif isinstance(rule, MaxCPARule):
            used.add("conversions")
        elif isinstance(rule, MinROASRule):
            used.add("revenue")
    used.update(scenario.resources)
    if "profit" in used:
        used.add("revenue")
    return used


def build_responses(scenario: Scenario, history: History | None) -> Responses:
    """Return each channel's segments and spend bounds, resolving history-based values."""
    period_weeks = scenario.period_weeks or (history.weeks if history else None)
    needs_conversions = bool(measures_used(scenario) & CONVERSION_MEASURES)
    problems: list[Problem] = []
    warnings: list[str] = list(history.warnings if history else ())
    responses = []
    for index, channel in enumerate(scenario.channels):
        where = f"channels -> {index} ({channel.id})"
        stats = history.for_channel(channel) if history else None
        historical = None
        if stats is not None and period_weeks is not None:
            historical = float(stats["weekly_spend"]) * period_weeks
        unit_cost = channel.units.cost if channel.units else None
        per_spend = 1.0 / unit_cost if unit_cost else 1.0  # KPIs are given per unit bought on unit channels

        base_cpa, source, problem = _cost_per_conversion(
            channel.cost_per_conversion, stats, needs_conversions, where, history
        )
        tranches_priced = bool(channel.tranches) and all(t.cost_per_conversion for t in channel.tranches)
        if problem and not tranches_priced:
            problems.append(problem)
            continue
        if channel.tranches:
            source = "tranches"
        base_revenue_rate = _revenue_rate(channel.roas, channel.revenue_per_conversion, base_cpa, stats)

        segments = []
        tranches = channel.tranches or (channel,)
        start = 0.0
        for tranche in tranches:
            cpa = tranche.cost_per_conversion or base_cpa
            end = getattr(tranche, "up_to", None)
            end_spend = math.inf if end is None else end * (unit_cost or 1.0)
            rates: dict[str, float] = {"spend": 1.0}
            if unit_cost:
                rates["units"] = 1.0 / unit_cost
            conversions_rate = 1.0 / cpa if cpa else 0.0
            if tranche is channel:
                revenue_rate = base_revenue_rate
            elif tranche.roas is not None or tranche.revenue_per_conversion is not None:
                revenue_rate = _revenue_rate(tranche.roas, tranche.revenue_per_conversion, cpa, None)
            else:  # same order value as the channel as a whole
                revenue_rate = base_revenue_rate * (base_cpa / cpa) if base_cpa and cpa else base_revenue_rate
            rates["conversions"] = conversions_rate
            rates["revenue"] = revenue_rate
            if scenario.margin is not None:
                rates["profit"] = scenario.margin * revenue_rate - 1.0
            for kpi, value in {**channel.kpis, **tranche.kpis}.items():
                rates[kpi] = value * per_spend
            for resource, value in channel.resource_use.items():
                rates[resource] = value * per_spend
            segments.append(Segment(width=end_spend - start, rates=rates))
            start = end_spend

        lower, upper, bound_problems = _bounds(channel, historical, unit_cost, start, where, scenario.currency_symbol)
        problems.extend(bound_problems)
        responses.append(
            ChannelResponse(
                id=channel.id,
                label=channel.display_name,
                groups=channel.groups,
                segments=tuple(segments),
                lower=lower,
                upper=upper,
                historical_spend=historical,
                unit_cost=unit_cost,
                unit_name=channel.units.name if channel.units else None,
                yield_source=source,
            )
        )
    if problems:
        raise HistoryError(problems) if history else ScenarioError(problems)
    return Responses(
        channels=tuple(responses),
        period_weeks=period_weeks,
        measures=scenario.measures(),
        warnings=tuple(warnings),
    )


def _cost_per_conversion(
    given: float | None, stats: pd.Series | None, needed: bool, where: str, history: History | None
) -> tuple[float | None, str, Problem | None]:
    if given is not None:
        return given, "given", None
    if stats is not None and stats["conversions"] > 0:
        return float(stats["cpa"]), "history", None
    if not needed:
        return None, "none", None
    if history is None:
        message = "needs cost_per_conversion: the scenario has no history to take it from"
        return None, "none", Problem(message, field=f"{where} -> cost_per_conversion")
    window = f"between {history.start} and {history.end}"
    if stats is None:
        message = f"has no rows in the history {window}; give cost_per_conversion, or exclude the channel"
    else:
        message = (
            f"spent {stats['spend']:,.2f} {window} but recorded no conversions, so its cost per conversion is unknown; "
            "give cost_per_conversion, or exclude the channel"
        )
    return None, "none", Problem(message, field=f"{where} -> cost_per_conversion", file=history.source)


def _revenue_rate(
    roas: float | None, per_conversion: float | None, cpa: float | None, stats: pd.Series | None
) -> float:
    """Return revenue per unit of spend."""
    if roas is not None:
        return roas
    if per_conversion is not None:
        return per_conversion / cpa if cpa else 0.0
    if stats is not None and cpa and stats["conversions"] > 0:
        return float(stats["aov"]) / cpa
    return 0.0


def _bounds(
    channel: object, historical: float | None, unit_cost: float | None, tranche_end: float, where: str, symbol: str
) -> tuple[Bound, Bound, list[Problem]]:
    from planner.scenario import Channel

    assert isinstance(channel, Channel)
    problems: list[Problem] = []
    lowers = [Bound(0.0, "")]
    uppers = [Bound(math.inf, "")]
    if channel.min_spend is not None:
        lowers.append(Bound(channel.min_spend, f"min_spend {symbol}{channel.min_spend:,.0f}"))
    if channel.max_spend is not None:
        uppers.append(Bound(channel.max_spend, f"max_spend {symbol}{channel.max_spend:,.0f}"))
    if channel.units and unit_cost:
        if channel.units.min is not None:
            lowers.append(Bound(channel.units.min * unit_cost, f"at least {channel.units.min:g} {channel.units.name}s"))
        if channel.units.max is not None:
            uppers.append(Bound(channel.units.max * unit_cost, f"at most {channel.units.max:g} {channel.units.name}s"))
    if math.isfinite(tranche_end):
        uppers.append(Bound(tranche_end, "end of its last tranche"))
    relative = [(channel.min_vs_history, lowers, "min_vs_history"), (channel.max_vs_history, uppers, "max_vs_history")]
    for multiple, bucket, key in relative:
        if multiple is None:
            continue
        if historical is None:
            problems.append(
                Problem(f"{key} needs the channel's historical spend, and the history has none", f"{where} -> {key}")
            )
            continue
        bucket.append(Bound(multiple * historical, f"{multiple:g}× historical spend {symbol}{historical:,.0f}"))
    lower = max(lowers, key=lambda b: b.value)
    upper = min(uppers, key=lambda b: b.value)
    if channel.excluded:
        return Bound(0.0, "excluded"), Bound(0.0, "excluded"), problems
    if channel.locked:
        if channel.min_spend is not None and channel.min_spend == channel.max_spend:
            fixed = channel.min_spend
        elif historical is not None:
            fixed = historical
        else:
            problems.append(Problem("locked needs historical spend, or min_spend = max_spend", f"{where} -> locked"))
            fixed = 0.0
        reason = f"locked at {symbol}{fixed:,.0f}"
        return Bound(fixed, reason), Bound(fixed, reason), problems
    return lower, upper, problems
