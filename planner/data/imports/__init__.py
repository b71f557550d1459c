"""Platform exports → the history table: one or many files, any common encoding, summed per channel and week.

```python
from planner.data.imports import import_exports

result = import_exports([Path("直通车_2026-03.csv"), Path("jd.csv")])
result.history        # date (the week's Monday), channel, spend, conversions, revenue[, clicks, impressions]
result.files          # per file: encoding, delimiter, platform, date format, rows read and dropped, problems
result.mapping        # the mapping used (the guess for files the given mapping does not cover)
```

Response curves exported from a marketing-mix model become curve tables through `read_curve_export`
(`planner.data.imports.curves`; docs/mmm-curves.md).

Weeks are labelled by their Monday (ISO weeks: Monday to Sunday). Amounts are summed as whole hundredths,
so the weekly totals are exact to the cent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from planner.data.imports.curves import (
    ConvertedCurve,
    CurveImport,
    convert_curves,
    curve_summary,
    read_curve_export,
    write_curve_tables,
)
from planner.data.imports.mapping import FileMapping, Mapping, mapping_yaml, read_mapping
from planner.data.imports.reader import NUMBER_FIELDS, FileReport, field_label, read_export
from planner.data.store import is_store
from planner.model.errors import Problem
from planner.model.i18n import Join, Number, Text

__all__ = [
    "ConvertedCurve",
    "CurveImport",
    "FileMapping",
    "FileReport",
    "ImportResult",
    "Mapping",
    "convert_curves",
    "curve_summary",
    "import_exports",
    "import_summary",
    "mapping_yaml",
    "read_curve_export",
    "read_mapping",
    "write_curve_tables",
]


@dataclass(frozen=True)
class ImportResult:
    """The history built from exports, what each file gave, and what the user should know."""

    history: pd.DataFrame
    files: tuple[FileReport, ...]
    mapping: Mapping
    notes: tuple[Text, ...]  # partial weeks, days found in two files, columns left out
    weeks: int

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Return every file's problems (one per kind, file and column)."""
        return tuple(problem for report in self.files for problem in report.problems)

    @property
    def failed(self) -> tuple[FileReport, ...]:
        """Return the files that could not be imported."""
        return tuple(report for report in self.files if not report.imported)

    @property
    def channels(self) -> tuple[str, ...]:
        """Return the channels of the history, in order."""
        return tuple(pd.unique(self.history["channel"])) if not self.history.empty else ()


def import_exports(
    paths: Sequence[Path], mapping: Mapping | None = None, drop_partial_weeks: bool = False
) -> ImportResult:
    """Return the weekly history of every export that can be read; a file that cannot is listed, not fatal."""
    reports: list[FileReport] = []
    frames: list[pd.DataFrame] = []
    for path in paths:
        entry = mapping.for_file(path.name) if mapping else None
        rows, report = read_export(Path(path), entry)
        reports.append(report)
        if report.imported:
            frames.append(rows.assign(file=len(reports) - 1))
    notes: list[Text] = []
    days = pd.concat(frames, ignore_index=True) if frames else None
    if days is not None:
        notes.extend(_overlaps(days, reports))
    history, weeks, more = _weekly(days, reports, drop_partial_weeks)
    notes.extend(more)
    return ImportResult(history, tuple(reports), _used_mapping(mapping, reports), tuple(notes), weeks)


def _weekly(
    days: pd.DataFrame | None, reports: list[FileReport], drop_partial_weeks: bool
) -> tuple[pd.DataFrame, int, list[Text]]:
    """Return the history (one row per channel and Monday-labelled week), its number of weeks, and notes."""
    fields = [name for name in NUMBER_FIELDS if days is not None and name in days.columns]
    if days is None or days.empty:
        return pd.DataFrame(columns=["date", "channel", *fields[:3]]), 0, []
    notes: list[Text] = []
    partial_files = {int(i) for i in days["file"].unique() if reports[int(i)].daily}
    weekday = days["date"].dt.day_of_week.to_numpy()
    days = days.assign(week=days["date"] - pd.to_timedelta(weekday, unit="D"))
    partial = _partial_weeks(days[days["file"].isin(partial_files)])
    grouped: dict[tuple[pd.Timestamp, int], list[str]] = {}
    for channel, week, count in partial:  # one note per partial week, naming every channel it concerns
        grouped.setdefault((week, count), []).append(channel)
    for (week, count), channels in sorted(grouped.items()):
        key = "imports.partial_week_dropped" if drop_partial_weeks else "imports.partial_week"
        notes.append(Text(key, channel=Join(channels), week=f"{week:%Y-%m-%d}", days=count))
    if drop_partial_weeks and partial:
        drop = pd.MultiIndex.from_tuples([(c, w) for c, w, _ in partial])
        days = days[~pd.MultiIndex.from_arrays([days["channel"], days["week"]]).isin(drop)]
    # Optional fields only when every imported file has them: a zero for a file without clicks would be a lie.
    # The store's own rows (生意参谋) never have clicks: they do not make the channels' clicks incomplete.
    advertised = days[~is_store(days["channel"])]
    incomplete = [name for name in ("clicks", "impressions") if name in days.columns and advertised[name].isna().any()]
    for name in incomplete:
        notes.append(Text("imports.column_left_out", field=field_label(name)))
    wanted = [name for name in fields if name not in incomplete]
    groups = days.groupby(["week", "channel"], sort=True)
    sums = groups[wanted].sum().reset_index()
    history = pd.DataFrame({"date": sums["week"].dt.strftime("%Y-%m-%d"), "channel": sums["channel"]})
    for name in wanted:
        if name == "sessions":  # whole sessions; empty for a channel whose files have no sessions column
            history[name] = pd.Series(groups[name].sum(min_count=1).to_numpy(dtype=float) / 100.0, dtype="Int64")
            continue
        hundredths = sums[name].to_numpy(dtype=np.int64)
        whole = name != "spend" and name != "revenue" and bool((hundredths % 100 == 0).all())
        history[name] = hundredths // 100 if whole else hundredths / 100.0  # counts stay whole numbers
    return history, int(sums["week"].nunique()), notes


