"""A batch's files: the table of overrides in, and the results, summary and manifest out (Parquet, CSV, JSON).

The output folder holds `results.parquet` / `results.csv`, `summary.parquet` / `summary.csv` (CSV in UTF-8 with a
byte-order mark, so Excel reads 直通车 intact, and a ' before text Excel would run as a formula) and
`manifest.json`, which maps the hash of each case's inputs to what became of it. Every file is written
atomically; the manifest last, so it never names rows that are not there.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from planner.data.csv_tables import read_csv_text
from planner.data.io import BOM, FORMULA_STARTS, excel_safe_text, write_bytes_atomically, write_text_atomically
from planner.data.reading import MAX_HISTORY_BYTES, decode_text, read_bytes
from planner.model.errors import Problem, ScenarioError
from planner.model.i18n import Text

RESULTS = "results"
SUMMARY = "summary"
MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
EXAMPLE_COLUMNS = "budget, channels.<id>.max_spend, rules.<name>.at_most"
HEADER_LINE = 1  # an override row's line in its file is its number (from 1) plus the header line


@dataclass(frozen=True)
class OverrideRow:
    """One row of a table of overrides: its cells as written (blank cells left out) and its line in the file."""

    cells: tuple[tuple[str, str], ...]
    line: int | None = None


@dataclass(frozen=True)
class BatchTables:
    """A batch's results and summary as last written, and the manifest (input hash → the case's record)."""

    results: pd.DataFrame
    summary: pd.DataFrame
    manifest: dict[str, dict[str, Any]]


def read_override_table(path: Path) -> list[OverrideRow]:
    """Return the rows of an overrides CSV (one row per case), or raise ScenarioError saying what is wrong where."""
    label = str(path)
    data = read_bytes(path, Text("batch.noun.overrides"), MAX_HISTORY_BYTES, ScenarioError)
    frame = read_csv_text(decode_text(data, label, ScenarioError), label, ScenarioError)
    blank_names = [index for index, name in enumerate(frame.columns) if str(name).startswith("Unnamed: ")]
    if blank_names:
        raise ScenarioError(
            [
                Problem(
                    Text("batch.blank_column", number=blank_names[0] + 1, examples=EXAMPLE_COLUMNS), file=label, line=1
                )
            ]
        )
    rows = []
    for number, record in enumerate(frame.to_dict("records"), start=1):
        cells = tuple((str(name), str(value).strip()) for name, value in record.items() if str(value).strip() != "")
        rows.append(OverrideRow(cells, number + HEADER_LINE))
    if not rows:
        raise ScenarioError([Problem(Text("batch.no_override_rows"), file=label, line=1)])
    return rows


def write_batch_tables(folder: Path, tables: BatchTables) -> None:
    """Write the results and summary (Parquet and Excel-readable CSV) and then the manifest, each atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in ((RESULTS, tables.results), (SUMMARY, tables.summary)):
        write_bytes_atomically(folder / f"{name}.parquet", _parquet_bytes(table))
        write_text_atomically(folder / f"{name}.csv", excel_csv_text(table))
    manifest = {"format": MANIFEST_FORMAT, "cases": dict(sorted(tables.manifest.items()))}
    write_text_atomically(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def foreign_outputs(folder: Path) -> list[str]:
    """Return the files a batch would write that the folder already holds without a batch's manifest.

    Those are someone else's (a results.csv of the user's own): a batch must not overwrite them.
    """
    if (folder / MANIFEST).is_file():
        return []
    names = [f"{name}.{ext}" for name in (RESULTS, SUMMARY) for ext in ("csv", "parquet")]
    return [name for name in names if (folder / name).exists()]


def read_batch_tables(folder: Path) -> BatchTables | None:
    """Return what an earlier run wrote in the folder, or None when it holds no complete batch output."""
    manifest_path = folder / MANIFEST
    results_path, summary_path = folder / f"{RESULTS}.parquet", folder / f"{SUMMARY}.parquet"
    if not (manifest_path.is_file() and results_path.is_file() and summary_path.is_file()):
        return None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        results, summary = pd.read_parquet(results_path), pd.read_parquet(summary_path)
    except (OSError, ValueError):  # a damaged or foreign file: everything is solved again
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        return None
    cases = manifest.get("cases")
    return BatchTables(results, summary, cases if isinstance(cases, dict) else {})


def excel_csv_text(table: pd.DataFrame) -> str:
    """Return a table as CSV text Excel opens as UTF-8 (byte-order mark), numbers at full precision.

    Text Excel would run as a formula (a case, store or label starting with = + - @) gets a leading ' as in every
    CSV for Excel; numbers, negative ones too, are written as they are.
    """
    safe = _each_text(table.rename(columns=lambda name: excel_safe_text(str(name))), excel_safe_text)
    return BOM + safe.to_csv(index=False, lineterminator="\r\n")


def read_excel_csv(path: Path) -> pd.DataFrame:
    """Return a table written by `excel_csv_text`, the ' before text that starts like a formula taken off again."""
    return _each_text(pd.read_csv(path, encoding="utf-8-sig").rename(columns=_unquoted), _unquoted)


def _each_text(table: pd.DataFrame, change: Callable[[str], str]) -> pd.DataFrame:
    """Return the table with `change` applied to every text cell (columns of numbers and booleans left alone)."""
    for column in table.columns:
        if not (pd.api.types.is_numeric_dtype(table[column]) or pd.api.types.is_bool_dtype(table[column])):
            table[column] = table[column].map(lambda v: change(v) if isinstance(v, str) else v)
    return table


def _unquoted(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _parquet_bytes(table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    return buffer.getvalue()
