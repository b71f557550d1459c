"""The store's history table → per-channel statistics over a date window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from planner.data.csv_tables import SESSIONS
from planner.data.io import read_history
from planner.data.reading import MAX_HISTORY_BYTES, check_file, note_read
from planner.data.store import StoreTotals, scale_claims, scale_needs_store, split_store_rows, summarise_store
from planner.model.channels import Channel
from planner.model.errors import HistoryError, Problem
from planner.model.i18n import Number, Text
from planner.model.scenario import Scenario

STATISTIC_COLUMNS = (
    "rows",
    "spend",
    "conversions",
    "revenue",
    "weekly_spend",
    "cpa",
    "roas",
    "aov",
    "cvr",
)


@dataclass(frozen=True)
class History:
    """A store's history over one window, with per-channel statistics and what was set aside."""

    statistics: pd.DataFrame  # one row per history channel name; columns STATISTIC_COLUMNS (+ clicks, impressions)
    weeks: float
    start: date
    end: date
    source: str = ""
    warnings: tuple[Text | str, ...] = field(default=())  # catalogue messages
    weekly: pd.DataFrame = field(default_factory=pd.DataFrame)  # channel, week, spend, conversions, revenue
    series: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # name → weekly spend, conversions
    store: StoreTotals | None = None  # the store's own rows and the channels' claims against them
    sessions: dict[str, np.ndarray] = field(default_factory=dict)  # name → weekly live sessions (NaN: not recorded)
    names: tuple[str, ...] = ()  # every channel name in the window, the scenario's or not (the store's rows aside)

    def weekly_series(self, channel: Channel) -> tuple[np.ndarray, np.ndarray] | None:
        """Return a channel's weekly spend and conversions in time order (quiet weeks as zeros)."""
        for name in history_names(channel):
            if name in self.series:
                return self.series[name]
        return None

    def weekly_revenue(self, channel: Channel) -> np.ndarray:
        """Return a channel's weekly revenue in the weeks of `weekly_series` (zeros if it has no rows)."""
        for name in history_names(channel):
            if name in self.series:
                rows = self.weekly[self.weekly["channel"] == name]
                return rows["revenue"].to_numpy(dtype=float)
        return np.zeros(0)

    def weekly_sessions(self, channel: Channel) -> tuple[np.ndarray, np.ndarray] | None:
        """Return a channel's weekly live sessions and revenue in the weeks of `weekly_series`, or None without any.

        A week whose rows leave the sessions cell empty is NaN (not recorded); a week without rows is 0.
        """
        for name in history_names(channel):
            if name in self.series:
                counts = self.sessions.get(name)
                return None if counts is None else (counts, self.weekly_revenue(channel))
        return None

    def for_channel(self, channel: Channel) -> pd.Series | None:
        """Return the statistics row of a scenario channel, matched by history_name, label or id."""
        for name in history_names(channel):
            if name in self.statistics.index:
                return self.statistics.loc[str(name)]  # type: ignore[return-value]
        return None


def history_names(channel: Channel) -> list[str]:
    """Return the names a channel may have in the history CSV, most specific first."""
    names = [channel.history_name, channel.label, channel.id]
    return [name for name in names if name]


def load_history(scenario: Scenario) -> History | None:
    """Return the history a scenario points to, over its window, or None if it names none."""
    path = scenario.history_path()
    if path is None or scenario.history is None:
        return None
    hint = Text("data.hint.history_path", key="history: path")
    what = Text("noun.history_file_named", file=str(path))
    try:
        check_file(path, what, MAX_HISTORY_BYTES, HistoryError, field="history -> path", hint=hint)
    except HistoryError as error:  # located at the scenario's history: path line, naming the file in the message
        raise error.with_problems([Problem(p.text, p.field) for p in error.problems]) from None
    stat = path.stat()
    known = frozenset(name for channel in scenario.channels for name in history_names(channel))
    window = (scenario.history.start, scenario.history.end)
    claims = scenario.history.claims
    note_read(path)  # the summary may come from memory below, without a read that would note the file
    return _load_history_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size, window, known, claims)


@lru_cache(maxsize=32)
def _load_history_cached(
    path: str,
    modified: int,
    size: int,
    window: tuple[date | None, date | None],
    known: frozenset[str],
    claims: str = "warn",
) -> History:
    """Return a summarised history, read again only when the file's time or size changes."""
    return summarise_history(read_history(Path(path)), window[0], window[1], set(known), source=path, claims=claims)


