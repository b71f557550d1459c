"""CSV tables in: the store's history and imported response curves, checked row by row with located problems."""

from __future__ import annotations

import csv
import io
import re
import warnings
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner.data.reading import (
    MAX_CURVE_BYTES,
    MAX_MAGNITUDE,
    control_character_message,
    decode_text,
    first_control_character,
    read_bytes,
)
from planner.data.store import is_store
from planner.model.errors import HistoryError, PlannerError, Problem, ScenarioError, cap_problems
from planner.model.i18n import Join, Text
from planner.model.validation import EXCERPT_CHARS, excerpt

HISTORY_REQUIRED = ("date", "channel", "spend", "conversions", "revenue")
HISTORY_OPTIONAL = ("clicks", "impressions")
# Live sessions run in the row's period: whole, ≥ 0, blank where not recorded (a channel that streams no sessions).
SESSIONS = "sessions"
CURVE_COLUMNS = ("spend", "conversions")
# Dates outside these years are typos (9999-12-31 as "no end", 0001-01-01 as "unknown").
FIRST_YEAR, LAST_YEAR = 1990, 2100

_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_EOF_IN_QUOTES = re.compile(r"EOF inside string starting at row (\d+)")
_ANY_LINE = re.compile(r"(?:line|row) (\d+)")


def read_csv_text(text: str, label: str, error: type[PlannerError]) -> pd.DataFrame:
    """Return CSV text as a table of strings, or raise `error` saying in plain words what is wrong where."""
    if not text.strip():
        raise error([Problem(Text("data.csv.empty"), file=label)])
    try:
        with warnings.catch_warnings():
            # index_col=False: a row with one field more than the header must not turn column 1 into an index;
            # pandas warns instead of failing then, and the warning is turned into the located problem below.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, index_col=False)
    except pd.errors.ParserWarning:
        raise error([_field_count_problem(text, label)]) from None
    except pd.errors.EmptyDataError:
        raise error([Problem(Text("data.csv.no_header"), file=label)]) from None
    except pd.errors.ParserError as problem:
        reason = str(problem)
        if match := _FIELDS.search(reason):
            expected, line, saw = match.groups()
            message = Text("data.csv.fields", line=line, saw=saw, expected=expected)
            raise error([Problem(message, file=label, line=int(line))]) from None
        if match := _EOF_IN_QUOTES.search(reason):
            raise error([Problem(Text("data.csv.open_quote"), file=label, line=int(match.group(1)) + 1)]) from None
        if match := _ANY_LINE.search(reason):  # a parser complaint we cannot put in words, but it says where
            line = int(match.group(1))
            raise error([Problem(Text("data.csv.malformed", line=line), file=label, line=line)]) from None
        raise error([Problem(Text("data.csv.unreadable", reason=excerpt(reason, 120)), file=label)]) from None
    except (ValueError, OverflowError, MemoryError) as problem:
        raise error([Problem(Text("data.csv.unreadable", reason=excerpt(problem, 120)), file=label)]) from None


