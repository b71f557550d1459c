"""One export → its daily rows per channel (exact hundredths), with what was detected and what is wrong."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from planner.data.imports.aliases import (
    FIELD_ALIASES,
    HISTORY_FIELDS,
    TOTAL_ROW,
    Platform,
    guess_columns,
    match_platform,
    platform_by_id,
)
from planner.data.imports.decoding import (
    DELIMITERS,
    ENCODINGS,
    ExportError,
    RawTable,
    as_text,
    decode,
    detect_encoding,
    is_dates,
    read_text_table,
    read_workbook,
)
from planner.data.imports.mapping import FileMapping, name_pattern
from planner.data.imports.parsing import (
    Numbers,
    date_label,
    detect_date_format,
    matches,
    read_dates,
    read_numbers,
    unpadded,
)
from planner.data.reading import first_control_character, read_bytes
from planner.data.store import STORE_NAMES, is_store
from planner.model.errors import HistoryError, PlannerError, Problem
from planner.model.i18n import Join, Text
from planner.model.validation import EXCERPT_CHARS, excerpt

MEGABYTE = 1024 * 1024
MAX_EXPORT_BYTES = 64 * MEGABYTE  # two years of daily rows for a hundred campaigns is about 10 MB
LINES_SHOWN = 5  # a grouped problem lists this many line numbers, then "…"
NUMBER_FIELDS = HISTORY_FIELDS[1:]


@dataclass(frozen=True)
class FileReport:
    """What was found in one export and what became of it."""

    file: str
    imported: bool
    mapping: FileMapping  # as used: the guess, or the user's entry
    guessed: bool  # True when no mapping entry matched the file
    encoding: str = ""  # as stated: UTF-8, UTF-8 BOM, GBK/GB18030, UTF-16, xlsx
    delimiter: str = ""  # comma, tab, semicolon; "" for a workbook
    platform: str = ""
    channels: tuple[str, ...] = ()
    channel_source: str = ""  # mapping, column, platform, file name
    date_format: str = ""  # as stated: YYYY-MM-DD, YYYYMMDD, Excel serial number…
    rows_read: int = 0  # data rows kept
    rows_total: int = 0  # 合计/Total rows dropped
    rows_blank: int = 0  # blank rows dropped
    cells_empty: int = 0  # "-" and empty number cells read as zero
    first_day: date | None = None
    last_day: date | None = None
    daily: bool = False
    problems: tuple[Problem, ...] = ()
    notes: tuple[Text, ...] = ()
    headers: tuple[str, ...] = ()  # the export's column names as read (empty when no header line was found)


@dataclass
class _Collector:
    """Problems of one file, one per kind and column."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def group(self, key: str, column: str, lines: np.ndarray, **args: object) -> None:
        """Add one problem for every line of the same kind in a column: a count, the first lines, the column."""
        if len(lines) == 0:
            return
        shown = [str(int(n)) for n in lines[:LINES_SHOWN]]
        listed = Join(shown) if len(lines) <= LINES_SHOWN else Join([*shown, "…"])
        text = Text(key, count=len(lines), lines=listed, column=column, **args)
        self.problems.append(Problem(text, field=column, file=self.file, line=int(lines[0])))

    def add(self, text: Text, line: int | None = None, column: str = "") -> None:
        self.problems.append(Problem(text, field=column, file=self.file, line=line))


def field_label(name: str) -> Text:
    """Return a history field's name as the reader's language calls it (spend, 花费)."""
    return Text(f"imports.field.{name}")


def read_export(path: Path, entry: FileMapping | None) -> tuple[pd.DataFrame, FileReport]:
    """Return an export's daily sums per channel (each field in hundredths) and its report; never raises for it."""
    label = str(path)
    guess = FileMapping(match=name_pattern(path.name))
    report = FileReport(file=label, imported=False, mapping=entry or guess, guessed=entry is None)
    problems = _Collector(label)
    try:
        table = _read_table(path, entry)
    except ExportError as error:
        problems.add(error.text, error.line, error.column)
        return _empty(), dataclasses.replace(report, problems=tuple(problems.problems))
    except PlannerError as error:
        return _empty(), dataclasses.replace(report, problems=error.problems)
    return _rows(path, table, entry, report, problems)


