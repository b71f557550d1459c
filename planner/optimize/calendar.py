"""A calendar's LP and plan: every channel copied per period, on its response scaled to the period's length.

The responses are built once for the whole calendar (W weeks). Period p of w_p weeks gets each channel with
its segment widths × w_p / W and the same rates: for a weekly curve f that is w_p·f(x / w_p), exactly the
one-period rule. The copies are channels of the ordinary LP (position p × channels + channel), so ordering
binaries, whole units, scaling and duals work unchanged; the channel's own floor and cap become rows on its
total over the calendar, and per-period budgets rows on the periods' spend (docs/calendar-design.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import pandas as pd

from planner.curves.carryover import Landing, carryover_landing
from planner.curves.response import refine_responses
from planner.curves.segments import Bound, ChannelResponse, Responses, Segment
from planner.model.calendar import Period
from planner.model.i18n import Money, Text
from planner.model.plan import Plan
from planner.model.scenario import Scenario
from planner.optimize.assemble import (
    allocation_table,
    beyond_history,
    binds,
    channel_measures,
    marginal_cpa,
    rule_table,
    totals_of,
)
from planner.optimize.lp import (
    LinearProgram,
    RowInfo,
    Sense,
    add_row,
    build_problem,
    in_every_period,
    measure_expression,
)
from planner.optimize.solver import Solution

# Upper bounds that are the end of a channel's segments: per period they are the scaled segments' end.
SEGMENT_ENDS = frozenset({"extrapolation", "curve_end", "tranche_end"})
CARRIED = ("conversions", "revenue")  # the measures carry-over spreads (profit follows revenue; KPIs do not)
CHANNEL_TOTAL = "channel_total"  # rows on a channel's spend over the whole calendar (its floor and cap)
PERIOD_BUDGET = "period_budget"  # a limit on all spend in some periods
PERIOD_LIMIT = "period_limit"  # a limit on some channels' spend in some periods (pacing)
SMOOTHING = "smoothing"  # spend per week of some channels within ±s of the period before
PERIOD_KINDS = (PERIOD_BUDGET, PERIOD_LIMIT)


@dataclass(frozen=True)
class CalendarLayout:
    """The periods of a calendar and the whole-calendar responses the period copies are made from."""

    periods: tuple[Period, ...]
    totals: Responses  # one response per channel over the whole calendar (period_weeks = its weeks)
    # Whether any optimum may be evened out across periods (no rule tells periods apart): see even_out.
    interchangeable: bool = True
    landings: tuple[Landing | None, ...] = ()  # per channel, where carry-over lands (None: no carry-over)
    # Per period, per channel: the events' (efficiency, cost) multipliers, multiplied where events overlap.
    effects: tuple[tuple[tuple[float, float], ...], ...] = ()
    # Spend fixed at what really happened, by (period, channel): every channel of a period with actuals.
    actuals: tuple[tuple[tuple[int, int], float], ...] = ()
    credit_beyond: bool = False  # count what lands after the last period
    margin: float | None = None
    symbol: str = ""

    @classmethod
    def of(cls, scenario: Scenario, responses: Responses) -> CalendarLayout:
        """Return the layout of a scenario with a calendar, from its whole-calendar responses."""
        calendar = scenario.calendar
        assert calendar is not None
        periods = calendar.resolved_periods()
        lengths = tuple(p.days for p in periods)
        landings = tuple(carryover_landing(lengths, c.carryover) if c.carryover else None for c in scenario.channels)
        return cls(
            periods,
            responses,
            interchangeable=not calendar.budgets and not calendar.smoothing,
            landings=landings,
            effects=_event_effects(scenario, periods),
            actuals=_actual_spend(scenario, periods),
            credit_beyond=calendar.credit_beyond_horizon,
            margin=scenario.margin,
            symbol=scenario.currency_symbol,
        )

    def effect(self, period: int, channel: int) -> tuple[float, float]:
        """Return the (efficiency, cost) multipliers events put on a channel in a period."""
        return self.effects[period][channel] if self.effects else (1.0, 1.0)

    @cached_property
    def _actual_by_cell(self) -> dict[tuple[int, int], float]:
        return dict(self.actuals)

    def actual(self, period: int, channel: int) -> float | None:
        """Return what a channel really spent in a period that is over, or None for a period still to plan."""
        return self._actual_by_cell.get((period, channel))

    def credited(self, period: int, channel: int) -> float:
        """Return the share of a period's response the plan counts: all but what lands after the horizon."""
        landing = self.landings[channel] if self.landings else None
        if landing is None or self.credit_beyond:
            return 1.0
        return 1.0 - landing.beyond[period]

    @property
    def channel_count(self) -> int:
        """Return the number of channels of the scenario (copies per period)."""
        return len(self.totals.channels)

    def share(self, period: int) -> float:
        """Return a period's share of the calendar's length."""
        return self.periods[period].weeks / float(self.totals.period_weeks or 1.0)

    def spread(self, responses: Responses) -> Responses:
        """Return the period copies of every channel, period after period."""
        copies = [
            fixed(
                period_copy(c, self.share(p), self.credited(p, i), self.margin, *self.effect(p, i)),
                self.actual(p, i),
                self.symbol,
            )
            for p in range(len(self.periods))
            for i, c in enumerate(responses.channels)
        ]
        return replace(responses, channels=tuple(copies))

    def build(self, scenario: Scenario, spread: Responses, ordered: frozenset[int]) -> LinearProgram:
        """Return the calendar's LP: the ordinary rules over every period, channel totals, period budgets."""
        lp = build_problem(scenario, spread, ordered, periods=len(self.periods))
        define_channel_totals(lp, self.totals)
        define_period_budgets(lp, scenario, self.periods)
        define_smoothing(lp, scenario, self.periods)
        return lp

    def refine(self, spread: Responses, spend: tuple[float, ...], skip: frozenset[int]) -> Responses:
        """Return the copies with breakpoints added around each period's planned spend (refine_responses)."""
        n = self.channel_count
        # Evened out first, interchangeable periods get the same breakpoints (scaled) and stay interchangeable.
        spend = self.even_out(spend, tuple(() for _ in spend), skip)[0]
        refined: list[ChannelResponse] = []
        for p, period in enumerate(self.periods):
            # A cost multiplier k stretches the curve's spend axis: the copy is a curve of w·k weeks.
            by_cost: dict[float, list[int]] = {}
            for i in range(n):
                by_cost.setdefault(self.effect(p, i)[1], []).append(p * n + i)
            done: dict[int, ChannelResponse] = {}
            for cost, members in by_cost.items():
                part = replace(
                    spread, channels=tuple(spread.channels[i] for i in members), period_weeks=period.weeks * cost
                )
                local_skip = frozenset(k for k, i in enumerate(members) if i in skip)
                planned = tuple(spend[i] for i in members)
                done.update(zip(members, refine_responses(part, planned, local_skip).channels, strict=True))
            refined.extend(done[p * n + i] for i in range(n))
        return replace(spread, channels=tuple(refined))

    def even_out(
        self, spend: tuple[float, ...], segment_spend: tuple[tuple[float, ...], ...], ordered: frozenset[int]
    ) -> tuple[tuple[float, ...], tuple[tuple[float, ...], ...]]:
        """Return an optimum's spend spread over periods in proportion to their length, where that keeps it optimal.

        An LP optimum is a vertex: where periods are interchangeable (the same curves scaled, no rule on one
        period), a linear stretch of a curve may land in any one of them, e.g. a constant-CPA channel's whole
        spend in the first week. Giving each period its share of every segment's total keeps every segment's
        total, so the objective, the budget, the channel totals and every rule over the calendar keep their
        values, and the duals stay optimal. Not done where a rule tells periods apart (per-period budgets) or
        where a split must stay whole or in order (whole units, ordering binaries).
        """
        if not self.interchangeable:
            return spend, segment_spend
        n, count = self.channel_count, len(self.periods)
        new_spend, new_segments = list(spend), list(segment_spend)
        for i, channel in enumerate(self.totals.channels):
            if channel.whole_units or any(p * n + i in ordered for p in range(count)):
                continue
            # Periods alike for this channel: the same event multipliers and the same share counted.
            classes: dict[tuple[float, ...], list[int]] = {}
            for p in range(count):
                # A period that is over is a class of its own: its spend is what happened.
                over = (p,) if self.actual(p, i) is not None else ()
                classes.setdefault((self.credited(p, i), *self.effect(p, i), *over), []).append(p)
            for periods in classes.values():
                copies = [p * n + i for p in periods]
                if len({len(segment_spend[c]) for c in copies}) != 1:  # breakpoints differ: not alike after all
                    continue
                length = sum(self.share(p) for p in periods)
                segments = len(segment_spend[copies[0]])
                totals = [sum(segment_spend[c][k] for c in copies) for k in range(segments)]
                total = sum(spend[c] for c in copies)
                for c, p in zip(copies, periods, strict=True):
                    part = self.share(p) / length
                    new_segments[c] = tuple(t * part for t in totals)
                    new_spend[c] = sum(new_segments[c]) if segments else total * part
        return tuple(new_spend), tuple(new_segments)


