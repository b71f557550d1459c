"""File formats: scenario YAML (comment-preserving, with line numbers) and history CSV in and out."""

from __future__ import annotations

import csv
import errno
import io
import json
import math
import os
import re
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import numpy
import pandas as pd
from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from planner.data.csv_tables import history_from_frame, read_csv_text
from planner.data.discovery import SCENARIO_SUFFIXES as SCENARIO_SUFFIXES  # kept importable from here
from planner.data.discovery import scenario_files as scenario_files
from planner.data.fast_yaml import load_clean_mapping
from planner.data.reading import (
    MAX_HISTORY_BYTES,
    MAX_SCENARIO_BYTES,
    MAX_YAML_DEPTH,
    check_file,
    decode_text,
    read_bytes,
    read_stream,
    yaml_text_problems,
    yaml_value_problems,
)
from planner.model.errors import HistoryError, PlannerError, Problem, ScenarioError, cap_problems
from planner.model.formatting import display_width
from planner.model.i18n import Text
from planner.model.scenario import Scenario, find_problems
from planner.model.validation import KEY_SYNONYMS as KEY_SYNONYMS  # where a key is suggested, kept importable
from planner.model.validation import excerpt, text_of_error
from planner.model.validation import known_keys as known_keys
from planner.model.validation import models_at as models_at
from planner.model.validation import suggest_key as suggest_key


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def read_scenario_text(path: Path) -> str:
    """Return a scenario file's text exactly as on disk ('' when it no longer exists)."""
    if not path.exists():
        return ""
    check_file(path, Text("noun.scenario_file"), MAX_SCENARIO_BYTES, ScenarioError)
    return path.read_text(encoding="utf-8")


def history_csv_text(frame: pd.DataFrame) -> str:
    """Return a history table as CSV text with fixed decimals, so the same data gives the same bytes."""
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.2f")


def write_history_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a history table as UTF-8 CSV with fixed decimals, so the same data gives the same bytes."""
    write_text_atomically(path, history_csv_text(frame))


def parse_yaml(text: str) -> Any:
    """Return the round-trip YAML document in text (comments and key order kept)."""
    return _yaml().load(text)


def read_yaml(path: Path) -> Any:
    """Return the round-trip YAML document at path (comments and key order kept), or raise ScenarioError."""
    return _parse_round_trip(_read_yaml_text(path), path)


def _read_yaml_text(path: Path) -> str:
    """Return a YAML file's text, or raise ScenarioError (a table, too big, not UTF-8, control characters, too deep)."""
    label = str(path)
    if path.suffix.lower() in (".csv", ".xlsx", ".xls"):
        what = Text("noun.history_table" if path.suffix.lower() == ".csv" else "noun.spreadsheet")
        raise ScenarioError([Problem(Text("data.is_table", what=what), file=label)])
    data = read_bytes(path, Text("noun.scenario_file"), MAX_SCENARIO_BYTES, ScenarioError)
    text = decode_text(data, label, ScenarioError)
    if problems := yaml_text_problems(text, label):
        raise ScenarioError(problems)
    return text


def _parse_round_trip(text: str, path: Path) -> Any:
    """Return the round-trip YAML document in a file's text, or raise ScenarioError with the problems located."""
    label = str(path)
    try:
        document = _yaml().load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        message = Text("data.yaml.invalid", detail=yaml_problem(str(error.problem or error.context)))
        raise ScenarioError([Problem(message, file=label, line=line)]) from None
    except RecursionError:
        message = Text("data.yaml.too_deep_to_read", limit=MAX_YAML_DEPTH)
        raise ScenarioError([Problem(message, file=label)]) from None
    except ValueError as error:  # ruamel builds dates while parsing: 2026-13-06 fails here, without a mark
        raise ScenarioError([_bad_date(text, str(error), path)]) from None
    except (YAMLError, TypeError, OverflowError, AttributeError, KeyError) as error:  # odd parser corners
        message = Text("data.yaml.invalid", detail=yaml_problem(excerpt(error, 120)))
        raise ScenarioError([Problem(message, file=label)]) from None
    problems = sorted(yaml_value_problems(document, label), key=lambda p: p.line or 0)
    if problems:
        raise ScenarioError(cap_problems(problems))
    return document