def summarise_history(
    frame: pd.DataFrame,
    start: date | None = None,
    end: date | None = None,
    known_channels: set[str] | None = None,
    source: str = "",
    claims: str = "warn",
) -> History:
    """Return per-channel statistics of a history frame (as read by `read_history`) within [start, end].

    Store rows (`planner.data.store`) are set apart: the channels' claims are compared with them, and with
    `claims="scale_to_store"` scaled down to the store's total before any statistic is taken.
    """
    if frame.empty:
        raise HistoryError([Problem(Text("data.history.no_rows"), file=source)])
    if "line" not in frame.columns:  # a frame made in code or by an import (planner.data.imports): no file lines
        frame = frame.assign(line=range(2, len(frame) + 2))
    window = frame
    if start is not None:
        window = window[window["date"] >= pd.Timestamp(start)]
    if end is not None:
        window = window[window["date"] <= pd.Timestamp(end)]
    if window.empty:
        first, last = frame["date"].min(), frame["date"].max()
        raise HistoryError(
            [
                Problem(
                    Text(
                        "data.history.window_empty",
                        start=str(start) if start else Text("data.history.the_start"),
                        end=str(end) if end else Text("data.history.the_end"),
                        first=f"{first:%Y-%m-%d}",
                        last=f"{last:%Y-%m-%d}",
                    ),
                    field="history window",
                    file=source,
                )
            ]
        )
    window, store_rows = split_store_rows(window)
    claimed = window  # every channel's claims, the scenario's or not, count against the store's sales
    names = tuple(sorted({str(name) for name in window["channel"]}))
    warnings: list[Text | str] = []
    if known_channels is not None:
        unknown = window[~window["channel"].isin(known_channels)]
        for name, rows in unknown.groupby("channel", sort=True):
            warnings.append(
                Text(
                    "data.history.unused_channel",
                    name=str(name),
                    rows=Number(len(rows)),
                    spend=Number(float(rows["spend"].sum())),
                )
            )
        window = window[window["channel"].isin(known_channels)]
    store = summarise_store(store_rows, claimed, window, claims) if not store_rows.empty else None
    if store is None and claims == "scale_to_store":
        raise scale_needs_store(source)
    if store is not None:
        window = scale_claims(window, store)
    weeks = window_weeks(window["date"])
    sums = window.groupby("channel", sort=True).agg(
        rows=("line", "size"),
        spend=("spend", "sum"),
        conversions=("conversions", "sum"),
        revenue=("revenue", "sum"),
        **{c: (c, "sum") for c in ("clicks", "impressions") if c in window.columns},
    )
    statistics = sums.assign(
        weekly_spend=sums["spend"] / weeks,
        cpa=_ratio(sums["spend"], sums["conversions"]),
        roas=_ratio(sums["revenue"], sums["spend"]),
        aov=_ratio(sums["revenue"], sums["conversions"]),
        cvr=_ratio(sums["conversions"], sums["clicks"]) if "clicks" in sums else np.nan,
    )
    weekly = weekly_totals(window)
    series = {
        str(name): (rows["spend"].to_numpy(dtype=float), rows["conversions"].to_numpy(dtype=float))
        for name, rows in weekly.groupby("channel", sort=False)
    }
    return History(
        weekly=weekly,
        series=series,
        sessions=sessions_per_week(window, weekly) if SESSIONS in window.columns else {},
        statistics=statistics,
        weeks=weeks,
        start=window["date"].min().date() if not window.empty else (start or date.min),
        end=window["date"].max().date() if not window.empty else (end or date.min),
        source=source,
        warnings=tuple(warnings),
        store=store,
        names=names,
    )


def weekly_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Return spend, conversions and revenue per channel per calendar week (Monday start); daily rows are summed.

    Weeks in the window where a channel has no row count as zero spend, so curves see its quiet weeks too.
    """
    if frame.empty:
        return pd.DataFrame(columns=["channel", "week", "spend", "conversions", "revenue"])
    weeks = frame["date"].dt.to_period("W-SUN").dt.start_time
    totals = frame.assign(week=weeks).groupby(["channel", "week"], sort=True)[["spend", "conversions", "revenue"]].sum()
    every_week = pd.MultiIndex.from_product(
        [totals.index.get_level_values("channel").unique(), sorted(weeks.unique())], names=["channel", "week"]
    )
    return totals.reindex(every_week, fill_value=0.0).reset_index()


def sessions_per_week(frame: pd.DataFrame, weekly: pd.DataFrame) -> dict[str, np.ndarray]:
    """Return each channel's live sessions per week of `weekly` (as made by `weekly_totals`), for channels with any.

    A week whose rows all leave the cell empty is NaN (not recorded); a week without a row of the channel is 0.
    """
    weeks = frame["date"].dt.to_period("W-SUN").dt.start_time
    counts = frame.assign(week=weeks).groupby(["channel", "week"], sort=True)[SESSIONS].sum(min_count=1)
    aligned = counts.reindex(pd.MultiIndex.from_frame(weekly[["channel", "week"]]), fill_value=0.0)
    recorded = set(frame.loc[frame[SESSIONS].notna(), "channel"])
    return {
        str(name): aligned[(weekly["channel"] == name).to_numpy()].to_numpy(dtype=float)
        for name in pd.unique(weekly["channel"])
        if name in recorded
    }


def window_weeks(dates: pd.Series) -> float:
    """Return the length in weeks a set of dates covers, counting the last period in full."""
    distinct = np.sort(dates.drop_duplicates().to_numpy())
    if len(distinct) == 0:
        return 0.0
    if len(distinct) == 1:
        return 1.0  # one row: assume a weekly table
    step_days = float(np.median(np.diff(distinct)) / np.timedelta64(1, "D"))
    span_days = float((distinct[-1] - distinct[0]) / np.timedelta64(1, "D")) + step_days
    return span_days / 7.0


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """Return numerator / denominator, NaN where the denominator is zero (shown as 'n/a')."""
    return numerator / denominator.where(denominator > 0)