def period_copy(
    channel: ChannelResponse,
    share: float,
    credited: float = 1.0,
    margin: float | None = None,
    efficiency: float = 1.0,
    cost: float = 1.0,
) -> ChannelResponse:
    """Return a channel's response for a period that is `share` of the calendar: widths scaled, rates kept.

    With carry-over, only `credited` of the period's response counts (the rest lands after the horizon).
    An event's efficiency e and cost k make the period's response e·f(x / k): widths × k, and conversions
    and revenue per unit of spend × e / k. Both scale the conversions and revenue rates.
    """
    factor = credited * efficiency / cost
    segments = tuple(
        Segment(width=s.width * share * cost, rates=carried_rates(s.rates, factor, margin)) for s in channel.segments
    )
    affine = channel.affine
    if affine is not None and factor != 1.0:
        base, per = affine
        affine = (carried_rates(base, factor, margin), carried_rates(per, factor, margin, constant=False))
    if channel.upper.value == 0:  # excluded, paused or capped at nothing: nothing in any period
        # A floor above it is the total's row (the conflict is reported once, not per period).
        lower, upper = (channel.lower if channel.lower.value == 0 else Bound(0.0, "")), channel.upper
    else:  # floors and caps hold on the total (rows); the segments' end bounds each period
        # (a bound of its own where the only segment is the spend variable itself: one tranche, one piece)
        lower, upper = Bound(0.0, ""), Bound(sum(s.width for s in segments), "", "segment_end")
    historical = channel.historical_spend * share if channel.historical_spend is not None else None
    return replace(
        channel,
        segments=segments,
        lower=lower,
        upper=upper,
        historical_spend=historical,
        historical={key: value * share for key, value in channel.historical.items()},
        affine=affine,
    )


