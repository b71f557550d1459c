"""Actuals from the history file or an import, the history a refit uses, and a saved plan's periods.

A re-plan mid-flight (docs/replanning.md) pins what the periods already run spent. They are written in the
scenario (`calendar.actuals`), or taken from the store's history rows (`calendar.actuals_from: history`, or
an import's weekly history given to `planner.solve`): every period the rows cover whole becomes actuals,
spend, conversions and revenue summed per channel. With `calendar.refit: true` the actual periods' results
join the history the curves are fitted on, as weekly rows (a period's totals spread over its calendar weeks
by days, event multipliers taken out, a week covered in part scaled to seven days).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from planner.data.csv_tables import history_from_dataframe
from planner.data.history import History, history_names, summarise_history
from planner.data.io import read_history
from planner.data.reading import MAX_HISTORY_BYTES, read_bytes
from planner.data.store import is_store
from planner.model.calendar import Actual, Calendar, Period
from planner.model.errors import PlannerError, Problem, ScenarioError
from planner.model.i18n import Text
from planner.model.scenario import Scenario

MEASURES = ("spend", "conversions", "revenue")
SAVE_PLAN = "planner solve --format json"


@dataclass(frozen=True)
class ResolvedActuals:
    """A scenario with its actuals written out, and the history its curves are fitted on."""

    scenario: Scenario
    history: History | None
    from_history: tuple[str, ...] = ()  # the periods whose actuals came from history rows


def resolve_actuals(
    scenario: Scenario, given: History | pd.DataFrame | None, history: History | None
) -> ResolvedActuals:
    """Return the scenario with `actuals_from: history` written out as actuals, and the refit history if asked.

    `given` is what the caller passed as history (a frame of rows, a summarised History, or None: the
    scenario's file); `history` is that history summarised over the scenario's window.
    """
    calendar = scenario.calendar
    if calendar is None or (calendar.actuals_from is None and not calendar.refit):
        return ResolvedActuals(scenario, history)
    rows = history_rows(scenario, given)
    taken: tuple[str, ...] = ()
    if calendar.actuals_from == "history":
        if rows is None:
            raise ScenarioError(
                [Problem(Text("review.needs_history", key="history: path"), "calendar -> actuals_from")]
            )
        found = actuals_from_rows(scenario, rows)
        written = {a.period for a in calendar.actuals}
        added = tuple(a for a in found if a.period not in written)
        taken = tuple(dict.fromkeys(a.period for a in added))
        order = {p.name: k for k, p in enumerate(calendar.resolved_periods())}
        actuals = tuple(sorted((*calendar.actuals, *added), key=lambda a: order[a.period]))
        calendar = calendar.model_copy(update={"actuals": actuals, "actuals_from": None})
        scenario = scenario.model_copy(update={"calendar": calendar})
    if calendar.refit:
        if rows is None:
            raise ScenarioError([Problem(Text("review.needs_history", key="history: path"), "calendar -> refit")])
        history = refit_history(scenario, rows, history)
    return ResolvedActuals(scenario, history, taken)


def history_rows(scenario: Scenario, given: History | pd.DataFrame | None) -> pd.DataFrame | None:
    """Return the history's rows (date, channel, spend, conversions, revenue), whole: not cut to the window."""
    if isinstance(given, pd.DataFrame):
        return history_from_dataframe(given)  # checked as its CSV would be: text dates, blanks and all
    if isinstance(given, History):  # already summarised: its weekly totals are the rows there are
        weekly = given.weekly.rename(columns={"week": "date"})
        return weekly.assign(line=np.arange(2, len(weekly) + 2))
    path = scenario.history_path()
    return read_history(path) if path is not None else None


def actuals_from_rows(scenario: Scenario, rows: pd.DataFrame) -> tuple[Actual, ...]:
    """Return the actuals of every calendar period the rows cover whole, summed per scenario channel.

    A row dated d covers the days up to the next row's date (the table's step: 7 days for a weekly table,
    1 for a daily one). A period is covered when rows dated inside it cover every one of its days and none
    reaches past its end (a week that straddles two periods belongs to neither).
    """
    assert scenario.calendar is not None
    named = _rows_by_channel(scenario, rows)
    if named.empty:
        return ()
    step = _step_days(named["date"])
    actuals: list[Actual] = []
    for period in scenario.calendar.resolved_periods():
        inside = named[(named["date"] >= pd.Timestamp(period.start)) & (named["date"] <= pd.Timestamp(period.end))]
        if inside.empty or not _covers(period, inside["date"], step):
            continue
        sums = inside.groupby("id", sort=False)[list(MEASURES)].sum().to_dict(orient="index")
        for channel in scenario.channels:
            if channel.id in sums:
                total = sums[channel.id]
                actuals.append(
                    Actual(
                        period=period.name,
                        channel=channel.id,
                        spend=round(float(total["spend"]), 2),
                        conversions=round(float(total["conversions"]), 6),
                        revenue=round(float(total["revenue"]), 2),
                    )
                )
    return tuple(actuals)


def _rows_by_channel(scenario: Scenario, rows: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of the scenario's channels with the channel's id (matched as the history matches them)."""
    rows = rows[~is_store(rows["channel"])]
    present = set(rows["channel"].astype(str))
    ids: dict[str, str] = {}
    for channel in scenario.channels:
        name = next((n for n in history_names(channel) if n in present), None)
        if name is not None:
            ids.setdefault(name, channel.id)
    picked = rows[rows["channel"].astype(str).isin(ids)]
    frame = picked.assign(id=picked["channel"].astype(str).map(ids), date=pd.to_datetime(picked["date"]))
    for measure in MEASURES:
        if measure not in frame.columns:
            frame[measure] = 0.0
    return frame


def _step_days(dates: pd.Series) -> int:
    distinct = np.sort(dates.drop_duplicates().to_numpy())
    if len(distinct) < 2:
        return 7  # one date: take it for a weekly table, as the history does
    return max(1, round(float(np.median(np.diff(distinct)) / np.timedelta64(1, "D"))))


def _covers(period: Period, dates: pd.Series, step: int) -> bool:
    covered: set[date] = set()
    for stamp in dates.drop_duplicates():
        first = stamp.date()
        covered.update(first + timedelta(days=k) for k in range(step))
    days = {period.start + timedelta(days=k) for k in range(period.days)}
    return days <= covered and max(covered) <= period.end


def refit_history(scenario: Scenario, rows: pd.DataFrame, history: History | None) -> History:
    """Return the history over the scenario's window plus the actual periods' results, as weekly rows.

    Rows of the scenario's channels dated in an actual period are replaced by the actuals (they say the same
    when the actuals came from these rows). A period's totals are spread over the calendar weeks (Monday to
    Sunday) it touches, by its days in each: weekly periods give one row per week (see `_actual_rows`).
    """
    calendar = scenario.calendar
    assert calendar is not None
    window = scenario.history
    start, end = (window.start, window.end) if window is not None else (None, None)
    frame = rows.assign(date=pd.to_datetime(rows["date"]))
    if start is not None:
        frame = frame[frame["date"] >= pd.Timestamp(start)]
    if end is not None:
        frame = frame[frame["date"] <= pd.Timestamp(end)]
    periods = {p.name: p for p in calendar.resolved_periods()}
    over = [periods[name] for name in dict.fromkeys(a.period for a in calendar.actuals)]
    ours = frame["channel"].astype(str).isin({name for channel in scenario.channels for name in history_names(channel)})
    inside = pd.Series(False, index=frame.index)
    for period in over:
        inside |= (frame["date"] >= pd.Timestamp(period.start)) & (frame["date"] <= pd.Timestamp(period.end))
    frame = frame[~(inside & ours)]
    added = pd.DataFrame(_actual_rows(scenario, calendar, frame, periods))
    if not added.empty:
        added["line"] = 0  # not from the file: no line to point at
        frame = pd.concat([frame, added], ignore_index=True).sort_values(["date", "channel"], kind="stable")
    known = {name for channel in scenario.channels for name in history_names(channel)}
    source = history.source if history is not None else ""
    claims = window.claims if window is not None else "warn"
    return summarise_history(frame.reset_index(drop=True), None, None, known, source=source, claims=claims)


def _actual_rows(
    scenario: Scenario, calendar: Calendar, frame: pd.DataFrame, periods: dict[str, Period]
) -> list[dict[str, object]]:
    """Return one row per channel and calendar week the actual periods touch, at the base curve's scale.

    An event's period is taken back to the base curve (the model says e·f(x / k)): spend ÷ cost, conversions
    and revenue ÷ efficiency. A week the actual periods cover only in part (a 15-day period's last day) is
    scaled to seven days at the rate of the days covered, so it does not look like a quiet week.
    """
    present = set(frame["channel"].astype(str))
    names = {c.id: next((n for n in history_names(c) if n in present), history_names(c)[0]) for c in scenario.channels}
    covered: dict[date, int] = {}  # days of each calendar week inside some actual period
    for name in dict.fromkeys(a.period for a in calendar.actuals):
        for monday, days in _weeks_touched(periods[name]):
            covered[monday] = covered.get(monday, 0) + days
    effects = _event_effects(scenario, calendar)
    sums: dict[tuple[date, str], list[float]] = {}
    for actual in calendar.actuals:
        period = periods[actual.period]
        efficiency, cost = effects.get((actual.period, actual.channel), (1.0, 1.0))
        base = (actual.spend / cost, (actual.conversions or 0.0) / efficiency, (actual.revenue or 0.0) / efficiency)
        for monday, days in _weeks_touched(period):
            part = days / period.days * 7.0 / min(7, covered[monday])
            cell = sums.setdefault((monday, names[actual.channel]), [0.0, 0.0, 0.0])
            for k, value in enumerate(base):
                cell[k] += value * part
    return [
        {"date": pd.Timestamp(monday), "channel": name, "spend": v[0], "conversions": v[1], "revenue": v[2]}
        for (monday, name), v in sorted(sums.items())
    ]


def _event_effects(scenario: Scenario, calendar: Calendar) -> dict[tuple[str, str], tuple[float, float]]:
    """Return (efficiency, cost) by (period, channel id): the product of the multipliers of every event there."""
    effects: dict[tuple[str, str], tuple[float, float]] = {}
    for event in calendar.events:
        for multiplier in event.multipliers:
            for channel in scenario.select(multiplier):
                for name in event.periods:
                    efficiency, cost = effects.get((name, channel.id), (1.0, 1.0))
                    # An efficiency estimated from history is not known yet here (the estimates read the
                    # history this builds): the actual weeks are taken as they were, × 1.
                    given = 1.0 if multiplier.efficiency == "estimate" else float(multiplier.efficiency)
                    effects[name, channel.id] = (efficiency * given, cost * multiplier.cost)
    return effects


def _weeks_touched(period: Period) -> list[tuple[date, int]]:
    """Return the Monday of every calendar week a period touches, with its days in that week."""
    counts: dict[date, int] = {}
    for k in range(period.days):
        day = period.start + timedelta(days=k)
        monday = day - timedelta(days=day.weekday())
        counts[monday] = counts.get(monday, 0) + 1
    return list(counts.items())


def read_plan_periods(path: Path) -> pd.DataFrame:
    """Return the `periods` table of a plan saved with `planner solve --format json`, or raise PlannerError."""
    data = read_bytes(path, Text("review.noun.plan_file"), MAX_HISTORY_BYTES, PlannerError)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PlannerError(
            [Problem(Text("review.plan_not_json", reason=str(error), command=SAVE_PLAN), file=str(path))]
        ) from None
    periods = document.get("periods") if isinstance(document, dict) else None
    needed = {"period", "channel", "spend", "conversions", "revenue"}
    if (
        not isinstance(periods, list)
        or not periods
        or not all(isinstance(r, dict) and needed <= r.keys() for r in periods)
    ):
        raise PlannerError(
            [Problem(Text("review.plan_without_periods", key="periods", command=SAVE_PLAN), file=str(path))]
        )
    frame = pd.DataFrame(periods)
    for column in ("beyond_conversions", "beyond_revenue"):
        if column not in frame.columns:
            frame[column] = 0.0
    return frame
