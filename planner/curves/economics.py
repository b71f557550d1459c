"""Responses of channels paid other than per click: commissions, live sessions, volume discounts, set-up fees.

Each becomes segments in spend space, like every other channel, so the LP, the calendar's period copies and
the outputs need nothing of their own (docs/economics-design.md). A segment's rates are per unit of money
spent, the commission (a measure) included in the spend.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace

from planner.curves.segments import Bound, Segment
from planner.model.channels import Channel, Units
from planner.model.i18n import Money, Number, Text
from planner.model.scenario import Scenario

# Bounds that end where the channel's media stop (a curve, its tranches, a capacity): a set-up fee comes on top.
MEDIA_END_KINDS = frozenset({"extrapolation", "tranche_end", "curve_end", "units_max", "capacity", "sessions_max"})


def paid_rates(
    scenario: Scenario,
    channel: Channel,
    revenue: float,
    order_value: float | None,
    commission: float = 0.0,
    units: float = 0.0,
) -> dict[str, float]:
    """Return the rates of one unit of money that buys `revenue`, of which `commission` is commission.

    `units` is the units (sessions) one unit of money buys; KPIs and resources are per unit bought when the
    channel is bought in units, else per unit of money.
    """
    rates = {"spend": 1.0, "revenue": revenue, "conversions": revenue / order_value if order_value else 0.0}
    if commission:
        rates["commission"] = commission
    if units:
        rates["units"] = units
    if scenario.margin is not None:
        rates["profit"] = scenario.margin * revenue - 1.0
    per = units or 1.0
    rates.update({kpi: value * per for kpi, value in channel.kpis.items()})
    rates.update({resource: value * per for resource, value in channel.resource_use.items()})
    return rates


def commission_segment(
    scenario: Scenario, channel: Channel, weekly_revenue: float, weeks: float, order_value: float | None
) -> Segment:
    """Return an affiliate channel's one segment: revenue up to its capacity, (rate + fee) of it paid."""
    terms = channel.commission
    assert terms is not None
    cost = terms.cost_rate
    width = weekly_revenue * weeks * cost
    return Segment(width=width, rates=paid_rates(scenario, channel, 1.0 / cost, order_value, commission=1.0))


def capacity_bound(weekly_revenue: float, weeks: float, cost_rate: float, symbol: str, given: bool) -> Bound:
    """Return the cap an affiliate channel's capacity puts on its spend (the commission on all it can bring)."""
    key = "economics.bound.capacity" if given else "economics.bound.capacity_history"
    revenue = Money(weekly_revenue, symbol)
    reason = Text(key, revenue=revenue, key="max_revenue", setting="curves.max_extrapolation")
    return Bound(weekly_revenue * weeks * cost_rate, reason, "capacity")


def session_segments(
    scenario: Scenario, channel: Channel, levels: tuple[float, ...], weeks: float, order_value: float | None
) -> tuple[Segment, ...]:
    """Return a live channel's segments: level k is the k-th session of every week (W of them), in order."""
    terms = channel.sessions
    assert terms is not None
    segments = []
    for revenue in levels:
        cost = terms.fee + terms.commission * revenue
        rates = paid_rates(
            scenario,
            channel,
            revenue / cost,
            order_value,
            commission=terms.commission * revenue / cost,
            units=1.0 / cost,
        )
        segments.append(Segment(width=cost * weeks, rates=rates))
    return tuple(segments)


def sessions_bound(segments: tuple[Segment, ...], most: float, symbol: str) -> Bound:
    """Return the cap the most sessions put on a live channel's spend (all its levels bought)."""
    end = sum(s.width for s in segments)
    return Bound(
        end, Text("economics.bound.sessions_max", count=Number(most), amount=Money(end, symbol)), "sessions_max"
    )