def carried_rates(
    rates: dict[str, float], factor: float, margin: float | None, constant: bool = True
) -> dict[str, float]:
    """Return rates with conversions and revenue scaled by a factor (profit = margin × revenue − spend follows).

    `constant` is False for the per-conversion part of an affine rate, which has no spend term.
    """
    if factor == 1.0:
        return rates
    scaled = {key: value * factor if key in CARRIED else value for key, value in rates.items()}
    if margin is not None and "profit" in scaled:
        scaled["profit"] = margin * scaled.get("revenue", 0.0) - (1.0 if constant else 0.0)
    return scaled


def fixed(copy: ChannelResponse, spent: float | None, symbol: str) -> ChannelResponse:
    """Return a period copy held at what it really spent (beyond its curve's end, at the last rate)."""
    if spent is None:
        return copy
    bound = Bound(spent, Text("calendar.bound.actual", amount=Money(spent, symbol)), "actual")
    segments = copy.segments
    end = sum(s.width for s in segments)
    if spent > end:  # real spend past the curve's end (the extrapolation cap): the last rate goes on
        segments = (*segments, Segment(width=spent - end, rates=segments[-1].rates))
    return replace(copy, segments=segments, lower=bound, upper=bound)


def _actual_spend(scenario: Scenario, periods: tuple[Period, ...]) -> tuple[tuple[tuple[int, int], float], ...]:
    """Return the spend fixed by actuals: every channel of a period with any actual (0 where not listed)."""
    assert scenario.calendar is not None
    position = {period.name: p for p, period in enumerate(periods)}
    channels = {c.id: i for i, c in enumerate(scenario.channels)}
    fixed: dict[tuple[int, int], float] = {}
    for actual in scenario.calendar.actuals:
        p = position[actual.period]
        for i in range(len(scenario.channels)):
            fixed.setdefault((p, i), 0.0)
        fixed[p, channels[actual.channel]] = actual.spend
    return tuple(sorted(fixed.items()))