def _partial_weeks(days: pd.DataFrame) -> list[tuple[str, pd.Timestamp, int]]:
    """Return each channel's weeks that its daily rows' span covers for fewer than 7 days, with their day counts.

    The span is the channel's first to last day in the exports: its first week counts from the first day, its last
    week to the last day, and a span within one week (an export of Monday to Wednesday) counts its own days.
    """
    if days.empty:
        return []
    partial = []
    spans = days.groupby("channel", sort=True)["date"].agg(["min", "max"])
    for channel, (first, last) in spans.iterrows():
        first_week = first - pd.Timedelta(days=first.weekday())
        last_week = last - pd.Timedelta(days=last.weekday())
        if first_week == last_week:  # one week, whole only when the span is Monday to Sunday
            count = (last - first).days + 1
            if count < 7:
                partial.append((str(channel), first_week, count))
            continue
        if first.weekday() != 0:
            partial.append((str(channel), first_week, 7 - first.weekday()))
        if last.weekday() != 6:
            partial.append((str(channel), last_week, last.weekday() + 1))
    return partial


def _overlaps(days: pd.DataFrame, reports: list[FileReport]) -> list[Text]:
    """Return a note for each channel whose days appear in more than one file (the same export twice?)."""
    files_per_channel = days.groupby("channel")["file"].nunique()
    if (files_per_channel <= 1).all():  # the usual case: each channel from one file
        return []
    days = days[days["channel"].isin(files_per_channel.index[files_per_channel > 1])]
    per_day = days.groupby(["channel", "date"])["file"].nunique()
    shared = per_day[per_day > 1]
    notes = []
    for channel, group in shared.groupby(level="channel"):
        files = days[(days["channel"] == channel) & days["date"].isin(group.index.get_level_values("date"))]
        names = [Path(reports[int(i)].file).name for i in sorted(files["file"].unique())]
        first = group.index.get_level_values("date").min()
        notes.append(
            Text(
                "imports.days_in_two_files",
                channel=channel,
                days=len(group),
                first=f"{first:%Y-%m-%d}",
                files=Join(names),
            )
        )
    return notes


def _used_mapping(given: Mapping | None, reports: list[FileReport]) -> Mapping:
    """Return the mapping that reads these files again: the given entries, then a guess for every other file."""
    entries: list[FileMapping] = list(given.files) if given else []
    for report in reports:
        if not report.guessed or (not report.imported and not report.mapping.columns):
            continue  # a file whose header was not even found has nothing to confirm
        entry = report.mapping
        if entry in entries:
            continue
        if any(other.match == entry.match for other in entries):  # two kinds of file with one pattern
            entry = entry.model_copy(update={"match": Path(report.file).name})
        entries.append(entry)
    return Mapping(files=tuple(entries))


def import_summary(result: ImportResult) -> list[Text]:
    """Return what the import detected and did, one message per line, for the CLI and the app."""
    lines: list[Text] = []
    for report in result.files:
        name = Path(report.file).name
        if not report.imported:
            lines.append(Text("imports.summary.file_failed", file=name, count=len(report.problems)))
            continue
        where = (
            report.encoding
            if not report.delimiter
            else Text(
                "imports.summary.encoding_delimiter",
                encoding=report.encoding,
                delimiter=Text(f"imports.delimiter.{report.delimiter}"),
            )
        )
        lines.append(
            Text(
                "imports.summary.file",
                file=name,
                encoding=where,
                platform=report.platform or "—",
                channels=Join(report.channels),
                source=Text(f"imports.channel_source.{report.channel_source.replace(' ', '_')}"),
                date_format=report.date_format,
                rows=Number(report.rows_read),
                first=f"{report.first_day:%Y-%m-%d}" if report.first_day else "—",
                last=f"{report.last_day:%Y-%m-%d}" if report.last_day else "—",
            )
        )
        counts = {
            "imports.summary.total_rows": report.rows_total,
            "imports.summary.blank_rows": report.rows_blank,
            "imports.summary.empty_cells": report.cells_empty,
        }
        parts = [Text(key, count=Number(count)) for key, count in counts.items() if count]
        if parts:
            lines.append(Text("imports.summary.dropped", parts=Join(parts)))
        lines.extend(report.notes)
    if not result.history.empty:
        lines.append(
            Text(
                "imports.summary.history",
                rows=Number(len(result.history)),
                weeks=result.weeks,
                first=result.history["date"].iloc[0],
                last=result.history["date"].iloc[-1],
                channels=Join(result.channels),
            )
        )
    lines.extend(result.notes)
    return lines