def _field_count_problem(text: str, label: str) -> Problem:
    """Return the problem of the first line whose number of fields differs from the header's."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    for row in rows:
        if row and len(row) != len(header):
            line = rows.line_num
            message = Text("data.csv.fields", line=str(line), saw=str(len(row)), expected=str(len(header)))
            return Problem(message, file=label, line=line)
    return Problem(Text("data.csv.fields_differ"), file=label)


def _numbers(frame: pd.DataFrame, column: str, label: str, problems: list[Problem], line_offset: int = 2) -> pd.Series:
    """Return a column as floats, adding a located problem for each cell that is not a sane, finite amount."""
    numbers = pd.to_numeric(frame[column].str.replace(",", "", regex=False).str.strip(), errors="coerce")
    bad = numbers.isna() | (numbers < 0) | ~np.isfinite(numbers) | (numbers.abs() > MAX_MAGNITUDE)
    for position in np.flatnonzero(bad.to_numpy())[: 2 * 50]:
        message = amount_problem(frame[column].iloc[position], numbers.iloc[position])
        problems.append(Problem(message, field=column, file=label, line=position + line_offset))
    return numbers.astype(float)


def _session_counts(frame: pd.DataFrame, label: str, problems: list[Problem]) -> pd.Series:
    """Return the sessions column as floats (NaN where blank), adding a located problem for each bad count."""
    written = frame[SESSIONS].str.replace(",", "", regex=False).str.strip()
    blank = written == ""
    numbers = pd.to_numeric(written.where(~blank, "0"), errors="coerce")
    bad = numbers.isna() | (numbers < 0) | ~np.isfinite(numbers) | (numbers.abs() > MAX_MAGNITUDE)
    fraction = ~bad & (numbers != np.floor(numbers))
    for position in np.flatnonzero((bad | fraction).to_numpy())[: 2 * 50]:
        value = frame[SESSIONS].iloc[position]
        number = numbers.iloc[position]
        message = Text("data.csv.not_whole", value=f"{number:g}") if fraction.iloc[position] else None
        line = int(position) + 2
        problems.append(Problem(message or amount_problem(value, number), field=SESSIONS, file=label, line=line))
    return numbers.astype(float).where(~blank)


def amount_problem(value: object, number: Any) -> Text:
    """Return what is wrong with a cell read as `number`: not a number, infinite, negative or too large."""
    if pd.isna(number):
        return Text("data.csv.not_number", value=excerpt(value))
    if not np.isfinite(number):
        return Text("data.csv.infinite", value=excerpt(value))
    if number < 0:
        return Text("data.csv.negative", value=f"{number:g}")
    return Text("data.csv.too_large", value=excerpt(value), limit=f"{MAX_MAGNITUDE:g}")


def history_from_frame(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    """Return a history table (strings, as read) typed and checked, with a `line` column, or raise HistoryError."""
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    if "revenue" in frame.columns and ("conversions" not in frame.columns or _all_blank(frame["conversions"])):
        # Platforms often export spend and revenue (成交金额) without order counts: no orders, not a mistake;
        # channels with revenue but no conversions are then fitted on revenue (planner.curves.response).
        frame["conversions"] = "0"
    missing = [c for c in HISTORY_REQUIRED if c not in frame.columns]
    if missing:
        message = Text("data.history.missing_columns", missing=Join(missing), required=Join(HISTORY_REQUIRED))
        raise HistoryError([Problem(message, file=label, line=1)])
    frame = frame[[c for c in (*HISTORY_REQUIRED, *HISTORY_OPTIONAL, SESSIONS) if c in frame.columns]].copy()
    frame.insert(0, "line", range(2, len(frame) + 2))
    problems: list[Problem] = []
    frame["channel"] = frame["channel"].str.strip()
    # Checks are vectorised; only the rows that fail are visited one by one.
    for line in frame.loc[frame["channel"] == "", "line"].head(100):
        problems.append(Problem(Text("data.csv.empty_channel"), field="channel", file=label, line=int(line)))
    odd = frame["channel"].str.contains(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", regex=True)
    for line, value in frame.loc[odd, ["line", "channel"]].head(100).itertuples(index=False):
        index = first_control_character(value)
        if index is not None:
            problems.append(Problem(control_character_message(value, index), field="channel", file=label, line=line))
    store = is_store(frame["channel"])
    if store.any():  # the store's own rows carry no spend: empty reads as 0
        frame.loc[store & (frame["spend"].str.strip() == ""), "spend"] = "0"
    dates = pd.to_datetime(frame["date"].str.strip(), errors="coerce", format="ISO8601")
    for line, value in frame.loc[dates.isna(), ["line", "date"]].head(100).itertuples(index=False):
        message = Text("data.csv.not_date", value=excerpt(value))
        problems.append(Problem(message, field="date", file=label, line=line))
    odd_years = dates.notna() & ((dates.dt.year < FIRST_YEAR) | (dates.dt.year > LAST_YEAR))
    for line, value in frame.loc[odd_years, ["line", "date"]].head(100).itertuples(index=False):
        message = Text("data.csv.odd_year", value=excerpt(value), first=str(FIRST_YEAR), last=str(LAST_YEAR))
        problems.append(Problem(message, field="date", file=label, line=line))
    frame["date"] = dates
    for column in (*HISTORY_REQUIRED[2:], *[c for c in HISTORY_OPTIONAL if c in frame.columns]):
        frame[column] = _numbers(frame, column, label, problems)
    if SESSIONS in frame.columns:
        frame[SESSIONS] = _session_counts(frame, label, problems)
    for line in frame.loc[store & (frame["spend"] > 0), "line"].head(100):
        problems.append(Problem(Text("store.row_spend"), field="spend", file=label, line=int(line)))
    if problems:
        raise HistoryError(cap_problems(sorted(problems, key=lambda p: p.line or 0)))
    # store, 全店 and 店铺 are one store: two of them on one date would count its sales twice
    keyed = frame.assign(channel=frame["channel"].where(~store, "store")) if store.any() else frame
    duplicated = keyed[keyed.duplicated(["date", "channel"], keep=False)]
    if not duplicated.empty:
        for (day, channel), rows in duplicated.groupby(["date", "channel"], sort=True):
            lines = [str(n) for n in rows["line"].head(10)] + (["…"] if len(rows) > 10 else [])
            problems.append(
                Problem(
                    Text(
                        "data.csv.duplicate",
                        channel=str(channel)[:EXCERPT_CHARS],
                        day=f"{day:%Y-%m-%d}",
                        lines=Join(lines),
                    ),
                    file=label,
                    line=int(rows["line"].iloc[0]),
                )
            )
        raise HistoryError(cap_problems(problems))
    frame.attrs[_CHECKED] = True
    return frame


_CHECKED = "planner.history_checked"  # set on a frame history_from_frame made: checked, typed, numbered


def history_from_dataframe(frame: pd.DataFrame, label: str = "DataFrame") -> pd.DataFrame:
    """Return a history given in code (any column types) typed and checked as a CSV of it would be.

    Dates may be text, dates or timestamps; amounts text or numbers. A missing column, a blank or unreadable cell,
    a negative amount or a repeated date of one channel raise HistoryError, each problem at the line it would have
    in `frame.to_csv(index=False)` (the first row is line 2). A frame this returned before is returned as it is.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"a history is a pandas DataFrame or a planner.History, not {type(frame).__name__}")
    if frame.attrs.get(_CHECKED):
        return frame
    text = pd.DataFrame({str(name): _as_text(frame.iloc[:, i]) for i, name in enumerate(frame.columns)})
    return history_from_frame(text, label)