def _bad_date(text: str, reason: str, path: Path) -> Problem:
    """Return the problem of the first date-like value in text that is not a real date."""
    from datetime import date

    for number, line in enumerate(text.splitlines(), start=1):
        for match in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", line):
            try:
                date(*(int(part) for part in match.groups()))
            except ValueError:
                key = line.split(":", 1)[0].strip(" -") if ":" in line else ""
                message = Text("data.bad_date", value=match.group(0), reason=_date_reason(reason))
                return Problem(message, field=key, file=str(path), line=number)
    return Problem(Text("data.yaml.invalid", detail=reason), file=str(path))


def _date_reason(reason: str) -> Text | str:
    """Return why Python refused a date, in words of the catalogue where it is a usual reason."""
    for fragment, key in (
        ("month", "data.date.month"),
        ("day is out of range", "data.date.day"),
        ("year", "data.date.year"),
    ):
        if fragment in reason:
            return Text(key)
    return reason


# The YAML parser's usual complaints, by a fragment of its words, in words a user can act on.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "data.yaml.colon"),
    ("'\\t' that cannot start any token", "data.yaml.tab"),
    ("found unexpected end of stream", "data.yaml.end_of_file"),
    ("expected <block end>", "data.yaml.indentation"),
    ("expected ',' or ']'", "data.yaml.unclosed_list"),
    ("expected ',' or '}'", "data.yaml.unclosed_mapping"),
    ("could not find expected ':'", "data.yaml.missing_colon"),
    ("found undefined alias", "data.yaml.undefined_alias"),
    ("found unknown escape character", "data.yaml.bad_escape"),
)