def _event_effects(scenario: Scenario, periods: tuple[Period, ...]) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Return (efficiency, cost) per period and channel: the product of the multipliers of every event there."""
    assert scenario.calendar is not None
    effects = [[(1.0, 1.0)] * len(scenario.channels) for _ in periods]
    position = {period.name: p for p, period in enumerate(periods)}
    for event in scenario.calendar.events:
        for multiplier in event.multipliers:
            chosen = {c.id for c in scenario.select(multiplier)}
            for name in event.periods:
                row = effects[position[name]]
                for i, channel in enumerate(scenario.channels):
                    if channel.id in chosen:
                        efficiency, cost = row[i]
                        row[i] = (efficiency * multiplier.efficiency, cost * multiplier.cost)
    return tuple(tuple(row) for row in effects)


def define_channel_totals(lp: LinearProgram, totals: Responses) -> None:
    """Add a row per channel floor and cap on its spend summed over the calendar."""
    for i, channel in enumerate(totals.channels):
        lower, upper = channel.lower.value, channel.upper.value
        if upper == 0 and lower <= 0:  # nothing in any period: the copies are closed
            continue
        spend = measure_expression(lp, "spend", in_every_period(lp, [i]))
        if lower == upper:
            add_row(lp, spend, "==", lower, RowInfo(channel.id, CHANNEL_TOTAL, "==", lower, "spend"))
            continue
        if lower > 0:
            add_row(lp, spend, ">=", lower, RowInfo(channel.id, CHANNEL_TOTAL, ">=", lower, "spend"))
        if math.isfinite(upper) and channel.upper.kind not in SEGMENT_ENDS:
            add_row(lp, spend, "<=", upper, RowInfo(channel.id, CHANNEL_TOTAL, "<=", upper, "spend"))


@dataclass(frozen=True)
class PeriodLimit:
    """One row of `calendar.budgets`: the periods it sums, its sense and its amount in money."""

    label: str  # the entry's name, else the period's name (or the names summed joined by " + ")
    periods: tuple[int, ...]
    sense: Sense
    amount: float
    channels: tuple[int, ...]  # the channels counted (scenario positions)
    kind: str = "period_budget"  # "period_limit" when the entry counts some channels only


def period_limits(scenario: Scenario, periods: tuple[Period, ...]) -> list[PeriodLimit]:
    """Return the rows of `calendar.budgets` in order: each period on its own, or the periods named summed."""
    assert scenario.calendar is not None
    names = [p.name for p in periods]
    total = scenario.budget.amount if scenario.budget is not None else 0.0
    out = []
    for limit in scenario.calendar.budgets:
        selected = {c.id for c in scenario.select(limit)}
        channels = tuple(i for i, c in enumerate(scenario.channels) if c.id in selected)
        kind = PERIOD_BUDGET if limit.group is None and limit.channels is None else PERIOD_LIMIT
        if limit.periods is None:
            groups: list[tuple[int, ...]] = [(p,) for p in range(len(periods))]
        else:
            groups = [tuple(names.index(name) for name in limit.periods)]
        for group in groups:
            label = " + ".join(names[p] for p in group)
            if limit.name is not None:
                label = limit.name if limit.periods is not None else f"{limit.name} {label}"
            for sense, value in limit.limits():
                days = sum(periods[p].days for p in group)
                amount = value * total if limit.share else value * days if limit.per_day else value
                out.append(PeriodLimit(label, group, sense, amount, channels, kind))
    return out


def define_period_budgets(lp: LinearProgram, scenario: Scenario, periods: tuple[Period, ...]) -> None:
    """Add a row per limit of `calendar.budgets` on the spend of its periods."""
    n = len(lp.spend) // len(periods)
    for limit in period_limits(scenario, periods):
        channels = [p * n + i for p in limit.periods for i in limit.channels]
        info = RowInfo(limit.label, limit.kind, limit.sense, limit.amount, "spend")
        add_row(lp, measure_expression(lp, "spend", channels), limit.sense, limit.amount, info)


@dataclass(frozen=True)
class SmoothingRow:
    """One side of a smoothing rule between two periods: w_prev·cur − (1 + limit)·w·prev (≤ or ≥) 0."""

    label: str
    period: int  # the later period; the earlier is period − 1
    channels: tuple[int, ...]
    sense: Sense
    limit: float  # +s for the rise (≤), −s for the fall (≥)


def smoothing_rows(scenario: Scenario, periods: tuple[Period, ...]) -> list[SmoothingRow]:
    """Return the rows of `calendar.smoothing` in order: a rise and (below 100%) a fall per pair of periods."""
    assert scenario.calendar is not None
    out = []
    for entry in scenario.calendar.smoothing:
        selected = {c.id for c in scenario.select(entry)}
        channels = tuple(i for i, c in enumerate(scenario.channels) if c.id in selected)
        for p in range(1, len(periods)):
            label = f"{periods[p - 1].name} → {periods[p].name}"
            label = f"{entry.name} {label}" if entry.name else label
            out.append(SmoothingRow(label, p, channels, "<=", entry.max_change))
            if entry.max_change < 1:
                out.append(SmoothingRow(label, p, channels, ">=", -entry.max_change))
    return out


def define_smoothing(lp: LinearProgram, scenario: Scenario, periods: tuple[Period, ...]) -> None:
    """Add the smoothing rows: spend per week of the channels within ±s of the period before."""
    n = len(lp.spend) // len(periods)
    for row in smoothing_rows(scenario, periods):
        before, weeks_before, weeks = row.period - 1, periods[row.period - 1].weeks, periods[row.period].weeks
        current = measure_expression(lp, "spend", [row.period * n + i for i in row.channels])
        previous = measure_expression(lp, "spend", [before * n + i for i in row.channels])
        expression = current * weeks_before - previous * ((1 + row.limit) * weeks)
        # The limit multiplies the earlier period's spend × w: the price per unit of the limit is the dual × that.
        terms = tuple((before * n + i, -1, weeks) for i in row.channels)
        add_row(lp, expression, row.sense, 0.0, RowInfo(row.label, SMOOTHING, row.sense, row.limit, "spend", terms))


def assemble_calendar_plan(
    scenario: Scenario,
    layout: CalendarLayout,
    spread: Responses,
    rows: dict[str, RowInfo],
    solution: Solution,
    ordered: frozenset[int] = frozenset(),
) -> Plan:
    """Return the Plan of a solved calendar: channel totals as in a one-period plan, and the periods table."""
    n, sense = layout.channel_count, scenario.objective.sense
    spend_evened, segments_evened = layout.even_out(solution.spend, solution.segment_spend, ordered)
    solution = replace(solution, spend=spend_evened, segment_spend=segments_evened)
    copies = [
        channel_measures(r, s, seg)
        for r, s, seg in zip(spread.channels, solution.spend, solution.segment_spend, strict=True)
    ]
    measures: list[dict[str, float]] = [{} for _ in range(n)]
    for index, measured in enumerate(copies):
        for key, value in measured.items():
            measures[index % n][key] = measures[index % n].get(key, 0.0) + value
    spend = [sum(solution.spend[p * n + i] for p in range(len(layout.periods))) for i in range(n)]
    reduced = [_reduced_cost(i, layout, rows, solution, sense) for i in range(n)]
    summed = replace(
        solution, spend=tuple(spend), segment_spend=tuple(() for _ in range(n)), spend_reduced_costs=tuple(reduced)
    )
    allocation = allocation_table(scenario, layout.totals, summed, measures)
    allocation["marginal_cpa"] = [
        min(marginal_cpa(spread.channels[p * n + i], solution.spend[p * n + i]) for p in range(len(layout.periods)))
        for i in range(n)
    ]
    allocation["beyond_history"] = [
        any(
            beyond_history(spread.channels[p * n + i], solution.spend[p * n + i], period.weeks)
            for p, period in enumerate(layout.periods)
        )
        for i in range(n)
    ]
    ordinary = {name: info for name, info in rows.items() if info.kind not in (CHANNEL_TOTAL, SMOOTHING, *PERIOD_KINDS)}
    rules = rule_table(scenario, ordinary, solution, measures)
    for extra in (_period_budget_table(scenario, layout, rows, solution), _smoothing_table(layout, rows, solution)):
        if not extra.empty:
            rules = pd.concat([rules, extra], ignore_index=True)
    periods = _periods_table(layout, spread, solution, copies)
    totals = totals_of(scenario, allocation)
    # What carry-over lands after the last period: reported apart, counted only with credit_beyond_horizon.
    totals["beyond_horizon_conversions"] = float(periods["beyond_conversions"].sum())
    totals["beyond_horizon_revenue"] = float(periods["beyond_revenue"].sum())
    return Plan(
        scenario=scenario,
        status=str(solution.status),
        objective_value=solution.objective,
        allocation=allocation,
        totals=totals,
        rules=rules,
        period_weeks=layout.totals.period_weeks,
        warnings=layout.totals.warnings,
        is_mip=solution.is_mip,
        mip_gap=solution.mip_gap,
        responses=layout.totals,
        periods=periods,
    )


def _reduced_cost(
    channel: int, layout: CalendarLayout, rows: dict[str, RowInfo], solution: Solution, sense: str
) -> float:
    """Return d objective / d the channel's total spend: its total rows' duals plus the best period's reduced cost."""
    n = layout.channel_count
    identifier = layout.totals.channels[channel].id
    rows_dual = sum(
        solution.row_duals.get(name, 0.0)
        for name, info in rows.items()
        if info.kind == CHANNEL_TOTAL and info.rule == identifier
    )
    per_period = [solution.spend_reduced_costs[p * n + channel] for p in range(len(layout.periods))]
    best = max(per_period) if sense == "maximize" else min(per_period)
    return rows_dual + best


