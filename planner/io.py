"""File formats: scenario YAML (comment-preserving, with line numbers) and history CSV in and out."""

from __future__ import annotations

import difflib
import errno
import io
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pandas as pd
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from planner.errors import HistoryError, PlannerError, Problem, ScenarioError
from planner.scenario import Scenario, find_problems

if TYPE_CHECKING:
    from planner.plan import Plan

HISTORY_REQUIRED = ("date", "channel", "spend", "conversions", "revenue")
HISTORY_OPTIONAL = ("clicks", "impressions")
SCENARIO_SUFFIXES = (".yaml", ".yml")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def read_scenario_text(path: Path) -> str:
    """Return a scenario file's text exactly as on disk ('' when it no longer exists)."""
    return path.read_text(encoding="utf-8") if path.exists() else ""


def write_history_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a history table as UTF-8 CSV with fixed decimals, so the same data gives the same bytes."""
    write_text_atomically(path, frame.to_csv(index=False, lineterminator="\n", float_format="%.2f"))


def parse_yaml(text: str) -> Any:
    """Return the round-trip YAML document in text (comments and key order kept)."""
    return _yaml().load(text)


def read_yaml(path: Path) -> Any:
    """Return the round-trip YAML document at path (comments and key order kept)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem("file not found", file=str(path))]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem("is a folder; name a scenario file (.yaml)", file=str(path))]) from None
    except UnicodeDecodeError as error:
        raise ScenarioError(
            [Problem(f"not UTF-8 text ({error.reason} at byte {error.start})", file=str(path))]
        ) from None
    except OSError as error:
        raise ScenarioError([Problem(f"cannot be read ({error.strerror})", file=str(path))]) from None
    try:
        return _yaml().load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        message = f"not valid YAML: {error.problem or error.context}"
        raise ScenarioError([Problem(message, file=str(path), line=line)]) from None
    except ValueError as error:  # ruamel builds dates while parsing: 2026-13-06 fails here, without a mark
        raise ScenarioError([_bad_date(text, str(error), path)]) from None