def _read_table(path: Path, entry: FileMapping | None) -> RawTable:
    data = read_bytes(path, Text("noun.export"), MAX_EXPORT_BYTES, HistoryError)
    header_line = entry.header_line if entry else 0
    columns = dict(entry.columns) if entry and entry.columns else None
    if data.startswith(b"PK\x03\x04"):
        return read_workbook(data, header_line or None, columns)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExportError(Text("imports.old_excel"), line=1)
    if not data.strip():
        raise ExportError(Text("imports.empty_file"))
    encoding = (entry.encoding if entry and entry.encoding else "") or detect_encoding(data)
    text = decode(data, encoding).removeprefix("\ufeff")
    if "\x00" in text:
        raise ExportError(Text("imports.binary"), line=text.count("\n", 0, text.index("\x00")) + 1)
    table = read_text_table(text, (entry.delimiter if entry else "") or None, header_line or None, columns)
    return dataclasses.replace(table, encoding=encoding)


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {"date": pd.Series(dtype="datetime64[ns]"), "channel": pd.Series(dtype=str)}
        | {name: pd.Series(dtype=np.int64) for name in NUMBER_FIELDS}
    )


def _rows(
    path: Path, table: RawTable, entry: FileMapping | None, report: FileReport, problems: _Collector
) -> tuple[pd.DataFrame, FileReport]:
    """Return a read table's daily sums per channel and the finished report (not imported when problems)."""
    cells, lines = table.cells, table.lines
    headers = [str(c) for c in cells.columns]
    columns = dict(entry.columns) if entry and entry.columns else guess_columns(headers)
    for name, header in columns.items():
        if header not in cells.columns:
            problems.add(
                Text("imports.column_missing", header=excerpt(header), field=field_label(name)), table.header_line
            )
    platform = platform_by_id(entry.platform) if entry and entry.platform else None
    platform = platform or match_platform(path.name, table.preamble, headers)
    # The store's own totals (生意参谋) have no spend: its rows are the yardstick for the channels' claims.
    store = _is_store_export(entry, platform)
    if store:
        columns.pop("spend", None)
    for name in ("date",) if store else ("date", "spend"):
        if name not in columns:
            aliases = Join(FIELD_ALIASES[name][:6])
            problems.add(Text("imports.field_missing", field=field_label(name), aliases=aliases), table.header_line)
    if problems.problems:
        return _empty(), _finish(report, table, problems, columns=columns)

    notes: list[Text] = []

    blank, total = _blank_and_total_rows(cells, columns, headers)
    keep = ~blank & ~total
    cells, lines = cells[keep].reset_index(drop=True), lines[keep]
    date_column = columns["date"]
    dates, fmt = _read_date_column(cells, date_column, entry, lines, problems)
    if fmt == "ambiguous":
        return _empty(), _finish(report, table, problems, platform=platform, columns=columns)

    values: dict[str, np.ndarray] = {}
    empty_cells = 0
    for name in NUMBER_FIELDS:
        if name not in columns:
            continue
        numbers = _checked_numbers(cells[columns[name]], lines, problems)
        if name == "sessions":  # live sessions are counted whole
            problems.group("imports.not_whole", columns[name], lines[numbers.hundredths % 100 != 0])
        values[name] = numbers.hundredths
        empty_cells += int(numbers.empty.sum())
    if store:
        values["spend"] = np.zeros(len(cells), dtype=np.int64)

    if "revenue" not in values:
        derived = _derive_revenue(cells, columns, values, lines, problems)
        if derived is not None:
            values["revenue"] = derived
            notes.append(Text("imports.revenue_derived", column=columns.get("roas") or columns.get("acos", "")))
    if "conversions" not in values and "revenue" in values:
        # Platforms often export spend and 成交金额 without an order count: the channel is fitted on revenue.
        values["conversions"] = np.zeros_like(values["revenue"])
        notes.append(Text("data.import.no_orders", key="revenue_per_conversion"))
    for name in ("conversions", "revenue"):
        if name not in values and not problems.problems:
            aliases = Join(FIELD_ALIASES[name][:6])
            problems.add(Text("imports.field_missing", field=field_label(name), aliases=aliases), table.header_line)

    codes, channel_names, source = _channels(path, cells, columns, entry, platform, lines, problems)
    if problems.problems:
        return _empty(), _finish(report, table, problems, platform=platform, fmt=fmt, columns=columns)

    rows = _daily_sums(dates, codes, channel_names, values)
    unique_days = np.sort(rows["date"].drop_duplicates().to_numpy())
    daily = len(unique_days) > 1 and float(np.median(np.diff(unique_days)) / np.timedelta64(1, "D")) <= 1.0
    used = FileMapping(
        match=report.mapping.match,
        platform=platform.id if platform else "",
        channel=channel_names[0] if source in ("platform", "file name", "mapping") and len(channel_names) else "",
        channel_column=columns.get("channel", "") if source == "column" else "",
        encoding=table.encoding if table.encoding != "xlsx" else "",
        delimiter=table.delimiter,
        header_line=table.header_line,
        date_format=fmt or "",
        columns=columns,
    )
    if source == "file name":
        notes.append(Text("imports.channel_from_file_name", channel=channel_names[0]))
    if store:
        given = {name: columns.get(name, "—") for name in ("conversions", "revenue")}
        notes.append(Text("store.import_note", channel=channel_names[0], **given))
    final = dataclasses.replace(
        report,
        imported=True,
        mapping=entry or used,
        encoding="xlsx" if table.encoding == "xlsx" else ENCODINGS.get(table.encoding, table.encoding),
        delimiter=DELIMITERS.get(table.delimiter, ""),
        platform=platform.id if platform else "",
        channels=tuple(channel_names),
        channel_source=source,
        date_format=date_label(fmt or "", unpadded(cells[date_column], fmt or "")),
        rows_read=len(cells),
        rows_total=int(total.sum()),
        rows_blank=int(blank.sum()),
        cells_empty=empty_cells,
        first_day=pd.Timestamp(unique_days[0]).date() if len(unique_days) else None,
        last_day=pd.Timestamp(unique_days[-1]).date() if len(unique_days) else None,
        daily=daily,
        notes=tuple(notes),
        headers=tuple(headers),
    )
    return rows, final