def _period_budget_table(
    scenario: Scenario, layout: CalendarLayout, rows: dict[str, RowInfo], solution: Solution
) -> pd.DataFrame:
    """Return the per-period budgets as rules: the rows were added in the order period_limits gives them."""
    n = layout.channel_count
    names = [name for name, info in rows.items() if info.kind in PERIOD_KINDS]
    records = []
    for name, limit in zip(names, period_limits(scenario, layout.periods), strict=True):
        info = rows[name]
        dual = solution.row_duals.get(name, 0.0)
        value = float(sum(solution.spend[p * n + i] for p in limit.periods for i in limit.channels))
        records.append(
            {
                "rule": info.rule,
                "kind": info.kind,
                "sense": info.sense,
                "limit": info.limit,
                "value": value,
                "binding": binds(info, value, dual),
                "shadow_price": dual,
                "measure": info.measure,
            }
        )
    return pd.DataFrame.from_records(records)


def _smoothing_table(layout: CalendarLayout, rows: dict[str, RowInfo], solution: Solution) -> pd.DataFrame:
    """Return the smoothing rows as rules: the change in spend per week, and the price per unit of the limit."""
    n = layout.channel_count
    records = []
    for name, info in rows.items():
        if info.kind != SMOOTHING:
            continue
        dual = solution.row_duals.get(name, 0.0)
        multiplied = sum(coefficient * solution.spend[i] for i, _, coefficient in info.limit_multiplies)
        earlier = multiplied / info.limit_multiplies[0][2] if info.limit_multiplies else 0.0
        later_period = info.limit_multiplies[0][0] // n + 1 if info.limit_multiplies else 0
        channels = [i % n for i, _, _ in info.limit_multiplies]
        later = sum(solution.spend[later_period * n + i] for i in channels)
        weeks_before, weeks = layout.periods[later_period - 1].weeks, layout.periods[later_period].weeks
        change = (later / weeks) / (earlier / weeks_before) - 1 if earlier > 0 else math.nan
        records.append(
            {
                "rule": info.rule,
                "kind": info.kind,
                "sense": info.sense,
                "limit": info.limit,
                "value": change,
                "binding": binds(info, change, dual),
                "shadow_price": dual * multiplied,
                "measure": info.measure,
            }
        )
    return pd.DataFrame.from_records(records)