def _as_text(column: pd.Series) -> pd.Series:
    """Return a column as the text a CSV of it would hold: ISO dates, numbers in full, blanks for missing cells."""
    missing = column.isna().to_numpy()
    if pd.api.types.is_datetime64_any_dtype(column):
        midnight = bool((column.dropna() == column.dropna().dt.normalize()).all())
        text = column.dt.strftime("%Y-%m-%d" if midnight else "%Y-%m-%dT%H:%M:%S")
    elif pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        text = column.astype(str)  # Python's shortest repr: every float reads back as itself
    else:
        text = column.map(_cell_text, na_action="ignore")
    return pd.Series(np.where(missing, "", text.astype(object)), index=column.index, dtype=object).astype(str)


def _cell_text(value: object) -> str:
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.isoformat()
    return repr(value) if isinstance(value, float) else str(value)


def _all_blank(column: pd.Series) -> bool:
    """Return whether every cell of a column (strings, as read) is empty."""
    return bool((column.astype(str).str.strip() == "").all())


_CURVE_INDEX = pd.Index(CURVE_COLUMNS, dtype=object)  # built once: a plain table's columns
_PLAIN_HEADER = re.compile(r"\s*spend\s*,\s*conversions\s*", re.IGNORECASE)
_ONE_COMMA_A_LINE = re.compile(r"[^,\n]*,[^,\n]*(?:\n[^,\n]*,[^,\n]*)*")  # every line two cells