def _bad_date(text: str, reason: str, path: Path) -> Problem:
    """Return the problem of the first date-like value in text that is not a real date."""
    import re
    from datetime import date

    for number, line in enumerate(text.splitlines(), start=1):
        for match in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", line):
            try:
                date(*(int(part) for part in match.groups()))
            except ValueError:
                key = line.split(":", 1)[0].strip(" -") if ":" in line else ""
                return Problem(f"{match.group(0)} is not a date ({reason})", field=key, file=str(path), line=number)
    return Problem(f"not valid YAML: {reason}", file=str(path))


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Return the validated scenario in a YAML file, or raise ScenarioError listing every problem."""
    path = Path(path)
    document = read_yaml(path)
    if not isinstance(document, dict):
        raise ScenarioError(
            [Problem("a scenario file must be a mapping of keys (name, channels, …)", file=str(path), line=1)]
        )
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


def dump_scenario(scenario: Scenario) -> str:
    """Return a scenario as YAML text (used for new scenarios; edits of files go through round-trip)."""
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def _problem_from_pydantic(entry: Any, document: Any, path: Path) -> Problem:
    location = tuple(entry["loc"])
    message = str(entry["msg"])
    if entry["type"] == "extra_forbidden":
        key = str(location[-1])
        message = f"unknown key {key!r}"
        close = difflib.get_close_matches(key, sorted(known_keys()), n=1, cutoff=0.6)
        if close:
            message += f"; did you mean {close[0]!r}?"
    elif entry["type"] == "missing":
        message = f"missing required key {location[-1]!r}"
    elif message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    elif entry["type"] == "string_pattern_mismatch":
        message = f"{entry['input']!r} is not a valid name: use letters, digits and _ (not starting with a digit)"
    elif entry["type"] == "less_than_equal" and entry.get("ctx", {}).get("le") == 1:
        message = "must be at most 1 (write shares as 0.15 or 15%)"
    field, line = _walk(document, location)
    return Problem(message, field=field, file=str(path), line=line)


def locate_problems(error: PlannerError, path: Path) -> PlannerError:
    """Return the error with each unlocated problem pinned to its line in the scenario file at path."""
    if all(problem.file for problem in error.problems):
        return error
    try:
        document = read_yaml(path)
    except ScenarioError:
        return error
    located = [
        p if p.file else _locate(p, document, path) if p.field else Problem(p.message, file=str(path))
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
    return Problem(problem.message, field=problem.field, file=str(path), line=line)


def _walk(document: Any, location: tuple[Any, ...]) -> tuple[str, int | None]:
    """Follow a pydantic location through the YAML document; return a readable path and the line."""
    node = document
    line = 1
    names: list[str] = []
    for key in location:
        if isinstance(node, CommentedMap) and key in node:
            line = node.lc.key(key)[0] + 1
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


def known_keys() -> set[str]:
    """Return every key any scenario model accepts, for 'did you mean' hints."""
    from planner import scenario as models

    keys: set[str] = set()
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            keys.update(value.model_fields)
    return keys


def scenario_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Return the scenario files named, folders searched recursively, in sorted order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SCENARIO_SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found


MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def read_history_upload(data: bytes, name: str) -> pd.DataFrame:
    """Return an uploaded history CSV (bytes) as read_history would, refusing files over the size limit."""
    if len(data) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise HistoryError([Problem(f"the file is larger than {limit} MB; split it by date", file=name)])
    return read_history(io.BytesIO(data), name)


def read_history(path: Path | IO[bytes], name: str | None = None) -> pd.DataFrame:
    """Return a history CSV as a typed DataFrame with a `line` column, or raise HistoryError."""
    path_label = name or str(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise HistoryError([Problem("history file not found", file=path_label)]) from None
    except UnicodeDecodeError as error:
        raise HistoryError([Problem(f"not UTF-8 text ({error.reason})", file=path_label)]) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise HistoryError([Problem(f"not a readable CSV: {error}", file=path_label)]) from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in HISTORY_REQUIRED if c not in frame.columns]
    if missing:
        raise HistoryError(
            [
                Problem(
                    f"missing column(s) {', '.join(missing)}; the header must have {', '.join(HISTORY_REQUIRED)}",
                    file=path_label,
                    line=1,
                )
            ]
        )
    frame = frame[[c for c in (*HISTORY_REQUIRED, *HISTORY_OPTIONAL) if c in frame.columns]].copy()
    frame.insert(0, "line", range(2, len(frame) + 2))
    problems: list[Problem] = []
    frame["channel"] = frame["channel"].str.strip()
    # Checks are vectorised; only the rows that fail are visited one by one.
    for line in frame.loc[frame["channel"] == "", "line"]:
        problems.append(Problem("empty channel name", field="channel", file=path_label, line=int(line)))
    dates = pd.to_datetime(frame["date"].str.strip(), errors="coerce", format="ISO8601")
    for line, value in frame.loc[dates.isna(), ["line", "date"]].itertuples(index=False):
        problems.append(Problem(f"{value!r} is not a date (use YYYY-MM-DD)", field="date", file=path_label, line=line))
    frame["date"] = dates
    for column in (*HISTORY_REQUIRED[2:], *[c for c in HISTORY_OPTIONAL if c in frame.columns]):
        numbers = pd.to_numeric(frame[column].str.replace(",", "", regex=False).str.strip(), errors="coerce")
        bad = numbers.isna() | (numbers < 0)
        for line, value, number in zip(frame.loc[bad, "line"], frame.loc[bad, column], numbers[bad], strict=True):
            message = f"{value!r} is not a number" if pd.isna(number) else f"{value} is negative"
            problems.append(Problem(message, field=column, file=path_label, line=int(line)))
        frame[column] = numbers.astype(float)
    if problems:
        raise HistoryError(problems)
    duplicated = frame[frame.duplicated(["date", "channel"], keep=False)]
    if not duplicated.empty:
        for (day, channel), rows in duplicated.groupby(["date", "channel"], sort=True):
            lines = ", ".join(str(n) for n in rows["line"])
            problems.append(
                Problem(
                    f"{channel} on {day:%Y-%m-%d} appears more than once (lines {lines}); merge them into one row",
                    file=path_label,
                    line=int(rows["line"].iloc[0]),
                )
            )
        raise HistoryError(problems)
    return frame


def read_curve_table(path: Path) -> pd.DataFrame:
    """Return an imported response curve (columns spend, conversions), or raise ValueError saying what is wrong."""
    try:
        frame = pd.read_csv(path, encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValueError("curve file not found") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise ValueError(f"not a readable UTF-8 CSV: {error}") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in ("spend", "conversions") if c not in frame.columns]
    if missing:
        raise ValueError(f"missing column(s) {', '.join(missing)}; a curve table has columns spend, conversions")
    extra = [c for c in frame.columns if c not in ("spend", "conversions")]
    if extra:
        raise ValueError(f"unexpected column(s) {', '.join(extra)}; a curve table has columns spend, conversions")
    for column in ("spend", "conversions"):
        numbers = pd.to_numeric(frame[column], errors="coerce")
        bad = numbers.isna() | (numbers < 0)
        if bad.any():
            line = int(bad.to_numpy().argmax()) + 2
            raise ValueError(f"line {line}: {column} {frame[column].iloc[line - 2]!r} is not a non-negative number")
        frame[column] = numbers.astype(float)
    for position in range(1, len(frame)):
        line = position + 2
        if frame["spend"].iloc[position] <= frame["spend"].iloc[position - 1]:
            raise ValueError(f"line {line}: spend must be greater than on the line before (rows in spend order)")
        if frame["conversions"].iloc[position] < frame["conversions"].iloc[position - 1]:
            raise ValueError(f"line {line}: conversions fall below the line before; a response never falls")
    return frame


def write_text_atomically(path: Path, text: str) -> None:
    """Write text to path so that a crash leaves either the old file or the new one, never half of one."""
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(path.parent))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates the file private; give it the mode an ordinary write would (or keep the old one's).
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def plan_to_csv(plan: Plan) -> str:
    """Return a plan's allocation as CSV text: UTF-8, fixed decimals, one row per channel."""
    return plan.allocation.to_csv(index=False, lineterminator="\n", float_format="%.6f")


def frontier_to_csv(table: pd.DataFrame) -> str:
    """Return a frontier table as CSV text with fixed decimals."""
    return table.to_csv(index=False, lineterminator="\n", float_format="%.6f")


def write_chart_html(chart: Any, path: Path) -> None:
    """Write an Altair chart as a standalone HTML page, atomically."""
    write_text_atomically(path, chart.to_html())


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def plan_to_excel(plan: Plan) -> bytes:
    """Return a plan as an Excel workbook: allocation, rules, totals and the explanation, one sheet each."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        plan.allocation.to_excel(writer, sheet_name="Allocation", index=False)
        plan.rules.to_excel(writer, sheet_name="Rules", index=False)
        pd.Series(plan.totals, name="value").rename_axis("total").to_frame().to_excel(writer, sheet_name="Totals")
        pd.DataFrame({"English": [f.en for f in plan.explanation], "中文": [f.zh for f in plan.explanation]}).to_excel(
            writer, sheet_name="Why", index=False
        )
    return buffer.getvalue()


def to_json(data: Any) -> str:
    """Return data as stable, human-diffable JSON (UTF-8, not ASCII-escaped)."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def schema_json() -> str:
    """Return the JSON Schema of scenario files."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Promo Planner scenario"
    return to_json(schema)
