"""A calendar plan summed per period and per event, and the events active in each period."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from planner.model.formatting import format_money, format_number, format_share
from planner.model.i18n import Join, Text, render
from planner.model.plan import Plan

SUMMED = (
    "spend",
    "conversions",
    "revenue",
    "landed_conversions",
    "landed_revenue",
    "beyond_conversions",
    "beyond_revenue",
)
PERIOD_TOTAL_COLUMNS = ("period", "start", "end", "weeks", "events", *SUMMED, "cpa", "marginal_cpa")
EVENT_TOTAL_COLUMNS = ("event", "periods", "weeks", *SUMMED, "cpa", "share_of_spend")


def events_by_period(plan: Plan) -> dict[str, tuple[str, ...]]:
    """Return, for each period of a calendar plan, the names of the events on in it (in the scenario's order)."""
    calendar = plan.scenario.calendar
    if plan.periods is None or calendar is None:
        return {}
    found: dict[str, tuple[str, ...]] = dict.fromkeys(dict.fromkeys(plan.periods["period"]), ())
    for event in calendar.events:
        for period in event.periods:
            if period in found and event.name not in found[period]:
                found[period] = (*found[period], event.name)
    return found


def period_label(plan: Plan, period: object, language: str) -> str:
    """Return a period's name as tables show it: marked as run where the calendar has its actuals.

    "Run", not "actual": the spend shown is what was spent, but what it bought is the model's (carry-over
    attributed, curves as fitted), not the actuals as entered; `planner review` sets those side by side.
    """
    calendar = plan.scenario.calendar
    name = str(period)
    if calendar is not None and any(a.period == name for a in calendar.actuals):
        return Text("calendar.table.period_actual", period=name).render(language)
    return name


def _cpa(spend: float, conversions: float) -> float:
    """Return spend per conversion (NaN when nothing is bought)."""
    return spend / conversions if conversions > 0 else math.nan


def period_totals(plan: Plan) -> pd.DataFrame | None:
    """Return a calendar plan's totals per period, one row each in calendar order (None without a calendar).

    Columns: `period, start, end, weeks, events` (the names of the events on, a tuple), the sums over channels
    of `spend, conversions, revenue, landed_*, beyond_*`, `cpa` (spend / conversions bought in the period) and
    `marginal_cpa`, the cost of the next conversion bought in the period: the cheapest over its channels but
    excluded ones (a channel at its cap over the calendar counts: money can move between its periods); NaN
    for a period that is over (`calendar.actuals`).
    """
    if plan.periods is None:
        return None
    events = events_by_period(plan)
    calendar = plan.scenario.calendar
    over = {actual.period for actual in calendar.actuals} if calendar is not None else set()
    allocation = plan.allocation
    closed = {str(c) for c, at in zip(allocation["channel"], allocation["at_bound"], strict=True) if at == "excluded"}
    long = plan.periods
    by_period = long.groupby("period", sort=False)
    sums: dict[Any, dict[Any, Any]] = by_period[list(SUMMED)].sum().to_dict("index")
    first: dict[Any, dict[Any, Any]] = by_period[["start", "end", "weeks"]].first().to_dict("index")
    # A period that is over (actuals) buys nothing more; an excluded channel buys nothing anywhere.
    open_ = long[~long["channel"].isin(closed)].groupby("period", sort=False)["marginal_cpa"].min()
    records = []
    for period, row in sums.items():
        name = str(period)
        summed = {column: float(row[column]) for column in SUMMED}
        marginal = float(open_.get(period, math.nan)) if name not in over else math.nan
        records.append(
            {
                "period": name,
                "start": first[period]["start"],
                "end": first[period]["end"],
                "weeks": float(first[period]["weeks"]),
                "events": events.get(name, ()),
                **summed,
                "cpa": _cpa(summed["spend"], summed["conversions"]),
                "marginal_cpa": marginal,
            }
        )
    return pd.DataFrame.from_records(records, columns=list(PERIOD_TOTAL_COLUMNS))


def event_totals(plan: Plan) -> pd.DataFrame | None:
    """Return a calendar plan's totals per event, one row each in the scenario's order (None without a calendar).

    Columns: `event`, `periods` (its period names, a tuple), `weeks`, the sums over its periods and every channel
    of `spend, conversions, revenue, landed_*, beyond_*`, `cpa` and `share_of_spend` (of the plan's whole spend).
    A period in two events counts in both. Events of the past only (`periods: []`, weeks of the history taken
    out of the base curves) plan nothing and have no row. Empty (with the columns) for a calendar without events.
    """
    totals = period_totals(plan)
    if totals is None:
        return None
    calendar = plan.scenario.calendar
    assert calendar is not None
    whole = float(totals["spend"].sum())
    by_name = totals.set_index("period")
    records = []
    for event in calendar.events:
        if not event.periods:
            continue
        rows = by_name.loc[[p for p in dict.fromkeys(event.periods) if p in by_name.index]]
        sums = {column: float(rows[column].sum()) for column in SUMMED}
        records.append(
            {
                "event": event.name,
                "periods": tuple(rows.index),
                "weeks": float(rows["weeks"].sum()),
                **sums,
                "cpa": _cpa(sums["spend"], sums["conversions"]),
                "share_of_spend": sums["spend"] / whole if whole > 0 else math.nan,
            }
        )
    return pd.DataFrame.from_records(records, columns=list(EVENT_TOTAL_COLUMNS))


def event_cells(totals: pd.DataFrame, symbol: str, language: str, revenue: bool) -> list[list[str]]:
    """Return the totals per event as display cells (the CLI's table and the report's): event, periods, spend,
    share of spend, conversions, CPA, and revenue when the plan shows it."""
    return [
        [
            str(r["event"]),
            render(Join(r["periods"]), language),
            format_money(r["spend"], symbol, language),
            format_share(r["share_of_spend"], language),
            format_number(r["conversions"], language),
            format_money(r["cpa"], symbol, language),
            *([format_money(r["revenue"], symbol, language)] if revenue else []),
        ]
        for r in totals.to_dict("records")
    ]
