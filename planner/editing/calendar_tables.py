"""The calendar block as the app edits it: fields and tables ↔ `Calendar`, actuals, and plans per period.

As `planner.editing.tables`: an edited part becomes a new scenario only when the whole scenario is valid
with it (pydantic and the cross-references of `find_problems`); otherwise the problems come back located
(`calendar -> budgets -> 1 -> periods`, or the table row) and the scenario is left as it was. Saving goes
through the same comment-preserving machinery as every other edit (`documents.save_scenario`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd
from pydantic import ValidationError

from planner.data.actuals import actuals_from_rows
from planner.data.history import history_names
from planner.editing.tables import TableEdit, split_names, table_records
from planner.insight.periods import period_totals as summed_per_period
from planner.model.calendar import Actual
from planner.model.i18n import Text
from planner.model.plan import Plan
from planner.model.scenario import Scenario, find_problems
from planner.model.validation import text_of_error

MODES = ("none", "weeks", "days", "months", "periods")
UNSPENT = ("default", "save", "spend_all")
PARTS = ("periods", "budgets", "events", "smoothing", "on_air")
COLUMNS: dict[str, tuple[str, ...]] = {
    "periods": ("name", "start", "end"),
    "budgets": ("name", "periods", "channels", "group", "at_least", "at_most", "exactly", "share", "per_day"),
    "events": ("event", "periods", "channels", "group", "efficiency", "estimated", "cost"),
    "smoothing": ("name", "channels", "group", "max_change"),
    "on_air": ("name", "channels", "group", "periods", "min_spend"),
}
# What an actual may carry besides its spend: the columns the actuals table offers follow the model, so
# optional conversions and revenue (when `Actual` has them) become editable without changing this module.
ACTUAL_MEASURES = tuple(name for name in ("spend", "conversions", "revenue") if name in Actual.model_fields)
SEPARATOR = " · "  # between a channel and a measure other than spend in an actuals column


def calendar_fields(scenario: Scenario) -> dict[str, Any]:
    """Return the calendar's scalar fields as the editor shows them: mode, start, count, unspent, credit."""
    calendar = scenario.calendar
    if calendar is None:
        return {"mode": "none", "start": None, "count": None, "unspent": "default", "credit": False}
    mode = next(key for key in ("weeks", "days", "months", "periods") if getattr(calendar, key) is not None)
    return {
        "mode": mode,
        "start": calendar.start if mode != "periods" else calendar.resolved_periods()[0].start,
        "count": getattr(calendar, mode) if mode != "periods" else len(calendar.resolved_periods()),
        "unspent": calendar.unspent or "default",
        "credit": calendar.credit_beyond_horizon,
    }


def apply_calendar_fields(scenario: Scenario, fields: dict[str, Any]) -> TableEdit:
    """Return the scenario with the calendar's mode, start, count, unspent and credit set, or the problems.

    "none" removes the calendar. Switching to explicit periods writes out the periods the calendar has now
    (or a week from the start); switching from explicit periods to a count starts at the first period.
    """
    mode = str(fields.get("mode") or "none")
    old = scenario.calendar
    if mode == "none":  # one period as long as the calendar was
        weeks = old.total_weeks if old is not None else scenario.period_weeks
        return _finish(scenario, None, period_weeks=weeks)
    data: dict[str, Any] = old.model_dump(exclude_defaults=True) if old is not None else {}
    for key in ("days", "weeks", "months", "periods", "start"):
        data.pop(key, None)
    start = fields.get("start")
    if mode == "periods":
        if old is not None and old.periods is not None:
            data["periods"] = [p.model_dump() for p in old.periods]
        elif old is not None:
            data["periods"] = [p.model_dump() for p in old.resolved_periods()]
        else:
            first = start or date.today()
            data["periods"] = [{"name": "1", "start": first, "end": first + timedelta(days=6)}]
    else:
        data["start"] = start
        data[mode] = fields.get("count")
    unspent = fields.get("unspent")
    data["unspent"] = None if unspent in (None, "default") else unspent
    data["credit_beyond_horizon"] = bool(fields.get("credit"))
    return _finish(scenario, data, period_weeks=None)  # the calendar's length replaces period_weeks


def calendar_table(scenario: Scenario, part: str) -> pd.DataFrame:
    """Return one part of the calendar (periods, budgets, events, smoothing, on_air) as an editable table."""
    columns = list(COLUMNS[part])
    calendar = scenario.calendar
    rows: list[dict[str, Any]] = []
    if calendar is not None and part == "periods":
        rows = [{"name": p.name, "start": p.start, "end": p.end} for p in calendar.periods or ()]
    elif calendar is not None and part == "events":
        for event in calendar.events:
            for multiplier in event.multipliers:
                row = _selection_cells(multiplier)
                row |= {"event": event.name, "periods": ", ".join(event.periods)}
                estimated = multiplier.efficiency == "estimate"  # from the history: a tick, not a word
                efficiency = None if estimated else multiplier.efficiency
                rows.append(row | {"efficiency": efficiency, "estimated": estimated, "cost": multiplier.cost})
    elif calendar is not None:
        for item in getattr(calendar, part):
            data = item.model_dump()
            row = {column: data.get(column) for column in columns} | _selection_cells(item)
            if part == "budgets":
                row["periods"] = ", ".join(item.periods or ())
            rows.append(row)
    table = pd.DataFrame.from_records(rows, columns=columns)
    if part == "periods":
        for column in ("start", "end"):
            table[column] = pd.to_datetime(table[column]).dt.date if len(table) else pd.Series(dtype="object")
    return table


