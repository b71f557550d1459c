"""A calendar's own rows: channel totals over the calendar, per-period budgets and limits, smoothing.

The rows are added to the LP of the period copies (planner.optimize.calendar) through lp.py's helpers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.curves.segments import Responses
from planner.model.calendar import OnAir, Period, Smoothing
from planner.model.scenario import Scenario
from planner.optimize.lp import (
    LinearProgram,
    RowInfo,
    Sense,
    add_row,
    in_every_period,
    measure_expression,
    on_air_binary,
)

# Upper bounds that are the end of a channel's segments: per period they are the scaled segments' end.
SEGMENT_ENDS = frozenset({"extrapolation", "curve_end", "tranche_end", "capacity", "sessions_max"})
CHANNEL_TOTAL = "channel_total"  # rows on a channel's spend over the whole calendar (its floor and cap)
PERIOD_BUDGET = "period_budget"  # a limit on all spend in some periods
PERIOD_LIMIT = "period_limit"  # a limit on some channels' spend in some periods (pacing)
SMOOTHING = "smoothing"  # spend per week of some channels within ±s of the period before
PERIOD_KINDS = (PERIOD_BUDGET, PERIOD_LIMIT)
ON_AIR = "on_air"  # each channel selected on air in at least so many periods (binaries)
ON_AIR_LINK = "on_air_link"  # a period counts as on air only when it spends the minimum


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


def periods_run(scenario: Scenario, periods: tuple[Period, ...]) -> frozenset[int]:
    """Return the positions of the periods that have run (any actual given): pacing rules on them alone are history."""
    assert scenario.calendar is not None
    run = {actual.period for actual in scenario.calendar.actuals}
    return frozenset(p for p, period in enumerate(periods) if period.name in run)


@dataclass(frozen=True)
class PeriodLimit:
    """One row of `calendar.budgets`: the periods it sums, its sense and its amount in money."""

    label: str  # the entry's name, else the period's name (or the names summed joined by " + ")
    periods: tuple[int, ...]
    sense: Sense
    amount: float
    channels: tuple[int, ...]  # the channels counted (scenario positions)
    kind: str = "period_budget"  # "period_limit" when the entry counts some channels only
    source: tuple[str | int, ...] = ()  # where it is written: ("calendar", "budgets", entry, "at_least")


def period_limits(scenario: Scenario, periods: tuple[Period, ...]) -> list[PeriodLimit]:
    """Return the rows of `calendar.budgets` in order: each period on its own, or the periods named summed.

    A limit that counts only periods already run is not a row: what they spent is a fact (`calendar.actuals`), and a
    daily cap the platform overran must not make the rest of the calendar impossible to plan.
    """
    assert scenario.calendar is not None
    names = [p.name for p in periods]
    run = periods_run(scenario, periods)
    total = scenario.budget.amount if scenario.budget is not None else 0.0
    out = []
    for entry, limit in enumerate(scenario.calendar.budgets):
        selected = {c.id for c in scenario.select(limit)}
        channels = tuple(i for i, c in enumerate(scenario.channels) if c.id in selected)
        kind = PERIOD_BUDGET if limit.group is None and limit.channels is None else PERIOD_LIMIT
        if limit.periods is None:
            groups: list[tuple[int, ...]] = [(p,) for p in range(len(periods))]
        else:
            groups = [tuple(names.index(name) for name in limit.periods)]
        for group in groups:
            if run.issuperset(group):
                continue
            label = " + ".join(names[p] for p in group)
            if limit.name is not None:
                label = limit.name if limit.periods is not None else f"{limit.name} {label}"
            for sense, value in limit.limits():
                days = sum(periods[p].days for p in group)
                amount = value * total if limit.share else value * days if limit.per_day else value
                key = {">=": "at_least", "<=": "at_most", "==": "exactly"}[sense]
                source = ("calendar", "budgets", entry, key)
                out.append(PeriodLimit(label, group, sense, amount, channels, kind, source))
    return out


def define_period_budgets(lp: LinearProgram, scenario: Scenario, periods: tuple[Period, ...]) -> None:
    """Add a row per limit of `calendar.budgets` on the spend of its periods."""
    n = len(lp.spend) // len(periods)
    for limit in period_limits(scenario, periods):
        channels = [p * n + i for p in limit.periods for i in limit.channels]
        info = RowInfo(limit.label, limit.kind, limit.sense, limit.amount, "spend", source=limit.source)
        add_row(lp, measure_expression(lp, "spend", channels), limit.sense, limit.amount, info)


@dataclass(frozen=True)
class SmoothingRow:
    """One side of a smoothing rule between two periods: w_prev·cur − (1 + limit)·w·prev (≤ or ≥) ±a·w·w_prev.

    a is the allowance per week (`or_by`): the rise is at most s·before + a, the fall at most s·before + a.
    """

    label: str
    period: int  # the later period; the earlier is period − 1
    channels: tuple[int, ...]
    sense: Sense
    limit: float  # +s for the rise (≤), −s for the fall (≥)
    entry: int = 0  # its position in `calendar.smoothing`
    allowance: float = 0.0  # money per week the spend may change besides the share


def smoothing_rows(scenario: Scenario, periods: tuple[Period, ...]) -> list[SmoothingRow]:
    """Return the rows of `calendar.smoothing` in order: a rise and (below 100%) a fall per pair of periods.

    Pairs of periods that have both run are history; the step from the last period run into the first one planned
    is smoothed like any other.

    With `per: channel` each channel selected has its own rows (labelled with the channel), else the
    selection's total has one pair.
    """
    assert scenario.calendar is not None
    run = periods_run(scenario, periods)
    out = []
    for position, entry in enumerate(scenario.calendar.smoothing):
        selected = {c.id for c in scenario.select(entry)}
        channels = tuple(i for i, c in enumerate(scenario.channels) if c.id in selected)
        parts = [((i,), scenario.channels[i].id) for i in channels] if entry.per == "channel" else [(channels, "")]
        for members, channel in parts:
            # An entry without a name is told apart by what it smooths: its group or its channels' labels.
            prefix = " ".join(word for word in (entry.name or _selected(scenario, entry, channel), channel) if word)
            for p in range(1, len(periods)):
                if {p - 1, p} <= run:
                    continue
                label = f"{periods[p - 1].name} → {periods[p].name}"
                label = f"{prefix} {label}" if prefix else label
                out.append(SmoothingRow(label, p, members, "<=", entry.max_change, position, entry.or_by))
                if entry.max_change < 1 or entry.or_by > 0:
                    out.append(SmoothingRow(label, p, members, ">=", -entry.max_change, position, entry.or_by))
    return out


def _selected(scenario: Scenario, entry: Smoothing, channel: str) -> str:
    """Return the words naming what an unnamed smoothing entry smooths ("" for the whole plan or one channel)."""
    if channel:  # per channel: the channel names the row
        return ""
    if entry.group is not None:
        return entry.group
    return ", ".join(scenario.channel(c).display_name for c in entry.channels or ())


def define_smoothing(lp: LinearProgram, scenario: Scenario, periods: tuple[Period, ...]) -> None:
    """Add the smoothing rows: spend per week of the channels within ±(s·before + allowance) of the period before."""
    n = len(lp.spend) // len(periods)
    for row in smoothing_rows(scenario, periods):
        before, weeks_before, weeks = row.period - 1, periods[row.period - 1].weeks, periods[row.period].weeks
        current = measure_expression(lp, "spend", [row.period * n + i for i in row.channels])
        previous = measure_expression(lp, "spend", [before * n + i for i in row.channels])
        expression = current * weeks_before - previous * ((1 + row.limit) * weeks)
        # Both sides × w·w_prev: the allowance a per week bounds cur/w − prev/w_prev by ±a.
        allowance = row.allowance * weeks * weeks_before * (1.0 if row.sense == "<=" else -1.0)
        # The limit multiplies the earlier period's spend × w: the price per unit of the limit is the dual × that.
        terms = tuple((before * n + i, -1, weeks) for i in row.channels)
        source = ("calendar", "smoothing", row.entry, "max_change")
        info = RowInfo(row.label, SMOOTHING, row.sense, row.limit, "spend", terms, source)
        add_row(lp, expression, row.sense, allowance, info)


def on_air_minimum(rule: OnAir, period: Period) -> float:
    """Return the spend that makes a period count as on air under a rule (per day: × the period's days)."""
    return rule.min_spend * period.days if rule.per_day else rule.min_spend


def on_air_parts(scenario: Scenario, rule: OnAir) -> list[tuple[tuple[int, ...], str]]:
    """Return what an on-air rule counts: each channel selected on its own, or (per: total) the selection."""
    selected = {c.id for c in scenario.select(rule)}
    channels = tuple(i for i, c in enumerate(scenario.channels) if c.id in selected)
    if rule.per == "total":
        label = rule.name or rule.group or ", ".join(scenario.channels[i].id for i in channels)
        return [(channels, label)]
    named = [(i, scenario.channels[i].id) for i in channels]
    return [((i,), f"{rule.name} {identifier}" if rule.name else identifier) for i, identifier in named]


def define_on_air(lp: LinearProgram, scenario: Scenario, periods: tuple[Period, ...]) -> None:
    """Add, per part of each on-air rule, a binary per period: it counts only at the minimum spend."""
    assert scenario.calendar is not None
    n = len(lp.spend) // len(periods)
    for position, rule in enumerate(scenario.calendar.on_air):
        for channels, label in on_air_parts(scenario, rule):
            count = measure_expression(lp, "spend", [])
            for p, period in enumerate(periods):
                on = on_air_binary(lp)
                spend = measure_expression(lp, "spend", [p * n + i for i in channels])
                link = RowInfo(label, ON_AIR_LINK, ">=", 0.0, "spend")
                minimum = on_air_minimum(rule, period)
                lp.on_air_links.append((add_row(lp, spend - minimum * on, ">=", 0.0, link), minimum))
                count = count + on
            source = ("calendar", "on_air", position, "periods")
            info = RowInfo(label, ON_AIR, ">=", float(rule.periods), "periods", source=source)
            add_row(lp, count, ">=", float(rule.periods), info)
