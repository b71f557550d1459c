"""CSV tables in: the store's history and imported response curves, checked row by row with located problems."""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from planner.data.reading import (
    EXCERPT_CHARS,
    MAX_CURVE_BYTES,
    MAX_MAGNITUDE,
    control_character_message,
    decode_text,
    excerpt,
    first_control_character,
    read_bytes,
)
from planner.model.errors import HistoryError, PlannerError, Problem, ScenarioError, cap_problems

HISTORY_REQUIRED = ("date", "channel", "spend", "conversions", "revenue")
HISTORY_OPTIONAL = ("clicks", "impressions")
CURVE_COLUMNS = ("spend", "conversions")
# Dates outside these years are typos (9999-12-31 as "no end", 0001-01-01 as "unknown").
FIRST_YEAR, LAST_YEAR = 1990, 2100

_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_EOF_IN_QUOTES = re.compile(r"EOF inside string starting at row (\d+)")


def read_csv_text(text: str, label: str, error: type[PlannerError]) -> pd.DataFrame:
    """Return CSV text as a table of strings, or raise `error` saying in plain words what is wrong where."""
    if not text.strip():
        raise error([Problem("the file is empty; the first line must be the header (column names)", file=label)])
    try:
        with warnings.catch_warnings():
            # index_col=False: a row with one field more than the header must not turn column 1 into an index;
            # pandas warns instead of failing then, and the warning is turned into the located problem below.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, index_col=False)
    except pd.errors.ParserWarning:
        raise error([_field_count_problem(text, label)]) from None
    except pd.errors.EmptyDataError:
        raise error([Problem("no header line; the first line must name the columns", file=label)]) from None
    except pd.errors.ParserError as problem:
        reason = str(problem)
        if match := _FIELDS.search(reason):
            expected, line, saw = match.groups()
            message = (
                f"line {line} has {saw} fields, the header has {expected}; "
                "put quotes around a value that contains a comma, or remove the extra commas"
            )
            raise error([Problem(message, file=label, line=int(line))]) from None
        if match := _EOF_IN_QUOTES.search(reason):
            message = 'a quote (") is opened and never closed; close it or remove it'
            raise error([Problem(message, file=label, line=int(match.group(1)) + 1)]) from None
        raise error([Problem(f"not a readable CSV ({excerpt(reason, 120)})", file=label)]) from None
    except (ValueError, OverflowError, MemoryError) as problem:
        raise error([Problem(f"not a readable CSV ({excerpt(problem, 120)})", file=label)]) from None