def _selection_cells(item: Any) -> dict[str, Any]:
    return {"channels": ", ".join(item.channels or ()), "group": item.group}


def apply_calendar_table(scenario: Scenario, part: str, table: pd.DataFrame) -> TableEdit:
    """Return the scenario with one part of its calendar replaced by the table's rows, or the problems."""
    calendar = scenario.calendar
    if calendar is None:
        return TableEdit(None, (Text("app.cal.no_calendar"),))
    rows = [row for row in table_records(table) if any(v is not None and v is not False for v in row.values())]
    items: list[dict[str, Any]] = []
    if part == "events":
        originals = [m.model_dump(exclude_defaults=True) for e in calendar.events for m in e.multipliers]
        kept = {e.name: e.model_dump(exclude_defaults=True) for e in calendar.events}
        items = _events(rows, originals, kept)
    else:
        for row in rows:
            item = {k: v for k, v in row.items() if k in COLUMNS[part] and v is not None}
            if "channels" in item:
                item["channels"] = split_names(item["channels"]) or None
            if part == "budgets" and "periods" in item:
                item["periods"] = split_names(item["periods"]) or None
            items.append({k: v for k, v in item.items() if v is not None and v is not False})
    data = calendar.model_dump(exclude_defaults=True)
    if part == "periods" and not items:
        return TableEdit(
            None, (Text("editing.field_problem", field="calendar -> periods", message=Text("app.cal.no_periods")),)
        )
    data[part] = items
    return _finish(scenario, data)