def _is_store_export(entry: FileMapping | None, platform: Platform | None) -> bool:
    """Return whether an export holds the store's own totals: named so by the mapping, or a 生意参谋 export."""
    if entry and entry.channel:
        return bool(is_store(pd.Series([entry.channel])).all())
    return platform is not None and platform.channel in STORE_NAMES


def _blank_and_total_rows(
    cells: pd.DataFrame, columns: dict[str, str], headers: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Return which rows are blank and which are totals (合计, Total: …) in the date, campaign or first cell."""
    blank = matches(cells[columns["date"]], r"^\s*$")
    if blank.any():  # only rows with no date can be blank: check their other cells
        rest = cells[blank].apply(lambda column: as_text(column).str.strip() == "").all(axis=1).to_numpy()
        blank[np.flatnonzero(blank)[~rest]] = False
    total = np.zeros(len(cells), dtype=bool)
    for header in {columns["date"], columns.get("campaign", columns["date"]), headers[0]}:
        total |= matches(cells[header], TOTAL_ROW, ignore_case=True)
    return blank, total


def _read_date_column(
    cells: pd.DataFrame, column: str, entry: FileMapping | None, lines: np.ndarray, problems: _Collector
) -> tuple[pd.Series, str]:
    """Return the dates and their format ("ambiguous" when day and month cannot be told apart), adding problems."""
    typed = is_dates(cells[column])  # ISO dates the reader has already typed
    if not typed:
        cells[column] = as_text(cells[column])
    given = entry.date_format if entry and entry.date_format else ""
    fmt = given or ("%Y-%m-%d" if typed else detect_date_format(cells[column]))
    if fmt == "ambiguous":
        problems.add(Text("imports.date_ambiguous", example=excerpt(cells[column].iloc[0])), int(lines[0]), column)
        return pd.Series(pd.NaT, index=cells.index), fmt
    fmt = fmt or _most_common_format(cells[column])
    if typed:
        dates = cells[column].dt.normalize().astype("datetime64[ns]")
    else:
        dates = read_dates(cells[column], fmt) if fmt else pd.Series(pd.NaT, index=cells.index)
    bad = dates.isna().to_numpy()
    if bad.any():
        example = excerpt(cells[column].to_numpy()[bad][0])
        problems.group("imports.bad_dates", column, lines[bad], example=example)
    else:
        years = dates.dt.year.to_numpy()
        problems.group("imports.odd_years", column, lines[(years < 1990) | (years > 2100)])
    return dates, fmt


def _finish(
    report: FileReport,
    table: RawTable,
    problems: _Collector,
    platform: Platform | None = None,
    fmt: str = "",
    columns: dict[str, str] | None = None,
) -> FileReport:
    """Return the report of a file that was read but not imported, with the guess so far for the mapping."""
    encoding = "xlsx" if table.encoding == "xlsx" else ENCODINGS.get(table.encoding, table.encoding)
    guess = report.mapping
    if report.guessed:  # what was found, for the user to complete in the mapping file
        guess = guess.model_copy(
            update={
                "platform": platform.id if platform else "",
                "encoding": table.encoding if table.encoding != "xlsx" else "",
                "delimiter": table.delimiter,
                "header_line": table.header_line,
                "date_format": fmt if fmt not in ("", "ambiguous") else "",
                "columns": dict(columns or {}),
                "channel": channel_from_file_name(Path(report.file)) if not platform else "",
            }
        )
    return dataclasses.replace(
        report,
        mapping=guess,
        encoding=encoding,
        delimiter=DELIMITERS.get(table.delimiter, ""),
        platform=platform.id if platform else "",
        date_format=date_label(fmt) if fmt else "",
        problems=tuple(problems.problems),
        headers=tuple(str(column) for column in table.cells.columns),
    )


def _most_common_format(cells: pd.Series) -> str:
    """Return the date format that reads the most cells of a column ('' when none reads any)."""
    from planner.data.imports.parsing import DATE_FORMATS

    sample = cells.astype(str).str.strip().head(2000)
    best, count = "", 0
    for fmt in DATE_FORMATS:
        read = int(pd.to_datetime(sample, format=fmt, errors="coerce").notna().sum())
        if read > count:
            best, count = fmt, read
    return best


def _checked_numbers(column: pd.Series, lines: np.ndarray, problems: _Collector) -> Numbers:
    """Return a column read as numbers, adding one problem for its cells that are not numbers, one for negatives."""
    numbers = read_numbers(column)
    header = str(column.name)
    if numbers.failed.any():
        example = excerpt(str(column.to_numpy()[numbers.failed][0])[:EXCERPT_CHARS])
        problems.group("imports.bad_numbers", header, lines[numbers.failed], example=example)
    problems.group("imports.negative_numbers", header, lines[numbers.hundredths < 0])
    return numbers


def _derive_revenue(
    cells: pd.DataFrame, columns: dict[str, str], values: dict[str, np.ndarray], lines: np.ndarray, problems: _Collector
) -> np.ndarray | None:
    """Return revenue from spend × ROAS (投入产出比) or spend ÷ ACoS when the export has no revenue column."""
    if "spend" not in values:
        return None
    spend = values["spend"].astype(float)
    if "roas" in columns:
        ratio = _checked_numbers(cells[columns["roas"]], lines, problems)
        revenue: np.ndarray = np.round(spend * ratio.hundredths / 100.0).astype(np.int64)
        return revenue
    if "acos" in columns:
        share = _checked_numbers(cells[columns["acos"]], lines, problems)
        with np.errstate(divide="ignore", invalid="ignore"):
            revenue = np.where(share.hundredths > 0, spend * 100.0 / share.hundredths, 0.0).astype(float)
        return np.round(revenue).astype(np.int64)
    return None


def _channels(
    path: Path,
    cells: pd.DataFrame,
    columns: dict[str, str],
    entry: FileMapping | None,
    platform: Platform | None,
    lines: np.ndarray,
    problems: _Collector,
) -> tuple[np.ndarray, list[str], str]:
    """Return each row's channel (a code into the names), the names, and where they came from.

    The name comes from the mapping, a channel column, the platform, or the file's name, in that order.
    """
    zeros = np.zeros(len(cells), dtype=np.int64)
    if entry and entry.channel:
        return zeros, [entry.channel], "mapping"
    column = (entry.channel_column if entry else "") or columns.get("channel", "")
    if column:
        if column not in cells.columns:
            problems.add(Text("imports.column_missing", header=excerpt(column), field=field_label("channel")), None)
            return zeros, [""], "column"
        codes, distinct = pd.factorize(as_text(cells[column]).str.strip())
        names = [str(name) for name in distinct]
        for code, name in enumerate(names):  # a handful of distinct names: checked one by one
            if name == "":
                problems.group("imports.empty_channel", column, lines[codes == code])
            elif (index := first_control_character(name)) is not None:
                text = Text("imports.control_character", code=f"U+{ord(name[index]):04X}")
                problems.group("imports.odd_channel", column, lines[codes == code], example=text)
        return np.asarray(codes, dtype=np.int64), names, "column"
    if platform is not None:
        return zeros, [platform.channel], "platform"
    return zeros, [channel_from_file_name(path)], "file name"


def _daily_sums(dates: pd.Series, codes: np.ndarray, names: list[str], values: dict[str, np.ndarray]) -> pd.DataFrame:
    """Return one row per channel and day with each field summed exactly (int64 hundredths), sorted by both."""
    if len(codes) == 0:
        return _empty()
    day_codes, days = pd.factorize(dates, sort=True)
    key = day_codes.astype(np.int64) * len(names) + codes
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    unique = ordered[starts]
    frame = pd.DataFrame(
        {
            "date": np.asarray(days)[unique // len(names)],
            "channel": pd.Series(np.asarray(names, dtype=object)[unique % len(names)], dtype=str).to_numpy(),
        }
    )
    for name, column in values.items():
        frame[name] = np.add.reduceat(column[order], starts)
    return frame


def channel_from_file_name(path: Path) -> str:
    """Return a channel name from an export's file name without its dates ("聚光_2026-03.csv" → "聚光")."""
    name = re.sub(r"[\s_\-.]*\d+(?:[-_.]\d+)*", "", path.stem).strip(" _-.")
    return name or path.stem