def _periods_table(
    layout: CalendarLayout, spread: Responses, solution: Solution, copies: list[dict[str, float]]
) -> pd.DataFrame:
    """Return one row per period × channel: spend, what it buys (credited), what lands, what lands after."""
    n, count = layout.channel_count, len(layout.periods)
    landed: dict[tuple[int, int], dict[str, float]] = {}
    beyond: dict[tuple[int, int], dict[str, float]] = {}
    for i in range(n):
        landing = layout.landings[i] if layout.landings else None
        # The whole response of each period, before the share landing after the horizon was taken off.
        whole = [{m: copies[p * n + i].get(m, 0.0) / layout.credited(p, i) for m in CARRIED} for p in range(count)]
        for q in range(count):
            if landing is None:
                landed[q, i], beyond[q, i] = dict(whole[q]), dict.fromkeys(CARRIED, 0.0)
                continue
            landed[q, i] = {m: sum(landing.into[p][q] * whole[p][m] for p in range(q + 1)) for m in CARRIED}
            beyond[q, i] = {m: landing.beyond[q] * whole[q][m] for m in CARRIED}
    records: list[dict[str, Any]] = []
    for p, period in enumerate(layout.periods):
        for i, channel in enumerate(layout.totals.channels):
            index = p * n + i
            measured = copies[index]
            records.append(
                {
                    "period": period.name,
                    "start": period.start,
                    "end": period.end,
                    "weeks": period.weeks,
                    "channel": channel.id,
                    "label": channel.label,
                    "spend": solution.spend[index],
                    "conversions": measured.get("conversions", 0.0),
                    "revenue": measured.get("revenue", 0.0),
                    "landed_conversions": landed[p, i]["conversions"],
                    "landed_revenue": landed[p, i]["revenue"],
                    "beyond_conversions": beyond[p, i]["conversions"],
                    "beyond_revenue": beyond[p, i]["revenue"],
                    "marginal_cpa": marginal_cpa(spread.channels[index], solution.spend[index]),
                }
            )
    return pd.DataFrame.from_records(records)