def _events(
    rows: list[dict[str, Any]], originals: list[dict[str, Any]], by_name: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return events from one row per multiplier: rows with the same event name are one event.

    Rows keep their order in the editor (new ones are appended), so the row at a multiplier's place keeps
    what the table does not show (`pooled`, and any other setting), as the channels table does; an event
    keeps its own such settings (`history`, …) by its name. An event without periods is written without.
    """
    events: dict[str, dict[str, Any]] = {}
    for index, row in enumerate(rows):
        name = str(row.get("event") or "")
        other = {k: v for k, v in by_name.get(name, {}).items() if k not in ("name", "periods", "multipliers")}
        event = events.setdefault(
            name, {**other, "name": name, "periods": split_names(row.get("periods")), "multipliers": []}
        )
        if not event["periods"]:
            event["periods"] = split_names(row.get("periods"))
        kept = originals[index] if index < len(originals) else {}
        multiplier = {k: v for k, v in kept.items() if k not in ("group", "channels", "efficiency", "cost")}
        multiplier |= {k: row[k] for k in ("group", "efficiency", "cost") if row.get(k) is not None}
        if row.get("estimated"):
            multiplier["efficiency"] = "estimate"
        if split_names(row.get("channels")):
            multiplier["channels"] = split_names(row.get("channels"))
        event["multipliers"].append(multiplier)
    return [{k: v for k, v in event.items() if not (k == "periods" and not v)} for event in events.values()]


def _finish(scenario: Scenario, calendar: dict[str, Any] | None, **also: Any) -> TableEdit:
    """Return the scenario with this calendar if the whole scenario is valid with it, else the located problems."""
    try:
        candidate = Scenario.model_validate({**scenario.model_dump(), "calendar": calendar, **also})
    except ValidationError as error:
        lines = [
            Text("editing.field_problem", field=" -> ".join(map(str, e["loc"])) or "calendar", message=text_of_error(e))
            for e in error.errors()
        ]
        return TableEdit(None, tuple(lines))
    cross = [Text("editing.field_problem", field=p.field, message=p.text) for p in find_problems(candidate)]
    if cross:
        return TableEdit(None, tuple(cross))
    return TableEdit(candidate.from_file(scenario.source) if scenario.source else candidate)


# Actuals: one row per period, one column per channel (its spend), more columns per measure if the model has them.


def actual_columns(scenario: Scenario) -> list[str]:
    """Return the actuals table's value columns: each channel's id (spend), then `id · measure` for the others."""
    ids = [channel.id for channel in scenario.channels]
    return [*ids, *(f"{i}{SEPARATOR}{m}" for m in ACTUAL_MEASURES if m != "spend" for i in ids)]


def actuals_table(scenario: Scenario) -> pd.DataFrame:
    """Return the calendar's actuals as a period × channel table: spend per cell, empty where none was entered."""
    assert scenario.calendar is not None
    columns = actual_columns(scenario)
    cells: dict[tuple[str, str], float] = {}
    for actual in scenario.calendar.actuals:
        for measure in ACTUAL_MEASURES:
            value = getattr(actual, measure, None)
            if value is not None:
                column = actual.channel if measure == "spend" else f"{actual.channel}{SEPARATOR}{measure}"
                cells[(actual.period, column)] = float(value)
    rows = [
        {"period": p.name, **{c: cells.get((p.name, c), math.nan) for c in columns}}
        for p in scenario.calendar.resolved_periods()
    ]
    return pd.DataFrame.from_records(rows, columns=["period", *columns]).astype(dict.fromkeys(columns, "float64"))


def apply_actuals_table(scenario: Scenario, table: pd.DataFrame) -> TableEdit:
    """Return the scenario with the table's actuals (a period with any cell filled is over), or the problems."""
    calendar = scenario.calendar
    if calendar is None:
        return TableEdit(None, (Text("app.cal.no_calendar"),))
    ids = [channel.id for channel in scenario.channels]
    actuals: list[dict[str, Any]] = []
    for row in table_records(table):
        period = row.get("period")
        for channel in ids:
            values = {"spend": row.get(channel)} | {
                m: row.get(f"{channel}{SEPARATOR}{m}") for m in ACTUAL_MEASURES if m != "spend"
            }
            if any(v is not None for v in values.values()):
                given = {k: v for k, v in values.items() if v is not None}
                actuals.append({"period": period, "channel": channel, "spend": 0.0} | given)
    return _finish(scenario, calendar.model_dump(exclude_defaults=True) | {"actuals": actuals})


@dataclass(frozen=True)
class ImportedActuals:
    """What an import of platform exports gives as actuals: the table, and what was left out."""

    table: pd.DataFrame  # as actuals_table: one row per period, a column per channel (and measure)
    periods: tuple[str, ...]  # the periods the import covers whole, now actual
    left_out: int  # weeks of the scenario's channels not inside a period the import covers whole
    unknown: tuple[str, ...]  # channel names in the exports that match no channel of the scenario


def actuals_from_history(scenario: Scenario, history: pd.DataFrame) -> ImportedActuals:
    """Return the actuals an imported weekly history gives (`planner.data.actuals.actuals_from_rows`: every
    period the rows cover whole, spend, conversions and revenue summed per channel) as the actuals table.

    Periods the import does not reach keep what was entered; the weeks left out and the channels that match
    none of the scenario's are counted, for the app to say so.
    """
    assert scenario.calendar is not None
    actuals = actuals_from_rows(scenario, history) if not history.empty else ()
    known = {name for channel in scenario.channels for name in history_names(channel)}
    table = actuals_table(scenario)
    filled: dict[tuple[str, str], float] = {}
    for actual in actuals:
        for measure in ACTUAL_MEASURES:
            value = getattr(actual, measure, None)
            if value is not None:
                column = actual.channel if measure == "spend" else f"{actual.channel}{SEPARATOR}{measure}"
                filled[(actual.period, column)] = float(value)
    done = tuple(dict.fromkeys(actual.period for actual in actuals))
    for index, period in enumerate(table["period"]):
        if period in done:
            for column in actual_columns(scenario):
                table.loc[index, column] = filled.get((period, column), 0.0 if SEPARATOR not in column else math.nan)
    covered = [p for p in scenario.calendar.resolved_periods() if p.name in done]
    ours = history[history["channel"].astype(str).isin(known)] if not history.empty else history
    left_out = 0
    for day in pd.to_datetime(ours["date"]).dt.date.drop_duplicates() if not ours.empty else ():
        if not any(p.start <= day and day + timedelta(days=6) <= p.end for p in covered):
            left_out += 1
    unknown = sorted({str(name) for name in history["channel"]} - known) if not history.empty else []
    return ImportedActuals(table, done, left_out, tuple(unknown))


# Plans per period: what the plan tab and the compare tab show.


def period_totals(plan: Plan) -> pd.DataFrame:
    """Return one row per period (`planner.insight.periods.period_totals`: dates, events, sums, the next
    conversion's cost) with its `days` and whether it is `actual` (over: its spend was entered)."""
    calendar = plan.scenario.calendar
    totals = summed_per_period(plan)
    assert totals is not None
    assert calendar is not None
    over = {actual.period for actual in calendar.actuals}
    days = {period.name: period.days for period in calendar.resolved_periods()}
    return totals.assign(
        days=[days[str(name)] for name in totals["period"]], actual=[name in over for name in totals["period"]]
    )


def compare_periods(plans: dict[str, Plan]) -> pd.DataFrame:
    """Return spend per period (rows, matched by name, in calendar order) for each named calendar plan (columns).

    A period one plan does not have is NaN there (never 0: it is not a period where nothing was spent).
    """
    columns: dict[str, pd.Series] = {}
    order: list[str] = []
    for title, plan in plans.items():
        totals = period_totals(plan).set_index("period")["spend"]
        columns[title] = totals
        order += [name for name in totals.index if name not in order]
    return pd.DataFrame({title: series.reindex(order) for title, series in columns.items()}, index=order)
