"""A solved calendar → the Plan: channel totals as in a one-period plan, the periods table, per-period rules."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from planner.curves.segments import Responses
from planner.model.i18n import Text
from planner.model.plan import Plan
from planner.model.rules import MaxChannelsRule
from planner.model.scenario import Scenario
from planner.optimize.assemble import (
    RULE_COLUMNS,
    allocation_table,
    beyond_history,
    binds,
    channel_measures,
    marginal_cpa,
    mip_notes,
    rule_record,
    rule_table,
    totals_of,
    with_gap_column,
)
from planner.optimize.calendar import CARRIED, CalendarLayout
from planner.optimize.calendar_rows import (
    CHANNEL_TOTAL,
    ON_AIR,
    ON_AIR_LINK,
    PERIOD_KINDS,
    SMOOTHING,
    on_air_minimum,
    on_air_parts,
    period_limits,
)
from planner.optimize.lp import RowInfo, channel_indices
from planner.optimize.solver import Solution


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
    allocation = with_gap_column(allocation_table(scenario, layout.totals, summed, measures), solution)
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
    internal = (CHANNEL_TOTAL, SMOOTHING, ON_AIR, ON_AIR_LINK, "max_channels", *PERIOD_KINDS)
    ordinary = {name: info for name, info in rows.items() if info.kind not in internal}
    rules = rule_table(scenario, ordinary, solution, measures)
    extras = (
        _period_budget_table(scenario, layout, rows, solution),
        _smoothing_table(layout, rows, solution),
        _on_air_table(scenario, layout, rows, solution),
        _max_channels_table(scenario, layout, spread, rows, solution),
    )
    for extra in extras:
        if not extra.empty:
            rules = pd.concat([rules, extra], ignore_index=True)
    periods = _periods_table(layout, spread, solution, copies)
    totals = totals_of(scenario, allocation)
    # What carry-over lands after the last period: reported apart, counted only with credit_beyond_horizon.
    totals["beyond_horizon_conversions"] = float(periods["beyond_conversions"].sum())
    totals["beyond_horizon_revenue"] = float(periods["beyond_revenue"].sum())
    # Carried in from the history's last weeks: fixed, so apart from what the plan's spend buys.
    carried = (float(periods["carried_in_conversions"].sum()), float(periods["carried_in_revenue"].sum()))
    totals["carried_in_conversions"], totals["carried_in_revenue"] = carried
    notes: tuple[Text | str, ...] = layout.estimates.notes if layout.estimates is not None else ()
    return Plan(
        scenario=scenario,
        status=str(solution.status),
        objective_value=solution.objective,
        allocation=allocation,
        totals=totals,
        rules=rules,
        period_weeks=layout.totals.period_weeks,
        warnings=(*layout.totals.warnings, *notes, *mip_notes(solution)),
        is_mip=solution.is_mip,
        mip_gap=solution.mip_gap,
        responses=layout.totals,
        periods=periods,
        estimates=layout.estimates.table.copy()
        if layout.estimates is not None and layout.estimates.table is not None
        else None,
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
        records.append(rule_record(info, value, binds(info, value, dual), dual))
    return pd.DataFrame.from_records(records, columns=list(RULE_COLUMNS))


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
        records.append(rule_record(info, change, binds(info, change, dual), dual * multiplied))
    return pd.DataFrame.from_records(records, columns=list(RULE_COLUMNS))


def _on_air_table(
    scenario: Scenario, layout: CalendarLayout, rows: dict[str, RowInfo], solution: Solution
) -> pd.DataFrame:
    """Return the on-air rules: per channel, how many periods spend at least the minimum (a MILP: no price)."""
    assert scenario.calendar is not None
    n = layout.channel_count
    names = iter(name for name, info in rows.items() if info.kind == ON_AIR)
    records = []
    for rule in scenario.calendar.on_air:
        for channels, _ in on_air_parts(scenario, rule):
            info = rows[next(names)]
            on = 0
            for p, period in enumerate(layout.periods):
                minimum = on_air_minimum(rule, period)
                spent = sum(solution.spend[p * n + i] for i in channels)
                on += spent >= minimum - 1e-6 * max(1.0, minimum)
            records.append(rule_record(info, float(on), on == rule.periods, 0.0))
    return pd.DataFrame.from_records(records, columns=list(RULE_COLUMNS))


def _max_channels_table(
    scenario: Scenario, layout: CalendarLayout, spread: Responses, rows: dict[str, RowInfo], solution: Solution
) -> pd.DataFrame:
    """Return each max_channels rule once: the most channels on air in any period (a MILP: no price).

    On air is media spend: a set-up fee paid in a period does not put its channel on air there.
    """
    n = layout.channel_count

    def media(i: int) -> float:
        fee = solution.segment_spend[i][0] if spread.channels[i].setup_fee and solution.segment_spend[i] else 0.0
        return solution.spend[i] - fee

    records = []
    for rule in scenario.rules:
        if not isinstance(rule, MaxChannelsRule):
            continue
        info = next((info for info in rows.values() if info.kind == "max_channels" and info.rule == rule.name), None)
        if info is None:  # every period is over
            continue
        channels = channel_indices(scenario, rule)
        most = max(sum(media(p * n + i) > 1e-9 for i in channels) for p in range(len(layout.periods)))
        records.append(rule_record(info, float(most), most >= rule.at_most, 0.0))
    return pd.DataFrame.from_records(records, columns=list(RULE_COLUMNS))


def _periods_table(
    layout: CalendarLayout, spread: Responses, solution: Solution, copies: list[dict[str, float]]
) -> pd.DataFrame:
    """Return one row per period × channel: spend, what it buys (credited), what lands, what lands after."""
    n, count = layout.channel_count, len(layout.periods)
    bought = {m: np.array([c.get(m, 0.0) for c in copies]).reshape(count, n) for m in CARRIED}
    credited = np.array([[layout.credited(p, i) for i in range(n)] for p in range(count)])
    landed = {m: np.empty((count, n)) for m in CARRIED}
    beyond = {m: np.zeros((count, n)) for m in CARRIED}
    for m in CARRIED:
        # The whole response of each period, before the share landing after the horizon was taken off.
        whole = bought[m] / credited
        landed[m][:] = whole
        for i in range(n):
            landing = layout.landings[i] if layout.landings else None
            if landing is not None:
                landed[m][:, i] = landing.into_matrix.T @ whole[:, i]
                beyond[m][:, i] = landing.beyond_array * whole[:, i]
    periods, channels = layout.periods, layout.totals.channels
    cells = [(p, i) for p in range(count) for i in range(n)]
    return pd.DataFrame(
        {
            "period": [period.name for period in periods for _ in channels],
            "start": [period.start for period in periods for _ in channels],
            "end": [period.end for period in periods for _ in channels],
            "weeks": [period.weeks for period in periods for _ in channels],
            "channel": [channel.id for _ in periods for channel in channels],
            "label": [channel.label for _ in periods for channel in channels],
            "spend": list(solution.spend),
            "conversions": bought["conversions"].ravel().tolist(),
            "revenue": bought["revenue"].ravel().tolist(),
            "landed_conversions": landed["conversions"].ravel().tolist(),
            "landed_revenue": landed["revenue"].ravel().tolist(),
            "beyond_conversions": beyond["conversions"].ravel().tolist(),
            "beyond_revenue": beyond["revenue"].ravel().tolist(),
            "carried_in_conversions": [layout.carried_in[p][i][0] if layout.carried_in else 0.0 for p, i in cells],
            "carried_in_revenue": [layout.carried_in[p][i][1] if layout.carried_in else 0.0 for p, i in cells],
            "marginal_cpa": [marginal_cpa(c, x) for c, x in zip(spread.channels, solution.spend, strict=True)],
        }
    )