def _field_count_problem(text: str, label: str) -> Problem:
    """Return the problem of the first line whose number of fields differs from the header's."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    for row in rows:
        if row and len(row) != len(header):
            line = rows.line_num
            message = (
                f"line {line} has {len(row)} fields, the header has {len(header)}; "
                "put quotes around a value that contains a comma, or remove the extra commas"
            )
            return Problem(message, file=label, line=line)
    return Problem("the rows do not have as many fields as the header", file=label)


def _numbers(frame: pd.DataFrame, column: str, label: str, problems: list[Problem], line_offset: int = 2) -> pd.Series:
    """Return a column as floats, adding a located problem for each cell that is not a sane, finite amount."""
    numbers = pd.to_numeric(frame[column].str.replace(",", "", regex=False).str.strip(), errors="coerce")
    bad = numbers.isna() | (numbers < 0) | ~np.isfinite(numbers) | (numbers.abs() > MAX_MAGNITUDE)
    for position in np.flatnonzero(bad.to_numpy())[: 2 * 50]:
        value, number = frame[column].iloc[position], numbers.iloc[position]
        if pd.isna(number):
            message = f"{excerpt(value)} is not a number"
        elif not np.isfinite(number):
            message = f"{excerpt(value)} is infinite; write the real amount"
        elif number < 0:
            message = f"{number:g} is negative; amounts and counts are zero or more"
        else:
            message = f"{excerpt(value)} is too large (at most {MAX_MAGNITUDE:g}); check the number and its unit"
        problems.append(Problem(message, field=column, file=label, line=position + line_offset))
    return numbers.astype(float)


def history_from_frame(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    """Return a history table (strings, as read) typed and checked, with a `line` column, or raise HistoryError."""
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in HISTORY_REQUIRED if c not in frame.columns]
    if missing:
        message = f"missing column(s) {', '.join(missing)}; the header must have {', '.join(HISTORY_REQUIRED)}"
        raise HistoryError([Problem(message, file=label, line=1)])
    frame = frame[[c for c in (*HISTORY_REQUIRED, *HISTORY_OPTIONAL) if c in frame.columns]].copy()
    frame.insert(0, "line", range(2, len(frame) + 2))
    problems: list[Problem] = []
    frame["channel"] = frame["channel"].str.strip()
    # Checks are vectorised; only the rows that fail are visited one by one.
    for line in frame.loc[frame["channel"] == "", "line"].head(100):
        problems.append(Problem("empty channel name", field="channel", file=label, line=int(line)))
    odd = frame["channel"].str.contains(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", regex=True)
    for line, value in frame.loc[odd, ["line", "channel"]].head(100).itertuples(index=False):
        index = first_control_character(value)
        if index is not None:
            problems.append(Problem(control_character_message(value, index), field="channel", file=label, line=line))
    dates = pd.to_datetime(frame["date"].str.strip(), errors="coerce", format="ISO8601")
    for line, value in frame.loc[dates.isna(), ["line", "date"]].head(100).itertuples(index=False):
        message = f"{excerpt(value)} is not a date (use YYYY-MM-DD)"
        problems.append(Problem(message, field="date", file=label, line=line))
    odd_years = dates.notna() & ((dates.dt.year < FIRST_YEAR) | (dates.dt.year > LAST_YEAR))
    for line, value in frame.loc[odd_years, ["line", "date"]].head(100).itertuples(index=False):
        message = f"{excerpt(value)} is outside the years {FIRST_YEAR}–{LAST_YEAR}; check the date"
        problems.append(Problem(message, field="date", file=label, line=line))
    frame["date"] = dates
    for column in (*HISTORY_REQUIRED[2:], *[c for c in HISTORY_OPTIONAL if c in frame.columns]):
        frame[column] = _numbers(frame, column, label, problems)
    if problems:
        raise HistoryError(cap_problems(sorted(problems, key=lambda p: p.line or 0)))
    duplicated = frame[frame.duplicated(["date", "channel"], keep=False)]
    if not duplicated.empty:
        for (day, channel), rows in duplicated.groupby(["date", "channel"], sort=True):
            lines = ", ".join(str(n) for n in rows["line"].head(10))
            more = ", …" if len(rows) > 10 else ""
            problems.append(
                Problem(
                    f"{str(channel)[:EXCERPT_CHARS]} on {day:%Y-%m-%d} appears more than once (lines {lines}{more}); "
                    "merge them into one row",
                    file=label,
                    line=int(rows["line"].iloc[0]),
                )
            )
        raise HistoryError(cap_problems(problems))
    return frame


def read_curve_table(path: Path) -> pd.DataFrame:
    """Return an imported response curve (columns spend, conversions), or raise ScenarioError saying what and where."""
    label = str(path)
    data = read_bytes(path, "a curve table", MAX_CURVE_BYTES, ScenarioError)
    frame = read_csv_text(decode_text(data, label, ScenarioError), label, ScenarioError)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in CURVE_COLUMNS if c not in frame.columns]
    if missing:
        message = f"missing column(s) {', '.join(missing)}; a curve table has columns spend, conversions"
        raise ScenarioError([Problem(message, file=label, line=1)])
    extra = [excerpt(c) for c in frame.columns if c not in CURVE_COLUMNS]
    if extra:
        message = f"unexpected column(s) {', '.join(extra[:10])}; a curve table has columns spend, conversions"
        raise ScenarioError([Problem(message, file=label, line=1)])
    problems: list[Problem] = []
    for column in CURVE_COLUMNS:
        frame[column] = _numbers(frame, column, label, problems)
    if problems:
        raise ScenarioError(cap_problems(sorted(problems, key=lambda p: p.line or 0)))
    if frame.empty:
        raise ScenarioError([Problem("the curve table has no rows under its header", file=label, line=2)])
    for position in np.flatnonzero(((frame["spend"] == 0) & (frame["conversions"] != 0)).to_numpy())[:1]:
        message = "conversions at zero spend must be 0 (a curve gives what spend adds); subtract the baseline"
        raise ScenarioError([Problem(message, field="conversions", file=label, line=int(position) + 2)])
    for position in range(1, len(frame)):
        line = position + 2
        if frame["spend"].iloc[position] <= frame["spend"].iloc[position - 1]:
            message = "spend must be greater than on the line before (rows in spend order)"
            raise ScenarioError([Problem(message, field="spend", file=label, line=line)])
        if frame["conversions"].iloc[position] < frame["conversions"].iloc[position - 1]:
            message = "conversions fall below the line before; a response never falls"
            raise ScenarioError([Problem(message, field="conversions", file=label, line=line)])
    return frame