def _plain_curve(text: str) -> pd.DataFrame | None:
    """Return a curve table written plainly (the header, then two plain numbers a row, in order), else None.

    Tables exported by MMM tools are this; parsing them in one pass keeps thousands of channels quick. Anything
    else (quotes, thousands separators, blank cells, a wrong order) returns None and goes the checked way, which
    says what is wrong on which line.
    """
    lines = text.splitlines()
    if not lines or not _PLAIN_HEADER.fullmatch(lines[0]) or "_" in text or '"' in text:
        return None
    body = "\n".join(lines[1:])
    if not _ONE_COMMA_A_LINE.fullmatch(body):
        return None
    rows = len(lines) - 1
    try:
        values = np.array(body.replace("\n", ",").split(","), dtype=np.float64).reshape(rows, 2)
    except ValueError:  # a blank line or cell, a word, a row of one or three cells
        return None
    spend, conversions = values[:, 0], values[:, 1]
    sane = bool(rows and np.all(np.isfinite(values) & (values >= 0) & (values <= MAX_MAGNITUDE)))
    if not sane or (spend[0] == 0 and conversions[0] != 0):
        return None
    if not (np.all(np.diff(spend) > 0) and np.all(np.diff(conversions) >= 0)):
        return None
    return pd.DataFrame(values, columns=_CURVE_INDEX)


def read_curve_table(path: Path) -> pd.DataFrame:
    """Return an imported response curve (columns spend, conversions), or raise ScenarioError saying what and where."""
    label = str(path)
    data = read_bytes(path, Text("noun.curve_table"), MAX_CURVE_BYTES, ScenarioError)
    text = decode_text(data, label, ScenarioError)
    if (plain := _plain_curve(text)) is not None:
        return plain
    frame = read_csv_text(text, label, ScenarioError)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in CURVE_COLUMNS if c not in frame.columns]
    if missing:
        message = Text("data.curve.missing_columns", missing=Join(missing), columns=Join(CURVE_COLUMNS))
        raise ScenarioError([Problem(message, file=label, line=1)])
    extra = [excerpt(c) for c in frame.columns if c not in CURVE_COLUMNS]
    if extra:
        message = Text("data.curve.extra_columns", extra=Join(extra[:10]), columns=Join(CURVE_COLUMNS))
        raise ScenarioError([Problem(message, file=label, line=1)])
    problems: list[Problem] = []
    for column in CURVE_COLUMNS:
        frame[column] = _numbers(frame, column, label, problems)
    if problems:
        raise ScenarioError(cap_problems(sorted(problems, key=lambda p: p.line or 0)))
    if frame.empty:
        raise ScenarioError([Problem(Text("data.curve.no_rows"), file=label, line=2)])
    for position in np.flatnonzero(((frame["spend"] == 0) & (frame["conversions"] != 0)).to_numpy())[:1]:
        message = Text("data.curve.zero_spend")
        raise ScenarioError([Problem(message, field="conversions", file=label, line=int(position) + 2)])
    # The first row out of order, checked in one pass: spend must rise and conversions must not fall.
    spend, conversions = frame["spend"].to_numpy(), frame["conversions"].to_numpy()
    unordered = np.diff(spend) <= 0
    falling = np.diff(conversions) < 0
    wrong = np.flatnonzero(unordered | falling)
    if wrong.size:
        position = int(wrong[0])
        spend_first = bool(unordered[position])
        message = Text("data.curve.spend_order") if spend_first else Text("data.curve.falls")
        field = "spend" if spend_first else "conversions"
        raise ScenarioError([Problem(message, field=field, file=label, line=position + 3)])
    return frame