def discounted(segments: tuple[Segment, ...], units: Units, margin: float | None) -> tuple[Segment, ...]:
    """Return segments priced at list price re-priced by the volume discounts: the same units, for less money.

    A segment buys what it buys per unit bought; where a price step falls inside it, it is split there.
    """
    listed = units.cost
    steps = units.price_steps()
    out = []
    start = 0.0  # units bought before the segment
    for segment in segments:
        end = start + segment.width / listed
        for low, high, price in _steps_between(start, end, steps):
            factor = listed / price
            rates = {k: v * factor for k, v in segment.rates.items() if k not in ("spend", "profit")}
            rates["spend"] = 1.0
            rates["units"] = 1.0 / price
            if margin is not None and "profit" in segment.rates:
                rates["profit"] = margin * rates.get("revenue", 0.0) - 1.0
            out.append(Segment(width=(high - low) * price, rates=rates))
        start = end
    return tuple(out)


def _steps_between(
    start: float, end: float, steps: tuple[tuple[float, float], ...]
) -> Iterator[tuple[float, float, float]]:
    """Yield (from, to, price) of the stretches of [start, end) units at each price."""
    ends = [s for s, _ in steps[1:]] + [math.inf]
    for (low, price), high in zip(steps, ends, strict=True):
        a, b = max(start, low), min(end, high)
        if b > a:
            yield a, b, price


LIST_PRICED_KINDS = frozenset({"extrapolation", "tranche_end", "curve_end"})  # bounds from segments at list price


def repriced_bound(bound: Bound, units: Units) -> Bound:
    """Return a bound where a curve or tranche ends, in list-price money, as the money its units really cost."""
    if bound.kind not in LIST_PRICED_KINDS or not math.isfinite(bound.value) or not units.discounts:
        return bound
    return replace(bound, value=units.cost_of(bound.value / units.cost))


def with_setup_fee(segments: tuple[Segment, ...], fee: float, margin: float | None) -> tuple[Segment, ...]:
    """Return the segments behind a first one for the set-up fee: money that buys nothing, paid whole or not at all."""
    rates = {"spend": 1.0}
    if margin is not None:
        rates["profit"] = -1.0
    return (Segment(width=fee, rates=rates), *segments)


def active_minimum(channel: Channel, days: float) -> float:
    """Return the least media spend of a channel that runs at all, over a stretch of `days` days."""
    threshold = channel.min_if_active
    if threshold is None:
        return 0.0
    return threshold.amount * days if threshold.per == "day" else threshold.amount


def paid_in_period(
    segments: tuple[Segment, ...],
    paid: str,
    share: float,
    credited: float,
    margin: float | None,
    efficiency: float = 1.0,
    cost: float = 1.0,
) -> tuple[Segment, ...]:
    """Return a commission or live channel's segments in a period that is `share` of the calendar.

    An event's efficiency e and cost k act on what these channels are paid for, not on a spend curve: the
    partners of an affiliate channel can sell e× as much, each sale still costing its commission (k does not
    apply: no media is bought); a live session sells e× as much, its fee costs k× as much and its commission
    follows its sales. Only `credited` of the sales count (carry-over landing beyond the horizon).
    """
    out = []
    for segment in segments:
        rates = dict(segment.rates)
        if paid == "commission":
            width = segment.width * share * efficiency
        else:
            per_session = rates["units"]
            sales, cut = rates.get("revenue", 0.0) / per_session, rates.get("commission", 0.0) / per_session
            fee = 1.0 / per_session - cut
            session_cost = fee * cost + cut * efficiency
            sessions = segment.width * per_session * share
            width = sessions * session_cost
            scale = per_session * session_cost  # old rates per yuan → per session → new rates per yuan
            per_unit = {key: value / scale for key, value in rates.items() if key not in ("spend", "profit")}
            rates = {**per_unit, "spend": 1.0, "units": 1.0 / session_cost}
            rates["revenue"] = sales * efficiency / session_cost
            rates["conversions"] = per_unit.get("conversions", 0.0) * efficiency
            if cut:
                rates["commission"] = cut * efficiency / session_cost
        for key in ("revenue", "conversions"):
            if key in rates:
                rates[key] *= credited
        if margin is not None:
            rates["profit"] = margin * rates.get("revenue", 0.0) - 1.0
        out.append(Segment(width=width, rates=rates))
    return tuple(out)
