"""A channel's response as the LP sees it: linear segments with their rates, spend bounds, and the curve report."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from planner.curves.fitting import (
    Edge,
    ResponseCurve,
)
from planner.model.i18n import Text
from planner.model.rules import LimitRule, MaxCPARule, MinROASRule, RatioRule, ShareRule
from planner.model.scenario import Scenario

# Measures whose yields come from the cost per conversion.
CONVERSION_MEASURES = frozenset({"conversions", "revenue", "profit"})


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of spend (`width`, possibly infinite) and what one unit of spend buys in it."""

    width: float
    rates: dict[str, float]


@dataclass(frozen=True, slots=True)
class Bound:
    """A spend bound in money, the reason in words, and what kind of bound it is.

    `kind` is one of "" (no bound), "excluded", "locked", "min_spend", "max_spend", "units_min", "units_max",
    "history_multiple", "tranche_end", "curve_end", "extrapolation" or "paused"; code tests the kind, people
    read the reason.
    """

    value: float
    reason: Text | str  # a catalogue message (planner.model.i18n)
    kind: str = ""


@dataclass(frozen=True)
class CurveReport:
    """How a channel's curve was obtained and how far to trust it."""

    curve: ResponseCurve  # `measure` per week at a weekly spend (per period, for imported period tables)
    per_week: bool
    approximation_error: float  # largest gap between curve and LP segments, as a fraction of the curve's value
    fallback_reason: Text | str = ""  # why a constant cost per conversion is used, '' for a real curve
    candidates: dict[str, float] = field(default_factory=dict)
    # What the curve gives: "conversions", or "revenue" for a history with revenue but no order counts (its
    # conversions then come from a given revenue_per_conversion, or count as 0).
    measure: str = "conversions"
    edges: tuple[Edge, ...] = ()  # shape parameters that ended at the edge of their search range
    paused_weeks: int = 0  # weeks without spend at the end of the history, left out of the fit

    @property
    def highest_weekly_spend_seen(self) -> float:
        """Return the top of the spend range history covers (per week)."""
        return float(self.curve.support[1])


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
    whole_units: bool
    yield_source: str  # "history", "given", "tranches", "fitted", "imported" or "none"
    curve: CurveReport | None = None
    historical: dict[str, float] = field(default_factory=dict)  # spend, conversions, revenue scaled to the period
    # Every rate of a curve channel is affine in its conversions per unit of spend c: rates(c) = base + c × per.
    affine: tuple[dict[str, float], dict[str, float]] | None = None
    # docs/economics-design.md: a set-up fee is segments[0] (no yield), paid whole or not at all; a channel that
    # is `switched` has an on/off decision (fee, min_if_active, a max_channels rule), with media spend at least
    # `active_minimum` when on.
    setup_fee: float = 0.0
    active_minimum: float = 0.0
    switched: bool = False
    # Live sessions: media segment k is the k-th session of each week, and a week holds a k-th session only
    # if it holds a (k−1)-th (the LP says so with rows of its own, not by filling segments in order).
    session_levels: bool = False
    paid: str = ""  # "commission" or "sessions": what an event changes is what they are paid for (curves/economics.py)

    @property
    def one_price(self) -> bool:
        """Return whether every unit costs the same (spend = unit cost × units), as without volume discounts."""
        cost = self.unit_cost
        if not cost:
            return False
        return all(abs(s.rates.get("units", 0.0) * cost - 1.0) <= 1e-12 for s in self.media_segments)

    @property
    def bought_in_units(self) -> bool:
        """Return whether the channel is bought in units (ads, boards, live sessions)."""
        return bool(self.unit_cost) or self.unit_name is not None

    @property
    def media_segments(self) -> tuple[Segment, ...]:
        """Return the segments that buy something: all but the set-up fee's."""
        return self.segments[1:] if self.setup_fee else self.segments

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

    def marginal_rate(self, measure: str, spend: float) -> float:
        """Return what the next unit of spend buys of a measure at a spend level."""
        start = 0.0
        for segment in self.segments:
            if math.isinf(segment.width) or spend < start + segment.width * (1 - 1e-9) - 1e-9:
                return segment.rates.get(measure, 0.0)
            start += segment.width
        return 0.0  # beyond the last segment nothing more can be bought


@dataclass(frozen=True)
class Responses:
    """The responses of all channels of a scenario, with the period they cover."""

    channels: tuple[ChannelResponse, ...]
    period_weeks: float | None
    measures: tuple[str, ...]
    warnings: tuple[Text | str, ...] = field(default=())  # catalogue messages

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


def bound_reason(response: ChannelResponse, at: str) -> Text | str:
    """Return why a channel sits where it does ('cap', 'floor', 'locked', 'excluded'), or '' elsewhere."""
    if at == "cap":
        return response.upper.reason
    if at in ("floor", "locked", "excluded"):
        return response.lower.reason
    return ""