def yaml_problem(reason: str) -> Text | str:
    """Return the YAML parser's complaint as a catalogue message, or as it said it when it is an unusual one."""
    if match := re.search(r'found duplicate key "((?:[^"\\]|\\.)*)"', reason):
        return Text("data.yaml.duplicate_key", key=excerpt(match.group(1)))
    match = re.search(r"found character (\S+) that cannot start any token", reason)
    if match and match.group(1) != "'\\t'":
        return Text("data.yaml.bad_character", character=match.group(1))
    for fragment, key in _YAML_PROBLEMS:
        if fragment in reason:
            return Text(key)
    return reason


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Return the validated scenario in a YAML file, or raise ScenarioError listing every problem."""
    path = Path(path)
    text = _read_yaml_text(path)
    if (scenario := _load_clean_scenario(text)) is not None:
        return scenario.from_file(path)
    document = _parse_round_trip(text, path)
    if not isinstance(document, dict):
        raise ScenarioError([Problem(Text("data.not_mapping", keys="name, channels"), file=str(path), line=1)])
    try:
        scenario = Scenario.model_validate(document)
    except ValidationError as error:
        entries = error.errors()
        # A list whose items failed also reports itself as too short; the item errors say it all.
        failed = {tuple(e["loc"][: len(e["loc"]) - 1]) for e in entries if e["type"] != "too_short"}
        entries = [
            e
            for e in entries
            if not (e["type"] == "too_short" and any(f[: len(e["loc"])] == tuple(e["loc"]) for f in failed))
        ]
        problems = [_problem_from_pydantic(entry, document, path) for entry in entries]
        raise ScenarioError(problems) from None
    problems = [_locate(problem, document, path) for problem in find_problems(scenario)]
    if problems:
        raise ScenarioError(problems)
    return scenario.from_file(path)


def _load_clean_scenario(text: str) -> Scenario | None:
    """Return the scenario in text read the fast way, or None unless it is clean (the slow way then says why).

    The round-trip reading costs 15 s at 10,000 channels; a clean file read by libyaml gives the same scenario.
    Every mistake, of YAML or of the scenario, is reported by the round-trip reading, which knows its line.
    """
    document = load_clean_mapping(text)
    if document is None:
        return None
    try:
        scenario = Scenario.model_validate(document)
    except ValidationError:
        return None
    return None if find_problems(scenario) else scenario


def dump_scenario(scenario: Scenario) -> str:
    """Return a scenario as YAML text (used for new scenarios; edits of files go through round-trip)."""
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def _problem_from_pydantic(entry: Any, document: Any, path: Path) -> Problem:
    """Return one pydantic error as a catalogue message at its field and line in the file."""
    field, line = _walk(document, tuple(entry["loc"]))
    return Problem(text_of_error(entry), field=field, file=str(path), line=line)


def locate_problems(error: PlannerError, path: Path) -> PlannerError:
    """Return the error with each unlocated problem pinned to its line in the scenario file at path."""
    if all(problem.file for problem in error.problems):
        return error
    try:
        document = read_yaml(path)
    except ScenarioError:
        return error
    located = [
        p if p.file else _locate(p, document, path) if p.field else Problem(p.text, file=str(path))
        for p in error.problems
    ]
    return error.with_problems(located)


def _locate(problem: Problem, document: Any, path: Path) -> Problem:
    """Add file and line to a cross-reference problem whose field is `a -> 0 (name) -> b`."""
    parts: list[str | int] = []
    for part in problem.field.split(" -> "):
        token = part.split(" (")[0]
        parts.append(int(token) if token.isdigit() else token)
    _, line = _walk(document, tuple(parts))
    return Problem(problem.text, field=problem.field, file=str(path), line=line)


def _walk(document: Any, location: tuple[Any, ...]) -> tuple[str, int | None]:
    """Follow a pydantic location through the YAML document; return a readable path and the line."""
    node = document
    line = 1
    names: list[str] = []
    for key in location:
        if isinstance(node, CommentedMap) and key in node:
            line = node.lc.key(key)[0] + 1 if key in (node.lc.data or {}) else line  # merged keys have none
            names.append(str(key))
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line = node.lc.item(key)[0] + 1
            item = node[key]
            label = item.get("id") or item.get("name") if isinstance(item, dict) else None
            names.append(f"{key} ({label})" if label else str(key))
            node = item
        elif isinstance(node, CommentedMap) and key == location[-1]:
            names.append(str(key))  # a missing or unknown key: report it on its parent's line
        # otherwise a discriminator tag or union branch name that is not in the file
    return " -> ".join(names), line


MAX_UPLOAD_BYTES = MAX_HISTORY_BYTES


def read_history_upload(data: bytes, name: str) -> pd.DataFrame:
    """Return an uploaded history CSV (bytes) as read_history would, refusing files over the size limit."""
    if len(data) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise HistoryError([Problem(Text("data.upload_too_big", limit=limit), file=name)])
    return read_history(io.BytesIO(data), name)


def read_history(path: Path | IO[bytes], name: str | None = None) -> pd.DataFrame:
    """Return a history CSV as a typed DataFrame with a `line` column, or raise HistoryError."""
    if isinstance(path, Path | str):
        label = name or str(path)
        data = read_bytes(Path(path), Text("noun.history_file"), MAX_HISTORY_BYTES, HistoryError)
    else:
        label = name or "history"
        data = read_stream(path, label, Text("noun.history_file"), MAX_HISTORY_BYTES, HistoryError)
    frame = read_csv_text(decode_text(data, label, HistoryError), label, HistoryError)
    return history_from_frame(frame, label)


def write_text_atomically(path: Path, text: str) -> None:
    """Write text to path so that a crash leaves either the old file or the new one, never half of one."""
    write_bytes_atomically(path, text.encode("utf-8"))  # line ends as given: no translation


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write bytes to path so that a crash leaves either the old file or the new one, never half of one."""
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(path.parent))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates the file private; give it the mode an ordinary write would (or keep the old one's).
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def table_to_csv(table: pd.DataFrame) -> str:
    """Return a table as CSV text: UTF-8, fixed decimals (6), so the same data gives the same bytes."""
    return table.to_csv(index=False, lineterminator="\n", float_format="%.6f")


BOM = "\ufeff"


# Excel (and LibreOffice) take a cell starting with one of these as a formula when they open a CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class NumberText(str):
    """A number already written out for an Excel CSV (rounded, bare): a number, so never escaped as text."""

    __slots__ = ()


def excel_safe_text(text: str) -> str:
    """Return text Excel shows rather than runs: a leading ' before = + - @ tab or CR (OWASP's CSV injection advice)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rows_to_excel_csv(rows: Sequence[Sequence[str]]) -> str:
    """Return rows as CSV text for Excel: a byte-order mark (so Excel reads UTF-8, 直通车 intact) and CRLF line ends.

    Every text cell that Excel would run as a formula gets a leading ' (`excel_safe_text`); numbers, given as
    `NumberText` (a negative one starts with -), are written as they are. Write the text with
    `write_text_atomically` (which keeps the line ends) or encode it as UTF-8 for a download.
    """
    buffer = io.StringIO()
    safe = [[c if isinstance(c, NumberText) else excel_safe_text(c) for c in row] for row in rows]
    csv.writer(buffer, lineterminator="\r\n").writerows(safe)
    return BOM + buffer.getvalue()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@dataclass(frozen=True)
class Sheet:
    """One worksheet of a workbook: lines above a table, the table, and a totals row below it.

    `formats` maps a column to its Excel number format: one string for the whole column, or one per row
    (a rules table mixes money, shares and ratios in one column). Missing values (NaN, None) are left empty.
    """

    name: str
    table: pd.DataFrame
    formats: Mapping[str, str | Sequence[str]] = field(default_factory=dict)
    heading: tuple[str, ...] = ()
    totals: Mapping[str, Any] | None = None  # column → value of the totals row (the first column: its label)
    totals_formats: Mapping[str, str] = field(default_factory=dict)  # a format per column for the totals row


MAX_COLUMN_WIDTH = 80


def workbook(sheets: Sequence[Sheet], made: datetime | None = None) -> bytes:
    """Return an Excel workbook: bold frozen headers, number formats per column, widths fitted (CJK counts double).

    The same sheets and `made` time give the same bytes (the file's own dates are `made`, its zip entries' fixed).
    """
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for sheet in sheets:
        page = book.create_sheet(sheet.name[:31])
        widths: dict[int, int] = {}
        for row, line in enumerate(sheet.heading, start=1):
            cell = page.cell(row, 1)
            _write(cell, line, "General")  # as every text: a scenario named "=…" is not a formula
            cell.font = bold if row == 1 else Font()
        top = len(sheet.heading) + (2 if sheet.heading else 1)
        columns = [str(c) for c in sheet.table.columns]
        for col, name in enumerate(columns, start=1):
            cell = page.cell(top, col)
            widths[col] = _write(cell, name, "General")
            cell.font = bold
        records = sheet.table.to_numpy(dtype=object).tolist()
        for offset, record in enumerate(records, start=1):
            for col, (name, value) in enumerate(zip(columns, record, strict=True), start=1):
                fmt = sheet.formats.get(name, "General")
                fmt = fmt if isinstance(fmt, str) else fmt[offset - 1]
                widths[col] = max(widths[col], _write(page.cell(top + offset, col), value, fmt))
        if sheet.totals is not None:
            row = top + len(records) + 1
            for col, name in enumerate(columns, start=1):
                if name not in sheet.totals:
                    continue
                cell = page.cell(row, col)
                fmt = sheet.totals_formats.get(name) or sheet.formats.get(name, "General")
                widths[col] = max(
                    widths[col], _write(cell, sheet.totals[name], fmt if isinstance(fmt, str) else "General")
                )
                cell.font = bold
        page.freeze_panes = page.cell(top + 1, 1)
        for col, width in widths.items():
            page.column_dimensions[get_column_letter(col)].width = min(width + 2, MAX_COLUMN_WIDTH)
    made = made or datetime(2000, 1, 1)
    book.properties.created = book.properties.modified = made
    buffer = io.BytesIO()
    # openpyxl's own save stamps the time of saving into the file; its writer keeps the dates set above.
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """Return a zip archive rewritten with every entry dated 1980-01-01, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(zipfile.ZipInfo(entry.filename, (1980, 1, 1, 0, 0, 0)), source.read(entry.filename))
    return buffer.getvalue()


def _write(cell: Any, value: Any, number_format: str) -> int:
    """Write one value (numbers as numbers, missing as empty) and return the width it shows in."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 0
    if isinstance(value, bool | numpy.bool_):
        cell.value = bool(value)
        return 5
    if isinstance(value, int | float | numpy.integer | numpy.floating):
        number = float(value)
        cell.value = int(number) if isinstance(value, int | numpy.integer) else number
        cell.number_format = number_format
        return _number_width(number, number_format)
    text = str(value)
    cell.value = text
    cell.data_type = "s"  # text as written: openpyxl would store "=…" as a formula and "#N/A" as an error
    return _text_width(text)


def _number_width(number: float, number_format: str) -> int:
    """Return about how many characters a number takes in its format (digits, separators, symbol, decimals)."""
    if not math.isfinite(number):
        return 4
    shown = abs(number) * (100 if "%" in number_format else 1)
    decimals = len(number_format.split(".")[1].split(";")[0].rstrip('%"¥$€£ ')) if "." in number_format else 0
    digits = f"{shown:,.{min(decimals, 6)}f}"
    symbol = 2 if '"' in number_format else 0
    return len(digits) + symbol + (1 if number < 0 else 0) + (1 if "%" in number_format else 0)


def _text_width(text: str) -> int:
    """Return the width of text in a spreadsheet column: CJK characters count double (longest line)."""
    return max((display_width(line) for line in text.splitlines() or [""]), default=0)


def to_json(data: Any) -> str:
    """Return data as stable, human-diffable JSON (UTF-8, not ASCII-escaped)."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def schema_json() -> str:
    """Return the JSON Schema of scenario files."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Promo Planner scenario"
    return to_json(schema)
